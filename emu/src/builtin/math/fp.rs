//! The floating-point control and status words of `$Math` (`FPcontrol`,
//! `FPstatus`): one pair per prog, starting as the original's emu starts every
//! thread (invalid operation, zero divide, overflow and underflow enabled, inexact
//! quiet, rounding to nearest even, no flags). The status word accumulates the
//! exceptions that `$Math`'s own functions raise; the control word's rounding mode
//! governs `rint`. The VM's own arithmetic does not consult them.

use std::collections::BTreeMap;

pub const INVAL: i32 = 1 << 0;
pub const ZDIV: i32 = 1 << 1;
pub const OVFL: i32 = 1 << 2;
pub const UNFL: i32 = 1 << 3;
pub const INEX: i32 = 1 << 4;
pub const RND_NR: i32 = 0 << 8;
pub const RND_NINF: i32 = 1 << 8;
pub const RND_PINF: i32 = 2 << 8;
pub const RND_MASK: i32 = 3 << 8;

/// The bits a control word holds.
const CONTROL_BITS: i32 = INVAL | ZDIV | OVFL | UNFL | INEX | RND_MASK;
/// The bits a status word holds.
const STATUS_BITS: i32 = INVAL | ZDIV | OVFL | UNFL | INEX;
/// A new prog's control word.
const CONTROL_AT_START: i32 = INVAL | ZDIV | OVFL | UNFL | RND_NR;

/// How many progs' words are kept; past it the lowest pids (the oldest) are
/// forgotten, so dead progs cannot grow the table without bound.
const MAX_PROGS: usize = 1024;

#[derive(Clone, Copy)]
struct Words {
    control: i32,
    status: i32,
}

const AT_START: Words = Words {
    control: CONTROL_AT_START,
    status: 0,
};

/// The words of every prog that changed them.
#[derive(Default)]
pub struct FpWords {
    progs: BTreeMap<u32, Words>,
}

impl FpWords {
    fn get(&self, pid: u32) -> Words {
        self.progs.get(&pid).copied().unwrap_or(AT_START)
    }

    fn set(&mut self, pid: u32, w: Words) {
        self.progs.insert(pid, w);
        while self.progs.len() > MAX_PROGS {
            self.progs.pop_first();
        }
    }

    /// Prog `pid`'s control word.
    pub fn control(&self, pid: u32) -> i32 {
        self.get(pid).control
    }

    /// Prog `pid`'s status word.
    pub fn status(&self, pid: u32) -> i32 {
        self.get(pid).status
    }

    /// Copies the bits of `r` under `mask` into the control word; returns the old
    /// bits under `mask`.
    pub fn set_control(&mut self, pid: u32, r: i32, mask: i32) -> i32 {
        let mut w = self.get(pid);
        let old = w.control;
        w.control = ((r & mask) | (old & !mask)) & CONTROL_BITS;
        self.set(pid, w);
        old & mask
    }

    /// Copies the bits of `r` under `mask` into the status word; returns the old
    /// bits under `mask`.
    pub fn set_status(&mut self, pid: u32, r: i32, mask: i32) -> i32 {
        let mut w = self.get(pid);
        let old = w.status;
        w.status = ((r & mask) | (old & !mask)) & STATUS_BITS;
        self.set(pid, w);
        old & mask
    }

    /// Adds exception `flags` to the status word.
    pub fn raise_flags(&mut self, pid: u32, flags: i32) {
        if flags != 0 {
            let mut w = self.get(pid);
            w.status |= flags & STATUS_BITS;
            self.set(pid, w);
        }
    }
}

/// `x` rounded to an integer in rounding mode `control & RND_MASK`.
pub fn rint(x: f64, control: i32) -> f64 {
    match control & RND_MASK {
        RND_NR => x.round_ties_even(),
        RND_NINF => x.floor(),
        RND_PINF => x.ceil(),
        _ => x.trunc(),
    }
}

/// The exceptions a function computing `r` from arguments `args` raised, judged
/// from the values: a NaN from numbers is an invalid operation, an infinity from
/// finite numbers an overflow (or a zero divide when `pole`: the function has a
/// pole at its argument), a tiny non-zero result an underflow, and a rounded result
/// inexact.
pub fn flags(args: &[f64], r: f64, pole: bool, exact: bool) -> i32 {
    let mut f = 0;
    if r.is_nan() {
        if !args.iter().any(|a| a.is_nan()) {
            f |= INVAL;
        }
        return f;
    }
    if r.is_infinite() && args.iter().all(|a| a.is_finite()) {
        f |= if pole { ZDIV } else { OVFL | INEX };
    }
    if r != 0.0 && r.is_subnormal() {
        f |= UNFL | INEX;
    }
    if !exact && r.is_finite() {
        f |= INEX;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_start_as_the_originals_and_copy_bits_under_a_mask() {
        let mut w = FpWords::default();
        assert_eq!(w.control(7), INVAL | ZDIV | OVFL | UNFL);
        assert_eq!(w.status(7), 0);
        let all = INVAL | ZDIV | OVFL | UNFL | INEX;
        assert_eq!(w.set_control(7, 0, all), INVAL | ZDIV | OVFL | UNFL);
        assert_eq!(w.control(7), 0);
        assert_eq!(w.control(8), INVAL | ZDIV | OVFL | UNFL, "per prog");
        assert_eq!(w.set_control(7, RND_PINF, RND_MASK), RND_NR);
        assert_eq!(w.control(7) & RND_MASK, RND_PINF);
        w.raise_flags(7, INEX | ZDIV);
        assert_eq!(w.set_status(7, 0, INEX), INEX, "checks and clears");
        assert_eq!(w.status(7), ZDIV);
    }

    #[test]
    fn rint_follows_the_rounding_mode() {
        assert_eq!(rint(2.5, RND_NR), 2.0);
        assert_eq!(rint(-2.5, RND_NR), -2.0);
        assert_eq!(rint(2.5, RND_NINF), 2.0);
        assert_eq!(rint(-2.5, RND_NINF), -3.0);
        assert_eq!(rint(2.1, RND_PINF), 3.0);
        assert_eq!(rint(-2.7, 3 << 8), -2.0);
    }

    #[test]
    fn flags_name_the_exception() {
        assert_eq!(flags(&[-1.0], f64::NAN, false, false), INVAL);
        assert_eq!(flags(&[f64::NAN], f64::NAN, false, false), 0);
        assert_eq!(flags(&[0.0], f64::NEG_INFINITY, true, false), ZDIV);
        assert_eq!(flags(&[1000.0], f64::INFINITY, false, false), OVFL | INEX);
        assert_eq!(flags(&[4.0], 2.0, false, true), 0);
    }
}
