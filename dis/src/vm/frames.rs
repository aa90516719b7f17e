//! The interpreter's own record of a prog's frames: each frame's address and type
//! and, once it is called, where its caller resumes.
//!
//! A program can write every word of its frames, the header words the original
//! keeps its links in among them. Those words are still written (`+0` return pc,
//! `+4` caller's frame, `+8` caller's module link, `+12` type), so the frame layout
//! is the original's, but the interpreter never reads them back: returns, exception
//! handling, the collector and a prog's end follow this record, which a program
//! cannot forge, so a corrupted header cannot make them loop or wander.

use super::frame_record::Frame;
use super::prog::{Prog, REG_FP, REG_LR, REG_MR};
use super::trap::{raise, Trap};
use super::Machine;

/// Raised by `call`, `mcall` and `spawn` given an address that is not a frame the
/// prog made (with `frame` or `mframe`) and has not called yet.
pub const EXC_FRAME: &str = "invalid frame";

// `enter_frame` writes the return pc and the caller's frame as one big word.
const _: () = assert!(REG_FP == REG_LR + 4);

impl Prog {
    /// The index of the frame the prog runs in (its last called one).
    pub fn current_frame(&self) -> Option<usize> {
        self.frames.iter().rposition(Frame::called)
    }

    /// The index of the frame that called frame `i` (none for the thread's first).
    pub fn caller_of(&self, i: usize) -> Option<usize> {
        self.frames.get(..i)?.iter().rposition(Frame::called)
    }

    /// The index of the frame at `addr`, which must be one made above the current
    /// frame and not called yet.
    pub fn uncalled_frame(&self, addr: u32) -> Result<usize, Trap> {
        for (i, f) in self.frames.iter().enumerate().rev() {
            if f.called() {
                break;
            }
            if f.addr == addr {
                return Ok(i);
            }
        }
        raise(EXC_FRAME)
    }
}

impl Machine {
    /// Calls the uncalled frame at `addr`: the caller resumes at `ret_pc`, in module
    /// link `ret_ml` if not nil. The frame becomes the current one.
    #[inline]
    pub fn enter_frame(
        &mut self,
        p: &mut Prog,
        addr: u32,
        ret_pc: u32,
        ret_ml: u32,
    ) -> Result<(), Trap> {
        // The frame made last is the usual one to call.
        let i = match p.frames.last() {
            Some(f) if f.addr == addr && !f.called() => p.frames.len() - 1,
            _ => p.uncalled_frame(addr)?,
        };
        self.mem.set_l(
            addr.wrapping_add(REG_LR),
            ((u64::from(p.fp) << 32) | u64::from(ret_pc)) as i64,
        )?;
        self.mem.set_u(addr.wrapping_add(REG_MR), ret_ml)?;
        let f = &mut p.frames[i];
        f.ret_pc = ret_pc;
        f.ret_ml = ret_ml;
        p.fp = addr;
        Ok(())
    }

    /// `call` within the module, done here in its usual case (the frame made
    /// last, not called yet) and by [`Machine::enter_frame`] otherwise. As in the
    /// original, a call within the module writes only the return pc and the
    /// caller's frame: the saved link word keeps the nil the frame was made
    /// with, as does the record's entry.
    #[inline(always)]
    pub fn call_within(&mut self, p: &mut Prog, addr: u32, ret_pc: u32) -> Result<(), Trap> {
        let words = ((u64::from(p.fp) << 32) | u64::from(ret_pc)) as i64;
        match p.frames.last_mut() {
            Some(f) if f.addr == addr && !f.called() => {
                self.mem.set_l(addr.wrapping_add(REG_LR), words)?;
                f.ret_pc = ret_pc;
                p.fp = addr;
                Ok(())
            }
            _ => self.enter_frame(p, addr, ret_pc, super::arena::NIL),
        }
    }

    /// Pops frame `i` and every frame above it, releasing their pointers (the
    /// module links their calls hold are the caller's to release).
    pub fn pop_frames(&mut self, p: &mut Prog, i: usize) -> Result<(), Trap> {
        let Some(base) = p.frames.get(i).map(|f| f.addr) else {
            return Ok(());
        };
        if p.frames.len() == i + 1 && self.types.get(p.frames[i].ty).ptr_len == 0 {
            // The usual case: one frame, no pointers to release.
            p.frames.pop();
            return self.pop_to(p, base);
        }
        while p.frames.len() > i {
            if let Some(f) = p.frames.pop() {
                self.clear_ptrs(f.addr, f.ty)?;
            }
        }
        self.pop_to(p, base)
    }
}
