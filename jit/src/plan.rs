//! Which instructions of a module are compiled and how they fall into blocks:
//! the instructions the translator runs, the leaders that start its blocks, and
//! the entries where the interpreter hands over (loop heads).

use dis::isa::Opcode;
use dis::vm::decode::{Inst, Opnd};
use dis::vm::fast::Fast;

/// A module's code as the translator will lay it out.
pub struct Plan {
    /// Per pc: the instruction is compiled.
    pub compiled: Vec<bool>,
    /// Per pc: a compiled instruction that starts a block.
    pub leader: Vec<bool>,
    /// Where the interpreter enters compiled code, ascending: every leader, so
    /// that the interpreter's own loops (whose rotated `jmp`s skip the loop head)
    /// and calls come back into compiled code at the next block.
    pub entries: Vec<u32>,
    /// The pcs compiled calls return to, ascending.
    pub returns: Vec<u32>,
}

/// An operand that is an address in Dis memory.
fn is_place(o: Opnd) -> bool {
    matches!(
        o,
        Opnd::Fp(_) | Opnd::Mp(_) | Opnd::IndFp(..) | Opnd::IndMp(..)
    )
}

/// An operand that has a value.
fn is_value(o: Opnd) -> bool {
    matches!(o, Opnd::Imm(_)) || is_place(o)
}

/// The target of a compiled jump, conditional branch or call.
pub fn target(i: &Inst) -> Option<u32> {
    match (i.op, i.d) {
        (op, Opnd::Imm(t)) if is_branch(op) || op == Opcode::Jmp || op == Opcode::Call => {
            Some(t as u32)
        }
        _ => None,
    }
}

/// Control does not go on to the next instruction by itself.
fn ends_block(i: &Inst) -> bool {
    target(i).is_some() || i.op == Opcode::Ret
}

/// A conditional branch on words or bytes.
pub fn is_branch(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        Beqw | Bnew | Bltw | Blew | Bgtw | Bgew | Beqb | Bneb | Bltb | Bleb | Bgtb | Bgeb
    )
}

/// Whether the translator runs `i`, whose specialised form is `f`: `frame` of a
/// type without pointers, `call` within the module and `ret` by their
/// specialised forms, the rest by operand modes.
pub fn supported(i: &Inst, f: Fast) -> bool {
    use Opcode::*;
    let (s, m, d) = (i.s, i.m, i.d);
    match i.op {
        Frame => matches!(f, Fast::Frame(_, _, _, 0)),
        Call => matches!(f, Fast::Call(..)),
        Ret => f == Fast::Ret,
        Jmp => matches!(d, Opnd::Imm(_)),
        op if is_branch(op) => is_value(s) && is_value(m) && matches!(d, Opnd::Imm(_)),
        Movw | Movb | Cvtbw | Cvtwb | Movl | Movf => is_value(s) && is_place(d),
        Addw | Subw | Mulw | Divw | Modw | Andw | Orw | Xorw | Shlw | Shrw | Lsrw | Addb | Subb
        | Mulb | Andb | Orb | Xorb | Shlb | Shrb => is_value(s) && is_value(m) && is_place(d),
        Lea => is_place(s) && is_place(d),
        Indw | Indb | Indl | Indf => is_value(s) && is_place(m) && is_value(d),
        _ => false,
    }
}

/// Lays out `insts`, whose specialised forms are `fast`.
pub fn plan(insts: &[Inst], fast: &[Fast]) -> Plan {
    let n = insts.len();
    let compiled: Vec<bool> = insts
        .iter()
        .zip(fast)
        .map(|(i, f)| supported(i, *f))
        .collect();
    let mut target_of = vec![false; n];
    let mut returns = Vec::new();
    for (pc, i) in insts.iter().enumerate() {
        if !compiled[pc] {
            continue;
        }
        if i.op == Opcode::Call && compiled.get(pc + 1) == Some(&true) {
            returns.push(pc as u32 + 1);
        }
        if let Some(slot) = target(i).and_then(|t| target_of.get_mut(t as usize)) {
            *slot = true;
        }
    }
    let leader: Vec<bool> = (0..n)
        .map(|pc| {
            compiled[pc]
                && (pc == 0 || !compiled[pc - 1] || ends_block(&insts[pc - 1]) || target_of[pc])
        })
        .collect();
    // Not worth entering: a module whose compiled code has no jump, call or
    // return, which could only run a few straight instructions per entry.
    let worth = insts
        .iter()
        .zip(&compiled)
        .any(|(i, &c)| c && ends_block(i));
    let entries = (0..n as u32)
        .filter(|&pc| worth && leader[pc as usize])
        .collect();
    Plan {
        compiled,
        leader,
        entries,
        returns,
    }
}
