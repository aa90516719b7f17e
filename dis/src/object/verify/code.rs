//! Instruction checks: each operand against its opcode's shape in the instruction-set
//! table, branch targets inside the code, type ids in range, 16-bit middle and
//! double-indirect fields, `n(mp)` inside the module data, and `load`'s import table.

use super::{in_code, word_inside, Result, Types};
use crate::isa::{Opcode, Use};
use crate::object::error::{ErrorKind, Location, ObjectError, Slot};
use crate::object::{Instruction, Module, Operand};

pub(super) fn check(m: &Module, types: &Types) -> Result<()> {
    for (pc, inst) in m.code.iter().enumerate() {
        check_instruction(m, types, inst).map_err(|kind| ObjectError {
            kind,
            at: Location::Instruction(pc),
        })?;
    }
    Ok(())
}

type Check = std::result::Result<(), ErrorKind>;

fn check_instruction(m: &Module, types: &Types, inst: &Instruction) -> Check {
    let shape = inst.op.shape();
    for (slot, operand, usage) in [
        (Slot::Src, inst.src, shape.src),
        (Slot::Mid, inst.mid, shape.mid),
        (Slot::Dst, inst.dst, shape.dst),
    ] {
        check_usage(m, slot, operand, usage)?;
        check_fields(m, slot, operand)?;
    }
    if let Some((slot, operand)) = type_operand(inst) {
        let Operand::Imm(id) = operand else {
            return Err(ErrorKind::NotImmediate(slot));
        };
        if inst.op == Opcode::Frame {
            types.frame(id)?;
        } else {
            types.size(id).ok_or(ErrorKind::TypeRange)?;
        }
    }
    match (inst.op, inst.src, inst.mid) {
        // `movpc` makes the address of an instruction.
        (Opcode::Movpc, Operand::Imm(pc), _) if !in_code(m, pc) => Err(ErrorKind::BadBranch),
        (Opcode::Movpc, Operand::Imm(_), _) => Ok(()),
        (Opcode::Movpc, _, _) => Err(ErrorKind::NotImmediate(Slot::Src)),
        // `load` names one of this module's import tables.
        (Opcode::Load, _, Operand::Imm(table)) => match &m.imports {
            Some(tables) if usize::try_from(table).map_or(true, |t| t >= tables.len()) => {
                Err(ErrorKind::ImportTableRange)
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Whether the operand is present as the opcode's shape requires; a branch target must
/// be an immediate instruction index.
fn check_usage(m: &Module, slot: Slot, operand: Operand, usage: Use) -> Check {
    let present = !matches!(operand, Operand::None | Operand::Reserved(_));
    match usage {
        Use::No if present => Err(ErrorKind::UnexpectedOperand(slot)),
        Use::Yes if !present => Err(ErrorKind::MissingOperand(slot)),
        Use::Target => match operand {
            Operand::Imm(pc) if in_code(m, pc) => Ok(()),
            Operand::Imm(_) => Err(ErrorKind::BadBranch),
            _ if present => Err(ErrorKind::NotImmediate(slot)),
            _ => Err(ErrorKind::MissingOperand(slot)),
        },
        _ => Ok(()),
    }
}

/// Whether the operand's fields fit where the interpreter keeps them and `n(mp)` lies
/// inside the module data.
fn check_fields(m: &Module, slot: Slot, operand: Operand) -> Check {
    const U16: std::ops::RangeInclusive<i32> = 0..=0xffff;
    match (slot, operand) {
        (Slot::Mid, Operand::Imm(n)) if i16::try_from(n).is_err() => Err(ErrorKind::MiddleRange),
        (Slot::Mid, Operand::Fp(n) | Operand::Mp(n)) if !U16.contains(&n) => {
            Err(ErrorKind::MiddleRange)
        }
        (_, Operand::IndFp(f, s) | Operand::IndMp(f, s))
            if !U16.contains(&f) || !U16.contains(&s) =>
        {
            Err(ErrorKind::IndirectRange)
        }
        (_, Operand::Mp(n) | Operand::IndMp(n, _)) if !word_inside(n, m.data_size) => {
            Err(ErrorKind::MpOffsetRange)
        }
        _ => Ok(()),
    }
}

/// The operand that names a type descriptor of this module, for the opcodes that take
/// one. (`mnewz` names a type of another module, which cannot be checked here.)
fn type_operand(inst: &Instruction) -> Option<(Slot, Operand)> {
    match inst.op {
        Opcode::Frame | Opcode::New | Opcode::Newz | Opcode::Newcmp => Some((Slot::Src, inst.src)),
        Opcode::Newa | Opcode::Newaz | Opcode::Movmp | Opcode::Consmp | Opcode::Headmp => {
            Some((Slot::Mid, inst.mid))
        }
        _ => None,
    }
}
