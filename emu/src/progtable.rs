//! The process table `#p` shows: the progs of every interpreter running in
//! the kernel (emu's first command, each command a shell runs) and the native
//! processes together. Kills by group reach both kinds; a native process
//! has no children, so its wait file never yields a record.

use std::sync::{Arc, Mutex};

use crate::kernel::chan::lock;

use crate::kernel::devices::prog::{ProcessTable, ProgInfo, WaitQueue};
use crate::kernel::error::{Error, Result};
use crate::kproc::Kprocs;

/// Progs and kprocs as one table.
pub struct ProcTable {
    progs: Mutex<Vec<Arc<dyn ProcessTable>>>,
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
    /// A table of `kprocs` and the progs of the interpreters added with
    /// [`ProcTable::add_progs`].
    pub fn new(kprocs: Arc<Kprocs>) -> Arc<ProcTable> {
        Arc::new(ProcTable {
            progs: Mutex::new(Vec::new()),
            kprocs,
        })
    }

    /// Connects an interpreter's progs (the kernel is made before the
    /// interpreters that run in it).
    pub fn add_progs(&self, progs: Arc<dyn ProcessTable>) {
        lock(&self.progs).push(progs);
    }

    /// Disconnects an interpreter that has finished.
    pub fn remove_progs(&self, progs: &Arc<dyn ProcessTable>) {
        lock(&self.progs).retain(|p| !Arc::ptr_eq(p, progs));
    }

    /// The native processes.
    pub fn kprocs(&self) -> &Arc<Kprocs> {
        &self.kprocs
    }

    /// The interpreter whose prog `pid` is.
    fn progs_of(&self, pid: u32) -> Option<Arc<dyn ProcessTable>> {
        lock(&self.progs)
            .iter()
            .find(|p| p.info(pid).is_some())
            .cloned()
    }

    /// Kills every process of group `pgrp`, progs and kprocs.
    fn kill_group(&self, pgrp: u32) -> Result<()> {
        self.kprocs.kill_group(pgrp);
        let tables: Vec<_> = lock(&self.progs).clone();
        for progs in tables {
            let member = progs
                .pids()
                .into_iter()
                .find(|&p| progs.info(p).is_some_and(|i| i.pgrp == pgrp));
            if let Some(p) = member {
                progs.ctl(p, &["killgrp"])?;
            }
        }
        Ok(())
    }
}

impl ProcessTable for ProcTable {
    fn pids(&self) -> Vec<u32> {
        let tables: Vec<_> = lock(&self.progs).clone();
        let mut all: Vec<u32> = tables.iter().flat_map(|p| p.pids()).collect();
        all.extend(self.kprocs.pids());
        all.sort_unstable();
        all
    }

    fn info(&self, pid: u32) -> Option<ProgInfo> {
        self.kprocs
            .info(pid)
            .or_else(|| self.progs_of(pid).and_then(|p| p.info(pid)))
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
            (_, false) => match self.progs_of(pid) {
                Some(p) => p.ctl(pid, words),
                None => Err(Error::ThreadExited),
            },
        }
    }

    fn wait(&self, pid: u32) -> Result<Arc<dyn WaitQueue>> {
        if self.kprocs.info(pid).is_some() {
            return Ok(Arc::new(NoChildren));
        }
        match self.progs_of(pid) {
            Some(p) => p.wait(pid),
            None => Err(Error::ThreadExited),
        }
    }
}
