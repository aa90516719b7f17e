//! Calls across modules and returns: `mframe`, `mcall` (Dis and native callees),
//! `ret`, and turning a `raise` operand into an exception.

use crate::vm::arena::NIL;
use crate::vm::decode::Inst;
use crate::vm::module::Entry;
use crate::vm::prog::Prog;
use crate::vm::trap::{raise, Exception, Trap, EXC_MFRAME, EXC_MODULE, EXC_NIL};
use crate::vm::types::T_STRING;
use crate::vm::Machine;

impl Machine {
    /// Entry `i` of module link `l` (negative: export −i−1 of its own code).
    pub(crate) fn entry(&self, l: u32, i: i32) -> Result<Entry, Trap> {
        if l == NIL {
            return raise(EXC_MODULE);
        }
        let state = self.link(l)?;
        if i >= 0 {
            return match state.entries.get(i as usize) {
                Some(e) => Ok(*e),
                None => raise(EXC_MFRAME),
            };
        }
        let export = (-(i as i64) - 1) as usize;
        match state.code.as_ref().and_then(|c| c.exports.get(export)) {
            Some(e) => Ok(Entry::Dis {
                pc: e.pc,
                frame: e.frame,
            }),
            None => raise(EXC_MFRAME),
        }
    }

    /// `mframe mod, $i, dst`.
    pub fn mframe(&mut self, i: &Inst, p: &mut Prog) -> Result<(), Trap> {
        let l = self.rw(i.s, p)? as u32;
        let idx = self.rw(i.m, p)?;
        let frame = match self.entry(l, idx)? {
            Entry::Dis { frame, .. } | Entry::Native { frame, .. } => frame,
        };
        if frame == u32::MAX {
            return raise(EXC_MFRAME);
        }
        let f = self.push_frame(p, frame)?;
        let d = self.ea(i.d, p, 2)?;
        self.mem.set_u(d, f)
    }

    /// `mcall frame, $i, mod`. Returns true when control moved into Dis code; a native
    /// callee has run to completion and execution continues after the `mcall`, unless
    /// it started a blocking call (`p.call` set), which leaves its frame in place.
    pub fn mcall(&mut self, i: &Inst, p: &mut Prog, next: u32) -> Result<bool, Trap> {
        let f = self.rw(i.s, p)? as u32;
        let idx = self.rw(i.m, p)?;
        let l = self.rw(i.d, p)? as u32;
        match self.entry(l, idx)? {
            Entry::Dis { pc, .. } => {
                let code = match &self.link(l)?.code {
                    Some(c) => c.clone(),
                    None => return raise(EXC_MODULE),
                };
                self.enter_frame(p, f, next, p.ml)?;
                self.inc(l)?;
                p.ml = l;
                p.mp = self.mem.u(l)?;
                p.code = code;
                p.pc = pc;
                Ok(true)
            }
            Entry::Native { module, func, .. } => {
                let at = p.uncalled_frame(f)?;
                self.call_native(p, module, func, f)?;
                if p.call.is_some() {
                    self.park_call(p, f);
                    return Ok(false);
                }
                self.pop_frames(p, at)?;
                Ok(false)
            }
        }
    }

    /// `ret` in its usual case, done here when it applies: the running frame is the
    /// top one, its caller the frame below, in the same module, with no pointers to
    /// release (as known when it was made) and within the top stack segment. Returns the pc to resume at.
    #[inline(always)]
    pub fn ret_within(&mut self, p: &mut Prog) -> Option<u32> {
        let [.., c, f] = p.frames[..] else {
            return None;
        };
        if !(f.no_ptrs
            && f.called()
            && c.called()
            && f.ret_ml == NIL
            && f.addr > p.seg_base
            && f.addr < p.seg_end)
        {
            return None;
        }
        p.frames.pop();
        p.fp = c.addr;
        p.sp = f.addr;
        Some(f.ret_pc)
    }

    /// `ret`: pops the current frame, releasing its pointers; from a thread's first
    /// frame the thread ends.
    pub fn ret(&mut self, p: &mut Prog) -> Result<(), Trap> {
        let (i, caller) = match p.frames[..] {
            // The usual case: the running frame is the top one, its caller below it.
            [.., c, f] if f.called() && c.called() => (p.frames.len() - 1, c),
            _ => {
                let Some(i) = p.current_frame() else {
                    return Err(Trap::Exit);
                };
                let Some(c) = p.caller_of(i) else {
                    return Err(Trap::Exit);
                };
                (i, p.frames[c])
            }
        };
        let f = p.frames[i];
        if f.ret_ml != NIL {
            let mr = f.ret_ml;
            let code = match &self.link(mr)?.code {
                Some(c) => c.clone(),
                None => return raise(EXC_MODULE),
            };
            let cur = p.ml;
            p.ml = mr;
            p.mp = self.mem.u(mr)?;
            p.code = code;
            self.dec(cur)?;
        }
        p.fp = caller.addr;
        p.pc = f.ret_pc;
        self.pop_frames(p, i)
    }

    /// The exception `raise` throws for operand value `v` (a string or an exception
    /// object, whose first word is its name); the value keeps a reference.
    pub fn raise_value(&mut self, v: u32) -> Result<Trap, Trap> {
        if v == NIL {
            return raise(EXC_NIL);
        }
        let is_string = self.type_of(v)? == T_STRING;
        let text = if is_string {
            self.str_text(v)?
        } else {
            let name = self.mem.u(v)?;
            self.str_text(name)?
        };
        self.inc(v)?;
        Ok(Trap::Raise(Box::new(Exception {
            text: crate::vm::trap::truncate(&text).to_string(),
            value: Some(v),
            is_object: !is_string,
        })))
    }
}
