//! Environment groups: the variables behind `#e`, shared by the progs of a
//! group and copied or replaced by `pctl(FORKENV)` / `pctl(NEWENV)`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// One variable: its value and a qid path unique to this definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    pub value: Vec<u8>,
    pub path: u64,
    pub vers: u32,
    pub mtime: u32,
}

/// A set of environment variables shared by a group of processes.
#[derive(Debug, Default)]
pub struct EnvGroup {
    vars: Mutex<BTreeMap<String, EnvVar>>,
}

static NEXT_PATH: AtomicU64 = AtomicU64::new(1);

/// A new qid path for a variable.
pub fn next_var_path() -> u64 {
    NEXT_PATH.fetch_add(1, Ordering::Relaxed)
}

impl EnvGroup {
    /// A new, empty group.
    pub fn new() -> Arc<EnvGroup> {
        Arc::new(EnvGroup::default())
    }

    /// A private copy of this group.
    pub fn fork(&self) -> Arc<EnvGroup> {
        Arc::new(EnvGroup {
            vars: Mutex::new(self.lock().clone()),
        })
    }

    /// The variables, locked for inspection or change.
    pub fn lock(&self) -> MutexGuard<'_, BTreeMap<String, EnvVar>> {
        self.vars.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets a variable, as a create and write through `/env` would.
    pub fn set(&self, name: &str, value: &[u8]) {
        let mut vars = self.lock();
        let var = vars.entry(name.to_string()).or_insert_with(|| EnvVar {
            value: Vec::new(),
            path: next_var_path(),
            vers: 0,
            mtime: 0,
        });
        var.value = value.to_vec();
        var.vers = var.vers.wrapping_add(1);
        var.mtime = super::dir::now_secs();
    }

    /// The value of a variable, if set.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        self.lock().get(name).map(|v| v.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fork_copies_and_isolates() {
        let a = EnvGroup::new();
        a.set("x", b"1");
        let b = a.fork();
        b.set("x", b"2");
        b.set("y", b"3");
        assert_eq!(a.get("x").unwrap(), b"1");
        assert_eq!(a.get("y"), None);
        assert_eq!(b.get("x").unwrap(), b"2");
    }
}
