//! Conditions compiled as branches: comparisons, `&&`, `||`, `!`, constants.

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
                let op = if when { *op } else { negate(*op) };
                let Some(opc) = compare(op, class) else {
                    return unsupported(e.span, "this comparison");
                };
                let rv = self.value(r)?;
                let rv = self.mid(ot, rv);
                let lv = self.value(l)?;
                self.g.branch(opc, lv, rv, to);
                Ok(())
            }
            _ => {
                let v = self.value(e)?;
                let opc = if when { Opcode::Bnew } else { Opcode::Beqw };
                self.g.branch(opc, v, Operand::Imm(0), to);
                Ok(())
            }
        }
    }
}
