//! How progs end and are made to end: exit, the broken state, kill by pid or by
//! process group, exceptions spread through a process group, and progs woken with
//! an exception because a channel they wait on died.

use super::last_exception::LastException;
use super::prog::{Prog, State, NOTIFYLEADER, PROPAGATE};
use super::run::Outcome;
use super::sched::End;
use super::trap::Exception;
use super::Machine;

/// Which progs a kill reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KillScope {
    /// The prog with that pid (`/prog/N/ctl` `kill`).
    Prog,
    /// Every prog of its process group (`killgrp`).
    Group,
}

/// The text a killed prog dies with.
pub const KILLED: &str = "killed";

/// The exception of a prog that wrote on a pipe with no reader. The original's
/// kernel also kills such a prog (it sets its kill string), so when the prog
/// does not catch it, it ends quietly as a killed prog does, not broken: `cat
/// file | sed 1q` prints nothing.
pub const CLOSED_PIPE: &str = "write on closed pipe";

/// Whether a prog that died with `text` is broken (normal: empty, `interrupted`,
/// `fail:...`, killed, or by a write on a closed pipe).
pub fn is_broken(text: &str) -> bool {
    !(text.is_empty()
        || text == "interrupted"
        || text == KILLED
        || text == CLOSED_PIPE
        || text.starts_with("fail:"))
}

impl Machine {
    /// Ends prog `p` (taken out of the table) for `end`: releases everything it holds
    /// (its embedder state too), prints the `Broken` line and keeps it in state
    /// `broken` when an exception killed it, spreads the exception through its group, reports the exit.
    pub(super) fn end(&mut self, mut p: Box<Prog>, end: End) -> Outcome {
        self.meters.settle(&mut p);
        let end = match end {
            End::Unhandled(e) if is_broken(&e.text) && self.keeps(p.pgrp) => {
                let text = e.text.clone();
                self.hold_broken(p, *e);
                return Outcome::Broken(text);
            }
            other => other,
        };
        let text = match end {
            End::Exit => String::new(),
            End::Killed => KILLED.to_string(),
            End::Unhandled(e) => {
                let text = e.text.clone();
                self.drop_exception(*e);
                text
            }
        };
        if let Some(e) = p.pending.take() {
            self.drop_exception(*e);
        }
        let _ = self.end_prog(&mut p);
        let module = p.code.name.clone();
        let broken = is_broken(&text);
        if broken {
            self.console_line(&format!("[{module}] Broken: \"{text}\""));
            if self.source_lines {
                let uncaught = p.exception.as_deref().filter(|x| x.uncaught).cloned();
                if let Some(at) = uncaught.and_then(|x| self.source_line(&x, &p)) {
                    self.console_line(&format!("[{module}] at {at}"));
                }
            }
        }
        self.report_exit(p.pid, &module, &text);
        if broken {
            self.spread_exception(&p, &text);
        }
        let outcome = if text.is_empty() || text == "interrupted" {
            Outcome::Exited
        } else if text == KILLED {
            Outcome::Killed
        } else if broken {
            Outcome::Broken(text.clone())
        } else {
            Outcome::Failed(text.clone())
        };
        if broken {
            self.broken += 1;
        }
        if p.pid == self.watched.0 && self.watched.1.is_none() {
            self.watched.1 = Some(outcome.clone());
        }
        let slot = p.slot;
        if broken && !text.starts_with("out of memory") {
            // What the embedder keeps for it (open files among them) goes now, so
            // that a pipe it held sees its end.
            if let (Some(release), Some(host)) = (&self.release_host, &p.host) {
                p.host = Some(release(host));
            }
            p.state = State::Broken;
            self.progs[slot as usize] = Some(p);
        } else {
            self.free_progs.push(slot);
        }
        outcome
    }

    /// How many progs have broken since the machine started.
    pub fn broken_count(&self) -> u32 {
        self.broken
    }

    /// `file:line` of the instruction of `exc` (one of prog `p`'s), from the
    /// module's symbol file as it is now.
    pub(super) fn source_line(&mut self, exc: &LastException, p: &Prog) -> Option<String> {
        let symbols = self
            .loader
            .read(&exc.symbol_file()?, p.host.as_deref())
            .ok()?;
        exc.source_line(&symbols)
    }

    /// Releases the value an exception carries.
    pub(super) fn drop_exception(&mut self, e: Exception) {
        if let Some(v) = e.value {
            let _ = self.dec(v);
        }
    }

