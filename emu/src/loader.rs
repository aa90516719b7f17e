//! Finding modules: the loader the VM reads `.dis` files through.

use crate::host::HostRoot;
use dis::vm::Loader;
use std::path::Path;

/// Reads modules from the host directory standing for the Inferno root.
pub struct RootLoader {
    pub root: HostRoot,
}

impl Loader for RootLoader {
    fn read(&mut self, path: &str) -> Result<Vec<u8>, String> {
        let host = self.root.host_path(path);
        if host.is_dir() {
            return Ok(directory_bytes(&host));
        }
        std::fs::read(&host).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => self.root.missing(path),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        })
    }
}

/// What reading a directory yields: its entry names (never a module).
fn directory_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            out.extend_from_slice(e.file_name().to_string_lossy().as_bytes());
            out.push(b'\n');
        }
    }
    out
}
