//! Frame offset checks: which frame each instruction runs in, where the code tells, and
//! `n(fp)` operands inside it.
//!
//! A function's frame type is known at its entry: from an export, from the header's
//! entry, or from a `call`/`spawn` whose frame operand was last set by `frame $T` (the
//! way Limbo calls a function of its own module). From each entry the frame is carried
//! along the paths execution can take inside the function: falling through, branches,
//! the jump tables of `case`, `casec`, `casel` and `goto` read from the module data, and
//! the handlers of exceptions raised in a covered range. Calls are not followed into
//! the callee. Instructions no path reaches from a known entry (dead code, or a function
//! only reached through a function reference) are not checked; neither are those
//! reached with two different frame types, which Limbo never produces.

use std::collections::{BTreeMap, HashMap};

use super::{word_inside, Result, Types};
use crate::isa::{Opcode, Use};
use crate::object::error::{ErrorKind, Location, ObjectError};
use crate::object::{DataItem, Instruction, Module, Operand};

/// The most jump-table entries read in one module: tables are followed to find more
/// code to check, so giving up on huge ones only means checking less.
const TABLE_BUDGET: usize = 1 << 20;

/// What is known of the frame an instruction runs in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Unknown,
    Known(i32),
    Conflict,
}

impl Frame {
    fn join(self, other: Frame) -> Frame {
        match (self, other) {
            (Frame::Unknown, f) | (f, Frame::Unknown) => f,
            (Frame::Known(a), Frame::Known(b)) if a == b => self,
            _ => Frame::Conflict,
        }
    }
}

pub(super) fn check(m: &Module, types: &Types) -> Result<()> {
    let frames = infer(m);
    for (pc, inst) in m.code.iter().enumerate() {
        let Frame::Known(t) = frames[pc] else {
            continue;
        };
        let size = types.size(t).unwrap_or(0);
        for operand in [inst.src, inst.mid, inst.dst] {
            if let Operand::Fp(n) | Operand::IndFp(n, _) = operand {
                if !word_inside(n, size) {
                    return Err(ObjectError {
                        kind: ErrorKind::FpOffsetRange,
                        at: Location::Instruction(pc),
                    });
                }
            }
        }
    }
    for (i, h) in m.handlers.iter().flatten().enumerate() {
        let Some(&Frame::Known(t)) = usize::try_from(h.pc1).ok().and_then(|pc| frames.get(pc))
        else {
            continue;
        };
        let size = types.size(t).unwrap_or(0);
        let released = if h.desc == -1 {
            0
        } else {
            types.size(h.desc).unwrap_or(0)
        };
        if !word_inside(h.eoff, size) || released > size {
            return Err(ObjectError {
                kind: ErrorKind::FpOffsetRange,
                at: Location::Handler(i),
            });
        }
    }
    Ok(())
}

/// The frame of every instruction, as far as the code tells.
fn infer(m: &Module) -> Vec<Frame> {
    let n = m.code.len();
    let mut frames = vec![Frame::Unknown; n];
    let mut work = Vec::new();
    let claim = |frames: &mut Vec<Frame>, work: &mut Vec<usize>, pc: i32, f: Frame| {
        if let Some(slot) = usize::try_from(pc).ok().and_then(|pc| frames.get_mut(pc)) {
            let joined = slot.join(f);
            if joined != *slot {
                *slot = joined;
                work.push(pc as usize);
            }
        }
    };

    for (pc, t) in entries(m) {
        claim(&mut frames, &mut work, pc, Frame::Known(t));
    }

    // Handlers by the first pc they cover: an exception anywhere in the range enters
    // the handler in the same frame, and the range starts where the block is entered.
    let mut handlers_at: HashMap<i32, Vec<i32>> = HashMap::new();
    for h in m.handlers.iter().flatten() {
        let targets = handlers_at.entry(h.pc1).or_default();
        targets.extend(h.labels.iter().map(|l| l.pc));
        targets.push(h.wildcard);
    }

    let mut tables = Tables::new(m);
    while let Some(pc) = work.pop() {
        let f = frames[pc];
        let inst = &m.code[pc];
        let mut next = successors(inst, pc, &mut tables);
        if let Some(targets) = handlers_at.get(&(pc as i32)) {
            next.extend_from_slice(targets);
        }
        for target in next {
            claim(&mut frames, &mut work, target, f);
        }
    }
    frames
}

