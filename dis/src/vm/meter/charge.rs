//! A metered turn's charges, held in the prog and settled in the group's meter.
//!
//! A prog runs on a grant of instructions from its group's meter: all of them
//! (`u32::MAX`) when the group has no instruction budget, else at most
//! [`LIMITED_GRANT`] of what is left of the budget after what the other members
//! hold. A turn runs at most what is left of its prog's grant and moves what it
//! ran from the grant to the prog's count, so the scheduler pays a few
//! additions and one compare per turn. The prog settles
//! (adds what it ran to its usage and its group's meter, and gives back its
//! grant) when its grant is used up, when it ends or changes group, when a
//! budget of its group changes or runs out, and for every prog at the end of
//! each time window (every 64 turns, and before the scheduler sleeps), when the
//! window's host time is shared among its progs by the instructions each ran.
//!
//! A group reaches its instruction budget exactly: a member that finds nothing
//! left to be granted while others hold grants makes them settle first, so
//! the group is exhausted only when its settled count is its budget.

use super::{Budget, Charge, Meters, Slot};
use crate::vm::exec::Yield;
use crate::vm::prog::Prog;
use crate::vm::run::QUANTUM;
use crate::vm::trap::Trap;
use crate::vm::Machine;
use std::time::Instant;

/// The most instructions a member of a group with an instruction budget is
/// granted at once, so that its fellow members can run on the rest.
const LIMITED_GRANT: u64 = 4 * QUANTUM as u64;

impl Meters {
    /// Adds what `p` ran on its grant to its usage, its group's meter and its
    /// time window entry, and gives back the grant.
    pub(in crate::vm) fn settle(&mut self, p: &mut Prog) {
        if p.grant == 0 && p.metered == 0 {
            return;
        }
        let ran = u64::from(std::mem::take(&mut p.metered));
        let grant = ran + u64::from(std::mem::take(&mut p.grant));
        p.usage.insts += ran;
        if let Some(Slot { meter, granted }) = self.groups.get_mut(p.meter as usize) {
            meter.insts += ran;
            *granted = granted.saturating_sub(grant);
        }
        if let Some(c) = self.window.get_mut(p.window_at as usize) {
            if c.pid == p.pid {
                c.insts += ran;
            }
        }
    }

    /// What group meter `slot` may still grant.
    fn room(&self, slot: u32) -> u64 {
        let Slot { meter, granted } = &self.groups[slot as usize];
        match meter.insts_limit {
            Some(l) => l.saturating_sub(meter.insts + granted).min(LIMITED_GRANT),
            None => u64::from(u32::MAX),
        }
    }
}

impl Machine {
    /// Whether `p` (just taken to run) may run, granted instructions when
    /// it has none left; false when its group is exhausted.
    #[inline(always)]
    pub(in crate::vm) fn may_run(&mut self, p: &mut Prog) -> bool {
        p.grant > 0 || self.grant(p)
    }

    /// One turn of `p`, which [`Machine::may_run`], charged: at most what is
    /// left of its grant, and what it ran moves from the grant to its count.
    #[inline(always)]
    pub(in crate::vm) fn metered_turn(&mut self, p: &mut Prog) -> Result<Yield, Trap> {
        self.meters.current = p.meter;
        let turn = self.exec(p, p.grant.min(QUANTUM));
        self.meters.current = 0;
        let ran = self.turn_insts;
        p.metered += ran;
        p.grant -= ran;
        p.usage.allocated += std::mem::take(&mut self.meters.turn_bytes);
        if p.grant == 0 || self.meters.attend {
            self.attend(p);
        }
        turn
    }

    /// Grants `p` instructions from its group's meter and enters it in the
    /// window of turns; false, with the group exhausted, when the group has
    /// none left.
    #[inline(never)]
    fn grant(&mut self, p: &mut Prog) -> bool {
        self.meters.settle(p);
        let slot = p.meter;
        // The slot found last time, unless its group changed or its meter was
        // forgotten and reused since.
        let grant = match self.meters.groups.get_mut(slot as usize) {
            Some(s)
                if slot != 0
                    && s.meter.pgrp == p.pgrp
                    && s.meter.insts_limit.is_none()
                    && s.meter.exhausted.is_none() =>
            {
                s.granted += u64::from(u32::MAX);
                u32::MAX
            }
            _ => match self.grant_budgeted(p) {
                Some(g) => g,
                None => return false,
            },
        };
        p.grant = grant;
        p.metered = 0;
        let w = &mut self.meters;
        match w.window.get(p.window_at as usize) {
            Some(c) if c.pid == p.pid && c.group == p.meter => {}
            _ => {
                p.window_at = w.window.len() as u32;
                w.window.push(Charge {
                    prog: p.slot,
                    pid: p.pid,
                    group: p.meter,
                    insts: 0,
                });
            }
        }
        if w.window_start.is_none() {
            w.window_start = Some(Instant::now());
        }
        true
    }

