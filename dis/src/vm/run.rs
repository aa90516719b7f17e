//! Starting a command module and running a prog to its end: the quantum loop,
//! exceptions handed to the handler search, collections at safe points, and the
//! original's `Broken` line for an exception nothing handles.

use super::arena::NIL;
use super::exec::Yield;
use super::module::{Code, LinkState};
use super::prog::Prog;
use super::trap::{Exception, Trap};
use super::Machine;
use std::rc::Rc;

/// Instructions a prog runs before the scheduler looks again (the original's
/// `PQUANTA`).
pub const QUANTUM: u32 = 2048;

/// How a prog ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Normally (`exit`, return from its first function, or an empty exception).
    Exited,
    /// By an exception starting with `fail:` (a command's failure status).
    Failed(String),
    /// By another exception nothing handled; the `Broken` line was printed.
    Broken(String),
    /// Killed.
    Killed,
    /// It never ended: it still waits (on a channel nothing can reach) when no
    /// prog can run any more.
    Waiting,
}

impl Machine {
    /// Loads the command module at `path` and makes a prog that will call its
    /// `init(nil, argv)`.
    pub fn start(&mut self, path: &str, argv: &[String]) -> Result<Prog, String> {
        let code = self.load_code(path, None)?;
        self.start_code(code, argv)
    }

    /// Makes a prog that will call `init(nil, argv)` of a new instance of `code`.
    pub fn start_code(&mut self, code: Rc<Code>, argv: &[String]) -> Result<Prog, String> {
        let path = &code.name;
        let Some(init) = code.exports.iter().find(|e| e.name == "init").cloned() else {
            return Err(format!("{path}: no init function"));
        };
        let setup = |m: &mut Machine| -> Result<Prog, Trap> {
            let mp = m.new_instance_data(&code)?;
            let state = LinkState {
                code: Some(code.clone()),
                entries: Vec::new(),
            };
            let ml = m.new_link(state, mp)?;
            let pid = m.new_pid();
            let mut p = Prog::new(pid, ml, mp, code.clone(), init.pc);
            let f = m.push_frame(&mut p, init.frame)?;
            m.enter_frame(&mut p, f, 0, NIL)?;
            let mut list = NIL;
            for arg in argv.iter().rev() {
                let s = m.new_string(arg)?;
                list = m.cons_ptr(s, list)?;
            }
            m.mem.set_u(f + 36, list)?;
            Ok(p)
        };
        setup(self).map_err(|t| t.text())
    }

    /// Runs a prog, and every prog it starts, until none can run; returns how the
    /// first one ended.
    pub fn run(&mut self, p: Prog) -> Outcome {
        let id = self.add_prog(p);
        self.run_all(id)
    }

    /// Runs a prog alone until it exits (`Ok`) or raises an exception nothing
    /// handles (`Err`); its frames and module data are left in place. Waiting on a
    /// channel counts as an exception (nothing else runs to wake it).
    pub fn run_to_end(&mut self, p: &mut Prog) -> Result<(), Box<Exception>> {
        loop {
            let e = match self.exec(p, QUANTUM) {
                Ok(Yield::Quantum) => {
                    self.collect_step(p).map_err(exception_of)?;
                    continue;
                }
                Err(Trap::Exit) => return Ok(()),
                Err(Trap::Raise(e)) => e,
                Ok(Yield::Blocked) => return Err(exception_of(Trap::exception("deadlock"))),
            };
            match self.handle(p, e) {
                Ok(None) => continue,
                Ok(Some(e)) => return Err(e),
                Err(t) => return Err(exception_of(t)),
            }
        }
    }
}

pub(super) fn exception_of(t: Trap) -> Box<Exception> {
    match t {
        Trap::Raise(e) => e,
        Trap::Exit => Box::new(Exception {
            text: String::new(),
            value: None,
            is_object: false,
        }),
    }
}
