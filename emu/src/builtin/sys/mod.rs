//! The Sys built-in module.

mod adt;
mod dist;
mod file;
mod file2chan;
pub mod fmt;
pub mod frame;
mod kernel_call;
mod module;
mod namespace;
mod proc;
pub mod procenv;
mod table;
pub mod utf;

pub use module::Sys;
