//! Finding modules: Inferno paths are looked up under the root directory on the
//! host, with the original's error texts for missing files.

use dis::vm::Loader;
use std::path::{Path, PathBuf};

/// Reads modules from a host directory standing for the Inferno root.
pub struct RootLoader {
    pub root: PathBuf,
}

impl RootLoader {
    /// The host path of an Inferno path (relative paths are taken from `/`).
    pub fn host_path(&self, path: &str) -> PathBuf {
        let mut out = self.root.clone();
        for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
            if part == ".." {
                if out != self.root {
                    out.pop();
                }
            } else {
                out.push(part);
            }
        }
        out
    }

    /// The original's text for a path that does not exist: the walk stops at the
    /// first missing element; a name missing from the root directory "file does not
    /// exist", one missing deeper "does not exist".
    fn missing(&self, path: &str) -> String {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let absolute = path.starts_with('/');
        for n in 1..=parts.len() {
            let prefix = parts[..n].join("/");
            let shown = if absolute { format!("/{prefix}") } else { prefix.clone() };
            if !self.host_path(&prefix).exists() {
                return if n == 1 {
                    format!("'{shown}' file does not exist")
                } else {
                    format!("'{shown}' does not exist")
                };
            }
        }
        format!("'{path}' does not exist")
    }
}

impl Loader for RootLoader {
    fn read(&mut self, path: &str) -> Result<Vec<u8>, String> {
        let host = self.host_path(path);
        if host.is_dir() {
            return Ok(directory_bytes(&host));
        }
        std::fs::read(&host).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => self.missing(path),
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
