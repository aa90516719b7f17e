//! The hosted Inferno kernel as a library; the `emu` binary is a thin
//! front end over it. `ARCHITECTURE.md` at the repository's root maps the rooms.

pub mod boot;
pub mod builtin;
pub mod console;
pub mod kernel;
pub mod proc;
