//! Conditions compiled as branches: comparisons, `&&`, `||`, `!`, constants.

use super::expr::rank;
use super::func::Func;
use super::layout::Class;
use super::opcodes::{compare, negate};
use super::{unsupported, Label, Result};
use crate::ast::{BinOp, Expr, ExprKind, UnOp};
use crate::types::TypeId;
use crate::value::Const;
use dis::isa::Opcode;
use dis::object::Operand;

impl Func<'_, '_> {
    /// Branch to `to` when `e` (an int condition) is `when`.
    pub fn cond(&mut self, e: &Expr, when: bool, to: Label) -> Result<()> {
        if let Some(Const::Int(v)) = &e.konst {
            if (*v != 0) == when {
                self.g.jmp(to);
            }
            return Ok(());
        }
        match &e.kind {
            ExprKind::Unary(UnOp::Not, x) => self.cond(x, !when, to),
            ExprKind::Comma(v, x, rest) => self.bound(*v, x, |f| f.cond(rest, when, to)),
            ExprKind::Binary(BinOp::AndAnd, l, r) => {
                if when {
                    let skip = self.g.new_label();
                    self.cond(l, false, skip)?;
                    self.cond(r, true, to)?;
                    self.g.place(skip);
                } else {
                    self.cond(l, false, to)?;
                    self.cond(r, false, to)?;
                }
                Ok(())
            }
            ExprKind::Binary(BinOp::OrOr, l, r) => {
                if when {
                    self.cond(l, true, to)?;
                    self.cond(r, true, to)?;
                } else {
                    let skip = self.g.new_label();
                    self.cond(l, true, skip)?;
                    self.cond(r, false, to)?;
                    self.g.place(skip);
                }
                Ok(())
            }
            ExprKind::Binary(
                op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge),
                l,
                r,
            ) => {
                let ot = if l.ty == TypeId::NIL { r.ty } else { l.ty };
                let mut class = self.class(ot);
                if class == Class::Ptr && ot != TypeId::STRING {
                    class = Class::Word;
                }
                if class == Class::Block {
                    return unsupported(e.span, "comparison of adt or tuple values");
                }
                let mut op = if when { *op } else { negate(*op) };
                let start = self.g.code.len();
                let mut rv = self.value(r)?;
                let mid = self.g.code.len();
                let mut lv = self.value(l)?;
                // the simpler operand goes in the middle, as the original orders them
                if rank(lv, mid == self.g.code.len()) < rank(rv, start == mid) {
                    (lv, rv) = (rv, lv);
                    op = commute(op);
                }
                let Some(opc) = compare(op, class) else {
                    return unsupported(e.span, "this comparison");
                };
                let rv = self.mid(ot, rv);
                self.g.branch(opc, lv, rv, to);
                Ok(())
            }
            _ => {
                let start = self.g.code.len();
                let v = self.value(e)?;
                let opc = if when { Opcode::Bnew } else { Opcode::Beqw };
                let zero = Operand::Imm(0);
                if rank(v, start == self.g.code.len()) < rank(zero, true) {
                    self.g.branch(opc, zero, v, to);
                } else {
                    self.g.branch(opc, v, zero, to);
                }
                Ok(())
            }
        }
    }
}

/// The comparison with its operands exchanged.
fn commute(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Gt => BinOp::Lt,
        BinOp::Le => BinOp::Ge,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}
