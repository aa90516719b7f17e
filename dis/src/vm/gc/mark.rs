//! Incremental marking: the roots, the mark stack (a big array is scanned a piece
//! at a time) and the write barrier.

use super::super::arena::NIL;
use super::super::heap::{F_FREE, F_MARK, HDR, HEAP_START};
use super::super::prog::Prog;
use super::super::trap::Trap;
use super::super::Machine;

/// Whether `a` can be the data address of a block: in the heap, 16-byte aligned.
#[inline(always)]
pub fn is_block(a: u32, top: u32) -> bool {
    a != NIL && a >= HEAP_START + HDR && a < top && a.is_multiple_of(16)
}

impl Machine {
    /// Marks `a` reached and queues it for scanning, if it is an unmarked object.
    /// While marking, `inc` calls this for every object that gains a reference.
    #[inline(never)]
    pub(in crate::vm) fn shade(&mut self, a: u32) {
        if !is_block(a, self.heap.top) {
            return;
        }
        let Ok(w) = self.mem.u(a - HDR) else {
            return;
        };
        if w & F_FREE != 0 || self.gc.is_marked(w) {
            return;
        }
        if self
            .mem
            .set_u(a - HDR, (w & !F_MARK) | self.gc.marked)
            .is_ok()
        {
            self.gc.stack.push((a, 0));
        }
    }

    /// Marks what the machine and the progs (those in `progs`, outside the table,
    /// and those in it) refer to: module data templates, the scratch words,
    /// host-side channel parties, pinned objects, and each prog's links, send word, pending
    /// exception and frames.
    pub(super) fn shade_roots(&mut self, progs: &[&Prog]) -> Result<(), Trap> {
        let mut found = std::mem::take(&mut self.gc.work);
        found.clear();
        found.push(self.scratch);
        for state in self.links.iter().flatten() {
            if let Some(c) = &state.code {
                found.push(c.template);
            }
        }
        found.extend(self.code_cache.values().map(|c| c.code.template));
        found.extend(self.external_roots());
        found.extend(self.pinned_roots());
        for &a in &found {
            self.shade(a);
        }
        self.gc.work = found;
        for p in progs {
            self.shade_prog(p)?;
        }
        let table = std::mem::take(&mut self.progs);
        let mut result = Ok(());
        for p in table.iter().flatten() {
            result = result.and_then(|()| self.shade_prog(p));
        }
        self.progs = table;
        result
    }

    fn shade_prog(&mut self, p: &Prog) -> Result<(), Trap> {
        self.shade(p.ml);
        self.shade(p.imm);
        if let Some(v) = p.pending.as_ref().and_then(|e| e.value) {
            self.shade(v);
        }
        for f in &p.frames {
            let t = self.types.get(f.ty);
            for i in 0..t.ptr_len {
                let v = self.mem.u(f.addr.wrapping_add(self.types.ptr(&t, i)))?;
                self.shade(v);
            }
            self.shade(f.ret_ml);
        }
        Ok(())
    }

    /// Scans marked objects from the mark stack, about `budget` units (an object
    /// and each pointer word one unit); returns the units used and whether the
    /// stack ran empty.
    pub(super) fn mark_some(&mut self, budget: u64) -> Result<(u64, bool), Trap> {
        let mut used = 0u64;
        while used < budget {
            let Some((x, from)) = self.gc.stack.pop() else {
                return Ok((used, true));
            };
            used += 1;
            // An entry may be stale: the object freed since (skip it) or freed and
            // its block handed out again (scanning a new object is harmless).
            if self.mem.u(x - HDR)? & F_FREE != 0 {
                continue;
            }
            let slots = self.slots(x)?;
            let n = slots.words();
            let room = u32::try_from(budget - used).unwrap_or(u32::MAX).max(1);
            let end = n.min(from.saturating_add(room));
            for i in from..end {
                let c = self.mem.u(slots.at(self, i))?;
                self.shade(c);
            }
            used += u64::from(end.saturating_sub(from));
            if end < n {
                self.gc.stack.push((x, end));
            }
        }
        Ok((used, self.gc.stack.is_empty()))
    }
}
