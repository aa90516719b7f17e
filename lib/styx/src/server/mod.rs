//! The server framework: a file server implements [`FileServer`] on its own file
//! handles, and [`serve`] runs one connection for it. The framework owns the protocol:
//! version negotiation, the fid table, tags, flushes, the checks every request needs
//! (unknown fid, fid in use, walk of an open fid or of a non-directory, open modes,
//! read and write counts, directory read offsets) and the `Rerror` texts of Inferno's
//! `styxservers`. Requests run concurrently on worker threads, so one that blocks
//! (a pipe read) does not stop the others, and `Tflush` raises the request's
//! [`Cancel`].

pub mod errors;
mod fids;
mod handlers;
mod session;
mod workers;

use std::fmt;
use std::io::{self, BufReader, Read, Write};
use std::time::Duration;

use crate::cancel::Cancel;
use crate::constants::IOHDRSZ;
use crate::dir::Dir;
use crate::error::DecodeError;
use crate::frame::FrameError;
use crate::qid::Qid;

use session::Session;

/// An error a file server reports; its text goes to the client in `Rerror`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsError(pub String);

impl FsError {
    pub fn new(text: impl Into<String>) -> FsError {
        FsError(text.into())
    }
}

impl From<&str> for FsError {
    fn from(text: &str) -> FsError {
        FsError(text.to_owned())
    }
}

impl From<String> for FsError {
    fn from(text: String) -> FsError {
        FsError(text)
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FsError {}

/// What `open` and `create` give: the open file, its qid, and the iounit (0 = let the
/// framework use msize - IOHDRSZ).
pub struct Opened<F> {
    pub file: F,
    pub qid: Qid,
    pub iounit: u32,
}

/// A file server, seen through its file handles. A handle names a file the way a fid
/// does; the framework keeps one per fid and shares an unopened handle between the
/// fids a zero-name walk clones, so operations never change a handle: `walk`,
/// `open` and `create` return new ones. Dropping a handle is the clunk: release what
/// it holds in `Drop`. (A fid opened with `ORCLOSE` is removed by the framework
/// calling `remove` before the handle is dropped.)
///
/// Permission checks are the server's; the framework checks only the protocol.
/// Operations that may block should watch `cancel`, which `Tflush` raises.
pub trait FileServer: Sync {
    type File: Send + Sync;

    /// `Tauth`: a handle for an authentication file, read and written without being
    /// opened. By default authentication is not required.
    fn auth(&self, _uname: &str, _aname: &str) -> Result<(Self::File, Qid), FsError> {
        Err(errors::ENOAUTH.into())
    }

    /// `Tattach`: the root of tree `aname` for user `uname`; `auth` is the afid's
    /// handle if the client gave one.
    fn attach(
        &self,
        uname: &str,
        aname: &str,
        auth: Option<&Self::File>,
    ) -> Result<(Self::File, Qid), FsError>;

    /// One step of a walk from directory `dir` to `name` (`..` is the parent; at the
    /// root it stays at the root).
    fn walk(
        &self,
        dir: &Self::File,
        name: &str,
        cancel: &Cancel,
    ) -> Result<(Self::File, Qid), FsError>;

    /// Opens `file` with `mode` (`OREAD`..`OEXEC`, maybe `OTRUNC`, `ORCLOSE`); the
    /// framework has checked the mode's form and that directories are only read.
    fn open(
        &self,
        file: &Self::File,
        mode: u8,
        cancel: &Cancel,
    ) -> Result<Opened<Self::File>, FsError>;

    /// Creates `name` in directory `dir` and opens it with `mode`; the framework
    /// has checked the name. By default, permission is denied.
    fn create(
        &self,
        _dir: &Self::File,
        _name: &str,
        _perm: u32,
        _mode: u8,
        _cancel: &Cancel,
    ) -> Result<Opened<Self::File>, FsError> {
        Err(errors::EPERM.into())
    }

    /// Reads at most `count` bytes of an open file (or an auth file) at `offset`.
    fn read(
        &self,
        file: &Self::File,
        offset: u64,
        count: u32,
        cancel: &Cancel,
    ) -> Result<Vec<u8>, FsError>;

    /// The entries of an open directory. Called when a read starts at offset 0; the
    /// framework serves later reads from that list, whole entries at a time.
    fn read_dir(&self, dir: &Self::File, cancel: &Cancel) -> Result<Vec<Dir>, FsError>;

    /// Writes to an open file (or an auth file); the count written. By default,
    /// permission is denied.
    fn write(
        &self,
        _file: &Self::File,
        _offset: u64,
        _data: &[u8],
        _cancel: &Cancel,
    ) -> Result<u32, FsError> {
        Err(errors::EPERM.into())
    }

    /// Removes the file; its fid is clunked whatever the result. By default,
    /// permission is denied.
    fn remove(&self, _file: &Self::File, _cancel: &Cancel) -> Result<(), FsError> {
        Err(errors::EPERM.into())
    }

    fn stat(&self, file: &Self::File, cancel: &Cancel) -> Result<Dir, FsError>;

    /// Whether reads and writes of the open `file` end promptly (a disk file, not
    /// a pipe or a device that waits for something). The framework runs those on
    /// the thread that read the request, sparing the hand-off to a worker; a
    /// `Tflush` is not read until they end. By default, none are.
    fn prompt(&self, _file: &Self::File) -> bool {
        false
    }

    /// Changes the fields of `dir` that are not "don't touch" (see [`Dir::null`]);
    /// all or nothing. By default, permission is denied.
    fn wstat(&self, _file: &Self::File, _dir: &Dir, _cancel: &Cancel) -> Result<(), FsError> {
        Err(errors::EPERM.into())
    }
}

/// Limits of a served connection.
#[derive(Clone, Debug)]
pub struct Config {
    /// The largest msize agreed to (Inferno's export allows IOHDRSZ + 64 KiB).
    pub max_msize: u32,
    /// Requests run at once. When all are busy, reading the next request waits, so
    /// a client with this many blocked requests cannot flush them until one ends.
    pub max_workers: usize,
    /// How long a worker with nothing to do waits for a request before it ends,
    /// so that an idle connection keeps only the thread that reads it.
    pub worker_idle: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_msize: IOHDRSZ + 64 * 1024,
            max_workers: 64,
            worker_idle: Duration::from_secs(10),
        }
    }
}

