//! The hosted Inferno kernel as a library; the `emu` binary is a thin
//! front end over it.

pub mod appl_build;
pub mod boot;
pub mod command;
pub mod compiler;
pub mod interrupt;
pub mod jobs;
pub mod kernel;
pub mod kproc;
pub mod lineedit;
pub mod loader;
pub mod math;
pub mod progtable;
pub mod progview;
pub mod shellproc;
pub mod sys;
