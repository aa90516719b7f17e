//! Finding modules: the loader the VM reads `.dis` files through, by name in the
//! loading prog's name space (the first process's for the command emu starts).

use crate::kernel::flags::OREAD;
use crate::kernel::ProcEnv;
use crate::sys::procenv::proc_env;
use dis::vm::{Loader, Prog};

/// Reads modules through the kernel.
pub struct KernelLoader {
    /// The kernel state used when no prog is loading.
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
    fn read(&mut self, path: &str, by: Option<&Prog>) -> Result<Vec<u8>, String> {
        let env = by.and_then(proc_env).unwrap_or_else(|| self.boot.clone());
        read_file(&env, path).map_err(|e| e.to_string())
    }
}
