//! Conversions between types (`T e`): the `cvt*` instructions, in pairs where
//! the original has no direct one.

use super::func::Func;
use super::layout;
use super::{unsupported, Result};
use crate::ast::Expr;
use crate::types::{Type, TypeId};
use dis::isa::Opcode;
use dis::object::Operand;

impl Func<'_, '_> {
    pub fn cast(&mut self, e: &Expr, x: &Expr, dst: Operand) -> Result<()> {
        let (from, to) = (x.ty, e.ty);
        let v = self.value(x)?;
        if self.g.types.equal(from, to) {
            self.mov(to, v, dst);
            return Ok(());
        }
        if matches!(self.g.types.get(from), Type::Fixed(_))
            || matches!(self.g.types.get(to), Type::Fixed(_))
        {
            return self.fixed_cast(from, to, v, dst);
        }
        use Type as T;
        let ops: &[Opcode] = match (self.g.types.get(from).clone(), self.g.types.get(to).clone()) {
            (T::Int, T::Real) => &[Opcode::Cvtwf],
            (T::Real, T::Int) => &[Opcode::Cvtfw],
            (T::Int, T::Big) => &[Opcode::Cvtwl],
            (T::Big, T::Int) => &[Opcode::Cvtlw],
            (T::Big, T::Real) => &[Opcode::Cvtlf],
            (T::Real, T::Big) => &[Opcode::Cvtfl],
            (T::Int, T::String) => &[Opcode::Cvtwc],
            (T::Big, T::String) => &[Opcode::Cvtlc],
            (T::Real, T::String) => &[Opcode::Cvtfc],
            (T::String, T::Int) => &[Opcode::Cvtcw],
            (T::String, T::Big) => &[Opcode::Cvtcl],
            (T::String, T::Real) => &[Opcode::Cvtcf],
            (T::Byte, T::Int) => &[Opcode::Cvtbw],
            (T::Int, T::Byte) => &[Opcode::Cvtwb],
            (T::String, T::Array(_)) => &[Opcode::Cvtca],
            (T::Array(_), T::String) => &[Opcode::Cvtac],
            (T::Byte, T::String) => &[Opcode::Cvtbw, Opcode::Cvtwc],
            (T::Byte, T::Real) => &[Opcode::Cvtbw, Opcode::Cvtwf],
            (T::Byte, T::Big) => &[Opcode::Cvtbw, Opcode::Cvtwl],
            (T::Real, T::Byte) => &[Opcode::Cvtfw, Opcode::Cvtwb],
            (T::Big, T::Byte) => &[Opcode::Cvtlw, Opcode::Cvtwb],
            (T::String, T::Byte) => &[Opcode::Cvtcw, Opcode::Cvtwb],
            _ => {
                if layout::size(self.g.types, from) == layout::size(self.g.types, to) {
                    self.mov(to, v, dst);
                    return Ok(());
                }
                return unsupported(e.span, "this conversion");
            }
        };
        if ops.len() == 1 {
            self.g.emit(ops[0], v, Operand::None, dst);
        } else {
            let w = self.temp(TypeId::INT);
            self.g.emit(ops[0], v, Operand::None, w);
            self.g.emit(ops[1], w, Operand::None, dst);
            self.free_temp(w, TypeId::INT);
        }
        if v != dst {
            self.free_temp(v, from);
        }
        Ok(())
    }
}
