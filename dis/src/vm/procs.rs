//! What the kernel sees of progs: snapshots for the prog device (`/prog/N/status`),
//! process groups and their exception modes, and the events it follows (a prog
//! spawned, a prog ended) to keep its own per-process state and wait records.

use super::last_exception::LastException;
use super::module::Code;
use super::prog::{Prog, State, Usage, NOTIFYLEADER, PROPAGATE};
use super::Machine;
use std::rc::Rc;

/// One prog as the prog device shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgSnapshot {
    pub pid: u32,
    /// Process group: the pid of its leader.
    pub pgrp: u32,
    /// The pid of the prog that spawned it (0 for a first prog).
    pub parent: u32,
    pub state: State,
    /// The module it is running (the implementation module's name).
    pub module: String,
    /// Bytes of stack it holds.
    pub stack_bytes: u32,
    /// The last exception it raised.
    pub exception: Option<LastException>,
    /// What it has consumed while metering was on.
    pub usage: Usage,
}

/// Something the embedder follows about progs.
#[derive(Clone, Copy, Debug)]
pub enum ProgEvent<'a> {
    /// `child` was spawned by `parent` (and shares its process group).
    Spawned { parent: u32, child: u32 },
    /// Prog `pid` running `module` ended with exception `text` (empty for a normal
    /// end, `killed` when killed); the original's wait record is
    /// `pid "module":text`.
    Exited {
        pid: u32,
        module: &'a str,
        text: &'a str,
    },
    /// A message for the keeper of group `pgrp` ([`super::keeper`]).
    Kept { pgrp: u32, message: &'a str },
}

/// The exception mode of a process group (`/prog/N/ctl` `exceptions ...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExceptionMode {
    /// Exceptions stay in the prog that raised them.
    Local,
    /// An unhandled exception is raised in every member.
    Propagate,
    /// An unhandled exception kills the members and is raised in the leader.
    NotifyLeader,
}

/// The prog whose built-in call is running (it is out of the table meanwhile).
pub(super) struct Caller {
    pub pid: u32,
    pub pgrp: u32,
    pub parent: u32,
    pub code: Rc<Code>,
    pub usage: Usage,
    /// Its group's meter slot and the instructions it ran that are not yet
    /// settled there ([`super::meter`]).
    pub meter: u32,
    pub unsettled: u32,
}

impl Caller {
    pub fn of(p: &Prog) -> Caller {
        Caller {
            pid: p.pid,
            pgrp: p.pgrp,
            parent: p.parent,
            code: p.code.clone(),
            usage: p.usage,
            meter: p.meter,
            unsettled: p.metered,
        }
    }
}

/// The function told about spawned and ended progs.
pub type ProgEvents = Box<dyn FnMut(&ProgEvent)>;

/// Why a control request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtlError {
    /// No prog has that pid.
    NoProg,
    /// Only a group's leader may set its exception mode.
    NotLeader,
}

impl Machine {
    /// Every prog (also broken ones and the one whose built-in call asks), in table
    /// order.
    pub fn progs(&self) -> Vec<ProgSnapshot> {
        let mut out: Vec<ProgSnapshot> = self
            .progs
            .iter()
            .flatten()
            .map(|p| ProgSnapshot {
                pid: p.pid,
                pgrp: p.pgrp,
                parent: p.parent,
                state: p.state,
                module: p.code.name.clone(),
                stack_bytes: self.stack_bytes(p),
                exception: p.exception.as_deref().cloned(),
                usage: p.usage,
            })
            .collect();
        if let Some(c) = &self.caller {
            out.push(ProgSnapshot {
                pid: c.pid,
                pgrp: c.pgrp,
                parent: c.parent,
                state: State::Ready,
                module: c.code.name.clone(),
                stack_bytes: 0,
                exception: None,
                usage: c.usage,
            });
        }
        out
    }

    /// The snapshot of prog `pid`.
    pub fn prog(&self, pid: u32) -> Option<ProgSnapshot> {
        self.progs().into_iter().find(|p| p.pid == pid)
    }

    fn stack_bytes(&self, p: &Prog) -> u32 {
        p.segs
            .iter()
            .chain(p.spare.iter())
            .map(|s| s.end - s.base)
            .sum()
    }

    /// `pctl(NEWPGRP)`: makes `p` the leader of a new process group, with no
    /// exception mode.
    pub fn new_pgrp(&mut self, p: &mut Prog) {
        // Its turn settles as it ends, charged to its old group.
        self.meters.attend = true;
        p.pgrp = p.pid;
        p.flags &= !(PROPAGATE | NOTIFYLEADER);
        if let Some(c) = self.caller.as_mut().filter(|c| c.pid == p.pid) {
            c.pgrp = p.pid;
        }
    }

    /// Sets the exception mode of the group that prog `pid` leads; progs it spawns
    /// from now on inherit it. When `pid` is the prog whose built-in call asks, the
    /// change applies when the call returns.
    pub fn set_exception_mode(&mut self, pid: u32, mode: ExceptionMode) -> Result<(), CtlError> {
        let flags = match mode {
            ExceptionMode::Local => 0,
            ExceptionMode::Propagate => PROPAGATE,
            ExceptionMode::NotifyLeader => NOTIFYLEADER,
        };
        if let Some(c) = self.caller.as_ref().filter(|c| c.pid == pid) {
            if c.pgrp != pid {
                return Err(CtlError::NotLeader);
            }
            self.caller_flags = Some(flags);
            return Ok(());
        }
        let slot = self.slot_of(pid).ok_or(CtlError::NoProg)?;
        let Some(p) = self.progs[slot as usize].as_mut() else {
            return Err(CtlError::NoProg);
        };
        if p.pgrp != pid {
            return Err(CtlError::NotLeader);
        }
        p.flags = p.flags & !(PROPAGATE | NOTIFYLEADER) | flags;
        Ok(())
    }

    /// Sets the function told about spawned and ended progs.
    pub fn set_prog_events(&mut self, f: ProgEvents) {
        self.prog_events = Some(f);
    }

    pub(super) fn report_spawn(&mut self, parent: u32, child: u32) {
        if let Some(f) = self.prog_events.as_mut() {
            f(&ProgEvent::Spawned { parent, child });
        }
    }

    pub(super) fn report_exit(&mut self, pid: u32, module: &str, text: &str) {
        if let Some(f) = self.prog_events.as_mut() {
            f(&ProgEvent::Exited { pid, module, text });
        }
    }
}
