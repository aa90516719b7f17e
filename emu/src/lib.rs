//! The hosted Inferno kernel as a library; the `emu` binary is a thin
//! front end over it.

pub mod appl_build;
pub mod boot;
pub mod compiler;
pub mod kernel;
pub mod loader;
pub mod math;
pub mod sys;
