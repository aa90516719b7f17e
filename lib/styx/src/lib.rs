//! Styx, Inferno's name for 9P2000: the wire format of its messages and stat entries
//! ([`Tmsg`], [`Rmsg`], [`Dir`], [`Qid`]), reading size-prefixed messages from a
//! stream ([`read_message`]), a framework that serves a connection for any file
//! server ([`server`]) and a client that multiplexes file operations from many threads
//! over one connection ([`client`]).
//!
//! Decoding never panics: bytes that are not exactly a message give a
//! [`DecodeError`] that says what is wrong.

#![forbid(unsafe_code)]

pub mod cancel;
pub mod client;
pub mod constants;
pub mod dir;
pub mod error;
pub mod frame;
pub mod message;
pub mod qid;
pub mod server;
mod sync;
pub mod version;
mod wire;

pub use cancel::{Cancel, HookGuard};
pub use client::{Client, ClientError, Fid, Walked};
pub use constants::*;
pub use dir::{decode_entries, Dir};
pub use error::{DecodeError, EncodeError};
pub use frame::{read_message, FrameError};
pub use message::{Header, Rmsg, Tmsg};
pub use qid::Qid;
pub use server::{serve, Config, FileServer, FsError, Opened, ServeError};
