//! The hosted kernel's file system core: channels, name spaces with union
//! directories, fd tables, environment groups and the devices, as plain
//! thread-safe Rust independent of the interpreter. The Sys module calls
//! the operations of [`proc::ProcEnv`] (see `sysfile`).

pub mod boot;
pub mod chan;
pub mod clock;
pub mod conn;
pub mod device;
pub mod devices;
pub mod dir;
pub mod env;
pub mod error;
pub mod export;
pub mod fdtable;
pub mod flags;
pub mod hostcons;
pub mod identity;
pub mod mount;
pub mod namec;
pub mod names;
pub mod nowait;
pub mod proc;
pub mod styxdir;
pub mod sysfile;
pub mod sysmnt;
pub mod sysnet;

pub use chan::Chan;
pub use device::{Caller, DevFile, Device};
pub use dir::{Dir, Qid};
pub use error::{Error, Result};
pub use proc::ProcEnv;
