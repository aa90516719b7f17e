//! `$Sh`: the shell as a built-in module, so that Dis programs can run it as a
//! command (`/dis/sh.dis`, `appl/cmd/sh.b`, loads this module and hands it its
//! arguments, as `load Command "/dis/sh.dis"` in the original's programs
//! expects). `init(ctxt, argv)` runs the shell of crate `shell` with the
//! calling prog's kernel state (fds, name space, environment) on a host worker;
//! its commands run as progs of the same interpreter. The prog waits in state
//! `release` meanwhile and fails with `fail:STATUS` when the shell's last
//! status is not empty.

use super::string_list;
use super::sys::procenv::proc_env;
use crate::kernel::ProcEnv;
use dis::vm::blocking::Remote;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use std::sync::Arc;

/// Runs a shell to its end with a process's kernel state, its commands in the
/// interpreter `Remote` reaches, and `argv`; returns its last status. The
/// kernel's process room supplies it, so this module needs nothing of it.
pub type ShellRunner = Arc<dyn Fn(ProcEnv, Remote, Vec<String>) -> String + Send + Sync>;

/// Signature of a Command's `init(ctxt: ref Draw->Context, argv: list of string)`.
const SIG_INIT: u32 = 0x4244b354;

const FUNCTIONS: &[NativeFn] = &[NativeFn {
    name: "init",
    sig: SIG_INIT,
    frame_size: 40,
    frame_map: &[0x00, 0xc0],
}];

/// Offset of `argv` in `init`'s frame.
const ARGV: u32 = 36;

/// The Sh module, holding how its shells are run.
pub struct Sh {
    run: ShellRunner,
}

impl Sh {
    pub fn new(run: ShellRunner) -> Sh {
        Sh { run }
    }
}

impl Builtin for Sh {
    fn path(&self) -> &str {
        "$Sh"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, _func: u32, frame: u32) -> Result<(), Trap> {
        let mut argv = string_list(vm, vm.mem.u(frame + ARGV)?)?;
        if argv.is_empty() {
            argv.push("sh".to_string());
        }
        let Some(env) = proc_env(p) else {
            return raise("sh: prog has no kernel state");
        };
        let (run, remote) = (self.run.clone(), vm.remote());
        vm.block_on(
            p,
            move || run(env, remote, argv),
            |_, _, status: String| {
                if status.is_empty() {
                    Ok(())
                } else {
                    raise(&format!("fail:{status}"))
                }
            },
        )
    }
}
