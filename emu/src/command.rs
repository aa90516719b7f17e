//! Running a Dis command module in a process: an interpreter of its own with
//! the kernel's builtin modules, its progs listed in `/prog` while it runs,
//! loading through the process's name space, the `init(ctxt, argv)`
//! signature checked, run to its end.

use crate::interrupt::Interrupts;
use crate::kernel::devices::prog::ProcessTable;
use crate::kernel::devices::srv::SrvDevice;
use crate::kernel::ProcEnv;
use crate::kproc::{Kprocs, PidSource};
use crate::lineedit::Terminal;
use crate::loader::KernelLoader;
use crate::progtable::ProcTable;
use crate::progview::ProgView;
use crate::sys::procenv::set_proc_env;
use crate::{compiler, math, sys};
use dis::vm::run::Outcome;
use dis::vm::Machine;
use std::io::Write;
use std::sync::Arc;

/// The kernel-wide parts every interpreter shares: one pid sequence, the
/// native processes, the process table `/prog` shows, the srv device, the
/// console's interrupt, the host terminal.
#[derive(Clone)]
pub struct System {
    pub pids: PidSource,
    pub kprocs: Arc<Kprocs>,
    pub processes: Arc<ProcTable>,
    pub srv: Arc<SrvDevice>,
    pub interrupts: Arc<Interrupts>,
    /// The host terminal, when emu runs on one.
    pub terminal: Option<Arc<Terminal>>,
}

/// The type signature of a Command's `init(ctxt: ref Draw->Context, argv: list of string)`.
pub const COMMAND_INIT_SIG: u32 = 0x4244b354;

/// Runs the command module at `path` with `argv` as process `env`, and waits
/// for it to end; a `foreground` command is killed by the console's interrupt.
/// `Err` when it cannot start: not found, or not a Command.
pub fn run_command(
    system: &System,
    env: ProcEnv,
    path: &str,
    argv: &[String],
    foreground: bool,
) -> Result<Outcome, String> {
    let console = Box::new(|line: &str| {
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "{line}");
    });
    let loader = KernelLoader { boot: env.clone() };
    let mut vm = Machine::new(Box::new(loader), console);
    vm.use_pid_counter(system.pids.clone());
    let view = ProgView::new(&vm);
    vm.set_prog_events(view.events());
    let sys = sys::Sys::new().in_kernel(system.kprocs.clone(), system.srv.clone());
    vm.add_builtin(Box::new(sys));
    vm.add_builtin(Box::new(math::Math));
    vm.add_builtin(Box::new(compiler::Limbo));
    let code = vm.load_code(path, None)?;
    let is_command = code
        .exports
        .iter()
        .any(|e| e.name == "init" && e.sig == COMMAND_INIT_SIG);
    if !is_command {
        return Err(format!("{path}: not a command module"));
    }
    let mut prog = vm.start_code(code, argv)?;
    set_proc_env(&mut prog, env);
    let listed: Arc<dyn ProcessTable> = view;
    system.processes.add_progs(listed.clone());
    let pid = prog.pid;
    if foreground {
        system.interrupts.started(pid);
    }
    let outcome = vm.run(prog);
    system.interrupts.done(pid);
    system.processes.remove_progs(&listed);
    Ok(outcome)
}

/// The shell status of an outcome: empty for success, the text after `fail:`
/// (or `failed`) for a failure, the exception for a crash.
pub fn status_of(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Exited => String::new(),
        Outcome::Failed(text) => {
            let s = text.strip_prefix("fail:").unwrap_or(text).trim_start();
            if s.is_empty() {
                "failed".to_string()
            } else {
                s.to_string()
            }
        }
        Outcome::Broken(text) => text.clone(),
        Outcome::Killed => "killed".to_string(),
    }
}
