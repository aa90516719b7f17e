//! Branch folding over the finished code, before labels become instruction
//! numbers, with the effect of the original compiler's last pass over each
//! function: a branch to a `jmp` goes straight to where that `jmp` goes, a
//! `jmp` to a `ret` or `exit` becomes that instruction, code no path reaches is
//! dropped (the `ret` after a function's last `return`, what follows a `raise`),
//! and so is a branch to the very next instruction.

use super::{Fix, Gen, Label, Slot, TableWord};
use dis::isa::Opcode;

/// Whether control can go on to the next instruction after `op`.
fn falls_through(op: Opcode) -> bool {
    !matches!(
        op,
        Opcode::Jmp
            | Opcode::Ret
            | Opcode::Exit
            | Opcode::Raise
            | Opcode::Goto
            | Opcode::Case
            | Opcode::Casec
            | Opcode::Casel
    )
}

/// Whether `op` is `jmp` or a conditional branch (not a call or spawn, whose
/// targets are functions).
fn is_jump(op: Opcode) -> bool {
    op.has_branch_target() && !matches!(op, Opcode::Call | Opcode::Spawn)
}

impl Gen<'_> {
    /// Fold branches and drop unreachable code (see the module comment).
    pub(super) fn fold_branches(&mut self) {
        let targets = self.jump_targets();
        self.thread_jumps(&targets);
        let live = self.reachable(&self.jump_targets());
        self.keep(&live);
        loop {
            let targets = self.jump_targets();
            let live: Vec<bool> = (0..self.code.len())
                .map(|pc| {
                    let target = targets[pc].and_then(|l| self.labels[l.0]);
                    target != Some(pc as i32 + 1)
                })
                .collect();
            if live.iter().all(|x| *x) {
                break;
            }
            self.keep(&live);
        }
    }

    /// Per instruction, the label a jump or conditional branch goes to.
    fn jump_targets(&self) -> Vec<Option<Label>> {
        let mut targets = vec![None; self.code.len()];
        for (pc, slot, fix) in &self.fixups {
            if let (Slot::Dst, Fix::Label(l)) = (slot, fix) {
                if is_jump(self.code[*pc].op) {
                    targets[*pc] = Some(*l);
                }
            }
        }
        targets
    }

    /// Where a branch to `l` ends up when it follows the `jmp`s it lands on (a
    /// chain of them may loop: it is followed no further than the code is long).
    fn final_label(&self, targets: &[Option<Label>], mut l: Label) -> Label {
        for _ in 0..self.code.len() {
            let Some(to) = self.labels[l.0].map(|p| p as usize) else {
                break;
            };
            match (self.code.get(to).map(|x| x.op), targets.get(to)) {
                (Some(Opcode::Jmp), Some(Some(next))) if *next != l => l = *next,
                _ => break,
            }
        }
        l
    }

    /// Send branches and switch table entries that land on a `jmp` to that `jmp`'s
    /// target, and make a `jmp` that lands on a `ret` or `exit` that instruction itself.
    fn thread_jumps(&mut self, targets: &[Option<Label>]) {
        for i in 0..self.fixups.len() {
            let (pc, Slot::Dst, Fix::Label(l)) = self.fixups[i].clone() else {
                continue;
            };
            if targets[pc].is_none() {
                continue;
            }
            let l = self.final_label(targets, l);
            self.fixups[i].2 = Fix::Label(l);
            let to = self.labels[l.0].map(|p| p as usize);
            if self.code[pc].op == Opcode::Jmp {
                if let Some(to) = to.filter(|to| {
                    matches!(
                        self.code.get(*to).map(|x| x.op),
                        Some(Opcode::Ret | Opcode::Exit)
                    )
                }) {
                    self.code[pc] = self.code[to];
                }
            }
        }
        // the `jmp`s replaced lose their fix-ups
        let code = &self.code;
        self.fixups.retain(|(pc, slot, _)| {
            !matches!(slot, Slot::Dst) || code[*pc].op.shape().dst != dis::isa::Use::No
        });
        let mut tables = std::mem::take(&mut self.mp.tables);
        for (_, words) in &mut tables {
            for w in words.iter_mut() {
                if let TableWord::Label(l) = w {
                    *l = self.final_label(targets, *l);
                }
            }
        }
        self.mp.tables = tables;
    }

    /// Which instructions some path reaches from a function's entry, a switch or
    /// alt table, or an exception handler.
    fn reachable(&self, targets: &[Option<Label>]) -> Vec<bool> {
        let mut roots: Vec<Label> = self.fn_labels.clone();
        for (_, words) in &self.mp.tables {
            roots.extend(words.iter().filter_map(|w| match w {
                TableWord::Label(l) => Some(*l),
                _ => None,
            }));
        }
        for h in &self.handlers {
            roots.extend(h.labels.iter().map(|(_, l)| *l));
            roots.extend(h.wildcard);
        }
        // labels some instruction holds other than as a jump's target
        for (pc, _, fix) in &self.fixups {
            if let Fix::Label(l) = fix {
                if targets[*pc] != Some(*l) || !is_jump(self.code[*pc].op) {
                    roots.push(*l);
                }
            }
        }
        let mut live = vec![false; self.code.len()];
        let mut work: Vec<usize> = roots
            .iter()
            .filter_map(|l| self.labels[l.0].map(|p| p as usize))
            .collect();
        while let Some(pc) = work.pop() {
            if pc >= live.len() || live[pc] {
                continue;
            }
            live[pc] = true;
            if let Some(to) = targets[pc].and_then(|l| self.labels[l.0]) {
                work.push(to as usize);
            }
            if falls_through(self.code[pc].op) {
                work.push(pc + 1);
            }
        }
        live
    }

    /// Keep only the instructions marked live; labels, fix-ups, spans and function
    /// starts follow them (a label at a dropped instruction goes to the next kept).
    fn keep(&mut self, live: &[bool]) {
        let mut new_pc = Vec::with_capacity(live.len() + 1);
        let mut n = 0i32;
        for &l in live {
            new_pc.push(n);
            n += i32::from(l);
        }
        new_pc.push(n);
        let mut pc = 0;
        self.code.retain(|_| {
            pc += 1;
            live[pc - 1]
        });
        let mut pc = 0;
        self.symbols.spans.retain(|_| {
            pc += 1;
            live[pc - 1]
        });
        self.fixups.retain(|(pc, _, _)| live[*pc]);
        for (pc, _, _) in &mut self.fixups {
            *pc = new_pc[*pc] as usize;
        }
        for l in self.labels.iter_mut().flatten() {
            *l = new_pc[*l as usize];
        }
        for f in &mut self.symbols.functions {
            f.pc = new_pc[f.pc as usize];
        }
    }
}
