//! Meters (after KeyKOS's): budgets of Dis instructions and heap bytes given to
//! process groups, and what every prog and group has consumed.
//!
//! Metering is off until the embedder or a first budget turns it on; while off,
//! the scheduler and the heap pay one test of a flag. While on, each turn is
//! charged to its prog and group: the instructions it ran (exactly, also for a
//! turn that ends early because the prog waits, raises or ends) and host time.
//! A turn's charges are held in the prog and settled into the counters at most
//! every 64 turns ([`charge`]), so that a turn costs a few additions and one
//! compare. The heap charges each block to the group of the prog whose turn
//! allocates it, writing the group's meter slot in the block header's spare word,
//! and credits it back when the block is freed.
//!
//! A group whose instructions reach their budget, or whose live heap bytes pass
//! theirs, is exhausted: its progs are stopped (state `stopped`: not run, not
//! killed) as they come to run, and the exhaustion is reported (to the group's
//! keeper, else on the console). A new budget resumes them. One allocation that
//! would take the group past twice its heap budget is refused, as memory
//! exhaustion is (`out of memory: heap`).

mod charge;

use super::arena::NIL;
use super::last_exception::LastException;
use super::prog::{Prog, State, Usage};
use super::trap::{raise, Trap, EXC_HEAP};
use super::Machine;
use std::collections::HashMap;
use std::time::Instant;

/// One of a group's two budgets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// Dis instructions.
    Insts,
    /// Live heap bytes.
    Heap,
}

impl Budget {
    /// Its name in control messages, the `meter` file and reports.
    pub fn name(self) -> &'static str {
        match self {
            Budget::Insts => "insts",
            Budget::Heap => "heap",
        }
    }
}

/// A process group's meter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupMeter {
    /// The group (its leader's pid).
    pub pgrp: u32,
    /// Instructions charged.
    pub insts: u64,
    /// The group stops when `insts` reaches this.
    pub insts_limit: Option<u64>,
    /// Host time of its members' turns, in nanoseconds.
    pub cpu_ns: u64,
    /// Bytes in heap blocks its members allocated that are not yet freed.
    pub heap: u64,
    /// The group stops when `heap` passes this.
    pub heap_limit: Option<u64>,
    /// The budget that ran out, while the group is stopped.
    pub exhausted: Option<Budget>,
}

/// A group's meter and the instructions its members were granted and have not
/// settled ([`charge`]).
#[derive(Default)]
struct Slot {
    meter: GroupMeter,
    granted: u64,
}

/// The machine's meters.
#[derive(Default)]
pub struct Meters {
    /// Whether anything is counted.
    pub(super) on: bool,
    /// Group meters by slot; slot 0 is never a group's (blocks carrying 0 are
    /// charged to nobody).
    groups: Vec<Slot>,
    /// Slots by process group.
    by_pgrp: HashMap<u32, u32>,
    free: Vec<u32>,
    /// The slot that allocations are charged to now (0: none).
    current: u32,
    /// Bytes allocated during the running turn.
    turn_bytes: u64,
    /// A budget that ran out during the running turn.
    ran_out: Option<Budget>,
    /// Set when the running turn must settle its prog's charges as it ends (a
    /// budget ran out or was changed during it, or its prog changed group).
    pub(super) attend: bool,
    /// The progs granted instructions since `window_start`, whose host time is
    /// measured together.
    window: Vec<Charge>,
    window_start: Option<Instant>,
}

/// A prog's turns in a time window.
struct Charge {
    /// The prog's table slot and pid.
    prog: u32,
    pid: u32,
    /// Its group's meter slot.
    group: u32,
    /// Instructions settled.
    insts: u64,
}

/// Why a control request about meters failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeterError {
    /// No prog has that pid.
    NoProg,
}

impl Meters {
    fn group(&mut self, slot: u32) -> &mut GroupMeter {
        &mut self.groups[slot as usize].meter
    }
}

