//! Running the specialised forms of [`super::fast`]: the straight-line and branch
//! forms' handlers, each with its operand modes fixed at compile time, and the
//! macro that makes the dispatch loop's one `match` over the forms from the table.

use super::arena::NIL;
use super::modes::Mode;
use super::prog::Prog;
use super::trap::Trap;
use super::Machine;

/// Expands to the dispatch loop's one `match` over a form: the arms given first
/// (the forms the loop runs itself), then one arm per straight-line and branch
/// form of the table, which runs the form's handler and goes on with the loop.
/// `$m` is the machine, `$p` the prog, `$pc` and `$budget` the loop's counters.
/// Invoked as `with_forms!(match_forms, m, p, form, pc, budget, { arms })`.
macro_rules! match_forms {
    (
        $m:ident, $p:ident, $form:ident, $pc:ident, $budget:ident, { $( $own:tt )* }
        straight { $( $sop:ident => $sh:ident $sarg:tt [ $( $sv:ident ( $sk1:ident $sk2:ident $sk3:ident ) )* ] )* }
        branch { $( $bop:ident => $bh:ident ( $barg:expr ) [ $( $bv:ident ( $bk1:ident $bk2:ident ) )* ] )* }
    ) => {
        #[allow(unused_parens)]
        match *$form {
            $( $own )*
            $( $( Fast::$sv(s, m, d) => {
                $m.$sh::<$sk1, $sk2, $sk3>($p, s, m, d, $sarg)?;
                *$pc = $pc.wrapping_add(1);
                continue;
            } )* )*
            $( $( Fast::$bv(s, m, t, at) => {
                $m.$bh::<$bk1, $bk2>($p, $pc, $budget, [s, m, t, at], $barg)?;
                continue;
            } )* )*
        }
    };
}
pub(super) use match_forms;

// Every straight-form handler takes a mode for each of the three operand slots, so
// that the table above names them alike; two-operand ones ignore the middle.
#[allow(clippy::extra_unused_type_parameters)]
impl Machine {
    #[inline(always)]
    pub(super) fn alu_w<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        m: u32,
        d: u32,
        f: impl Fn(i32, i32) -> i32,
    ) -> Result<(), Trap> {
        let s = S::w(self, p, s)?;
        let m = Mm::w(self, p, m)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_w(d, f(m, s))
    }

    #[inline(always)]
    pub(super) fn mov_w<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let v = S::w(self, p, s)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_w(d, v)
    }

    #[inline(always)]
    pub(super) fn mov_b<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let v = S::b(self, p, s)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_b(d, v)
    }

    #[inline(always)]
    pub(super) fn mov_l<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let v = S::l(self, p, s)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_l(d, v)
    }

    #[inline(always)]
    pub(super) fn mov_p<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let v = S::w(self, p, s)? as u32;
        self.inc(v)?;
        let d = D::addr(self, p, d)?;
        self.put_ptr(d, v)?;
        if self.hold_pending {
            // The value overwritten let go of work the prog waits for; the
            // dispatch loop's caller makes it wait at the next instruction.
            return Err(Trap::hold());
        }
        Ok(())
    }

    #[inline(always)]
    pub(super) fn lea<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let a = S::addr(self, p, s)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_u(d, a)
    }

    #[inline(always)]
    pub(super) fn cvt_bw<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let v = S::b(self, p, s)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_w(d, i32::from(v))
    }

    #[inline(always)]
    pub(super) fn cvt_wb<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        _: u32,
        d: u32,
        _: (),
    ) -> Result<(), Trap> {
        let v = S::w(self, p, s)?;
        let d = D::addr(self, p, d)?;
        self.mem.set_b(d, v as u8)
    }

    /// `indX array, dst, index`; `size` 0 takes the element size from the array.
    #[inline(always)]
    pub(super) fn ind<S: Mode, Mm: Mode, D: Mode>(
        &mut self,
        p: &Prog,
        s: u32,
        m: u32,
        d: u32,
        size: u32,
    ) -> Result<(), Trap> {
        let a = S::w(self, p, s)? as u32;
        let idx = D::w(self, p, d)?;
        let size = match size {
            0 if a != NIL => {
                let e = self.array_elem(a)?;
                self.types.get(e).size
            }
            0 => 8,
            n => n,
        };
        let at = self.array_index(a, idx, size)?;
        let m = Mm::addr(self, p, m)?;
        self.mem.set_u(m, at)
    }

    /// A conditional branch: `v` is source, middle, target and the branch's pc.
    /// Run from a rotated `jmp` (`pc` not yet at the branch), the jump counts as an
    /// instruction of its own.
    #[inline(always)]
    pub(super) fn br_w<S: Mode, Mm: Mode>(
        &mut self,
        p: &Prog,
        pc: &mut u32,
        budget: &mut u32,
        v: [u32; 4],
        f: impl Fn(i32, i32) -> bool,
    ) -> Result<(), Trap> {
        let [s, m, t, at] = v;
        if !enter_branch(pc, budget, at) {
            return Ok(());
        }
        let c = f(S::w(self, p, s)?, Mm::w(self, p, m)?);
        *pc = if c { t } else { at.wrapping_add(1) };
        Ok(())
    }

    #[inline(always)]
    pub(super) fn br_b<S: Mode, Mm: Mode>(
        &mut self,
        p: &Prog,
        pc: &mut u32,
        budget: &mut u32,
        v: [u32; 4],
        f: impl Fn(u8, u8) -> bool,
    ) -> Result<(), Trap> {
        let [s, m, t, at] = v;
        if !enter_branch(pc, budget, at) {
            return Ok(());
        }
        let c = f(S::b(self, p, s)?, Mm::b(self, p, m)?);
        *pc = if c { t } else { at.wrapping_add(1) };
        Ok(())
    }
}

/// Moves `pc` to a branch at `at`; from a rotated `jmp` that is a jump, which
/// takes one instruction of the turn's budget. False when the turn ends at the
/// branch instead of running it.
#[inline(always)]
fn enter_branch(pc: &mut u32, budget: &mut u32, at: u32) -> bool {
    if *pc != at {
        *pc = at;
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
    }
    true
}
