//! What the calls of `$Sys` share to reach the kernel: the calling prog's kernel
//! state, running a call's kernel work off the interpreter thread (or on it, when
//! it cannot wait), a kernel error as the prog's error string, `FD` arguments, and
//! `FD` objects whose death closes their descriptor.

use super::frame::Frame;
use super::procenv::proc_env;
use crate::kernel::fdtable::FdTable;
use crate::kernel::{Error, ProcEnv};
use dis::vm::trap::raise;
use dis::vm::{Machine, Prog, Trap, NIL};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use styx::Cancel;

/// Each live `FD` object (by address) and the fd group and number it closes.
type FdOwners = Rc<RefCell<HashMap<u32, (Arc<FdTable>, i32)>>>;

/// Makes `FD` objects: `{fd: int}` values whose death closes their descriptor in
/// the fd group that made it.
#[derive(Clone)]
pub(super) struct FdObjects {
    pub(super) ty: u32,
    pub(super) owners: FdOwners,
}

impl FdObjects {
    /// A new `FD` object for descriptor `fd` of `fds`; the descriptor is closed when
    /// the object's last reference goes (or now, if the object cannot be made).
    pub(super) fn make(&self, vm: &mut Machine, fds: &Arc<FdTable>, fd: i32) -> Result<u32, Trap> {
        let o = match vm.alloc(4, self.ty) {
            Ok(o) => o,
            Err(t) => {
                let _ = fds.close(fd);
                return Err(t);
            }
        };
        vm.mem.set_w(o, fd)?;
        self.owners.borrow_mut().insert(o, (fds.clone(), fd));
        Ok(o)
    }
}

/// The kernel state of the calling prog.
pub(super) fn env(p: &Prog) -> Result<ProcEnv, Trap> {
    match proc_env(p) {
        Some(e) => Ok(e),
        None => raise("sys: prog has no kernel state"),
    }
}

/// Runs `job` on the caller's kernel state off the interpreter (it may block: a
/// pipe, the console, a served file), then `finish` with its value on the
/// interpreter thread, where it stores the call's results.
pub(super) fn kernel<T: Send + 'static>(
    vm: &mut Machine,
    p: &mut Prog,
    job: impl FnOnce(&ProcEnv) -> T + Send + 'static,
    finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
) -> Result<(), Trap> {
    let env = env(p)?;
    wait_for(vm, p, env, job, finish)
}

/// Hands `job` to a worker with its own interrupt, raised when the prog is
/// killed or interrupted while it waits: a device the job waits in then fails
/// with `interrupted` and the job lets go of the channels it holds, as the
/// original's interrupted system call does.
fn wait_for<T: Send + 'static>(
    vm: &mut Machine,
    p: &mut Prog,
    mut env: ProcEnv,
    job: impl FnOnce(&ProcEnv) -> T + Send + 'static,
    finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
) -> Result<(), Trap> {
    let interrupt = Cancel::new();
    env.interrupt = interrupt.clone();
    vm.block_on(p, move || job(&env), finish)?;
    vm.on_cancel(p, move || interrupt.cancel());
    Ok(())
}

/// Whether an operation on descriptor `fd` finishes without waiting for anything
/// but the host's disk or terminal output, so that it may run on the interpreter
/// thread: host files, the environment, the root, and output to the console
/// device (whose reads may wait for the keyboard). Pipes, served files, `/prog`
/// and mounts may wait for another prog, so they never run inline.
fn never_waits(env: &ProcEnv, fd: i32, write: bool) -> bool {
    let Ok(c) = env.fds.get(fd) else {
        return true; // the call fails at once
    };
    match c.letter() {
        'U' | 'e' | '/' => true,
        'c' => write,
        _ => false,
    }
}

/// [`kernel`] for a call on descriptor `fd` (`write`: an output call), run on the
/// interpreter thread when it cannot wait ([`never_waits`]), saving the hand-over
/// to a worker.
pub(super) fn kernel_fd<T: Send + 'static>(
    vm: &mut Machine,
    p: &mut Prog,
    (fd, write): (i32, bool),
    job: impl FnOnce(&ProcEnv) -> T + Send + 'static,
    finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
) -> Result<(), Trap> {
    let env = env(p)?;
    if never_waits(&env, fd, write) {
        let value = job(&env);
        return finish(vm, p, value);
    }
    wait_for(vm, p, env, job, finish)
}

/// A failed kernel call: its text becomes the prog's error string, or is raised as
/// an exception where the original raises it (a write on a closed pipe).
pub(super) fn fail(p: &mut Prog, e: Error) -> Result<(), Trap> {
    let text = e.to_string();
    if e.raises() {
        return raise(&text);
    }
    p.errstr = errstr_text(&text);
    Ok(())
}

/// The descriptor number of the `FD` argument at `off` (-1 for nil).
pub(super) fn fd_arg(vm: &Machine, fr: Frame, off: u32) -> Result<i32, Trap> {
    let fd = fr.ptr(vm, off)?;
    if fd == NIL {
        Ok(-1)
    } else {
        vm.mem.w(fd)
    }
}

/// An error string as the original stores it (for `werrstr` and failed calls
/// alike): text longer than ERRMAX − 1 bytes keeps at most 123 bytes, cut at a
/// character boundary, followed by `...`.
pub(super) fn errstr_text(s: &str) -> String {
    if s.len() <= 127 {
        return s.to_string();
    }
    let mut end = 123;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}
