//! The progs of a machine and the scheduler: a table of progs, a FIFO run queue,
//! round-robin turns of [`QUANTUM`] instructions, `spawn`/`mspawn`, and waking progs
//! that waited on channels.

use super::arena::NIL;
use super::channel::Waiter;
use super::exec::Yield;
use super::module::{Code, Entry};
use super::prog::{frame_bytes, Prog, REG_FP, REG_LR, REG_MR, REG_T};
use super::run::{exception_of, Outcome, QUANTUM};
use super::trap::{raise, Trap, EXC_MODULE};
use super::Machine;
use std::rc::Rc;

/// What a prog is doing (the original's states that exist so far).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Ready,
    Send,
    Recv,
    Alt,
}

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
        self.progs[slot as usize] = Some(p);
        self.ready.push_back(slot);
        slot
    }

    /// Runs every prog until none can run; returns how prog `first` ended.
    pub fn run_all(&mut self, first: u32) -> Outcome {
        let mut first_end = None;
        while let Some(id) = self.ready.pop_front() {
            let Some(mut p) = self.progs.get_mut(id as usize).and_then(Option::take) else {
                continue;
            };
            let end = match self.exec(&mut p, QUANTUM) {
                Ok(Yield::Quantum) => {
                    let collected = if self.gc_wanted {
                        self.collect(&[&p])
                    } else {
                        Ok(())
                    };
                    match collected {
                        Ok(()) => {
                            self.progs[id as usize] = Some(p);
                            self.ready.push_back(id);
                            continue;
                        }
                        Err(t) => Some(exception_of(t)),
                    }
                }
                Ok(Yield::Blocked) => {
                    self.progs[id as usize] = Some(p);
                    continue;
                }
                Err(Trap::Exit) => None,
                Err(Trap::Raise(e)) => match self.handle(&mut p, e) {
                    Ok(None) => {
                        self.progs[id as usize] = Some(p);
                        self.ready.push_front(id);
                        continue;
                    }
                    Ok(Some(e)) => Some(e),
                    Err(t) => Some(exception_of(t)),
                },
            };
            let outcome = self.finish(&mut p, end);
            self.free_progs.push(id);
            if id == first {
                first_end = Some(outcome);
            }
        }
        first_end.unwrap_or(Outcome::Exited)
    }

    /// Makes a waiting prog ready: for one blocked in `alt`, its other registrations
    /// are withdrawn and the chosen case stored first.
    pub fn wake(&mut self, w: Waiter) -> Result<(), Trap> {
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
    /// (whose reference it takes) with the frame at `f`, which moves from the caller's
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
        let ty = self.mem.u(f + REG_T)?;
        let size = frame_bytes(self.types.get(ty).size);
        let mp = self.mem.u(ml)?;
        let pid = self.new_pid();
        let mut np = Prog::new(pid, ml, mp, code, pc);
        np.errstr = p.errstr.clone();
        let nf = self.push_frame(&mut np, ty)?;
        self.mem.copy(nf, f, size)?;
        self.mem.set_u(nf + REG_LR, 0)?;
        self.mem.set_u(nf + REG_FP, NIL)?;
        self.mem.set_u(nf + REG_MR, NIL)?;
        np.fp = nf;
        self.pop_to(p, f)?;
        self.add_prog(np);
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
                self.inc(l)?;
                self.spawn(p, f, pc, l, code)
            }
            Entry::Native { .. } => raise("spawn a builtin module"),
        }
    }
}