impl Machine {
    /// Turns metering on (it stays on); consumption counts from now.
    pub fn meters_on(&mut self) {
        if !self.meters.on {
            self.meters.on = true;
            if self.meters.groups.is_empty() {
                self.meters.groups.push(Slot::default());
            }
        }
    }

    /// Whether metering is on.
    pub fn metering(&self) -> bool {
        self.meters.on
    }

    /// The meter slot of group `pgrp`, made when it has none.
    fn meter_slot(&mut self, pgrp: u32) -> u32 {
        if let Some(&s) = self.meters.by_pgrp.get(&pgrp) {
            return s;
        }
        self.forget_idle_meters();
        let m = Slot {
            meter: GroupMeter {
                pgrp,
                ..GroupMeter::default()
            },
            granted: 0,
        };
        let slot = match self.meters.free.pop() {
            Some(s) => {
                self.meters.groups[s as usize] = m;
                s
            }
            None => {
                self.meters.groups.push(m);
                (self.meters.groups.len() - 1) as u32
            }
        };
        self.meters.by_pgrp.insert(pgrp, slot);
        slot
    }

    /// When there are many more group meters than progs, frees those of groups
    /// that have no member, no budget, no live bytes and no instructions
    /// granted.
    fn forget_idle_meters(&mut self) {
        let live = self.meters.by_pgrp.len();
        if live < 64 || live < 4 * self.progs.len() {
            return;
        }
        let mut used: Vec<u32> = self.progs.iter().flatten().map(|p| p.pgrp).collect();
        used.extend(self.caller.as_ref().map(|c| c.pgrp));
        used.sort_unstable();
        let idle: Vec<(u32, u32)> = self
            .meters
            .by_pgrp
            .iter()
            .map(|(&g, &s)| (g, s))
            .filter(|&(g, s)| {
                let Slot { meter: m, granted } = &self.meters.groups[s as usize];
                used.binary_search(&g).is_err()
                    && *granted == 0
                    && m.heap == 0
                    && m.insts_limit.is_none()
                    && m.heap_limit.is_none()
            })
            .collect();
        for (g, s) in idle {
            self.meters.by_pgrp.remove(&g);
            self.meters.groups[s as usize] = Slot::default();
            self.meters.free.push(s);
        }
    }

    /// Charges the block at `a` (`size` bytes with its header) to the group
    /// whose turn is running. Called by the heap for every allocation while
    /// metering is on.
    #[inline]
    pub(super) fn charge_block(&mut self, a: u32, size: u32) -> Result<(), Trap> {
        let slot = self.meters.current;
        let bytes = u64::from(size);
        match self.meters.groups.get_mut(slot as usize) {
            Some(s) if slot != 0 && s.meter.heap_limit.is_none() => s.meter.heap += bytes,
            Some(_) if slot != 0 => self.charge_budgeted(a, slot, bytes)?,
            _ => return Ok(()),
        }
        self.meters.turn_bytes += bytes;
        self.mem.set_u(a - 4, slot)
    }

    /// Charges `bytes` to group meter `slot`, which has a heap budget: refuses
    /// the block at `a` when it would take the group past twice its budget,
    /// and notes that the budget ran out when it passes it.
    #[cold]
    #[inline(never)]
    fn charge_budgeted(&mut self, a: u32, slot: u32, bytes: u64) -> Result<(), Trap> {
        let g = self.meters.group(slot);
        let limit = g.heap_limit.unwrap_or(u64::MAX);
        if g.heap + bytes > limit.saturating_mul(2) {
            self.free_block(a)?;
            return raise(EXC_HEAP);
        }
        g.heap += bytes;
        if g.heap > limit {
            self.meters.ran_out = Some(Budget::Heap);
            self.meters.attend = true;
        }
        Ok(())
    }

    /// Credits the block at `a` (`size` bytes) back to the group it was charged
    /// to. Called by the heap for every block freed while metering is on.
    pub(super) fn credit_block(&mut self, a: u32, size: u32) {
        let slot = self.mem.u(a - 4).unwrap_or(0);
        if slot == 0 || slot == NIL {
            return;
        }
        if let Some(Slot { meter: g, .. }) = self.meters.groups.get_mut(slot as usize) {
            g.heap = g.heap.saturating_sub(u64::from(size));
        }
    }

