//! The user a process runs as. The copies of one process's kernel state share
//! it, so a write of `/dev/user` (by the host owner, as in the original's
//! hosted emu) renames the process for every call it makes afterwards; a new
//! process starts with a copy of its parent's ([`Identity::copy`]), so the
//! change reaches the processes it starts later and not the one that started it.

use std::sync::{Arc, Mutex, PoisonError};

/// A process's user name.
#[derive(Debug)]
pub struct Identity(Mutex<Arc<str>>);

impl Identity {
    /// An identity named `name`.
    pub fn new(name: &str) -> Arc<Identity> {
        Arc::new(Identity(Mutex::new(name.into())))
    }

    /// The user name now.
    pub fn name(&self) -> Arc<str> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Gives the process the name `name`.
    pub fn rename(&self, name: &str) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = name.into();
    }

    /// A separate identity with the same name, for a new process.
    pub fn copy(&self) -> Arc<Identity> {
        Identity::new(&self.name())
    }
}
