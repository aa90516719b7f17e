//! The shell's background commands (`cmd &`) still running: emu waits for
//! them before it ends, as the original's emu runs until its last process
//! is gone.

use crate::kernel::chan::lock;
use std::sync::{Arc, Condvar, Mutex};

/// A count of running background commands.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<usize>,
    ended: Condvar,
}

impl Jobs {
    pub fn new() -> Arc<Jobs> {
        Arc::new(Jobs::default())
    }

    /// One more job runs until [`Jobs::finished`].
    pub fn started(&self) {
        *lock(&self.running) += 1;
    }

    pub fn finished(&self) {
        let mut n = lock(&self.running);
        *n = n.saturating_sub(1);
        self.ended.notify_all();
    }

    /// Waits until no job runs.
    pub fn wait_all(&self) {
        let mut n = lock(&self.running);
        while *n > 0 {
            n = match self.ended.wait(n) {
                Ok(n) => n,
                Err(poisoned) => poisoned.into_inner(),
            };
        }
    }
}
