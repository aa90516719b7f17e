//! Exponentiation (`expw`, `expl`, `expf`): repeated squaring in the operand's own
//! type with wrap-around; a negative power takes the reciprocal.

use crate::vm::trap::{raise, Trap, EXC_ZERODIV};

/// `m ** e` for words.
pub fn exp_w(m: i32, e: i32) -> Result<i32, Trap> {
    let mut r: i32 = 1;
    let mut b = m;
    let mut n = e.unsigned_abs();
    while n != 0 {
        if n & 1 != 0 {
            r = r.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        n >>= 1;
    }
    if e < 0 {
        if r == 0 {
            return raise(EXC_ZERODIV);
        }
        r = 1i32.wrapping_div(r);
    }
    Ok(r)
}

/// `m ** e` for bigs.
pub fn exp_l(m: i64, e: i32) -> Result<i64, Trap> {
    let mut r: i64 = 1;
    let mut b = m;
    let mut n = e.unsigned_abs();
    while n != 0 {
        if n & 1 != 0 {
            r = r.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        n >>= 1;
    }
    if e < 0 {
        if r == 0 {
            return raise(EXC_ZERODIV);
        }
        r = 1i64.wrapping_div(r);
    }
    Ok(r)
}

/// `m ** e` for reals.
pub fn exp_f(m: f64, e: i32) -> f64 {
    let mut r = 1.0;
    let mut b = m;
    let mut n = e.unsigned_abs();
    while n != 0 {
        if n & 1 != 0 {
            r *= b;
        }
        b *= b;
        n >>= 1;
    }
    if e < 0 {
        1.0 / r
    } else {
        r
    }
}
