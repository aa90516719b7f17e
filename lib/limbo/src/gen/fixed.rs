//! Fixed-point values: multiplication, division and conversions between scales
//! through `mulx*`, `divx*` and `cvtxx*`, with the original's choice of variant,
//! shift (frame word 28, or the middle operand of `cvtxx*`) and multiplier
//! (frame word 20); conversions to and from reals through `cvtxf`/`cvtfx`.
//!
//! A ratio of scales r is written as a 31-bit mantissa a and a power of two, and
//! the exact operation is approximated by shifting and dividing by a. Where the
//! approximation would truncate wrongly, the rounding variants (`*1`) carry
//! flags in the low two bits of the shift. The arithmetic mirrors the original's
//! as its 32-bit x86 build computed it, shift counts masked to five bits included.

use super::func::Func;
use super::layout::Class;
use super::{unsupported, Result};
use crate::ast::{BinOp, Expr};
use crate::types::{Type, TypeId};
use dis::isa::Opcode;
use dis::object::Operand;

/// Frame word read as the multiplier (`STemp`).
const STEMP: i32 = 20;
/// Frame word read as the shift of `mulx*`/`divx*` (`DTemp`).
const DTEMP: i32 = 28;

/// How one fixed-point operation is carried out.
#[derive(Debug, PartialEq)]
enum Plan {
    /// The result is zero whatever the operands.
    Zero,
    /// `op` with this shift and, unless zero, this multiplier.
    Op { op: Opcode, shift: i32, mult: i32 },
}

/// `x` as a mantissa in [2^30, 2^31) and a power of two: x ≈ mant · 2^(p−31).
fn normal_form(x: f64) -> (i32, i32) {
    let mut p = 0;
    let mut m = x;
    while m >= 1.0 {
        p += 1;
        m /= 2.0;
    }
    while m < 0.5 {
        p -= 1;
        m *= 2.0;
    }
    m *= 2147483648.0;
    if m >= f64::from(i32::MAX) - 0.5 {
        return (p, i32::MAX);
    }
    (p, (m + 0.5) as i32)
}

fn is_pow2(x: f64) -> bool {
    normal_form(x).1 == 1 << 30
}

/// `1 << k` on a 32-bit int as the x86 build computes it (count taken mod 32).
fn int_pow2(k: i32) -> f64 {
    f64::from(1i32.wrapping_shl(k as u32))
}

/// Packs the rounding flags into the shift.
fn flagged(m: i32, v: bool, w: bool) -> i32 {
    if v || w {
        m.wrapping_mul(4) | (i32::from(v) << 1) | i32::from(w)
    } else {
        m
    }
}

/// x·y of scales sx, sy into scale sr.
fn mul_plan(sx: f64, sy: f64, sr: f64) -> Plan {
    const N: i32 = 31;
    let alpha = (sx * sy) / sr;
    let (k, a) = normal_form(1.0 / alpha);
    if is_pow2(alpha) {
        return Plan::Op {
            op: Opcode::Mulx,
            shift: 1 - k,
            mult: 0,
        };
    }
    let m = N - k;
    if m < -N - 1 {
        return Plan::Zero;
    }
    let mut eps = int_pow2(m) / (alpha * f64::from(a)) - 1.0;
    let v = eps < 0.0;
    if v {
        eps = -eps;
    }
    let w = m < 0 && int_pow2(N) * eps * f64::from(a) >= f64::from(a) - 1.0 + int_pow2(m);
    Plan::Op {
        op: if v || w { Opcode::Mulx1 } else { Opcode::Mulx0 },
        shift: flagged(m, v, w),
        mult: a,
    }
}

/// x/y of scales sx, sy into scale sr.
fn div_plan(sx: f64, sy: f64, sr: f64) -> Plan {
    const N: i32 = 31;
    let beta = sx / (sy * sr);
    let (k, b) = normal_form(beta);
    if is_pow2(beta) {
        return Plan::Op {
            op: Opcode::Divx,
            shift: k - 1,
            mult: 0,
        };
    }
    let m = k - N;
    if m <= -2 * N {
        return Plan::Zero;
    }
    let eps = (int_pow2(m) * f64::from(b)) / beta - 1.0;
    let v = eps < 0.0;
    let w = m < 0;
    Plan::Op {
        op: if v || w { Opcode::Divx1 } else { Opcode::Divx0 },
        shift: flagged(m, v, w),
        mult: b,
    }
}

/// A value of scale sx rescaled to sr: a multiplication by one.
fn cast_plan(sx: f64, sr: f64) -> Plan {
    match mul_plan(sx, 1.0, sr) {
        Plan::Op { op, shift, mult } => Plan::Op {
            op: match op {
                Opcode::Mulx => Opcode::Cvtxx,
                Opcode::Mulx0 => Opcode::Cvtxx0,
                _ => Opcode::Cvtxx1,
            },
            shift,
            mult,
        },
        Plan::Zero => Plan::Zero,
    }
}

impl Func<'_, '_> {
    /// The scale of a fixed-point type; 1 for every other type.
    fn scale(&self, t: TypeId) -> f64 {
        match self.g.types.get(t) {
            Type::Fixed(f) => f.unit(),
            _ => 1.0,
        }
    }

    fn set_multiplier(&mut self, mult: i32) {
        if mult != 0 {
            let a = self.g.mp.word(mult);
            self.g
                .emit(Opcode::Movw, a, Operand::None, Operand::Fp(STEMP));
        }
    }

