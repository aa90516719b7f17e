//! The process table `#p` shows: the progs of the kernel's one interpreter
//! and the native processes together. Kills by group reach both kinds; a
//! native process has no children, so its wait file never yields a record.

use std::sync::{Arc, OnceLock};

use super::kproc::Kprocs;
use crate::kernel::devices::prog::{ProcessTable, ProgInfo, WaitQueue};
use crate::kernel::error::{Error, Result};

/// Progs and kprocs as one table.
pub struct ProcTable {
    progs: OnceLock<Arc<dyn ProcessTable>>,
    kprocs: Arc<Kprocs>,
}

/// The wait file of a process that has no children.
struct NoChildren;

impl WaitQueue for NoChildren {
    fn next(&self) -> Option<String> {
        None
    }
}

impl ProcTable {
    /// A table of `kprocs` and, once [`ProcTable::set_progs`] is called,
    /// the interpreter's progs.
    pub fn new(kprocs: Arc<Kprocs>) -> Arc<ProcTable> {
        Arc::new(ProcTable {
            progs: OnceLock::new(),
            kprocs,
        })
    }

    /// Connects the interpreter's progs (the kernel is made before the
    /// interpreter that runs in it); later calls change nothing.
    pub fn set_progs(&self, progs: Arc<dyn ProcessTable>) {
        let _ = self.progs.set(progs);
    }

    /// The native processes.
    pub fn kprocs(&self) -> &Arc<Kprocs> {
        &self.kprocs
    }

    fn progs(&self) -> Option<&Arc<dyn ProcessTable>> {
        self.progs.get()
    }

    /// Kills every process of group `pgrp`, progs and kprocs.
    fn kill_group(&self, pgrp: u32) -> Result<()> {
        self.kprocs.kill_group(pgrp);
        let Some(progs) = self.progs() else {
            return Ok(());
        };
        let member = progs
            .pids()
            .into_iter()
            .find(|&p| progs.info(p).is_some_and(|i| i.pgrp == pgrp));
        match member {
            Some(p) => progs.ctl(p, &["killgrp"]),
            None => Ok(()),
        }
    }
}

impl ProcessTable for ProcTable {
    fn pids(&self) -> Vec<u32> {
        let mut all = self.progs().map(|p| p.pids()).unwrap_or_default();
        all.extend(self.kprocs.pids());
        all.sort_unstable();
        all
    }

    fn info(&self, pid: u32) -> Option<ProgInfo> {
        self.kprocs
            .info(pid)
            .or_else(|| self.progs().and_then(|p| p.info(pid)))
    }

    fn ctl(&self, pid: u32, words: &[&str]) -> Result<()> {
        let info = self.info(pid).ok_or(Error::ThreadExited)?;
        let native = self.kprocs.info(pid).is_some();
        match (words, native) {
            (["killgrp"], _) => self.kill_group(info.pgrp),
            (["kill"], true) => {
                self.kprocs.kill(pid);
                Ok(())
            }
            (_, true) => Err(Error::NoCtl),
            (_, false) => match self.progs() {
                Some(p) => p.ctl(pid, words),
                None => Err(Error::ThreadExited),
            },
        }
    }

    fn wait(&self, pid: u32) -> Result<Arc<dyn WaitQueue>> {
        if self.kprocs.info(pid).is_some() {
            return Ok(Arc::new(NoChildren));
        }
        match self.progs() {
            Some(p) => p.wait(pid),
            None => Err(Error::ThreadExited),
        }
    }

    fn meter(&self, pid: u32) -> Result<String> {
        // Native processes are not metered.
        if self.kprocs.info(pid).is_some() {
            return Ok(String::new());
        }
        self.progs().ok_or(Error::ThreadExited)?.meter(pid)
    }

    fn stack(&self, pid: u32) -> Result<String> {
        if self.kprocs.info(pid).is_some() {
            return Ok(String::new());
        }
        self.progs().ok_or(Error::ThreadExited)?.stack(pid)
    }

    fn keeper(&self, pid: u32) -> Result<Arc<dyn WaitQueue>> {
        if self.kprocs.info(pid).is_some() {
            return Err(Error::Perm);
        }
        self.progs().ok_or(Error::ThreadExited)?.keeper(pid)
    }
}
