//! The progs of a machine and the scheduler: a table of progs, a FIFO run queue,
//! round-robin turns of [`QUANTUM`] instructions, `spawn`/`mspawn`, and waking progs
//! that waited on channels. When no prog is ready the scheduler sleeps until a
//! blocking call, a timer or posted code makes one ready ([`super::blocking`]).

use super::arena::NIL;
use super::channel::Waiter;
use super::exec::Yield;
use super::module::{Code, Entry};
use super::prog::{Prog, State};
use super::run::{exception_of, Outcome, QUANTUM};
use super::trap::{raise, Exception, Trap, EXC_MODULE};
use super::types::frame_bytes;
use super::Machine;
use std::rc::Rc;

/// Why a prog ends.
pub(super) enum End {
    /// `exit`, a return from its first function, or an empty exception.
    Exit,
    /// Killed (`/prog/N/ctl`, its group dying): no handler runs.
    Killed,
    /// An exception nothing handled.
    Unhandled(Box<Exception>),
}

/// Scheduler turns between two looks for finished blocking calls, due timers and
/// posted code while progs are ready (at most about a third of a millisecond of
/// work at full quanta).
const POLL_TURNS: u32 = 64;

impl Machine {
    /// Puts a prog in the table and at the end of the run queue; returns its slot.
    pub fn add_prog(&mut self, mut p: Prog) -> u32 {
        let slot = match self.free_progs.pop() {
            Some(s) => s,
            None => {
                self.progs.push(None);
                (self.progs.len() - 1) as u32
            }
        };
        p.slot = slot;
        p.state = State::Ready;
        self.progs[slot as usize] = Some(Box::new(p));
        self.ready.push_back(slot);
        slot
    }

    /// Runs progs until none can run again: none is ready, and no blocking call,
    /// timer or posted code can make one ready. Progs left waiting on channels, and
    /// broken ones, stay in the table. Returns how prog `first` ended (however it
    /// was made to end: by its own doing, a kill, its group), or `Waiting` if it
    /// still waits.
    pub fn run_all(&mut self, first: u32) -> Outcome {
        self.watched = (self.pid_of(first), None);
        let mut turns = 0u32;
        loop {
            turns = turns.wrapping_add(1);
            if turns.is_multiple_of(POLL_TURNS) {
                if self.meters.on {
                    self.settle_time();
                }
                self.poll_events(false);
            }
            let Some(id) = self.ready.pop_front() else {
                if self.meters.on {
                    self.settle_time();
                }
                if self.poll_events(true) {
                    continue;
                }
                break;
            };
            let Some(mut p) = self.progs.get_mut(id as usize).and_then(Option::take) else {
                continue;
            };
            let turn = if self.meters.on {
                if !self.may_run(&mut p) {
                    p.state = State::Stopped;
                    self.progs[id as usize] = Some(p);
                    continue;
                }
                // A meter's counts are exact, so a metered prog is not sampled.
                match p.pending.take() {
                    Some(e) => Err(Trap::Raise(e)),
                    None => self.metered_turn(&mut p),
                }
            } else {
                match p.pending.take() {
                    Some(e) => Err(Trap::Raise(e)),
                    None if self.profiling() => self.profiled_turn(&mut p),
                    None => self.exec(&mut p, QUANTUM),
                }
            };
            let end = if std::mem::take(&mut self.kill_running) {
                if let Err(Trap::Raise(e)) = turn {
                    self.drop_exception(*e);
                }
                self.withdraw(&mut p);
                End::Killed
            } else {
                match self.after_turn(p, id, turn) {
                    Some((rest, end)) => {
                        p = rest;
                        end
                    }
                    None => continue,
                }
            };
            self.end(p, end);
        }
        self.watched.1.take().unwrap_or(Outcome::Waiting)
    }

    /// Runs progs until none can run again, as [`Machine::run_all`] does, for an
    /// embedder that adds every prog through posted code (see
    /// [`Machine::stay_alive`]).
    pub fn run_posted(&mut self) {
        // No prog has slot `u32::MAX`, so no first prog is followed.
        self.run_all(u32::MAX);
    }