    /// Gives the group of prog `pid` a budget: `Insts` gives it `amount` more
    /// instructions from now; `Heap` lets its live bytes reach `amount`; `None`
    /// takes the budget away. Turns metering on. A group stopped for lack of
    /// what it now has resumes.
    pub fn set_budget(
        &mut self,
        pid: u32,
        budget: Budget,
        amount: Option<u64>,
    ) -> Result<(), MeterError> {
        let pgrp = self.pgrp_of(pid).ok_or(MeterError::NoProg)?;
        self.meters_on();
        let slot = self.meter_slot(pgrp);
        // The members give back what they were granted under the old budget;
        // a prog whose turn is running (the caller) does when its turn ends.
        self.settle_group(slot);
        self.meters.attend = true;
        let insts = self.meters.groups[slot as usize].meter.insts + self.caller_unsettled(slot);
        let g = self.meters.group(slot);
        match budget {
            Budget::Insts => g.insts_limit = amount.map(|n| insts.saturating_add(n)),
            Budget::Heap => g.heap_limit = amount,
        }
        let still = match g.exhausted {
            Some(Budget::Insts) => g.insts_limit.is_some_and(|l| insts >= l),
            Some(Budget::Heap) => g.heap_limit.is_some_and(|l| g.heap > l),
            None => true,
        };
        if !still {
            g.exhausted = None;
            self.resume_group(pgrp);
        }
        Ok(())
    }

    /// The process group of prog `pid` (also the one whose built-in call runs).
    pub(super) fn pgrp_of(&self, pid: u32) -> Option<u32> {
        match self.caller.as_ref().filter(|c| c.pid == pid) {
            Some(c) => Some(c.pgrp),
            None => self
                .slot_of(pid)
                .and_then(|s| self.progs[s as usize].as_ref())
                .map(|p| p.pgrp),
        }
    }

    /// Puts every stopped prog of group `pgrp` back in the run queue.
    fn resume_group(&mut self, pgrp: u32) {
        for p in self.progs.iter_mut().flatten() {
            if p.state == State::Stopped && p.pgrp == pgrp {
                p.state = State::Ready;
                self.ready.push_back(p.slot);
            }
        }
    }

    /// The consumption of prog `pid` and its group's meter (a group that was
    /// never charged shows zeros).
    pub fn meter_of(&self, pid: u32) -> Option<(Usage, GroupMeter)> {
        let (mut usage, pgrp, unsettled) = match self.caller.as_ref().filter(|c| c.pid == pid) {
            Some(c) => (c.usage, c.pgrp, c.unsettled),
            None => {
                let p = self.progs[self.slot_of(pid)? as usize].as_ref()?;
                (p.usage, p.pgrp, p.metered)
            }
        };
        usage.insts += u64::from(unsettled);
        let group = self.group_meter(pgrp).unwrap_or(GroupMeter {
            pgrp,
            ..GroupMeter::default()
        });
        Some((usage, group))
    }

    /// The meter of group `pgrp`, if it was ever charged or given a budget.
    pub fn group_meter(&self, pgrp: u32) -> Option<GroupMeter> {
        let &s = self.meters.by_pgrp.get(&pgrp)?;
        let mut m = self.meters.groups[s as usize].meter.clone();
        m.insts += self.unsettled(s);
        Some(m)
    }

    /// Tells the group's keeper, or else the console, that `p`'s group ran out
    /// of `budget`.
    fn report_exhausted(&mut self, p: &Prog, budget: Budget) {
        let text = format!("meter {}", budget.name());
        if self.keeps(p.pgrp) {
            let at = LastException {
                pc: p.pc,
                module: p.code.name.clone(),
                text: text.clone(),
                uncaught: true,
                path: p.code.path.clone(),
            };
            self.tell_keeper(p, "stopped", &at);
        } else {
            let module = p.code.name.clone();
            self.console_line(&format!("[{module}] Stopped: \"{text}\""));
        }
    }
}
