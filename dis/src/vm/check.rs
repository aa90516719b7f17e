//! The heap checker, a debug mode: after a prog's turn it walks every block of the
//! heap, every frame of every prog and every module's data (every turn, or every
//! n-th), and checks that each
//! pointer word (found by its type descriptor) is nil or the address of a live
//! object, and that every object's reference count equals the references found.
//! What it finds goes to the console as `heapcheck:` lines.

use super::arena::NIL;
use super::heap::{F_FREE, HDR, HEAP_START};
use super::prog::{Prog, REG_MR, REG_T};
use super::trap::Trap;
use super::types::frame_bytes;
use super::types::Kind;
use super::Machine;
use std::collections::{BTreeMap, HashSet};

/// At most this many findings are reported per check (the rest are counted).
const REPORT_LIMIT: usize = 20;

/// A live block: its type and the references found to it.
struct Block {
    ty: u32,
    found: u32,
}

/// One check's state: the live blocks by data address and what was found wrong.
struct Census {
    live: BTreeMap<u32, Block>,
    findings: Vec<String>,
}

impl Census {
    /// Records a reference held at `holder` to `target`.
    fn reference(&mut self, holder: &dyn Fn() -> String, target: u32) {
        if target == NIL {
            return;
        }
        match self.live.get_mut(&target) {
            Some(b) => b.found += 1,
            None => self.findings.push(format!(
                "{} holds 0x{target:08x}, not a live object",
                holder()
            )),
        }
    }
}

impl Machine {
    /// Runs the heap checker after every `period`-th turn (0: never).
    pub fn set_heap_check(&mut self, period: u32) {
        self.heap_check = period;
    }

    /// Runs the heap checker when it is on, with `running` the prog outside the
    /// table; reports its findings to the console. Inline, so that a turn with
    /// the checker off pays one test and no call.
    #[inline]
    pub(super) fn check_heap_if_on(&mut self, running: &Prog) {
        if self.heap_check != 0 {
            self.check_heap_turn(running);
        }
    }

    /// [`Machine::check_heap_if_on`] with the checker on.
    #[inline(never)]
    fn check_heap_turn(&mut self, running: &Prog) {
        self.heap_turns = self.heap_turns.wrapping_add(1);
        if !self.heap_turns.is_multiple_of(self.heap_check) {
            return;
        }
        let findings = match self.check_heap(running) {
            Ok(f) => f,
            Err(t) => vec![format!("walk failed: {}", t.text())],
        };
        self.heap_checks += 1;
        if findings.is_empty() {
            return;
        }
        let n = findings.len();
        for f in findings.into_iter().take(REPORT_LIMIT) {
            self.console_line(&format!(
                "heapcheck: after turn of pid {}: {f}",
                running.pid
            ));
        }
        if n > REPORT_LIMIT {
            self.console_line(&format!("heapcheck: ... {} more", n - REPORT_LIMIT));
        }
        self.heap_findings += n as u64;
    }

    /// Checks made and findings reported since the machine started.
    pub fn heap_check_counts(&self) -> (u64, u64) {
        (self.heap_checks, self.heap_findings)
    }

    /// Walks the heap, the progs (`running` and those in the table) and the
    /// machine's own references; what is wrong, one line each.
    pub fn check_heap(&mut self, running: &Prog) -> Result<Vec<String>, Trap> {
        let mut c = Census {
            live: BTreeMap::new(),
            findings: Vec::new(),
        };
        let ntypes = self.types.count();
        let mut b = HEAP_START;
        while b < self.heap.top {
            let w = self.mem.u(b)?;
            let size = w & !15;
            if size < HDR || b as u64 + size as u64 > self.heap.top as u64 {
                c.findings
                    .push(format!("block at 0x{b:08x} has a bad size word 0x{w:08x}"));
                return Ok(c.findings);
            }
            if w & F_FREE == 0 {
                let ty = self.type_of(b + HDR)?;
                if ty >= ntypes {
                    c.findings
                        .push(format!("object 0x{:08x} has type id {ty}", b + HDR));
                } else {
                    c.live.insert(b + HDR, Block { ty, found: 0 });
                }
            }
            b += size;
        }
        self.count_object_references(&mut c)?;
        self.count_machine_references(&mut c)?;
        let table = std::mem::take(&mut self.progs);
        let all: Vec<&Prog> = std::iter::once(running)
            .chain(table.iter().flatten().map(|p| &**p))
            .collect();
        let progs = self.count_prog_references(&all, &mut c);
        self.progs = table;
        progs?;
        for (&a, blk) in &c.live {
            let kind = self.types.get(blk.ty).kind;
            if kind == Kind::Stack {
                continue;
            }
            let refs = self.refs(a)?;
            if refs != blk.found {
                c.findings.push(format!(
                    "object 0x{a:08x} (type {}, {kind:?}) has reference count {refs}, {} references found",
                    blk.ty, blk.found
                ));
            }
        }
        Ok(c.findings)
    }

