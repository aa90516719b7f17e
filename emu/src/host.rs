//! Inferno paths on the host: the root directory standing for `/`, and the
//! original's error texts for names that do not exist.

use std::path::PathBuf;

/// A host directory standing for the Inferno root.
#[derive(Clone, Debug)]
pub struct HostRoot {
    pub root: PathBuf,
}

impl HostRoot {
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
    pub fn missing(&self, path: &str) -> String {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let absolute = path.starts_with('/');
        for n in 1..=parts.len() {
            let prefix = parts[..n].join("/");
            let shown = if absolute {
                format!("/{prefix}")
            } else {
                prefix.clone()
            };
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
