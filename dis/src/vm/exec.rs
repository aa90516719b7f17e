//! The dispatch loop: runs a prog's instructions for a quantum, with operands
//! resolved by their pre-decoded addressing modes. Simple instructions are executed
//! inline; the larger ones call into `ops`.

use super::arena::{LOW_GUARD, NIL};
use super::decode::{Inst, Opnd};
use super::fast::{with_forms, Fast};
use super::modes::{F, I, M, N, X};
use super::module::Code;
use super::prog::Prog;
use super::step::match_forms;
use super::tier::Regs;
use super::tier_host::TierHost;
use super::trap::{raise, Trap, EXC_ILLEGAL, EXC_NIL, EXC_TYPE, EXC_ZERODIV};
use super::types::{T_BIG, T_BYTE, T_NONE, T_PTR, T_REAL, T_WORD};
use super::Machine;
use crate::isa::Opcode;
use std::cmp::Ordering;

/// Why a prog's turn ended without a trap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Yield {
    /// Its quantum is used up; it can go on.
    Quantum,
    /// It waits on a channel, for a blocking call (`pc` still at its `mcall`) or
    /// for held work ([`Machine::hold_running`], `pc` at the next instruction),
    /// or a built-in call killed it.
    Blocked,
}

/// Branch target of an immediate operand.
#[inline(always)]
pub fn target(o: Opnd) -> u32 {
    match o {
        Opnd::Imm(v) => v as u32,
        _ => u32::MAX,
    }
}

impl Machine {
    /// Effective address of an operand. An immediate's address is a scratch word
    /// (`slot` 0–2) holding its value.
    #[inline(always)]
    pub fn ea(&mut self, o: Opnd, p: &Prog, slot: u32) -> Result<u32, Trap> {
        match o {
            Opnd::Fp(n) => Ok(p.fp.wrapping_add(n)),
            Opnd::Mp(n) => Ok(p.mp.wrapping_add(n)),
            Opnd::IndFp(f, s) => {
                let b = self.mem.u(p.fp.wrapping_add(f))?;
                if b == NIL || b < LOW_GUARD {
                    return raise(EXC_NIL);
                }
                Ok(b.wrapping_add(s))
            }
            Opnd::IndMp(f, s) => {
                let b = self.mem.u(p.mp.wrapping_add(f))?;
                if b == NIL || b < LOW_GUARD {
                    return raise(EXC_NIL);
                }
                Ok(b.wrapping_add(s))
            }
            Opnd::Imm(v) => {
                let a = self.scratch + 8 * slot;
                self.mem.set_w(a, v)?;
                Ok(a)
            }
            Opnd::None => {
                let a = self.scratch + 8 * slot;
                self.mem.set_l(a, 0)?;
                Ok(a)
            }
        }
    }

    /// Word value of an operand.
    #[inline(always)]
    pub fn rw(&mut self, o: Opnd, p: &Prog) -> Result<i32, Trap> {
        match o {
            Opnd::Imm(v) => Ok(v),
            Opnd::Fp(n) => self.mem.w(p.fp.wrapping_add(n)),
            Opnd::Mp(n) => self.mem.w(p.mp.wrapping_add(n)),
            _ => {
                let a = self.ea(o, p, 0)?;
                self.mem.w(a)
            }
        }
    }

    #[inline(always)]
    pub(super) fn ru(&mut self, o: Opnd, p: &Prog) -> Result<u32, Trap> {
        self.rw(o, p).map(|v| v as u32)
    }

    #[inline(always)]
    fn rb(&mut self, o: Opnd, p: &Prog) -> Result<u8, Trap> {
        match o {
            Opnd::Imm(v) => Ok(v as u8),
            _ => {
                let a = self.ea(o, p, 0)?;
                self.mem.b(a)
            }
        }
    }

    #[inline(always)]
    fn rl(&mut self, o: Opnd, p: &Prog) -> Result<i64, Trap> {
        match o {
            Opnd::Imm(v) => Ok(i64::from(v)),
            _ => {
                let a = self.ea(o, p, 0)?;
                self.mem.l(a)
            }
        }
    }

    #[inline(always)]
    fn rf(&mut self, o: Opnd, p: &Prog) -> Result<f64, Trap> {
        let a = self.ea(o, p, 0)?;
        self.mem.f(a)
    }

