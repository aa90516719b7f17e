//! The kernel state one process runs with: its id and user, and the fd
//! group, name space group and environment group it belongs to. Spawned
//! progs share all three (they clone the `ProcEnv`); `pctl` gives a
//! process private or new ones.

use std::sync::{Arc, Weak};

use styx::Cancel;

use super::device::Caller;
use super::env::EnvGroup;
use super::error::Result;
use super::fdtable::FdTable;
use super::flags::{FORKENV, FORKFD, FORKNS, NEWENV, NEWFD, NEWNS, NODEVS};
use super::identity::Identity;
use super::mount::Namespace;

/// A process's view of the kernel.
#[derive(Clone, Debug)]
pub struct ProcEnv {
    pub pid: u32,
    /// Shared by the copies of this state; [`ProcEnv::spawn`] copies it.
    pub identity: Arc<Identity>,
    pub fds: Arc<FdTable>,
    pub ns: Arc<Namespace>,
    pub env: Arc<EnvGroup>,
    /// Raised to interrupt the call this state was handed to (see
    /// [`Caller::interrupt`]); a new process gets its own.
    pub interrupt: Cancel,
}

impl ProcEnv {
    /// The caller identity that devices see.
    pub fn caller(&self) -> Caller {
        Caller {
            pid: self.pid,
            user: self.identity.name(),
            identity: self.identity.clone(),
            env: self.env.clone(),
            fds: Arc::downgrade(&self.fds) as Weak<FdTable>,
            interrupt: self.interrupt.clone(),
        }
    }

    /// The same groups for a new process `pid` (a spawned prog or kproc),
    /// with a copy of the user.
    pub fn spawn(&self, pid: u32) -> ProcEnv {
        ProcEnv {
            pid,
            identity: self.identity.copy(),
            interrupt: Cancel::new(),
            ..self.clone()
        }
    }

    /// The user the process runs as now.
    pub fn user(&self) -> Arc<str> {
        self.identity.name()
    }

    /// Applies the fd, name space and environment flags of
    /// `sys->pctl(flags, movefd)`. NEWPGRP (process groups) belongs to the
    /// process table; the caller handles it and the returned pid.
    pub fn pctl(&mut self, flags: u32, movefd: &[i32]) -> Result<()> {
        if flags & NEWFD != 0 {
            self.fds = self.fds.keep(movefd);
        } else if flags & FORKFD != 0 {
            let fresh = self.fds.fork();
            for &fd in movefd {
                // The original closes these in the group being left;
                // numbers that are not open are ignored.
                let _ = self.fds.close(fd);
            }
            self.fds = fresh;
        }
        if flags & NEWNS != 0 {
            self.ns = self.ns.new_from_dot();
        } else if flags & FORKNS != 0 {
            self.ns = self.ns.fork();
        }
        if flags & NODEVS != 0 {
            self.ns.forbid_devices();
        }
        if flags & NEWENV != 0 {
            self.env = EnvGroup::new();
        } else if flags & FORKENV != 0 {
            self.env = self.env.fork();
        }
        Ok(())
    }
}
