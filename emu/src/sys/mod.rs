//! The Sys built-in module.

mod adt;
mod file;
pub mod fmt;
mod frame;
mod module;
mod namespace;
mod net;
mod proc;
pub mod procenv;
mod table;
pub mod utf;

pub use module::Sys;
