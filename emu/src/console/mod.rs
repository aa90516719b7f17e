//! The host console as the shell meets it: line editing with history on a
//! host terminal ([`lineedit`]) and the interrupt key ([`interrupt`]).

pub mod interrupt;
pub mod lineedit;
