//! Operand addressing modes as types, so that the handlers of specialised
//! instruction forms ([`super::fast`]) are compiled once per mode combination and
//! run without looking at a mode. Each mode reads or addresses an operand from the
//! one 32-bit payload the decoder left for it.

use super::arena::{LOW_GUARD, NIL};
use super::prog::Prog;
use super::trap::{raise, Trap, EXC_ILLEGAL, EXC_NIL};
use super::Machine;

/// How an operand of a specialised form is found.
pub trait Mode {
    /// The operand's address (an immediate has none).
    fn addr(m: &Machine, p: &Prog, v: u32) -> Result<u32, Trap>;

    /// Its word value.
    #[inline(always)]
    fn w(m: &Machine, p: &Prog, v: u32) -> Result<i32, Trap> {
        m.mem.w(Self::addr(m, p, v)?)
    }

    /// Its byte value.
    #[inline(always)]
    fn b(m: &Machine, p: &Prog, v: u32) -> Result<u8, Trap> {
        m.mem.b(Self::addr(m, p, v)?)
    }

    /// Its big value.
    #[inline(always)]
    fn l(m: &Machine, p: &Prog, v: u32) -> Result<i64, Trap> {
        m.mem.l(Self::addr(m, p, v)?)
    }
}

/// `$v`: the payload is the value.
pub struct I;
/// `v(fp)`.
pub struct F;
/// `v(mp)`.
pub struct M;
/// `s(f(fp))` with `f` and `s` below 2^16: the payload is `f << 16 | s`.
pub struct X;
/// No operand: never chosen for a slot the handler uses.
pub struct N;

impl Mode for I {
    #[inline(always)]
    fn addr(_: &Machine, _: &Prog, _: u32) -> Result<u32, Trap> {
        raise(EXC_ILLEGAL)
    }
    #[inline(always)]
    fn w(_: &Machine, _: &Prog, v: u32) -> Result<i32, Trap> {
        Ok(v as i32)
    }
    #[inline(always)]
    fn b(_: &Machine, _: &Prog, v: u32) -> Result<u8, Trap> {
        Ok(v as u8)
    }
    #[inline(always)]
    fn l(_: &Machine, _: &Prog, v: u32) -> Result<i64, Trap> {
        Ok(i64::from(v as i32))
    }
}

impl Mode for F {
    #[inline(always)]
    fn addr(_: &Machine, p: &Prog, v: u32) -> Result<u32, Trap> {
        Ok(p.fp.wrapping_add(v))
    }
}

impl Mode for M {
    #[inline(always)]
    fn addr(_: &Machine, p: &Prog, v: u32) -> Result<u32, Trap> {
        Ok(p.mp.wrapping_add(v))
    }
}

impl Mode for X {
    #[inline(always)]
    fn addr(m: &Machine, p: &Prog, v: u32) -> Result<u32, Trap> {
        let b = m.mem.u(p.fp.wrapping_add(v >> 16))?;
        if b == NIL || b < LOW_GUARD {
            return raise(EXC_NIL);
        }
        Ok(b.wrapping_add(v & 0xFFFF))
    }
}

impl Mode for N {
    #[inline(always)]
    fn addr(_: &Machine, _: &Prog, _: u32) -> Result<u32, Trap> {
        raise(EXC_ILLEGAL)
    }
}
