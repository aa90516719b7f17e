//! Finding modules: the loader the VM reads `.dis` files through, by name in the
//! loading process's name space (a prog's, or the shell's for a command it
//! starts), at most [`MAX_MODULE_FILE`] bytes of each, on a host worker thread
//! when a prog's `load` asks.

use crate::kernel::error::Error;
use crate::kernel::fdtable::FdTable;
use crate::kernel::flags::OREAD;
use crate::kernel::ProcEnv;
use dis::vm::load::{ReadJob, MAX_MODULE_FILE};
use dis::vm::Loader;
use std::any::Any;

/// Reads modules through the kernel.
pub struct KernelLoader {
    /// The kernel state used when no process is loading.
    boot: ProcEnv,
}

/// The whole contents of the file at `path`.
pub fn read_file(env: &ProcEnv, path: &str) -> crate::kernel::Result<Vec<u8>> {
    read_at_most(env, path, usize::MAX)
}

/// The error of [`read_at_most`] for a file over its limit.
pub const FILE_TOO_LARGE: &str = "file too large";

/// The whole contents of the file at `path`, which must hold at most `limit`
/// bytes (else the error [`FILE_TOO_LARGE`]).
pub fn read_at_most(env: &ProcEnv, path: &str, limit: usize) -> crate::kernel::Result<Vec<u8>> {
    let fd = env.open(path, OREAD)?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let r = loop {
        match env.read(fd, &mut buf) {
            Ok(0) => break Ok(out),
            Ok(n) if out.len() + n > limit => break Err(Error::Text(FILE_TOO_LARGE.into())),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => break Err(e),
        }
    };
    let _ = env.close(fd);
    r
}

impl KernelLoader {
    /// A loader that falls back on a private copy of `boot`'s name space, with
    /// no descriptors: it must not keep alive what the first process later
    /// mounts there (a server waits for its mount to go before it ends).
    pub fn new(mut boot: ProcEnv) -> KernelLoader {
        boot.ns = boot.ns.fork();
        boot.fds = FdTable::new();
        KernelLoader { boot }
    }

    fn env<'a>(&'a self, by: Option<&'a dyn Any>) -> &'a ProcEnv {
        by.and_then(|h| h.downcast_ref::<ProcEnv>())
            .unwrap_or(&self.boot)
    }
}

impl Loader for KernelLoader {
    fn read(&mut self, path: &str, by: Option<&dyn Any>) -> Result<Vec<u8>, String> {
        read_at_most(self.env(by), path, MAX_MODULE_FILE).map_err(|e| e.to_string())
    }

    fn reader(&mut self, path: &str, by: Option<&dyn Any>) -> Option<ReadJob> {
        let (env, path) = (self.env(by).clone(), path.to_string());
        Some(Box::new(move || {
            read_at_most(&env, &path, MAX_MODULE_FILE).map_err(|e| e.to_string())
        }))
    }
}
