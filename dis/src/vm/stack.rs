//! A prog's call stack as `/prog/N/stack` shows it: one entry per activation,
//! the newest first.

use super::arena::NIL;
use super::prog::State;
use super::Machine;

/// One activation frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackFrame {
    /// The frame's address.
    pub fp: u32,
    /// The instruction it is at (for the newest frame, the one running or
    /// waiting; for the others, where the call returns to).
    pub pc: u32,
    /// The module data address.
    pub mp: u32,
    /// The module link address.
    pub ml: u32,
    /// The module's file (its name for a module with no file).
    pub path: String,
}

impl Machine {
    /// The call stack of prog `pid`, newest frame first; empty for a prog that
    /// is running its built-in call or broken without a keeper (its frames are
    /// gone). None when no prog has that pid.
    pub fn stack_of(&self, pid: u32) -> Option<Vec<StackFrame>> {
        if self.caller.as_ref().is_some_and(|c| c.pid == pid) {
            return Some(Vec::new());
        }
        let p = self.progs[self.slot_of(pid)? as usize].as_ref()?;
        let mut out = Vec::new();
        if p.ml == NIL {
            return Some(out);
        }
        // A prog waiting on a channel has gone past the instruction it waits in.
        let mut pc = match p.state {
            State::Send | State::Recv | State::Alt => p.pc.saturating_sub(1),
            _ => p.pc,
        };
        let mut ml = p.ml;
        let mut at = p.current_frame();
        while let Some(i) = at {
            let f = p.frames[i];
            let path = match self.link(ml).ok().and_then(|l| l.code.as_ref()) {
                Some(c) => c.path.clone().unwrap_or_else(|| c.name.clone()),
                None => String::new(),
            };
            out.push(StackFrame {
                fp: f.addr,
                pc,
                mp: self.mem.u(ml).unwrap_or(NIL),
                ml,
                path,
            });
            pc = f.ret_pc;
            if f.ret_ml != NIL {
                ml = f.ret_ml;
            }
            at = p.caller_of(i);
        }
        Some(out)
    }
}
