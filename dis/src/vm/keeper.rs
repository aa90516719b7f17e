//! Keepers (after KeyKOS's): a process group may have a keeper, told when one of
//! its members breaks or the group runs out of a meter.
//!
//! A member that dies of an exception nothing handles (one that would leave it
//! broken) is held instead: it keeps its stack, its module data and its
//! embedder state, stays listed in state `broken` with its pc at the faulting
//! instruction, and the keeper gets a message. The keeper may read its stack,
//! kill it, or resume it: a resumed prog runs the faulting instruction again
//! (so it breaks again, with a new message, unless the cause is gone). When the
//! keeper leaves, the progs it held end broken as they would have without it.
//!
//! A message is one line: `KIND PID MODULE PC "TEXT"`, then ` FILE:LINE` when the
//! module's symbol file gives the source line; KIND is `broken` (TEXT the
//! exception) or `stopped` (TEXT `meter insts` or `meter heap`).

use super::last_exception::LastException;
use super::procs::ProgEvent;
use super::prog::{Prog, State};
use super::sched::End;
use super::trap::Exception;
use super::Machine;

/// Why a keeper's request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepError {
    /// No prog has that pid.
    NoProg,
    /// The prog is not held broken.
    NotHeld,
}

impl Machine {
    /// Gives group `pgrp` a keeper (`on`) or takes it away; without one, the
    /// progs held for it end broken now.
    pub fn set_keeper(&mut self, pgrp: u32, on: bool) {
        if on {
            self.keepers.insert(pgrp);
            return;
        }
        self.keepers.remove(&pgrp);
        let held: Vec<u32> = self
            .progs
            .iter()
            .flatten()
            .filter(|p| p.held && p.pgrp == pgrp)
            .map(|p| p.slot)
            .collect();
        for slot in held {
            let Some(mut p) = self.progs.get_mut(slot as usize).and_then(Option::take) else {
                continue;
            };
            p.held = false;
            let text = p
                .exception
                .as_ref()
                .map_or(String::new(), |x| x.text.clone());
            self.end(
                p,
                End::Unhandled(Box::new(Exception {
                    text,
                    value: None,
                    is_object: false,
                })),
            );
        }
    }

    /// Whether group `pgrp` has a keeper.
    pub(super) fn keeps(&self, pgrp: u32) -> bool {
        !self.keepers.is_empty() && self.keepers.contains(&pgrp)
    }

    /// Holds prog `p`, broken by exception `e`, for its group's keeper.
    pub(super) fn hold_broken(&mut self, mut p: Box<Prog>, e: Exception) {
        let at = match p.exception.as_deref() {
            Some(x) if x.uncaught => x.clone(),
            _ => LastException {
                pc: p.pc,
                module: p.code.name.clone(),
                text: e.text.clone(),
                uncaught: true,
                path: p.code.path.clone(),
            },
        };
        self.drop_exception(e);
        if let Some(old) = p.pending.take() {
            self.drop_exception(*old);
        }
        p.state = State::Broken;
        p.held = true;
        self.tell_keeper(&p, "broken", &at);
        let slot = p.slot as usize;
        self.progs[slot] = Some(p);
    }

    /// Sends `p`'s group's keeper a message of `kind` about the instruction `at`.
    pub(super) fn tell_keeper(&mut self, p: &Prog, kind: &str, at: &LastException) {
        let mut message = format!("{kind} {} {} {} \"{}\"", p.pid, at.module, at.pc, at.text);
        if let Some(line) = self.source_line(at, p) {
            message.push(' ');
            message.push_str(&line);
        }
        if let Some(f) = self.prog_events.as_mut() {
            f(&ProgEvent::Kept {
                pgrp: p.pgrp,
                message: &message,
            });
        }
    }

    /// Resumes the held prog `pid`: it runs its faulting instruction again.
    pub fn resume(&mut self, pid: u32) -> Result<(), KeepError> {
        let slot = self.slot_of(pid).ok_or(KeepError::NoProg)?;
        let Some(p) = self.progs[slot as usize].as_mut() else {
            return Err(KeepError::NoProg);
        };
        if !p.held {
            return Err(KeepError::NotHeld);
        }
        p.held = false;
        p.state = State::Ready;
        self.ready.push_back(slot);
        Ok(())
    }
}
