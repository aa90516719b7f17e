//! The opcode families: arithmetic and comparison branches by value class.

use super::layout::Class;
use crate::ast::BinOp;
use dis::isa::Opcode;

pub(crate) fn arith(op: BinOp, class: Class) -> Option<Opcode> {
    use Class::*;
    use Opcode as O;
    Some(match (op, class) {
        (BinOp::Add, Byte) => O::Addb,
        (BinOp::Add, Word) => O::Addw,
        (BinOp::Add, Big) => O::Addl,
        (BinOp::Add, Real) => O::Addf,
        (BinOp::Add, Ptr) => O::Addc,
        (BinOp::Sub, Byte) => O::Subb,
        (BinOp::Sub, Word) => O::Subw,
        (BinOp::Sub, Big) => O::Subl,
        (BinOp::Sub, Real) => O::Subf,
        (BinOp::Mul, Byte) => O::Mulb,
        (BinOp::Mul, Word) => O::Mulw,
        (BinOp::Mul, Big) => O::Mull,
        (BinOp::Mul, Real) => O::Mulf,
        (BinOp::Div, Byte) => O::Divb,
        (BinOp::Div, Word) => O::Divw,
        (BinOp::Div, Big) => O::Divl,
        (BinOp::Div, Real) => O::Divf,
        (BinOp::Mod, Byte) => O::Modb,
        (BinOp::Mod, Word) => O::Modw,
        (BinOp::Mod, Big) => O::Modl,
        (BinOp::And, Byte) => O::Andb,
        (BinOp::And, Word) => O::Andw,
        (BinOp::And, Big) => O::Andl,
        (BinOp::Or, Byte) => O::Orb,
        (BinOp::Or, Word) => O::Orw,
        (BinOp::Or, Big) => O::Orl,
        (BinOp::Xor, Byte) => O::Xorb,
        (BinOp::Xor, Word) => O::Xorw,
        (BinOp::Xor, Big) => O::Xorl,
        (BinOp::Shl, Byte) => O::Shlb,
        (BinOp::Shl, Word) => O::Shlw,
        (BinOp::Shl, Big) => O::Shll,
        (BinOp::Shr, Byte) => O::Shrb,
        (BinOp::Shr, Word) => O::Shrw,
        (BinOp::Shr, Big) => O::Shrl,
        (BinOp::Power, Word) => O::Expw,
        (BinOp::Power, Big) => O::Expl,
        (BinOp::Power, Real) => O::Expf,
        _ => return Option::None,
    })
}

/// The branch taken when `S rel M` holds, for values of a class.
pub(crate) fn compare(op: BinOp, class: Class) -> Option<Opcode> {
    use Class::*;
    use Opcode as O;
    let i = match op {
        BinOp::Eq => 0,
        BinOp::Ne => 1,
        BinOp::Lt => 2,
        BinOp::Le => 3,
        BinOp::Gt => 4,
        BinOp::Ge => 5,
        _ => return Option::None,
    };
    let table: [Opcode; 6] = match class {
        Byte => [O::Beqb, O::Bneb, O::Bltb, O::Bleb, O::Bgtb, O::Bgeb],
        Word => [O::Beqw, O::Bnew, O::Bltw, O::Blew, O::Bgtw, O::Bgew],
        Big => [O::Beql, O::Bnel, O::Bltl, O::Blel, O::Bgtl, O::Bgel],
        Real => [O::Beqf, O::Bnef, O::Bltf, O::Blef, O::Bgtf, O::Bgef],
        Ptr => [O::Beqc, O::Bnec, O::Bltc, O::Blec, O::Bgtc, O::Bgec],
        _ => return Option::None,
    };
    Some(table[i])
}

/// The comparison that holds with its operands swapped (`a < b` is `b > a`).
pub(crate) fn commute(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Gt => BinOp::Lt,
        BinOp::Le => BinOp::Ge,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

pub(crate) fn negate(op: BinOp) -> BinOp {
    match op {
        BinOp::Eq => BinOp::Ne,
        BinOp::Ne => BinOp::Eq,
        BinOp::Lt => BinOp::Ge,
        BinOp::Ge => BinOp::Lt,
        BinOp::Gt => BinOp::Le,
        BinOp::Le => BinOp::Gt,
        other => other,
    }
}