    /// `l * r` or `l / r` of fixed-point type `t`.
    pub fn fixed_arith(
        &mut self,
        op: BinOp,
        l: &Expr,
        r: &Expr,
        t: TypeId,
        dst: Operand,
    ) -> Result<()> {
        let lv = self.value(l)?;
        let rv = self.value(r)?;
        self.fixed_arith_values(op, l.span, lv, rv, (l.ty, r.ty, t), dst)
    }

    /// `x op= y` (or `x op y` into `dst`) with operand values already computed;
    /// `types` are the left operand's, the right operand's and the result's.
    pub fn fixed_arith_values(
        &mut self,
        op: BinOp,
        span: crate::diag::Span,
        lv: Operand,
        rv: Operand,
        types: (TypeId, TypeId, TypeId),
        dst: Operand,
    ) -> Result<()> {
        let (sx, sy, sr) = (
            self.scale(types.0),
            self.scale(types.1),
            self.scale(types.2),
        );
        let plan = match op {
            BinOp::Mul => mul_plan(sx, sy, sr),
            BinOp::Div => div_plan(sx, sy, sr),
            _ => return unsupported(span, "this fixed-point operator"),
        };
        match plan {
            Plan::Zero => {
                self.g
                    .emit(Opcode::Movw, Operand::Imm(0), Operand::None, dst);
            }
            Plan::Op { op, shift, mult } => {
                self.set_multiplier(mult);
                let p = self.g.mp.word(shift);
                self.g
                    .emit(Opcode::Movw, p, Operand::None, Operand::Fp(DTEMP));
                let lv = self.mid(TypeId::INT, lv);
                self.g.emit(op, rv, lv, dst);
            }
        }
        Ok(())
    }

    /// A conversion where `from` or `to` is a fixed-point type.
    pub fn fixed_cast(&mut self, from: TypeId, to: TypeId, v: Operand, dst: Operand) -> Result<()> {
        let class = |f: &Self, t: TypeId| match f.g.types.get(t) {
            Type::Fixed(_) => None,
            _ => Some(f.class(t)),
        };
        match (class(self, from), class(self, to)) {
            // through a real: the scale's reciprocal, rounded
            (Some(Class::Real), None) => {
                let m = self.g.mp.real(1.0 / self.scale(to));
                self.g.emit(Opcode::Cvtfx, v, m, dst);
            }
            (None, Some(Class::Real)) => {
                let m = self.g.mp.real(self.scale(from));
                self.g.emit(Opcode::Cvtxf, v, m, dst);
            }
            (Some(Class::Ptr), None) => {
                let r = self.temp(TypeId::REAL);
                self.g.emit(Opcode::Cvtcf, v, Operand::None, r);
                self.fixed_cast(TypeId::REAL, to, r, dst)?;
            }
            (None, Some(Class::Ptr)) => {
                let r = self.temp(TypeId::REAL);
                self.fixed_cast(from, TypeId::REAL, v, r)?;
                self.g.emit(Opcode::Cvtfc, r, Operand::None, dst);
            }
            // other integers go through an int
            (Some(c @ (Class::Byte | Class::Big)), None) => {
                let w = self.temp(TypeId::INT);
                let op = if c == Class::Byte {
                    Opcode::Cvtbw
                } else {
                    Opcode::Cvtlw
                };
                self.g.emit(op, v, Operand::None, w);
                self.fixed_cast(TypeId::INT, to, w, dst)?;
            }
            (None, Some(c @ (Class::Byte | Class::Big))) => {
                let w = self.temp(TypeId::INT);
                self.fixed_cast(from, TypeId::INT, v, w)?;
                let op = if c == Class::Byte {
                    Opcode::Cvtwb
                } else {
                    Opcode::Cvtwl
                };
                self.g.emit(op, w, Operand::None, dst);
            }
            // int and fixed rescale
            _ => match cast_plan(self.scale(from), self.scale(to)) {
                Plan::Zero => {
                    self.g
                        .emit(Opcode::Movw, Operand::Imm(0), Operand::None, dst);
                }
                Plan::Op { op, shift, mult } => {
                    self.set_multiplier(mult);
                    let p = self.g.mp.word(shift);
                    self.g.emit(op, v, p, dst);
                }
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_match_the_original_choices() {
        // fixed(0.01, 1e6) has unit 0.01/16; fixed(0.125, 100.0) has 2^-24
        let money = 0.01 / 16.0;
        let eighth = 1.0 / 16777216.0;
        let op = |op, shift, mult| Plan::Op { op, shift, mult };
        assert_eq!(
            mul_plan(money, money, money),
            op(Opcode::Mulx0, 20, 1677721600)
        );
        assert_eq!(
            div_plan(money, money, money),
            op(Opcode::Divx1, -79, 1677721600)
        );
        assert_eq!(cast_plan(money, 1.0), op(Opcode::Cvtxx0, 20, 1677721600));
        assert_eq!(mul_plan(eighth, eighth, eighth), op(Opcode::Mulx, -24, 0));
        assert_eq!(div_plan(eighth, eighth, eighth), op(Opcode::Divx, 24, 0));
        assert_eq!(div_plan(1.0, 1.0, eighth), op(Opcode::Divx, 24, 0));
    }
}