    /// The grant of `p` (settled) when its meter slot must be found again or
    /// its group has an instruction budget or is exhausted; `None`, with the
    /// group exhausted, when the group has nothing left.
    #[cold]
    #[inline(never)]
    fn grant_budgeted(&mut self, p: &mut Prog) -> Option<u32> {
        p.meter = match self.meters.groups.get(p.meter as usize) {
            Some(s) if p.meter != 0 && s.meter.pgrp == p.pgrp => p.meter,
            _ => self.meter_slot(p.pgrp),
        };
        let slot = p.meter;
        if self.meters.groups[slot as usize].meter.exhausted.is_some() {
            return None;
        }
        let mut room = self.meters.room(slot);
        if room == 0 && self.meters.groups[slot as usize].granted > 0 {
            self.settle_group(slot);
            room = self.meters.room(slot);
        }
        if room == 0 {
            self.exhaust(p, Budget::Insts);
            return None;
        }
        self.meters.groups[slot as usize].granted += room;
        Some(room as u32)
    }

    /// After a turn that used up `p`'s grant, or during which a budget ran out
    /// or changed or `p` changed group: settles `p` and marks its group
    /// exhausted if a budget ran out.
    #[cold]
    #[inline(never)]
    fn attend(&mut self, p: &mut Prog) {
        self.meters.attend = false;
        self.meters.settle(p);
        let slot = p.meter as usize;
        let Some(s) = self.meters.groups.get(slot) else {
            return;
        };
        let mut ran_out = self.meters.ran_out.take();
        if let Some(l) = s.meter.insts_limit {
            if s.meter.insts + s.granted >= l {
                if s.granted > 0 {
                    self.settle_group(p.meter);
                }
                if self.meters.groups[slot].meter.insts >= l {
                    ran_out = Some(Budget::Insts);
                }
            }
        }
        if let Some(b) = ran_out {
            self.exhaust(p, b);
        }
    }

    /// Marks `p`'s group exhausted of `budget` (if it is not already), makes
    /// its members give back their grants so that they stop as they come to
    /// run, and reports it.
    fn exhaust(&mut self, p: &Prog, budget: Budget) {
        let g = self.meters.group(p.meter);
        if g.exhausted.is_none() {
            g.exhausted = Some(budget);
            self.settle_group(p.meter);
            self.report_exhausted(p, budget);
        }
    }

    /// Settles every prog in the table that holds a grant of group meter
    /// `slot`.
    pub(in crate::vm) fn settle_group(&mut self, slot: u32) {
        for i in 0..self.meters.window.len() {
            let c = &self.meters.window[i];
            let (prog, pid, group) = (c.prog, c.pid, c.group);
            let prog = self.progs.get_mut(prog as usize).and_then(Option::as_mut);
            if let Some(p) = prog.filter(|p| p.pid == pid && group == slot) {
                self.meters.settle(p);
            }
        }
    }

    /// The instructions that the prog whose built-in call runs has not yet
    /// settled in group meter `slot`.
    pub(in crate::vm) fn caller_unsettled(&self, slot: u32) -> u64 {
        self.caller
            .as_ref()
            .filter(|c| c.meter == slot)
            .map_or(0, |c| u64::from(c.unsettled))
    }

    /// The instructions that members of group meter `slot` ran and have not
    /// yet settled.
    pub(in crate::vm) fn unsettled(&self, slot: u32) -> u64 {
        let table = self.progs.iter().flatten().filter(|p| p.meter == slot);
        table.map(|p| u64::from(p.metered)).sum::<u64>() + self.caller_unsettled(slot)
    }

    /// Settles every prog of the window of turns and shares the host time
    /// since it began among them, by the instructions each ran; the next
    /// window begins at the next grant. The scheduler calls it between turns,
    /// every 64 turns and before it sleeps.
    pub(in crate::vm) fn settle_time(&mut self) {
        let Some(start) = self.meters.window_start.take() else {
            return;
        };
        for i in 0..self.meters.window.len() {
            let (prog, pid) = (self.meters.window[i].prog, self.meters.window[i].pid);
            let prog = self.progs.get_mut(prog as usize).and_then(Option::as_mut);
            if let Some(p) = prog.filter(|p| p.pid == pid) {
                self.meters.settle(p);
            }
        }
        // Nanoseconds times instructions fit in 64 bits unless a window
        // lasts for hours; the shares are then computed in 128.
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let window = std::mem::take(&mut self.meters.window);
        let total = window.iter().map(|c| c.insts).sum::<u64>().max(1);
        for c in &window {
            let share = match ns.checked_mul(c.insts) {
                Some(product) => product / total,
                None => (u128::from(ns) * u128::from(c.insts) / u128::from(total)) as u64,
            };
            if let Some(s) = self.meters.groups.get_mut(c.group as usize) {
                s.meter.cpu_ns += share;
            }
            let prog = self.progs.get_mut(c.prog as usize).and_then(Option::as_mut);
            if let Some(p) = prog.filter(|p| p.pid == c.pid) {
                p.usage.cpu_ns += share;
            }
        }
        self.meters.window = window;
        self.meters.window.clear();
    }
}
