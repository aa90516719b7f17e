//! `$Sh`: the shell as a built-in module. `/dis/sh.dis` (`appl/cmd/sh.b`)
//! implements the `Sh` interface of `module/sh.m` over it, so that programs
//! that load the shell as the original's do (`load Command "/dis/sh.dis"`,
//! `load Sh Sh->PATH`) get this one. Each call runs the shell of crate
//! `shell` with the calling prog's kernel state (fds, name space,
//! environment) on a host worker ([`ShellRunner`]); its commands run as progs
//! of the same interpreter, and the prog waits in state `release` meanwhile.
//! `init` is the command (it fails with `fail:STATUS` when the last status is
//! not empty); `system` and `run` return the status ([`table`]); `runvars`
//! also the variables its command changed ([`vars`]); `parse` needs no shell
//! ([`node`]); `held`, `hold` and `release` keep modules of builtins
//! ([`kept`]). The interface is `Shell` of `module/shell.m`.

mod kept;
mod node;
mod table;
mod vars;

use super::string_list;
use super::sys::frame::Frame;
use super::sys::procenv::proc_env;
use crate::kernel::ProcEnv;
use dis::vm::blocking::Remote;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap, NIL};
use shell::{Answer, Request};
use std::sync::Arc;
use table::{Function, FUNCTIONS};

/// Answers a request of a prog with a shell run to its end with the prog's
/// kernel state, in its process group, its commands in the interpreter
/// `Remote` reaches. The kernel's process room supplies it, so this module
/// needs nothing of it.
pub type ShellRunner = Arc<dyn Fn(ProcEnv, u32, Remote, Request) -> Answer + Send + Sync>;

/// The Sh module, holding how its shells are run.
pub struct Sh {
    run: ShellRunner,
    /// The types of `Node`, `Redir` and `Listnode` values, once attached.
    node_types: node::NodeTypes,
    pair_type: u32,
    kept: kept::Kept,
}

impl Sh {
    pub fn new(run: ShellRunner) -> Sh {
        Sh {
            run,
            node_types: node::NodeTypes::default(),
            pair_type: 0,
            kept: kept::Kept::default(),
        }
    }
}

impl Builtin for Sh {
    fn path(&self) -> &str {
        "$Sh"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        self.node_types = node::node_types(vm);
        self.pair_type = vars::pair_type(vm);
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let f = Frame(frame);
        // The shell's functions take (ref Draw->Context, X): X is the second word.
        let request = match Function::of(func) {
            Function::Parse => return self.parse(vm, f),
            Function::Held => return self.kept.held(vm, f),
            Function::Hold => return self.kept.hold(vm, f),
            Function::Release => return self.kept.release(vm, f),
            Function::RunVars => Request::RunVars {
                vars: vars::read(vm, f.ptr(vm, 4)?)?,
                cmd: vm.str_text(f.ptr(vm, 8)?)?,
            },
            Function::Init => {
                let mut argv = string_list(vm, f.ptr(vm, 4)?)?;
                if argv.is_empty() {
                    argv.push("sh".to_string());
                }
                Request::Command(argv)
            }
            Function::System => Request::System(vm.str_text(f.ptr(vm, 4)?)?),
            Function::Run => Request::Run(string_list(vm, f.ptr(vm, 4)?)?),
        };
        let Some(env) = proc_env(p) else {
            return raise("sh: prog has no kernel state");
        };
        let (command, with_vars) = (
            matches!(request, Request::Command(_)),
            matches!(request, Request::RunVars { .. }),
        );
        let (run, remote, pgrp) = (self.run.clone(), vm.remote(), p.pgrp);
        let types = (self.pair_type, self.node_types);
        vm.block_on(
            p,
            move || run(env, pgrp, remote, request),
            move |vm, _, answer: Answer| {
                if command {
                    return match answer.status.as_str() {
                        "" => Ok(()),
                        s => raise(&format!("fail:{s}")),
                    };
                }
                let s = vm.new_string(&answer.status)?;
                f.ret_ptr(vm, s)?;
                if with_vars {
                    let at = f.ret(vm)? + 4;
                    vars::write(vm, types, &answer.changed, at)?;
                }
                Ok(())
            },
        )
    }
}

impl Sh {
    /// `parse(s: string): (ref Cmd, string)`.
    fn parse(&self, vm: &mut Machine, f: Frame) -> Result<(), Trap> {
        let text = vm.str_text(f.ptr(vm, 0)?)?;
        let (cmd, err) = node::parse_node(vm, self.node_types, &text)?;
        let ret = f.ret(vm)?;
        vm.put_ptr(ret, cmd)?;
        let err = match err {
            Some(e) => vm.new_string(&e)?,
            None => NIL,
        };
        vm.put_ptr(ret + 4, err)
    }
}