/// The smallest msize agreed to.
pub const MIN_MSIZE: u32 = 256;

/// Why a connection stopped being served (end of file is not an error).
#[derive(Debug)]
pub enum ServeError {
    /// A message could not be read.
    Frame(FrameError),
    /// A message did not decode as a T-message, and its tag could not be answered.
    Decode(DecodeError),
    /// A reply could not be written.
    Write(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Frame(e) => write!(f, "{e}"),
            ServeError::Decode(e) => write!(f, "bad T-message: {e}"),
            ServeError::Write(e) => write!(f, "writing reply: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Serves one connection until the client hangs up (`Ok`) or breaks the protocol:
/// requests come from `reader`, replies go to `writer` (two handles on the same
/// connection: a socket and its clone, or a pipe's ends). When it returns, every
/// worker has finished and every fid has been clunked; at the end the outstanding
/// requests are cancelled, so an operation that ignores its [`Cancel`] and never
/// finishes keeps `serve` from returning.
pub fn serve<S: FileServer>(
    server: &S,
    reader: impl Read,
    writer: impl Write + Send,
    config: &Config,
) -> Result<(), ServeError> {
    // Most requests then take one read of the connection, not two.
    let mut reader = BufReader::with_capacity(config.max_msize as usize, reader);
    let session = Session::new(server, writer, config.clone());
    let result = std::thread::scope(|scope| {
        let pool = workers::Pool::new(scope, config.max_workers.max(1), config.worker_idle);
        let result = session.run(&mut reader, &pool);
        session.abandon_requests();
        result
    });
    session.clunk_all();
    result
}
