//! Table jumps: `case` (words), `casel` (bigs), `casec` (strings) and `goto`, with
//! the tables the compiler lays out in module data.

use crate::isa::Opcode;
use crate::vm::decode::Inst;
use crate::vm::prog::Prog;
use crate::vm::trap::{raise, Trap, EXC_ILLEGAL};
use crate::vm::Machine;
use std::cmp::Ordering;

impl Machine {
    /// The instruction a table jump goes to.
    pub fn switch(&mut self, i: &Inst, p: &Prog) -> Result<u32, Trap> {
        let tab = self.ea(i.d, p, 2)?;
        let pc = match i.op {
            Opcode::Goto => {
                let idx = self.rw(i.s, p)?;
                self.mem.w(tab.wrapping_add((idx as u32).wrapping_mul(4)))?
            }
            Opcode::Case => {
                let v = self.rw(i.s, p)?;
                let n = self.mem.w(tab)?.max(0) as u32;
                let (mut lo, mut hi) = (0u32, n);
                let mut found = None;
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let e = tab + 4 + 12 * mid;
                    let (l, h) = (self.mem.w(e)?, self.mem.w(e + 4)?);
                    if v < l {
                        hi = mid;
                    } else if v >= h {
                        lo = mid + 1;
                    } else {
                        found = Some(self.mem.w(e + 8)?);
                        break;
                    }
                }
                match found {
                    Some(pc) => pc,
                    None => self.mem.w(tab + 4 + 12 * n)?,
                }
            }
            Opcode::Casel => {
                let a = self.ea(i.s, p, 0)?;
                let v = self.mem.l(a)?;
                let n = self.mem.w(tab)?.max(0) as u32;
                let (mut lo, mut hi) = (0u32, n);
                let mut found = None;
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let e = tab + 8 + 24 * mid;
                    let (l, h) = (self.mem.l(e)?, self.mem.l(e + 8)?);
                    if v < l {
                        hi = mid;
                    } else if v >= h {
                        lo = mid + 1;
                    } else {
                        found = Some(self.mem.w(e + 16)?);
                        break;
                    }
                }
                match found {
                    Some(pc) => pc,
                    None => self.mem.w(tab + 8 + 24 * n)?,
                }
            }
            _ => {
                let s = self.rw(i.s, p)? as u32;
                let n = self.mem.w(tab)?.max(0) as u32;
                let mut found = None;
                if n <= 2 {
                    for k in 0..n {
                        let e = tab + 4 + 12 * k;
                        if self.casec_match(s, e)? == Ordering::Equal {
                            found = Some(self.mem.w(e + 8)?);
                            break;
                        }
                    }
                } else {
                    let (mut lo, mut hi) = (0u32, n);
                    while lo < hi {
                        let mid = (lo + hi) / 2;
                        let e = tab + 4 + 12 * mid;
                        match self.casec_match(s, e)? {
                            Ordering::Less => hi = mid,
                            Ordering::Greater => lo = mid + 1,
                            Ordering::Equal => {
                                found = Some(self.mem.w(e + 8)?);
                                break;
                            }
                        }
                    }
                }
                match found {
                    Some(pc) => pc,
                    None => self.mem.w(tab + 4 + 12 * n)?,
                }
            }
        };
        if pc < 0 || pc as usize >= p.code.insts.len() {
            return raise(EXC_ILLEGAL);
        }
        Ok(pc as u32)
    }

    /// Where string `s` lies relative to the `casec` entry at `e`: `Equal` when it
    /// matches the label or falls in the range.
    fn casec_match(&self, s: u32, e: u32) -> Result<Ordering, Trap> {
        let lo = self.mem.u(e)?;
        let hi = self.mem.u(e + 4)?;
        let c = self.str_cmp(s, lo)?;
        if hi == crate::vm::NIL || c != Ordering::Greater {
            return Ok(c);
        }
        match self.str_cmp(s, hi)? {
            Ordering::Greater => Ok(Ordering::Greater),
            _ => Ok(Ordering::Equal),
        }
    }
}
