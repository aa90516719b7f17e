//! The console's interrupt (Ctrl-C at the host terminal): it kills the
//! commands the shell is waiting for in the foreground, and the shells see it
//! before their next command, so a loop of builtins stops too. Background
//! commands are not touched.

use crate::kernel::chan::lock;
use crate::kernel::devices::prog::ProcessTable;
use crate::proc::table::ProcTable;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Interrupt state shared by a kernel's shells.
#[derive(Default)]
pub struct Interrupts {
    pending: AtomicBool,
    /// Pids of the foreground commands running now.
    foreground: Mutex<Vec<u32>>,
}

impl Interrupts {
    pub fn new() -> Arc<Interrupts> {
        Arc::new(Interrupts::default())
    }

    /// Delivers an interrupt: each foreground command's process group is killed.
    pub fn interrupt(&self, processes: &ProcTable) {
        self.pending.store(true, Ordering::SeqCst);
        let pids: Vec<u32> = lock(&self.foreground).clone();
        for pid in pids {
            let _ = processes.ctl(pid, &["killgrp"]);
        }
    }

    /// Whether an interrupt came since the last call.
    pub fn take(&self) -> bool {
        self.pending.swap(false, Ordering::SeqCst)
    }

    /// Marks `pid` as running in the foreground until [`Interrupts::done`].
    pub fn started(&self, pid: u32) {
        lock(&self.foreground).push(pid);
    }

    pub fn done(&self, pid: u32) {
        lock(&self.foreground).retain(|&p| p != pid);
    }
}