    #[inline(always)]
    fn op_w(&mut self, i: &Inst, p: &Prog, f: impl Fn(i32, i32) -> i32) -> Result<(), Trap> {
        let s = self.rw(i.s, p)?;
        let m = self.rw(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_w(d, f(m, s))
    }

    #[inline(always)]
    fn op_b(&mut self, i: &Inst, p: &Prog, f: impl Fn(u8, u8) -> u8) -> Result<(), Trap> {
        let s = self.rb(i.s, p)?;
        let m = self.rb(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_b(d, f(m, s))
    }

    #[inline(always)]
    fn op_l(&mut self, i: &Inst, p: &Prog, f: impl Fn(i64, i64) -> i64) -> Result<(), Trap> {
        let s = self.rl(i.s, p)?;
        let m = self.rl(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_l(d, f(m, s))
    }

    #[inline(always)]
    fn op_f(&mut self, i: &Inst, p: &Prog, f: impl Fn(f64, f64) -> f64) -> Result<(), Trap> {
        let s = self.rf(i.s, p)?;
        let m = self.rf(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_f(d, f(m, s))
    }

    /// A shift: the count is always a word.
    #[inline(always)]
    fn shift_w(&mut self, i: &Inst, p: &Prog, f: impl Fn(i32, u32) -> i32) -> Result<(), Trap> {
        let s = self.rw(i.s, p)?;
        let m = self.rw(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_w(d, f(m, s as u32))
    }

    #[inline(always)]
    fn shift_b(&mut self, i: &Inst, p: &Prog, f: impl Fn(u32, u32) -> u32) -> Result<(), Trap> {
        let s = self.rw(i.s, p)?;
        let m = self.rb(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_b(d, f(u32::from(m), s as u32 & 31) as u8)
    }

    #[inline(always)]
    fn shift_l(&mut self, i: &Inst, p: &Prog, f: impl Fn(i64, u32) -> i64) -> Result<(), Trap> {
        let s = self.rw(i.s, p)?;
        let m = self.rl(i.m, p)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_l(d, f(m, s as u32))
    }

    /// Stores a pointer into the destination, with reference counting as `movp`.
    #[inline(always)]
    pub(super) fn set_dp(&mut self, i: &Inst, p: &Prog, v: u32) -> Result<(), Trap> {
        let d = self.ea(i.d, p, 2)?;
        self.put_ptr(d, v)
    }

    // `movp`, `new`/`newz` and `lena`: general instructions of the dispatch
    // loop that compiled code also hands back to the machine one at a time
    // (`tier_host.rs`).

    #[inline(always)]
    pub(super) fn exec_movp(&mut self, i: &Inst, p: &Prog) -> Result<(), Trap> {
        let v = self.ru(i.s, p)?;
        self.inc(v)?;
        self.set_dp(i, p, v)
    }

    #[inline(always)]
    pub(super) fn exec_new(&mut self, i: &Inst, p: &Prog) -> Result<(), Trap> {
        let t = self.ru(i.s, p)?;
        let o = self.new_object(t)?;
        self.set_dp(i, p, o)
    }

    #[inline(always)]
    pub(super) fn exec_lena(&mut self, i: &Inst, p: &Prog) -> Result<(), Trap> {
        let a = self.ru(i.s, p)?;
        let n = self.array_len(a)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_u(d, n)
    }

    /// Runs `p` for at most `quantum` instructions. Returns why its turn ended; an
    /// exception or the thread's end comes back as a [`Trap`] with `p.pc` at the
    /// instruction that raised it.
    /// The instructions the turn ran are left in [`Machine::turn_insts`].
    #[inline]
    pub fn exec(&mut self, p: &mut Prog, quantum: u32) -> Result<Yield, Trap> {
        let mut pc = p.pc;
        let mut budget = quantum;
        self.drop_holds();
        let r = self.run_quantum(p, &mut pc, &mut budget);
        p.pc = pc;
        self.turn_insts = quantum - budget;
        r
    }

    /// The dispatch loop of [`Machine::exec`]: `pc` stays at the running
    /// instruction until it completes. Runs the current module's code until the
    /// turn ends, starting again where a call or return changes module. Inlined
    /// into the turn, which would otherwise pay a second call for each.
    #[inline(always)]
    fn run_quantum(&mut self, p: &mut Prog, pc: &mut u32, budget: &mut u32) -> Result<Yield, Trap> {
        loop {
            let code = p.code.clone();
            // Code without a compiled form runs a loop that never looks for
            // an entry into one, so the interpreter alone pays nothing for it.
            let (at, left, ran) = match code.heat.tiered() {
                Some(_) => self.run_code::<true>(p, &code, (*pc, *budget)),
                None => {
                    let r = self.run_code::<false>(p, &code, (*pc, *budget));
                    // The instructions interpreted here count to its heat.
                    if code.heat.charge(budget.saturating_sub(r.1)) {
                        let source = (&code.name[..], &code.insts[..], &code.fast[..]);
                        self.ripen(&code.heat, source);
                    }
                    r
                }
            };
            (*pc, *budget) = (at, left);
            let ran = ran?;
            if let Some(y) = ran {
                return Ok(y);
            }
        }
    }

    /// Runs `code`'s compiled form from `pc`, an entry of it, until it stops;
    /// returns the pc of the instruction the interpreter runs next (or that
    /// raised the trap, with the trap) and the budget left (values, so that the
    /// dispatch loop's own stay in registers).
    #[inline(never)]
    fn run_compiled(
        &mut self,
        p: &mut Prog,
        pc: u32,
        budget: u32,
        code: &Code,
    ) -> (u32, u32, Option<Trap>) {
        let Some(body) = code.heat.tiered().map(|t| &*t.body) else {
            return (pc, budget, None);
        };
        let mut regs = Regs {
            pc,
            fp: p.fp,
            mp: p.mp,
            budget,
            sp: p.sp,
            seg_base: p.seg_base,
            seg_end: p.seg_end,
        };
        let ran = body.run(
            &mut regs,
            &mut TierHost {
                machine: self,
                prog: p,
                code,
            },
        );
        p.fp = regs.fp;
        p.mp = regs.mp;
        p.sp = regs.sp;
        (regs.pc, regs.budget.min(budget), ran.err())
    }

    /// Runs `code` (the prog's current module) from `pc` while `budget` lasts;
    /// returns where it stopped, the budget left and `None` when the prog moved to
    /// another module's code. One function per `TIERED`, with the counters in
    /// locals of its own, so that the loop keeps them in registers.
    #[inline(never)]
    fn run_code<const TIERED: bool>(
        &mut self,
        p: &mut Prog,
        code: &Code,
        (mut pc, mut budget): (u32, u32),
    ) -> (u32, u32, Result<Option<Yield>, Trap>) {
        let r = match self.dispatch::<TIERED>(p, &mut pc, &mut budget, code) {
            // A specialised `movp` let go of work its prog waits for.
            Err(Trap::Raise(e)) if e.is_hold() => {
                pc = pc.wrapping_add(1);
                self.held(p, pc)
            }
            r => r,
        };
        (pc, budget, r)
    }

    /// The dispatch loop of [`Machine::run_code`]. Specialised forms run first,
    /// anything else from its general form; `TIERED` when `code` has a
    /// compiled form, whose entries ([`Fast::Enter`]) are taken.
    #[inline(always)]
    fn dispatch<const TIERED: bool>(
        &mut self,
        p: &mut Prog,
        pc: &mut u32,
        budget: &mut u32,
        code: &Code,
    ) -> Result<Option<Yield>, Trap> {
        let fast = match code.heat.tiered() {
            Some(t) if TIERED => &t.fast[..],
            _ => &code.fast[..],
        };
        let insts = &code.insts[..];
        while *budget > 0 {
            *budget -= 1;
            // The form stays a reference: each arm loads only the payloads it
            // uses, which leaves the loop registers for the machine and prog.
            let Some(form) = fast.get(*pc as usize) else {
                return raise(EXC_ILLEGAL);
            };
            let form = match form {
                Fast::Enter if TIERED => {
                    let (at, left, raised) = self.run_compiled(p, *pc, *budget + 1, code);
                    (*pc, *budget) = (at, left);
                    if let Some(t) = raised {
                        return Err(t);
                    }
                    if self.hold_pending {
                        return self.held(p, *pc);
                    }
                    if *budget == 0 {
                        return Ok(Some(Yield::Quantum));
                    }
                    *budget -= 1;
                    match code.fast.get(*pc as usize) {
                        Some(f) => f,
                        None => return raise(EXC_ILLEGAL),
                    }
                }
                f => f,
            };
            let next = pc.wrapping_add(1);
            with_forms!(match_forms, self, p, form, pc, budget, {
                // A compiled entry's own instruction, when the loop runs it.
                Fast::Generic | Fast::Enter => {}
                Fast::Jmp(t) => {
                    *pc = t;
                    continue;
                }
                Fast::Call(s, t) => {
                    let f = self.mem.u(p.fp.wrapping_add(s))?;
                    self.call_within(p, f, next)?;
                    *pc = t;
                    continue;
                }
                Fast::Frame(ty, d, bytes, ptrs) => {
                    let f = self.push_frame_laid_out(p, ty, bytes, ptrs > 0)?;
                    self.mem.set_u(p.fp.wrapping_add(d), f)?;
                    *pc = next;
                    continue;
                }
                Fast::Ret => {
                    // A frame popped here has no pointers to let go of.
                    if let Some(to) = self.ret_within(p) {
                        *pc = to;
                        continue;
                    }
                    p.pc = *pc;
                    let r = self.ret(p);
                    *pc = p.pc;
                    r?;
                    if self.hold_pending {
                        return self.held(p, *pc);
                    }
                    if !std::ptr::eq(code, &*p.code) {
                        return Ok(None);
                    }
                    continue;
                }
            });
            let Some(i) = insts.get(*pc as usize) else {
                return raise(EXC_ILLEGAL);
            };
            macro_rules! branch {
                ($cond:expr) => {{
                    *pc = if $cond { target(i.d) } else { next };
                    continue;
                }};
            }
            match i.op {
                Opcode::Jmp => {
                    *pc = target(i.d);
                    continue;
                }
                Opcode::Movw => {
                    let v = self.rw(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_w(d, v)?;
                }
                Opcode::Movb => {
                    let v = self.rb(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_b(d, v)?;
                }
                Opcode::Movl | Opcode::Movf => {
                    let v = self.rl(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_l(d, v)?;
                }
                Opcode::Movp => self.exec_movp(i, p)?,
                Opcode::New | Opcode::Newz => self.exec_new(i, p)?,
                Opcode::Lena => self.exec_lena(i, p)?,
                Opcode::Lea => {
                    let s = self.ea(i.s, p, 0)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_u(d, s)?;
                }
                Opcode::Addw => self.op_w(i, p, i32::wrapping_add)?,
                Opcode::Subw => self.op_w(i, p, i32::wrapping_sub)?,
                Opcode::Mulw => self.op_w(i, p, i32::wrapping_mul)?,
                Opcode::Divw | Opcode::Modw => {
                    let s = self.rw(i.s, p)?;
                    let m = self.rw(i.m, p)?;
                    if s == 0 {
                        return raise(EXC_ZERODIV);
                    }
                    let v = if i.op == Opcode::Divw {
                        m.wrapping_div(s)
                    } else {
                        m.wrapping_rem(s)
                    };
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_w(d, v)?;
                }
                Opcode::Andw => self.op_w(i, p, |m, s| m & s)?,
                Opcode::Orw => self.op_w(i, p, |m, s| m | s)?,
                Opcode::Xorw => self.op_w(i, p, |m, s| m ^ s)?,
                Opcode::Shlw => self.shift_w(i, p, i32::wrapping_shl)?,
                Opcode::Shrw => self.shift_w(i, p, i32::wrapping_shr)?,
                Opcode::Lsrw => self.shift_w(i, p, |m, s| (m as u32).wrapping_shr(s) as i32)?,
                Opcode::Addb => self.op_b(i, p, u8::wrapping_add)?,
                Opcode::Subb => self.op_b(i, p, u8::wrapping_sub)?,
                Opcode::Mulb => self.op_b(i, p, u8::wrapping_mul)?,
                Opcode::Andb => self.op_b(i, p, |m, s| m & s)?,
                Opcode::Orb => self.op_b(i, p, |m, s| m | s)?,
                Opcode::Xorb => self.op_b(i, p, |m, s| m ^ s)?,
                Opcode::Shlb => self.shift_b(i, p, |m, s| m << s)?,
                Opcode::Shrb => self.shift_b(i, p, |m, s| m >> s)?,

                Opcode::Addl => self.op_l(i, p, i64::wrapping_add)?,
                Opcode::Subl => self.op_l(i, p, i64::wrapping_sub)?,
                Opcode::Mull => self.op_l(i, p, i64::wrapping_mul)?,
                Opcode::Andl => self.op_l(i, p, |m, s| m & s)?,
                Opcode::Orl => self.op_l(i, p, |m, s| m | s)?,
                Opcode::Xorl => self.op_l(i, p, |m, s| m ^ s)?,
                Opcode::Shll => self.shift_l(i, p, i64::wrapping_shl)?,
                Opcode::Shrl => self.shift_l(i, p, i64::wrapping_shr)?,
                Opcode::Lsrl => self.shift_l(i, p, |m, s| (m as u64).wrapping_shr(s) as i64)?,
                Opcode::Addf => self.op_f(i, p, |m, s| m + s)?,
                Opcode::Subf => self.op_f(i, p, |m, s| m - s)?,
                Opcode::Mulf => self.op_f(i, p, |m, s| m * s)?,
                Opcode::Divf => self.op_f(i, p, |m, s| m / s)?,
                Opcode::Beqw => branch!(self.rw(i.s, p)? == self.rw(i.m, p)?),
                Opcode::Bnew => branch!(self.rw(i.s, p)? != self.rw(i.m, p)?),
                Opcode::Bltw => branch!(self.rw(i.s, p)? < self.rw(i.m, p)?),
                Opcode::Blew => branch!(self.rw(i.s, p)? <= self.rw(i.m, p)?),
                Opcode::Bgtw => branch!(self.rw(i.s, p)? > self.rw(i.m, p)?),
                Opcode::Bgew => branch!(self.rw(i.s, p)? >= self.rw(i.m, p)?),
                Opcode::Beqb => branch!(self.rb(i.s, p)? == self.rb(i.m, p)?),
                Opcode::Bneb => branch!(self.rb(i.s, p)? != self.rb(i.m, p)?),
                Opcode::Bltb => branch!(self.rb(i.s, p)? < self.rb(i.m, p)?),
                Opcode::Bleb => branch!(self.rb(i.s, p)? <= self.rb(i.m, p)?),
                Opcode::Bgtb => branch!(self.rb(i.s, p)? > self.rb(i.m, p)?),
                Opcode::Bgeb => branch!(self.rb(i.s, p)? >= self.rb(i.m, p)?),
                Opcode::Beql => branch!(self.rl(i.s, p)? == self.rl(i.m, p)?),
                Opcode::Bnel => branch!(self.rl(i.s, p)? != self.rl(i.m, p)?),
                Opcode::Bltl => branch!(self.rl(i.s, p)? < self.rl(i.m, p)?),
                Opcode::Blel => branch!(self.rl(i.s, p)? <= self.rl(i.m, p)?),
                Opcode::Bgtl => branch!(self.rl(i.s, p)? > self.rl(i.m, p)?),
                Opcode::Bgel => branch!(self.rl(i.s, p)? >= self.rl(i.m, p)?),
                Opcode::Beqf => branch!(self.rf(i.s, p)? == self.rf(i.m, p)?),
                Opcode::Bnef => branch!(self.rf(i.s, p)? != self.rf(i.m, p)?),
                Opcode::Bltf => branch!(self.rf(i.s, p)? < self.rf(i.m, p)?),
                Opcode::Blef => branch!(self.rf(i.s, p)? <= self.rf(i.m, p)?),
                Opcode::Bgtf => branch!(self.rf(i.s, p)? > self.rf(i.m, p)?),
                Opcode::Bgef => branch!(self.rf(i.s, p)? >= self.rf(i.m, p)?),
                Opcode::Beqc
                | Opcode::Bnec
                | Opcode::Bltc
                | Opcode::Blec
                | Opcode::Bgtc
                | Opcode::Bgec => {
                    let s = self.ru(i.s, p)?;
                    let m = self.ru(i.m, p)?;
                    let o = self.str_cmp(s, m)?;
                    branch!(match i.op {
                        Opcode::Beqc => o == Ordering::Equal,
                        Opcode::Bnec => o != Ordering::Equal,
                        Opcode::Bltc => o == Ordering::Less,
                        Opcode::Blec => o != Ordering::Greater,
                        Opcode::Bgtc => o == Ordering::Greater,
                        _ => o != Ordering::Less,
                    })
                }

                Opcode::Cvtbw => {
                    let v = self.rb(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_w(d, i32::from(v))?;
                }
                Opcode::Cvtwb => {
                    let v = self.rw(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_b(d, v as u8)?;
                }
                Opcode::Cvtwl => {
                    let v = self.rw(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_l(d, i64::from(v))?;
                }
                Opcode::Cvtlw => {
                    let v = self.rl(i.s, p)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_w(d, v as i32)?;
                }
                Opcode::Indx | Opcode::Indw | Opcode::Indb | Opcode::Indf | Opcode::Indl => {
                    let a = self.ru(i.s, p)?;
                    let idx = self.rw(i.d, p)?;
                    let size = match i.op {
                        Opcode::Indx if a != NIL => {
                            let e = self.array_elem(a)?;
                            self.types.get(e).size
                        }
                        Opcode::Indb => 1,
                        Opcode::Indw => 4,
                        _ => 8,
                    };
                    let at = self.array_index(a, idx, size)?;
                    let m = self.ea(i.m, p, 1)?;
                    self.mem.set_u(m, at)?;
                }
                Opcode::Frame => {
                    let t = self.ru(i.s, p)?;
                    let f = self.push_frame(p, t)?;
                    let d = self.ea(i.d, p, 2)?;
                    self.mem.set_u(d, f)?;
                }
                Opcode::Call => {
                    let f = self.ru(i.s, p)?;
                    self.call_within(p, f, next)?;
                    *pc = target(i.d);
                    continue;
                }
                Opcode::Ret => {
                    p.pc = *pc;
                    let r = self.ret(p);
                    *pc = p.pc;
                    r?;
                    if self.hold_pending {
                        return self.held(p, *pc);
                    }
                    if !std::ptr::eq(code, &*p.code) {
                        return Ok(None);
                    }
                    continue;
                }
                Opcode::Mcall => {
                    p.pc = *pc;
                    let r = self.mcall(i, p, next);
                    *pc = p.pc;
                    if r? {
                        if !std::ptr::eq(code, &*p.code) {
                            return Ok(None);
                        }
                        continue;
                    }
                    if p.call.is_some() || self.kill_running {
                        return Ok(Some(Yield::Blocked));
                    }
                }
                _ => {
                    p.pc = *pc;
                    let r = self.exec_rare(i, p, next);
                    *pc = p.pc;
                    if r? {
                        return Ok(Some(Yield::Blocked));
                    }
                    if self.hold_pending {
                        return self.held(p, *pc);
                    }
                    if !std::ptr::eq(code, &*p.code) {
                        return Ok(None);
                    }
                    continue;
                }
            }
            *pc = next;
            if self.hold_pending {
                // The instruction let go of work its prog waits for.
                return self.held(p, next);
            }
        }
        Ok(Some(Yield::Quantum))
    }

    /// Makes `p` wait at `pc` for the work [`Machine::hold_running`] gave.
    #[cold]
    fn held(&mut self, p: &mut Prog, pc: u32) -> Result<Option<Yield>, Trap> {
        p.pc = pc;
        self.start_hold(p)?;
        Ok(Some(Yield::Blocked))
    }

    /// The instructions outside the hot set: run out of line so that the dispatch
    /// loop stays small. Sets `p.pc` itself; returns true when the prog must wait.
    #[inline(never)]
    pub(super) fn exec_rare(&mut self, i: &Inst, p: &mut Prog, next: u32) -> Result<bool, Trap> {
        match i.op {
            Opcode::Nop => return raise(EXC_ILLEGAL),
            Opcode::Runt | Opcode::Eclr => {}
            Opcode::Exit => return Err(Trap::Exit),

            Opcode::Movm => {
                let s = self.ea(i.s, p, 0)?;
                let n = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.copy(d, s, n)?;
            }
            Opcode::Movmp => {
                let s = self.ea(i.s, p, 0)?;
                let t = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.move_typed(d, s, t)?;
            }
            Opcode::Movpc => {
                let v = self.rw(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_w(d, v)?;
            }

            Opcode::Expw => {
                let s = self.rw(i.s, p)?;
                let m = self.rw(i.m, p)?;
                let v = super::ops::arith::exp_w(m, s)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_w(d, v)?;
            }

            Opcode::Divb | Opcode::Modb => {
                let s = self.rb(i.s, p)?;
                let m = self.rb(i.m, p)?;
                if s == 0 {
                    return raise(EXC_ZERODIV);
                }
                let v = if i.op == Opcode::Divb { m / s } else { m % s };
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_b(d, v)?;
            }
            Opcode::Divl | Opcode::Modl => {
                let s = self.rl(i.s, p)?;
                let m = self.rl(i.m, p)?;
                if s == 0 {
                    return raise(EXC_ZERODIV);
                }
                let v = if i.op == Opcode::Divl {
                    m.wrapping_div(s)
                } else {
                    m.wrapping_rem(s)
                };
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_l(d, v)?;
            }
            Opcode::Expl => {
                let s = self.rw(i.s, p)?;
                let m = self.rl(i.m, p)?;
                let v = super::ops::arith::exp_l(m, s)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_l(d, v)?;
            }

            Opcode::Negf => {
                let v = self.rf(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_f(d, -v)?;
            }
            Opcode::Expf => {
                let s = self.rw(i.s, p)?;
                let m = self.rf(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_f(d, super::ops::arith::exp_f(m, s))?;
            }

            Opcode::Cvtwf => {
                let v = self.rw(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_f(d, f64::from(v))?;
            }
            Opcode::Cvtfw => {
                let v = self.rf(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_w(d, super::ops::convert::real_to_word(v))?;
            }
            Opcode::Cvtlf => {
                let v = self.rl(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_f(d, v as f64)?;
            }
            Opcode::Cvtfl => {
                let v = self.rf(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_l(d, super::ops::convert::real_to_big(v))?;
            }
            Opcode::Cvtrf => {
                let a = self.ea(i.s, p, 0)?;
                let v = self.mem.r(a)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_f(d, f64::from(v))?;
            }
            Opcode::Cvtfr => {
                let v = self.rf(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_r(d, v as f32)?;
            }
            Opcode::Cvtws => {
                let v = self.rw(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_h(d, v as i16)?;
            }
            Opcode::Cvtsw => {
                let a = self.ea(i.s, p, 0)?;
                let v = self.mem.h(a)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_w(d, i32::from(v))?;
            }
            Opcode::Cvtfx => {
                let v = self.rf(i.s, p)?;
                let scale = self.rf(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem
                    .set_w(d, super::ops::convert::real_to_word(v * scale))?;
            }
            Opcode::Cvtxf => {
                let v = self.rw(i.s, p)?;
                let scale = self.rf(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                // Scales in compiled modules are exact only to 24 bits (the
                // original compiler ran its FPU at single precision), so the
                // product is rounded to that precision too.
                self.mem.set_f(d, (f64::from(v) * scale) as f32 as f64)?;
            }
            Opcode::Mulx
            | Opcode::Divx
            | Opcode::Cvtxx
            | Opcode::Mulx0
            | Opcode::Divx0
            | Opcode::Cvtxx0
            | Opcode::Mulx1
            | Opcode::Divx1
            | Opcode::Cvtxx1 => self.fixed(i, p)?,

            Opcode::Cvtwc | Opcode::Cvtlc | Opcode::Cvtfc | Opcode::Cvtca => {
                self.to_string_op(i, p)?
            }
            Opcode::Cvtcw | Opcode::Cvtcl | Opcode::Cvtcf | Opcode::Cvtac => {
                self.from_string_op(i, p)?
            }
            Opcode::Addc => {
                let s = self.ru(i.s, p)?;
                let m = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                let append = i.m == i.d;
                if !(append && self.str_append_in_place(m, s)?) {
                    let r = self.str_concat(m, s, append)?;
                    self.put_ptr(d, r)?;
                }
            }
            Opcode::Lenc => {
                let s = self.ru(i.s, p)?;
                let n = self.str_view(s)?.len;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_u(d, n)?;
            }
            Opcode::Indc => {
                let s = self.ru(i.s, p)?;
                let m = self.ru(i.m, p)?;
                if s == NIL {
                    return raise(EXC_NIL);
                }
                let v = self.str_view(s)?;
                if m >= v.len {
                    return raise(super::trap::EXC_BOUNDS);
                }
                let c = self.str_char(&v, m)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_u(d, c)?;
            }
            Opcode::Insc => {
                let c = self.ru(i.s, p)?;
                let m = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.str_insert(d, m, c)?;
            }
            Opcode::Slicec => {
                let s = self.rw(i.s, p)?;
                let m = self.rw(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                let str = self.mem.u(d)?;
                let len = self.str_view(str)?.len;
                if s < 0 || m < s || m as u32 > len {
                    return raise(super::trap::EXC_BOUNDS);
                }
                let r = self.str_slice(str, s as u32, m as u32)?;
                self.put_ptr(d, r)?;
            }

            Opcode::Newa | Opcode::Newaz => {
                let n = self.rw(i.s, p)?;
                let t = self.ru(i.m, p)?;
                let a = self.new_array(n, t)?;
                self.set_dp(i, p, a)?;
            }
            Opcode::Slicea => {
                let s = self.rw(i.s, p)?;
                let m = self.rw(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.array_slice(d, s, m)?;
            }
            Opcode::Slicela => {
                let s = self.ru(i.s, p)?;
                let m = self.rw(i.m, p)?;
                let d = self.ru(i.d, p)?;
                self.array_copy_into(s, d, m)?;
            }

            Opcode::Consb | Opcode::Consw | Opcode::Consp | Opcode::Consf | Opcode::Consl => {
                let (size, t) = match i.op {
                    Opcode::Consb => (1, T_BYTE),
                    Opcode::Consw => (4, T_WORD),
                    Opcode::Consp => (4, T_PTR),
                    Opcode::Consf => (8, T_REAL),
                    _ => (8, T_BIG),
                };
                let s = self.ea(i.s, p, 0)?;
                let d = self.ea(i.d, p, 2)?;
                self.cons(s, size, t, d)?;
            }
            Opcode::Consm => {
                let s = self.ea(i.s, p, 0)?;
                let n = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.cons(s, n, T_NONE, d)?;
            }
            Opcode::Consmp => {
                let s = self.ea(i.s, p, 0)?;
                let t = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                let size = self.types.get(t).size;
                self.cons(s, size, t, d)?;
            }
            Opcode::Headb => {
                let l = self.ru(i.s, p)?;
                let h = self.list_head(l)?;
                let v = self.mem.b(h)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_b(d, v)?;
            }
            Opcode::Headw => {
                let l = self.ru(i.s, p)?;
                let h = self.list_head(l)?;
                let v = self.mem.w(h)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_w(d, v)?;
            }
            Opcode::Headf | Opcode::Headl => {
                let l = self.ru(i.s, p)?;
                let h = self.list_head(l)?;
                let v = self.mem.l(h)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_l(d, v)?;
            }
            Opcode::Headp => {
                let l = self.ru(i.s, p)?;
                let h = self.list_head(l)?;
                let v = self.mem.u(h)?;
                self.inc(v)?;
                self.set_dp(i, p, v)?;
            }
            Opcode::Headm => {
                let l = self.ru(i.s, p)?;
                let h = self.list_head(l)?;
                let n = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.copy(d, h, n)?;
            }
            Opcode::Headmp => {
                let l = self.ru(i.s, p)?;
                let h = self.list_head(l)?;
                let t = self.ru(i.m, p)?;
                let d = self.ea(i.d, p, 2)?;
                self.move_typed(d, h, t)?;
            }
            Opcode::Tail => {
                let l = self.ru(i.s, p)?;
                let t = self.list_tail(l)?;
                self.inc(t)?;
                self.set_dp(i, p, t)?;
            }
            Opcode::Lenl => {
                let l = self.ru(i.s, p)?;
                let n = self.list_len(l)?;
                let d = self.ea(i.d, p, 2)?;
                self.mem.set_w(d, n)?;
            }

            Opcode::Mnewz => {
                let l = self.ru(i.s, p)?;
                let t = self.rw(i.m, p)?;
                let t = self.module_type(l, t)?;
                let o = self.new_object(t)?;
                self.set_dp(i, p, o)?;
            }
            Opcode::Tcmp => {
                let s = self.ru(i.s, p)?;
                let d = self.ru(i.d, p)?;
                if s != NIL && (d == NIL || self.type_of(s)? != self.type_of(d)?) {
                    return raise(EXC_TYPE);
                }
            }
            Opcode::Self_ => {
                let l = p.ml;
                self.inc(l)?;
                self.set_dp(i, p, l)?;
            }

            Opcode::Case | Opcode::Casec | Opcode::Casel | Opcode::Goto => {
                p.pc = self.switch(i, p)?;
                return Ok(false);
            }
            Opcode::Mframe => self.mframe(i, p)?,
            Opcode::Load => {
                let s = self.ru(i.s, p)?;
                let t = self.rw(i.m, p)?;
                match self.load(p, s, t, i.d)? {
                    Some(l) => self.set_dp(i, p, l)?,
                    None => return Ok(true),
                }
            }
            Opcode::Raise => {
                let v = self.ru(i.s, p)?;
                return Err(self.raise_value(v)?);
            }

            Opcode::Spawn => {
                let f = self.ru(i.s, p)?;
                let (ml, code) = (p.ml, p.code.clone());
                self.spawn(p, f, target(i.d), ml, code)?;
            }
            Opcode::Mspawn => {
                let f = self.ru(i.s, p)?;
                let idx = self.rw(i.m, p)?;
                let l = self.ru(i.d, p)?;
                self.mspawn(p, f, l, idx)?;
            }
            Opcode::Newcb
            | Opcode::Newcw
            | Opcode::Newcf
            | Opcode::Newcp
            | Opcode::Newcl
            | Opcode::Newcm
            | Opcode::Newcmp => {
                let cap = match i.m {
                    Opnd::None => 0,
                    o => self.rw(o, p)?,
                };
                let (ty, size) = match i.op {
                    Opcode::Newcb => (T_BYTE, 1),
                    Opcode::Newcw => (T_WORD, 4),
                    Opcode::Newcf => (T_REAL, 8),
                    Opcode::Newcl => (T_BIG, 8),
                    Opcode::Newcp => (T_PTR, 4),
                    Opcode::Newcm => {
                        let n = self.ru(i.s, p)?;
                        (self.size_type(n), n)
                    }
                    _ => {
                        let t = self.ru(i.s, p)?;
                        if t == u32::MAX {
                            return raise(EXC_ILLEGAL);
                        }
                        (t, self.types.get(t).size)
                    }
                };
                let c = self.new_channel(ty, size, cap)?;
                self.set_dp(i, p, c)?;
            }
            Opcode::Send => {
                let c = self.ru(i.d, p)?;
                let s = self.ea(i.s, p, 0)?;
                if !self.try_send(c, s)? {
                    self.wait_send(p, c, s, matches!(i.s, Opnd::Imm(_)))?;
                    p.pc = next;
                    return Ok(true);
                }
            }
            Opcode::Recv => {
                let c = self.ru(i.s, p)?;
                let d = self.ea(i.d, p, 2)?;
                if !self.try_recv(c, d)? {
                    self.wait_recv(p, c, d)?;
                    p.pc = next;
                    return Ok(true);
                }
            }
            Opcode::Alt | Opcode::Nbalt => {
                let tab = self.ea(i.s, p, 0)?;
                let res = self.ea(i.d, p, 2)?;
                if !self.alt(p, tab, res, i.op == Opcode::Alt)? {
                    p.pc = next;
                    return Ok(true);
                }
            }

            _ => return raise(EXC_ILLEGAL),
        }
        p.pc = next;
        Ok(false)
    }
}
