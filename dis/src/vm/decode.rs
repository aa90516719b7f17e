//! Decoding a module's code once at load into the form the interpreter runs: operand
//! addressing modes resolved, the omitted middle operand replaced by the destination,
//! and module type numbers turned into machine type ids.

use crate::isa::{Opcode, Use};
use crate::object::{Instruction, Operand};

/// A resolved operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opnd {
    /// Absent.
    None,
    /// An immediate value.
    Imm(i32),
    /// `n(fp)`.
    Fp(u32),
    /// `n(mp)`.
    Mp(u32),
    /// `s(f(fp))`: pointer at FP+f, then +s.
    IndFp(u32, u32),
    /// `s(f(mp))`.
    IndMp(u32, u32),
}

/// A decoded instruction.
#[derive(Clone, Copy, Debug)]
pub struct Inst {
    pub op: Opcode,
    pub s: Opnd,
    pub m: Opnd,
    pub d: Opnd,
}

fn operand(o: Operand) -> Opnd {
    match o {
        Operand::None | Operand::Reserved(_) => Opnd::None,
        Operand::Imm(v) => Opnd::Imm(v),
        Operand::Fp(n) => Opnd::Fp(n as u32),
        Operand::Mp(n) => Opnd::Mp(n as u32),
        Operand::IndFp(f, s) => Opnd::IndFp(f as u32, s as u32),
        Operand::IndMp(f, s) => Opnd::IndMp(f as u32, s as u32),
    }
}

/// Channel creation: an omitted middle means "unbuffered", not the destination.
fn is_newc(op: Opcode) -> bool {
    use Opcode::*;
    matches!(op, Newcb | Newcw | Newcf | Newcp | Newcl | Newcm | Newcmp)
}

/// Opcodes whose operand names a type of the current module, and which slot it is in.
fn type_slot(op: Opcode) -> Option<u8> {
    use Opcode::*;
    match op {
        Frame | New | Newz | Newcmp => Some(0),
        Newa | Newaz | Movmp | Consmp | Headmp => Some(1),
        _ => None,
    }
}

/// Decodes `code`, mapping module type numbers through `type_ids` (an unknown type
/// number maps to `u32::MAX`, which the interpreter reports as an illegal
/// instruction operand).
pub fn decode(code: &[Instruction], type_ids: &[u32]) -> Vec<Inst> {
    code.iter()
        .map(|i| {
            let shape = i.op.shape();
            let s = operand(i.src);
            let d = operand(i.dst);
            let mut m = operand(i.mid);
            if m == Opnd::None && shape.mid == Use::Opt && shape.src == Use::Yes && !is_newc(i.op) {
                m = d;
            }
            let mut inst = Inst { op: i.op, s, m, d };
            if let Some(slot) = type_slot(i.op) {
                let o = if slot == 0 { &mut inst.s } else { &mut inst.m };
                if let Opnd::Imm(t) = *o {
                    let id = usize::try_from(t)
                        .ok()
                        .and_then(|t| type_ids.get(t))
                        .copied()
                        .unwrap_or(u32::MAX);
                    *o = Opnd::Imm(id as i32);
                }
            }
            inst
        })
        .collect()
}
