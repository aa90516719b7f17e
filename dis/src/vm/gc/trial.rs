//! The sweep: walks the heap a piece at a time, and puts each unmarked object,
//! with the unmarked objects it reaches, through trial deletion, which frees the
//! group's members that nothing outside it refers to and marks the others.
//!
//! The group is handled in one go, its states kept in the spare flag bit
//! [`F_GROUP`] of the size word and in the members' reference counts, which are
//! lowered by the references members hold to members and then raised again for
//! every member found live.

use super::super::heap::{F_FREE, F_MARK, HDR};
use super::super::trap::Trap;
use super::super::types::Kind;
use super::super::Machine;
use super::mark::is_block;

/// Flag in the size word: the block belongs to the group under trial.
pub const F_GROUP: u32 = 4;

/// The reference count garbage holds while it is being freed, so that a stray
/// drop from a release hook cannot destroy it twice.
const DOOMED: u32 = 1 << 30;

impl Machine {
    /// Walks about `budget` blocks (and the groups found); returns the units used
    /// and whether the walk reached the end of the heap.
    pub(super) fn sweep_some(&mut self, budget: u64) -> Result<(u64, bool), Trap> {
        let mut used = 0;
        while used < budget {
            let b = self.gc.cursor;
            if b >= self.heap.top {
                return Ok((used, true));
            }
            let w = self.mem.u(b)?;
            let size = w & !15;
            if size < HDR || u64::from(b) + u64::from(size) > u64::from(self.heap.top) {
                // A broken size word: the walk cannot go on safely.
                self.gc.cursor = self.heap.top;
                return Ok((used, true));
            }
            self.gc.cursor = b + size;
            used += 1;
            if w & F_FREE != 0 || self.gc.is_marked(w) {
                continue;
            }
            let a = b + HDR;
            if self.types.get(self.type_of(a)?).kind == Kind::Stack {
                continue;
            }
            used += self.try_group(a)?;
        }
        Ok((used, false))
    }

    /// Whether `c` is an object that may belong to a group: allocated, unmarked,
    /// not a stack.
    fn unmarked_object(&self, c: u32) -> Result<bool, Trap> {
        if !is_block(c, self.heap.top) {
            return Ok(false);
        }
        let w = self.mem.u(c - HDR)?;
        if w & F_FREE != 0 || self.gc.is_marked(w) {
            return Ok(false);
        }
        Ok(self.types.get(self.type_of(c)?).kind != Kind::Stack)
    }

    fn flag(&mut self, a: u32, set: u32, clear: u32) -> Result<(), Trap> {
        let w = self.mem.u(a - HDR)?;
        self.mem.set_u(a - HDR, (w & !clear) | set)
    }

    /// Trial deletion of the group of unmarked objects `seed` reaches; returns
    /// the work done (members and pointer words).
    fn try_group(&mut self, seed: u32) -> Result<u64, Trap> {
        let mut group = std::mem::take(&mut self.gc.group);
        let mut work = std::mem::take(&mut self.gc.work);
        group.clear();
        work.clear();
        let result = self.trial(seed, &mut group, &mut work);
        // Whatever happened, no block keeps the group flag.
        for &x in &group {
            if let Ok(w) = self.mem.u(x - HDR) {
                if w & F_FREE == 0 {
                    let _ = self.mem.set_u(x - HDR, w & !F_GROUP);
                }
            }
        }
        let n = group.len() as u64;
        self.gc.stats.largest_group = self.gc.stats.largest_group.max(n);
        self.gc.group = group;
        self.gc.work = work;
        result.map(|edges| n + edges)
    }

    fn trial(&mut self, seed: u32, group: &mut Vec<u32>, work: &mut Vec<u32>) -> Result<u64, Trap> {
        let mut edges = 0u64;
        // Gather the group, taking from each member's count the references other
        // members hold.
        self.flag(seed, F_GROUP, 0)?;
        group.push(seed);
        work.push(seed);
        while let Some(x) = work.pop() {
            let slots = self.slots(x)?;
            for i in 0..slots.words() {
                let c = self.mem.u(slots.at(self, i))?;
                edges += 1;
                if !self.unmarked_object(c)? {
                    continue;
                }
                let r = self.refs(c)?;
                self.mem.set_u(c - 12, r.saturating_sub(1))?;
                if self.mem.u(c - HDR)? & F_GROUP == 0 {
                    self.flag(c, F_GROUP, 0)?;
                    group.push(c);
                    work.push(c);
                }
            }
        }
        // A member still counted is referenced from outside: it lives, with every
        // member it reaches, whose counts get back the references it holds.
        let live = self.gc.marked;
        for &x in group.iter() {
            if self.refs(x)? == 0 || self.gc.is_marked(self.mem.u(x - HDR)?) {
                continue;
            }
            self.flag(x, live, F_MARK)?;
            work.push(x);
            while let Some(y) = work.pop() {
                let slots = self.slots(y)?;
                for i in 0..slots.words() {
                    let c = self.mem.u(slots.at(self, i))?;
                    if !is_block(c, self.heap.top) {
                        continue;
                    }
                    let w = self.mem.u(c - HDR)?;
                    if w & (F_GROUP | F_FREE) != F_GROUP {
                        continue;
                    }
                    let r = self.refs(c)?;
                    self.mem.set_u(c - 12, r.wrapping_add(1))?;
                    if !self.gc.is_marked(w) {
                        self.flag(c, live, F_MARK)?;
                        work.push(c);
                    }
                }
            }
        }
        // The rest is garbage: only members refer to it.
        work.clear();
        for &x in group.iter() {
            if !self.gc.is_marked(self.mem.u(x - HDR)?) {
                self.mem.set_u(x - 12, DOOMED)?;
                work.push(x);
            }
        }
        for &g in work.iter() {
            let kind = self.types.get(self.type_of(g)?).kind;
            self.release_kind(g, kind)?;
        }
        // Objects outside the group lose the references garbage held.
        for &g in work.iter() {
            let slots = self.slots(g)?;
            for i in 0..slots.words() {
                let c = self.mem.u(slots.at(self, i))?;
                if is_block(c, self.heap.top) && self.mem.u(c - HDR)? & (F_GROUP | F_FREE) == 0 {
                    self.dec(c)?;
                }
            }
        }
        for &g in work.iter() {
            if self.mem.u(g - HDR)? & F_FREE == 0 {
                self.free_block(g)?;
                self.gc.stats.reclaimed += 1;
            }
        }
        Ok(edges)
    }
}
