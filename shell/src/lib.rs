//! Inferno's shell, `sh`: its language (words, lists, blocks, pipelines,
//! redirections, `fn`, `if`/`for`/`while` from `std`...), its builtins and
//! its read-run loop, over any kernel that implements [`os::Process`].
//!
//! A command that names neither a block, a function nor a builtin is a Dis
//! module the kernel runs ([`os::Process::exec`]); `sh` itself is found
//! without a module ([`invoke::nested`]).

pub mod builtins;
pub mod eval;
pub mod foreign;
pub mod glob;
pub mod invoke;
pub mod lex;
pub mod library;
pub mod modules;
pub mod os;
pub mod parse;
pub mod pipe;
pub mod regexp;
pub mod report;
pub mod syntax;
pub mod thread;
pub mod value;

pub use invoke::main;
pub use library::{serve, Answer, Request};
pub use os::{CommandNames, Edited, FileRequest, FileServerBody, OpenMode, Process, RunResult};