/// Function entries with their frame types.
fn entries(m: &Module) -> Vec<(i32, i32)> {
    let mut entries: Vec<(i32, i32)> = m
        .links
        .iter()
        .filter(|l| l.pc >= 0)
        .map(|l| (l.pc, l.desc))
        .collect();
    if m.entry_pc != -1 && m.entry_type != -1 {
        entries.push((m.entry_pc, m.entry_type));
    }
    // The frame type last stored into each operand by `frame $T, operand`.
    let mut made: BTreeMap<(u8, i32, i32), i32> = BTreeMap::new();
    for inst in &m.code {
        match (inst.op, inst.src, inst.dst) {
            (Opcode::Frame, Operand::Imm(t), dst) => {
                made.insert(key(dst), t);
            }
            (Opcode::Call | Opcode::Spawn, frame, Operand::Imm(pc)) => {
                if let Some(&t) = made.get(&key(frame)) {
                    entries.push((pc, t));
                }
            }
            _ => {}
        }
    }
    entries
}

/// An operand as a map key.
fn key(operand: Operand) -> (u8, i32, i32) {
    match operand {
        Operand::None => (0, 0, 0),
        Operand::Imm(n) => (1, n, 0),
        Operand::Fp(n) => (2, n, 0),
        Operand::Mp(n) => (3, n, 0),
        Operand::IndFp(f, s) => (4, f, s),
        Operand::IndMp(f, s) => (5, f, s),
        Operand::Reserved(m) => (6, i32::from(m), 0),
    }
}

/// Where execution can go next inside the same function.
fn successors(inst: &Instruction, pc: usize, tables: &mut Tables) -> Vec<i32> {
    let after = pc as i32 + 1;
    let target = match inst.dst {
        Operand::Imm(t) => t,
        _ => -1,
    };
    match inst.op {
        Opcode::Ret | Opcode::Exit | Opcode::Raise => vec![],
        Opcode::Jmp => vec![target],
        Opcode::Call | Opcode::Spawn => vec![after],
        Opcode::Case | Opcode::Casec | Opcode::Casel | Opcode::Goto => {
            tables.targets(inst.op, inst.dst)
        }
        op if op.shape().dst == Use::Target => vec![target, after],
        _ => vec![after],
    }
}

/// The module data's initial words, for reading jump tables.
struct Tables {
    words: HashMap<i64, i32>,
    budget: usize,
}

impl Tables {
    /// The words that items outside any array set in the module data.
    fn new(m: &Module) -> Tables {
        let mut words = HashMap::new();
        let mut depth = 0usize;
        for item in &m.data {
            match item {
                DataItem::Index { .. } => depth += 1,
                DataItem::Pop { .. } => depth = depth.saturating_sub(1),
                DataItem::Words { offset, words: ws } if depth == 0 => {
                    for (j, &w) in ws.iter().enumerate() {
                        words.insert(i64::from(*offset) + 4 * j as i64, w);
                    }
                }
                _ => {}
            }
        }
        Tables {
            words,
            budget: TABLE_BUDGET,
        }
    }

    fn word(&mut self, at: i64) -> Option<i32> {
        self.budget = self.budget.checked_sub(1)?;
        self.words.get(&at).copied()
    }

    /// The pcs a table-driven jump can go to, as far as the table can be read.
    fn targets(&mut self, op: Opcode, table: Operand) -> Vec<i32> {
        let Operand::Mp(at) = table else {
            return vec![];
        };
        let at = i64::from(at);
        // Where the count is, where entries start, their size, and the pc's place in one.
        let (count_at, first, stride, pc_in_entry) = match op {
            Opcode::Goto => (at - 4, at, 4, 0),
            Opcode::Casel => (at, at + 8, 24, 16),
            _ => (at, at + 4, 12, 8),
        };
        let Some(count) = self.word(count_at) else {
            return vec![];
        };
        let count = i64::from(count.max(0));
        let mut pcs = Vec::new();
        for i in 0..count {
            match self.word(first + stride * i + pc_in_entry) {
                Some(pc) => pcs.push(pc),
                None => return pcs,
            }
        }
        if op != Opcode::Goto {
            pcs.extend(self.word(first + stride * count));
        }
        pcs
    }
}