    /// Counts the references objects hold to objects.
    fn count_object_references(&mut self, c: &mut Census) -> Result<(), Trap> {
        let objects: Vec<(u32, u32)> = c.live.iter().map(|(&a, b)| (a, b.ty)).collect();
        for (a, ty) in objects {
            let mut children = Vec::new();
            self.for_children(a, &mut |_, ch| {
                children.push(ch);
                Ok(())
            })?;
            for ch in children {
                c.reference(&|| format!("object 0x{a:08x} (type {ty})"), ch);
            }
        }
        Ok(())
    }

    /// Counts the references the machine itself holds: its scratch words, each
    /// loaded code's module data template, the blocks of host-side channel
    /// parties (whose channels must be live) and the pinned objects.
    fn count_machine_references(&mut self, c: &mut Census) -> Result<(), Trap> {
        c.reference(&|| "the machine's scratch words".into(), self.scratch);
        let mut templates = HashSet::new();
        for state in self.links.iter().flatten() {
            if let Some(code) = &state.code {
                templates.insert(code.template);
            }
        }
        for cached in self.code_cache.values() {
            templates.insert(cached.code.template);
        }
        for t in templates {
            c.reference(&|| "a module's data template".into(), t);
        }
        let externals: Vec<(u32, u32)> = self.external_parties().collect();
        for (chan, block) in externals {
            if !c.live.contains_key(&chan) {
                c.findings.push(format!(
                    "a host-side channel party waits on 0x{chan:08x}, not a live object"
                ));
            }
            c.reference(&|| "a host-side channel party's block".into(), block);
        }
        let pinned: Vec<u32> = self.pinned_roots().collect();
        for a in pinned {
            c.reference(&|| "a pinned object".into(), a);
        }
        Ok(())
    }

    /// Counts the references progs hold: their module links (current and saved in
    /// frames), immediate-send words, pending exceptions and every frame's pointers;
    /// checks that each frame lies in one of the prog's stack segments.
    fn count_prog_references(&mut self, progs: &[&Prog], c: &mut Census) -> Result<(), Trap> {
        for p in progs {
            let pid = p.pid;
            if p.ml != NIL {
                c.reference(&|| format!("pid {pid}'s module link"), p.ml);
            }
            c.reference(&|| format!("pid {pid}'s send word"), p.imm);
            if let Some(v) = p.pending.as_ref().and_then(|e| e.value) {
                c.reference(&|| format!("pid {pid}'s pending exception"), v);
            }
            for seg in p.segs.iter().chain(p.spare.iter()) {
                let stack = self.types.get(self.type_of(seg.base)?).kind == Kind::Stack;
                if !c.live.contains_key(&seg.base) || !stack {
                    c.findings.push(format!(
                        "pid {pid}'s stack segment 0x{:08x} is not a live stack block",
                        seg.base
                    ));
                }
            }
            let mut frames = Vec::new();
            self.for_frames(p, &mut |_, f| {
                frames.push(f);
                Ok(())
            })?;
            for f in frames {
                let ty = self.mem.u(f + REG_T)?;
                if ty >= self.types.count() {
                    c.findings
                        .push(format!("pid {pid}'s frame 0x{f:08x} has type id {ty}"));
                    continue;
                }
                let t = self.types.get(ty);
                let end = f + frame_bytes(t.size);
                if !p.segs.iter().any(|s| s.base <= f && end <= s.end) {
                    c.findings.push(format!(
                        "pid {pid}'s frame 0x{f:08x} (type {ty}) lies outside its stack segments"
                    ));
                    continue;
                }
                for i in 0..t.ptr_len {
                    let off = self.types.ptr(&t, i);
                    let v = self.mem.u(f + off)?;
                    c.reference(&|| format!("pid {pid}'s frame 0x{f:08x} word +{off}"), v);
                }
                let mr = self.mem.u(f + REG_MR)?;
                c.reference(&|| format!("pid {pid}'s frame 0x{f:08x} saved link"), mr);
            }
        }
        Ok(())
    }
}
