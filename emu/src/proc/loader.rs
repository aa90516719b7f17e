//! Finding modules: the loader the VM reads `.dis` files through, by name in the
//! loading process's name space (a prog's, or the shell's for a command it
//! starts).

use crate::kernel::flags::OREAD;
use crate::kernel::ProcEnv;
use dis::vm::Loader;
use std::any::Any;

/// Reads modules through the kernel.
pub struct KernelLoader {
    /// The kernel state used when no process is loading.
    pub boot: ProcEnv,
}

/// The whole contents of the file at `path`.
pub fn read_file(env: &ProcEnv, path: &str) -> crate::kernel::Result<Vec<u8>> {
    let fd = env.open(path, OREAD)?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let r = loop {
        match env.read(fd, &mut buf) {
            Ok(0) => break Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => break Err(e),
        }
    };
    let _ = env.close(fd);
    r
}

impl Loader for KernelLoader {
    fn read(&mut self, path: &str, by: Option<&dyn Any>) -> Result<Vec<u8>, String> {
        let env = by
            .and_then(|h| h.downcast_ref::<ProcEnv>())
            .unwrap_or(&self.boot);
        read_file(env, path).map_err(|e| e.to_string())
    }
}
