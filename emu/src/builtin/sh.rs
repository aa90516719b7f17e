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
use crate::proc::command::System;
use crate::proc::shell::ShellProcess;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};

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

/// The Sh module, holding the kernel its shells run commands in.
pub struct Sh {
    system: System,
}

impl Sh {
    pub fn new(system: System) -> Sh {
        Sh { system }
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
        let process = ShellProcess {
            env,
            system: self.system.clone(),
            interpreter: vm.remote(),
            background: true,
        };
        vm.block_on(
            p,
            move || shell::main(process, &argv),
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
