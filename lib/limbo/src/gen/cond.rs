//! Conditions compiled as branches: comparisons, `&&`, `||`, `!`, constants.

use super::func::Func;
use super::layout::Class;
use super::opcodes::{commute, compare, negate};
use super::{unsupported, Label, Result};
use crate::ast::{BinOp, Expr, ExprKind, UnOp};
use crate::types::{Type, TypeId};
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
                // the more readily addressed operand is the instruction's source
                let (l, r, op) = if self.access(l) < self.access(r) {
                    (r, l, commute(op))
                } else {
                    (l, r, op)
                };
                let Some(opc) = compare(op, class) else {
                    return unsupported(e.span, "this comparison");
                };
                let rv = self.value(r)?;
                let rv = self.mid(ot, rv);
                let lv = self.value(l)?;
                self.g.branch(opc, lv, rv, to);
                // the original frees a comparison's operands as soon as it is made
                self.free_temp(lv, ot);
                self.free_temp(rv, ot);
                Ok(())
            }
            _ => {
                let opc = if when { Opcode::Bnew } else { Opcode::Beqw };
                let swap = self.access(e) < Access::Imm;
                let v = self.value(e)?;
                if swap {
                    let v = self.mid(e.ty, v);
                    self.g.branch(opc, Operand::Imm(0), v, to);
                } else {
                    self.g.branch(opc, v, Operand::Imm(0), to);
                }
                self.free_temp(v, e.ty);
                Ok(())
            }
        }
    }
}

/// How directly an operand is reached, in the original compiler's order: a comparison
/// takes the later of its two operands as the instruction's source, and an operator
/// that commutes takes the earlier one in the middle.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Access {
    /// A local or parameter.
    Frame,
    /// A module variable, or a constant kept in module data.
    Module,
    /// A small integer constant, an immediate.
    Imm,
    /// A field through a reference held in a local.
    FrameRef,
    /// A field through a reference held in a module variable.
    ModuleRef,
    /// Anything computed first.
    Computed,
}

impl Func<'_, '_> {
    /// How directly the value of `e` is reached (before anything is computed for it).
    pub(super) fn access(&self, e: &Expr) -> Access {
        if let Some(c) = &e.konst {
            let int = matches!(self.g.types.get(e.ty), Type::Int | Type::Fixed(_));
            return match c {
                Const::Int(v) if int && (-(1 << 29)..1 << 29).contains(v) => Access::Imm,
                Const::Tuple(_) => Access::Computed,
                _ => Access::Module,
            };
        }
        match &e.kind {
            ExprKind::Ident(_) => match e.var {
                Some(v) if self.slot(v).is_some() => Access::Frame,
                Some(_) => Access::Module,
                None => Access::Computed,
            },
            ExprKind::Dot(b, _) if b.konst.is_none() => {
                match (self.g.types.get(b.ty), self.access(b)) {
                    (Type::Ref(_), Access::Frame) => Access::FrameRef,
                    (Type::Ref(_), Access::Module) => Access::ModuleRef,
                    (Type::Adt(..) | Type::Tuple(_), a @ (Access::Frame | Access::Module)) => a,
                    _ => Access::Computed,
                }
            }
            _ => Access::Computed,
        }
    }
}