    /// Kills the prog `pid` or its whole process group. A prog waiting (on a channel,
    /// in `alt`, in a blocking call or a timer) or ready ends at once with
    /// `killed`, releasing its references; a broken one is removed (its end is
    /// reported again, as `killed`, as the original does); the prog whose
    /// built-in call asks this dies when the call returns. Returns false when no
    /// prog has that pid.
    pub fn kill(&mut self, pid: u32, scope: KillScope) -> bool {
        let caller = self.caller.as_ref().map(|c| (c.pid, c.pgrp));
        let target = if caller.is_some_and(|(cp, _)| cp == pid) {
            caller.map(|(_, g)| g)
        } else {
            self.slot_of(pid)
                .and_then(|s| self.progs[s as usize].as_ref().map(|p| p.pgrp))
        };
        let Some(group) = target else {
            return false;
        };
        let victims: Vec<u32> = match scope {
            KillScope::Prog => self.slot_of(pid).into_iter().collect(),
            KillScope::Group => self
                .progs
                .iter()
                .flatten()
                .filter(|p| p.pgrp == group)
                .map(|p| p.slot)
                .collect(),
        };
        let caller_dies = match (scope, caller) {
            (KillScope::Prog, Some((cp, _))) => cp == pid,
            (KillScope::Group, Some((_, cg))) => cg == group,
            _ => false,
        };
        if caller_dies {
            self.kill_running = true;
        }
        for slot in victims {
            self.kill_slot(slot);
        }
        true
    }

    /// The table slot of the prog with pid `pid` (not the running one).
    pub(super) fn slot_of(&self, pid: u32) -> Option<u32> {
        self.progs
            .iter()
            .flatten()
            .find(|p| p.pid == pid)
            .map(|p| p.slot)
    }

    fn kill_slot(&mut self, slot: u32) {
        let Some(mut p) = self.progs.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        if p.state == State::Broken && !p.held {
            self.report_exit(p.pid, &p.code.name.clone(), KILLED);
            self.free_progs.push(slot);
            return;
        }
        self.withdraw(&mut p);
        self.end(p, End::Killed);
    }

    /// Takes a prog out of whatever it waits on (run queue, channel queues, alt
    /// registrations, a blocking call); it is left in state `ready`, queued nowhere.
    pub(super) fn withdraw(&mut self, p: &mut Prog) {
        let slot = p.slot;
        match p.state {
            State::Ready => self.ready.retain(|&s| s != slot),
            State::Send | State::Recv => {
                for c in self.chans.iter_mut().flatten() {
                    c.sendq.retain(|w| w.prog != slot);
                    c.recvq.retain(|w| w.prog != slot);
                }
            }
            State::Alt => {
                for id in std::mem::take(&mut p.alt_chans) {
                    if let Some(Some(c)) = self.chans.get_mut(id as usize) {
                        c.sendq.retain(|w| w.prog != slot);
                        c.recvq.retain(|w| w.prog != slot);
                    }
                }
            }
            State::Release => self.cancel_call(p),
            State::Broken | State::Stopped => {}
        }
        p.state = State::Ready;
    }

    /// Makes the waiting or ready prog in `slot` raise `text` when it next runs.
    pub(super) fn interrupt(&mut self, slot: u32, text: &str) {
        let Some(mut p) = self.progs.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        if p.state != State::Broken {
            if matches!(p.state, State::Send | State::Recv | State::Alt) {
                // The wait began at the instruction before `pc`; it raises there.
                p.pc = p.pc.saturating_sub(1);
            }
            self.withdraw(&mut p);
            if let Some(old) = p.pending.take() {
                self.drop_exception(*old);
            }
            p.pending = Some(Box::new(Exception {
                text: text.to_string(),
                value: None,
                is_object: false,
            }));
            self.ready.push_back(slot);
        }
        self.progs[slot as usize] = Some(p);
    }

    /// A member of a process group died of exception `text`: with the group's
    /// `propagate` mode every other member raises it; with `notifyleader` the other
    /// members are killed and the leader raises it. The mode applies when both the
    /// dead prog and the group's leader carry it. (The original also spreads a kill
    /// this way; here a kill stays with the progs it names.)
    fn spread_exception(&mut self, dead: &Prog, text: &str) {
        let mode = dead.flags & (PROPAGATE | NOTIFYLEADER);
        if mode == 0 {
            return;
        }
        let leader = self.slot_of(dead.pgrp);
        let leader_mode = leader
            .and_then(|s| self.progs[s as usize].as_ref())
            .map_or(0, |p| p.flags & mode);
        if leader_mode == 0 {
            return;
        }
        let members: Vec<u32> = self
            .progs
            .iter()
            .flatten()
            .filter(|p| p.pgrp == dead.pgrp && p.slot != dead.slot && p.state != State::Broken)
            .map(|p| p.slot)
            .collect();
        for slot in members {
            if leader_mode & PROPAGATE != 0 || Some(slot) == leader {
                self.interrupt(slot, text);
            } else {
                self.kill_slot(slot);
            }
        }
    }
}