    /// Puts a prog back after its turn (`None`), or says why it ends.
    fn after_turn(
        &mut self,
        mut p: Box<Prog>,
        id: u32,
        turn: Result<Yield, Trap>,
    ) -> Option<(Box<Prog>, End)> {
        let unhandled = match turn {
            Ok(y) => match self.collect_step(&p) {
                Ok(()) => {
                    self.check_heap_if_on(&p);
                    self.progs[id as usize] = Some(p);
                    if y == Yield::Quantum {
                        self.ready.push_back(id);
                    }
                    return None;
                }
                Err(t) => exception_of(t),
            },
            Err(Trap::Exit) => return Some((p, End::Exit)),
            Err(Trap::Raise(e)) => match self.handle(&mut p, e) {
                Ok(None) => {
                    self.check_heap_if_on(&p);
                    self.progs[id as usize] = Some(p);
                    self.ready.push_front(id);
                    return None;
                }
                Ok(Some(e)) => e,
                Err(t) => exception_of(t),
            },
        };
        if unhandled.text.is_empty() {
            self.drop_exception(*unhandled);
            return Some((p, End::Exit));
        }
        Some((p, End::Unhandled(unhandled)))
    }

    fn pid_of(&self, slot: u32) -> u32 {
        match self.progs.get(slot as usize) {
            Some(Some(p)) => p.pid,
            _ => 0,
        }
    }

    /// Makes a waiting prog ready: for one blocked in `alt`, its other registrations
    /// are withdrawn and the chosen case stored first.
    pub fn wake(&mut self, w: Waiter) -> Result<(), Trap> {
        if self.end_external(w.prog, true) {
            return Ok(());
        }
        if let Some((case, index)) = w.alt {
            let (chans, result) = match self.progs.get_mut(w.prog as usize) {
                Some(Some(p)) => (std::mem::take(&mut p.alt_chans), p.alt_result),
                _ => return Ok(()),
            };
            for id in chans {
                if let Some(Some(c)) = self.chans.get_mut(id as usize) {
                    c.sendq.retain(|x| x.prog != w.prog);
                    c.recvq.retain(|x| x.prog != w.prog);
                }
            }
            self.mem.set_u(result, case)?;
            if let Some((at, i)) = index {
                self.mem.set_u(at, i)?;
            }
        }
        if let Some(Some(p)) = self.progs.get_mut(w.prog as usize) {
            p.state = State::Ready;
            self.ready.push_back(w.prog);
        }
        Ok(())
    }

    /// `spawn`/`mspawn`: a new prog running `pc` of `code` in module link `ml`
    /// (taking a reference to it) with the frame at `f`, which moves from the caller's
    /// stack (with the references it holds) to the new prog's.
    #[inline(never)]
    pub fn spawn(
        &mut self,
        p: &mut Prog,
        f: u32,
        pc: u32,
        ml: u32,
        code: Rc<Code>,
    ) -> Result<(), Trap> {
        let at = p.uncalled_frame(f)?;
        let ty = p.frames[at].ty;
        self.inc(ml)?;
        let size = frame_bytes(self.types.get(ty).size);
        let mp = self.mem.u(ml)?;
        let pid = self.new_pid();
        let mut np = Prog::new(pid, ml, mp, code, pc);
        np.errstr = p.errstr.clone();
        np.host = p.host.clone();
        np.pgrp = p.pgrp;
        np.meter = p.meter;
        np.parent = p.pid;
        np.flags = p.flags;
        let nf = self.push_frame(&mut np, ty)?;
        self.mem.copy(nf, f, size)?;
        self.enter_frame(&mut np, nf, 0, NIL)?;
        // The frame's references moved to the new prog: forget it unreleased.
        self.pop_frames(p, at + 1)?;
        p.frames.truncate(at);
        self.pop_to(p, f)?;
        self.add_prog(np);
        self.report_spawn(p.pid, pid);
        Ok(())
    }

    /// `mspawn frame, $i, mod`.
    #[inline(never)]
    pub fn mspawn(&mut self, p: &mut Prog, f: u32, l: u32, i: i32) -> Result<(), Trap> {
        match self.entry(l, i)? {
            Entry::Dis { pc, .. } => {
                let code = match &self.link(l)?.code {
                    Some(c) => c.clone(),
                    None => return raise(EXC_MODULE),
                };
                self.spawn(p, f, pc, l, code)
            }
            Entry::Native { .. } => raise("spawn a builtin module"),
        }
    }
}
