//! The cycle collector: a stop-the-world mark and sweep over the arena's blocks,
//! run at a safe point when allocation since the last collection passes a
//! threshold. Reference counting frees everything acyclic at once; this reclaims
//! the cycles it cannot.

use super::arena::NIL;
use super::heap::{F_FREE, F_MARK, HDR, HEAP_START};
use super::prog::Prog;
use super::trap::Trap;
use super::types::Kind;
use super::Machine;

impl Machine {
    /// Marks `a` reached; returns true if it was not already.
    fn mark(&mut self, a: u32, stack: &mut Vec<u32>) -> Result<(), Trap> {
        if a == NIL || a < HEAP_START + HDR || a >= self.heap.top {
            return Ok(());
        }
        let w = self.mem.u(a - HDR)?;
        if w & (F_MARK | F_FREE) == 0 {
            self.mem.set_u(a - HDR, w | F_MARK)?;
            stack.push(a);
        }
        Ok(())
    }

    /// Adds the roots of progs: their module links and every frame's pointers and
    /// saved module links.
    fn mark_progs(&mut self, progs: &[&Prog], roots: &mut Vec<u32>) -> Result<(), Trap> {
        for p in progs {
            roots.push(p.ml);
            roots.push(p.imm);
            for f in &p.frames {
                let t = self.types.get(f.ty);
                for i in 0..t.ptr_len {
                    roots.push(self.mem.u(f.addr + self.types.ptr(&t, i))?);
                }
                roots.push(f.ret_ml);
            }
        }
        Ok(())
    }

    /// Reclaims every object that no prog, module or template can reach.
    pub fn collect(&mut self, progs: &[&Prog]) -> Result<(), Trap> {
        let mut stack = Vec::new();
        let mut roots = vec![self.scratch];
        for state in self.links.iter().flatten() {
            if let Some(c) = &state.code {
                roots.push(c.template);
            }
        }
        for c in self.code_cache.values() {
            roots.push(c.code.template);
        }
        roots.extend(self.external_roots());
        let table = std::mem::take(&mut self.progs);
        let all: Vec<&Prog> = progs
            .iter()
            .copied()
            .chain(table.iter().flatten().map(|p| &**p))
            .collect();
        let marked = self.mark_progs(&all, &mut roots);
        self.progs = table;
        marked?;
        for r in roots {
            self.mark(r, &mut stack)?;
        }
        while let Some(x) = stack.pop() {
            let mut children = Vec::new();
            self.for_children(x, &mut |_, c| {
                children.push(c);
                Ok(())
            })?;
            for c in children {
                self.mark(c, &mut stack)?;
            }
        }

        // Sweep: everything allocated, unmarked and not a stack is garbage.
        let mut garbage = Vec::new();
        let mut b = HEAP_START;
        while b < self.heap.top {
            let w = self.mem.u(b)?;
            let size = w & !15;
            if size < HDR {
                break;
            }
            let a = b + HDR;
            if w & (F_FREE | F_MARK) == 0 {
                let kind = self.types.get(self.type_of(a)?).kind;
                if kind != Kind::Stack {
                    garbage.push(a);
                }
            }
            b += size;
        }
        for &g in &garbage {
            let ty = self.type_of(g)?;
            match self.types.get(ty).kind {
                Kind::Native(index) => self.release_native(index, g),
                Kind::ModLink => self.drop_link(g)?,
                Kind::Channel => self.drop_chan(g)?,
                _ => {}
            }
            let mut live = Vec::new();
            self.for_children(g, &mut |m, c| {
                let in_heap = c != NIL && c >= HEAP_START + HDR && c < m.heap.top;
                if in_heap && m.mem.u(c - HDR)? & F_MARK != 0 {
                    live.push(c);
                }
                Ok(())
            })?;
            for c in live {
                let r = self.refs(c)?;
                if r > 1 {
                    self.mem.set_u(c - 12, r - 1)?;
                }
            }
        }
        for g in garbage {
            self.free_block(g)?;
        }
        let mut b = HEAP_START;
        while b < self.heap.top {
            let w = self.mem.u(b)?;
            let size = w & !15;
            if size < HDR {
                break;
            }
            if w & F_MARK != 0 {
                self.mem.set_u(b, w & !F_MARK)?;
            }
            b += size;
        }
        self.heap.since_gc = 0;
        self.gc_threshold = self.heap.in_use.max(super::GC_MIN_THRESHOLD);
        self.gc_wanted = false;
        Ok(())
    }
}
