//! The host console as the shell meets it: line editing with history on a
//! host terminal ([`lineedit`]), its Tab completion ([`complete`]) and the
//! interrupt key ([`interrupt`]).

pub mod complete;
pub mod interrupt;
pub mod lineedit;
