//! Processes: the kernel's one interpreter and the commands started in it
//! ([`command`]) and the shells' background jobs emu waits for ([`jobs`]), how it finds modules ([`loader`]), the native processes
//! ([`kproc`]), the process table `#p` shows over both ([`table`], [`view`]),
//! the words of meters there ([`meter_text`]), the shell's view of a kernel process ([`shell`])
//! and the files a shell serves ([`served`]).

pub mod command;
pub mod jobs;
pub mod kproc;
pub mod loader;
pub mod meter_text;
pub mod served;
pub mod shell;
pub mod table;
pub mod view;
