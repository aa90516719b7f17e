//! Fixed-point instructions (`mulx`, `divx`, `cvtxx` and their `0`/`1` variants):
//! 64-bit intermediate products shifted by a power of two, with the scale and shift
//! taken from the frame temporaries the compiler fills just before.

use crate::isa::Opcode;
use crate::vm::decode::Inst;
use crate::vm::prog::{Prog, REG_DTEMP, REG_STEMP};
use crate::vm::trap::{raise, Trap, EXC_ZERODIV};
use crate::vm::Machine;

/// `v << p` for p ≥ 0, else `v >> -p` (arithmetic).
fn shift(v: i64, p: i32) -> i64 {
    if p >= 0 {
        v.wrapping_shl(p as u32)
    } else {
        v.wrapping_shr(p.unsigned_abs())
    }
}

/// Quotient with the integer zero check.
fn div(a: i64, b: i64) -> Result<i64, Trap> {
    if b == 0 {
        return raise(EXC_ZERODIV);
    }
    Ok(a.wrapping_div(b))
}

/// The rounding addend 2^(−p) − 1 (nothing for a left shift).
fn round_bits(p: i32) -> i64 {
    if p < 0 {
        (1i64 << p.unsigned_abs().min(62)) - 1
    } else {
        0
    }
}

/// Whether two values have different signs, zero counting as positive.
fn signs_differ(x: i64, y: i64) -> bool {
    (x >= 0) != (y >= 0)
}

impl Machine {
    /// Executes one fixed-point instruction.
    pub fn fixed(&mut self, i: &Inst, p: &Prog) -> Result<(), Trap> {
        let s = i64::from(self.rw(i.s, p)?);
        let m = self.rw(i.m, p)?;
        let sh = self.mem.w(p.fp + REG_DTEMP)?;
        let a = i64::from(self.mem.w(p.fp + REG_STEMP)?);
        let x = i64::from(m);
        let r = match i.op {
            Opcode::Mulx => shift(x * s, sh),
            Opcode::Divx => div(shift(x, sh), s)?,
            Opcode::Cvtxx => shift(s, m),
            Opcode::Mulx0 if x == 0 || s == 0 => 0,
            Opcode::Mulx0 => div(shift(x * s, sh), a)?,
            Opcode::Divx0 if x == 0 => 0,
            Opcode::Divx0 => div(shift(a * x, sh), s)?,
            Opcode::Cvtxx0 if s == 0 => 0,
            Opcode::Cvtxx0 => div(shift(s, m), a)?,
            Opcode::Mulx1 if x == 0 || s == 0 => 0,
            Opcode::Mulx1 => {
                let (vflag, wflag, sh) = (sh & 2 != 0, sh & 1 != 0, sh >> 2);
                let mut v = if vflag { a - 1 } else { 0 };
                if vflag && signs_differ(x, s) {
                    v = -v;
                }
                let strictly_same = (x > 0 && s > 0) || (x < 0 && s < 0);
                let strictly_differ = (x > 0 && s < 0) || (x < 0 && s > 0);
                let w = if wflag && ((!vflag && strictly_differ) || (vflag && strictly_same)) {
                    round_bits(sh)
                } else {
                    0
                };
                div(shift(x * s + w, sh) + v, a)?
            }
            Opcode::Divx1 if x == 0 => 0,
            Opcode::Divx1 => {
                let (vflag, wflag, sh) = (sh & 2 != 0, sh & 1 != 0, sh >> 2);
                let mut v = i64::from(vflag);
                if vflag && signs_differ(x, s) {
                    v = -v;
                }
                let w = if wflag && x <= 0 { round_bits(sh) } else { 0 };
                let q = div(shift(a * x + w, sh), s)?;
                i64::from((q as i32).wrapping_add(v as i32))
            }
            Opcode::Cvtxx1 if s == 0 => 0,
            _ => {
                let (vflag, wflag, sh) = (m & 2 != 0, m & 1 != 0, m >> 2);
                let mut v = if vflag { a - 1 } else { 0 };
                if vflag && s < 0 {
                    v = -v;
                }
                let w = if wflag && ((!vflag && s < 0) || (vflag && s > 0)) {
                    round_bits(sh)
                } else {
                    0
                };
                div(shift(s + w, sh) + v, a)?
            }
        };
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_w(d, r as i32)
    }
}
