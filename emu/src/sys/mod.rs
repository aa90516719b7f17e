//! The Sys built-in module.

mod fds;
pub mod fmt;
mod frame;
mod module;
mod table;
pub mod utf;

pub use module::Sys;
