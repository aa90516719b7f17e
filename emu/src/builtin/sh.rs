//! `$Sh`: the shell as a built-in module, so that Dis programs can run it as a
//! command (`/dis/sh.dis`, `appl/cmd/sh.b`, loads this module and hands it its
//! arguments, as `load Command "/dis/sh.dis"` in the original's programs
//! expects). `init(ctxt, argv)` runs the shell of crate `shell` with the
//! calling prog's kernel state (fds, name space, environment) on a host worker;
//! its commands run as progs of the same interpreter. The prog waits in state
//! `release` meanwhile and fails with `fail:STATUS` when the shell's last
//! status is not empty.

use super::sys::procenv::proc_env;
use super::{string_list, COMMAND_ARGV, COMMAND_INIT};
use crate::kernel::ProcEnv;
use dis::vm::blocking::Remote;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use std::sync::Arc;

/// Runs a shell to its end with a process's kernel state, in a process group,
/// its commands in the interpreter `Remote` reaches, with `argv`; returns its
/// last status. The kernel's process room supplies it, so this module needs
/// nothing of it.
pub type ShellRunner = Arc<dyn Fn(ProcEnv, u32, Remote, Vec<String>) -> String + Send + Sync>;

const FUNCTIONS: &[NativeFn] = &[COMMAND_INIT];

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
        let mut argv = string_list(vm, vm.mem.u(frame + COMMAND_ARGV)?)?;
        if argv.is_empty() {
            argv.push("sh".to_string());
        }
        let Some(env) = proc_env(p) else {
            return raise("sh: prog has no kernel state");
        };
        let (run, remote, pgrp) = (self.run.clone(), vm.remote(), p.pgrp);
        vm.block_on(
            p,
            move || run(env, pgrp, remote, argv),
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
