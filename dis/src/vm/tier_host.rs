//! The machine as a compiled body sees it while it runs ([`super::tier::Host`]):
//! the arena, the prog's frame record, and the instructions a body hands back
//! ([`super::tier::handed_back`]), run by the interpreter's own code.

use super::decode::Inst;
use super::frame_record::Frame;
use super::module::Code;
use super::prog::Prog;
use super::tier::{handed_back, Host, Regs, Stack};
use super::trap::Trap;
use super::Machine;
use crate::isa::Opcode;

/// A prog running `code`'s compiled form on a machine.
pub struct TierHost<'a> {
    pub machine: &'a mut Machine,
    pub prog: &'a mut Prog,
    pub code: &'a Code,
}

impl Host for TierHost<'_> {
    fn mem(&mut self) -> &mut [u8] {
        self.machine.mem.bytes_mut()
    }

    fn frames(&mut self) -> &mut Vec<Frame> {
        &mut self.prog.frames
    }

    fn run_one(&mut self, regs: &Regs) -> Result<Option<u32>, Trap> {
        let Some(i) = self.code.insts.get(regs.pc as usize) else {
            return Ok(None);
        };
        let p = &mut *self.prog;
        p.pc = regs.pc;
        p.fp = regs.fp;
        p.mp = regs.mp;
        p.sp = regs.sp;
        self.machine.run_handed_back(i, p)
    }

    fn move_ptr(&mut self, v: u32, d: u32) -> Result<(), Trap> {
        self.machine.inc(v)?;
        self.machine.put_ptr(d, v)
    }

    fn new_at(&mut self, t: u32, d: u32) -> Result<(), Trap> {
        let o = self.machine.new_object(t)?;
        self.machine.put_ptr(d, o)
    }

    fn enter_segment(&mut self, sp: u32, need: u32) -> Result<Stack, Trap> {
        self.prog.sp = sp;
        self.machine.new_segment(self.prog, need)?;
        Ok(self.stack())
    }

    fn leave_segment(&mut self, f: u32) -> Result<Stack, Trap> {
        self.machine.pop_to(self.prog, f)?;
        Ok(self.stack())
    }
}

impl TierHost<'_> {
    /// The prog's stack top and top segment.
    fn stack(&self) -> Stack {
        let p = &*self.prog;
        Stack {
            sp: p.sp,
            seg_base: p.seg_base,
            seg_end: p.seg_end,
        }
    }
}

impl Machine {
    /// Runs `i` as the dispatch loop does when it is of a kind
    /// [`handed_back`] names; the pc of the next instruction.
    fn run_handed_back(&mut self, i: &Inst, p: &mut Prog) -> Result<Option<u32>, Trap> {
        let next = p.pc.wrapping_add(1);
        match i.op {
            Opcode::Movp => self.exec_movp(i, p)?,
            Opcode::New | Opcode::Newz => self.exec_new(i, p)?,
            Opcode::Lena => self.exec_lena(i, p)?,
            op if handed_back(op) => {
                self.exec_rare(i, p, next)?;
            }
            _ => return Ok(None),
        }
        Ok(Some(next))
    }
}
