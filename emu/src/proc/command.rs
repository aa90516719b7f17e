//! The kernel's one interpreter and the commands run in it: the machine with
//! the kernel's builtin modules, whose progs `/prog` lists; a Command module
//! loaded through a process's name space, its `init(ctxt, argv)` signature
//! checked, started as a new prog in a process group of its own; and, for a
//! native process (the shell), starting one from its own host thread and
//! waiting for its end.

use super::jobs::Jobs;
use super::kproc::{Kprocs, PidSource};
use super::loader::{read_at_most, KernelLoader};
use super::table::ProcTable;
use super::view::ProgView;
use crate::builtin;
use crate::builtin::sh::ShellRunner;
use crate::builtin::sys::procenv::set_proc_env;
use crate::builtin::COMMAND_INIT_SIG;
use crate::console::interrupt::Interrupts;
use crate::console::lineedit::Terminal;
use crate::kernel::chan::lock;
use crate::kernel::conn::Interrupt;
use crate::kernel::devices::prog::ProcessTable;
use crate::kernel::devices::srv::SrvDevice;
use crate::kernel::fdtable::FdTable;
use crate::kernel::nowait::{take_handed_off, wait_handed_off, Pending};
use crate::kernel::ProcEnv;
use dis::vm::blocking::Remote;
use dis::vm::load::MAX_MODULE_FILE;
use dis::vm::module::Code;
use dis::vm::procs::ProgEvent;
use dis::vm::profile::Profile;
use dis::vm::{Machine, Prog};
use std::any::Any;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The kernel-wide parts the interpreter and the native processes share: one
/// pid sequence, the native processes, the process table `/prog` shows, the
/// srv device, the console's interrupt, the host terminal, and the waits for
/// commands' ends.
#[derive(Clone)]
pub struct System {
    pub pids: PidSource,
    pub kprocs: Arc<Kprocs>,
    pub processes: Arc<ProcTable>,
    pub srv: Arc<SrvDevice>,
    /// What `#P` controls and the interpreter counts.
    pub profile: Arc<Profile>,
    pub interrupts: Arc<Interrupts>,
    /// The host terminal, when emu runs on one.
    pub terminal: Option<Arc<Terminal>>,
    pub ends: Arc<Ends>,
    /// The shells' background commands still running.
    pub jobs: Arc<Jobs>,
    /// Whether a `Broken` line is followed by the fault's source line (`-v`).
    pub source_lines: bool,
    /// The folders where native modules are found (`-L`); none by default.
    pub native_folders: Vec<PathBuf>,
}

/// How often a native process waiting for its command looks at its kill flag.
const KILL_POLL: Duration = Duration::from_millis(50);

/// Who waits for which prog's end: each gets the prog's [`Ended`] record the
/// first time it ends.
#[derive(Default)]
pub struct Ends {
    waiting: Mutex<HashMap<u32, Sender<(Ended, HandedOff)>>>,
}

/// Clunks a prog's end handed off, to be waited for ([`wait_handed_off`]).
type HandedOff = Vec<Pending>;

/// How a prog ended: the original's wait record `pid "module":text`, with
/// `text` empty for a normal end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ended {
    pub pid: u32,
    pub module: String,
    pub text: String,
}

impl Ends {
    pub fn new() -> Arc<Ends> {
        Arc::new(Ends::default())
    }

    fn expect(&self, pid: u32, to: Sender<(Ended, HandedOff)>) {
        lock(&self.waiting).insert(pid, to);
    }

    /// On the interpreter thread: prog `pid` ended. Its waiter gets too the
    /// clunks its end handed off ([`take_handed_off`]), to wait for them: the
    /// original's exiting prog clunks its files before its end is known.
    fn ended(&self, pid: u32, module: &str, text: &str) {
        let late = take_handed_off();
        if let Some(to) = lock(&self.waiting).remove(&pid) {
            let ended = Ended {
                pid,
                module: module.to_string(),
                text: text.to_string(),
            };
            let _ = to.send((ended, late));
        }
    }
}

/// The kernel's interpreter, made on the thread that will run it: modules are
/// found through `boot`'s name space unless a process loads them, its progs
/// are the ones `/prog` lists, and their ends reach [`System::ends`]; `$Sh`
/// runs its shells with `shell`.
pub fn interpreter(system: &System, boot: ProcEnv, shell: ShellRunner) -> Machine {
    let console = Box::new(|line: &str| {
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "{line}");
    });
    crate::kernel::nowait::forbid_waiting();
    let mut vm = Machine::new(Box::new(KernelLoader::new(boot)), console);
    vm.set_clock(crate::kernel::clock::clock().clone());
    // A broken prog stays listed in /prog but closes its files at once.
    vm.set_host_release(Box::new(|host: &Rc<dyn Any>| -> Rc<dyn Any> {
        match host.downcast_ref::<ProcEnv>() {
            Some(env) => Rc::new(ProcEnv {
                fds: FdTable::new(),
                ..env.clone()
            }),
            None => host.clone(),
        }
    }));
    vm.use_pid_counter(system.pids.clone());
    vm.report_source_lines(system.source_lines);
    vm.set_profile(system.profile.clone());
    let view = ProgView::new(&vm);
    let mut waits = view.events();
    let ends = system.ends.clone();
    vm.set_prog_events(Box::new(move |e: &ProgEvent| {
        waits(e);
        if let ProgEvent::Exited { pid, module, text } = *e {
            ends.ended(pid, module, text);
        }
    }));
    system.processes.set_progs(view);
    builtin::register(&mut vm, &system.kprocs, &system.srv, shell);
    if !system.native_folders.is_empty() {
        vm.set_builtin_finder(builtin::native::finder(system.native_folders.clone()));
    }
    vm
}

/// Loads the Command module at `path` through `env`'s name space and makes a
/// prog, the leader of a new process group, that will call its
/// `init(nil, argv)` as process `env`; the caller adds it to the machine.
/// `Err` when it cannot start: not found, or not a Command.
pub fn start_command(
    vm: &mut Machine,
    env: ProcEnv,
    path: &str,
    argv: &[String],
) -> Result<Prog, String> {
    let code = vm.load_code(path, Some(&env))?;
    start_code(vm, env, path, code, argv)
}

/// [`start_command`] for a module whose bytes were already read.
fn start_read(
    vm: &mut Machine,
    env: ProcEnv,
    path: &str,
    file: Vec<u8>,
    argv: &[String],
) -> Result<Prog, String> {
    let code = vm.code_from_file(path, file)?;
    start_code(vm, env, path, code, argv)
}

/// A prog leading a new process group that will call `init(nil, argv)` of
/// `code`, if it is a Command.
fn start_code(
    vm: &mut Machine,
    env: ProcEnv,
    path: &str,
    code: Rc<Code>,
    argv: &[String],
) -> Result<Prog, String> {
    let is_command = code
        .exports
        .iter()
        .any(|e| e.name == "init" && e.sig == COMMAND_INIT_SIG);
    if !is_command {
        return Err(format!("{path}: not a command module"));
    }
    // A new prog leads a process group of its own, and has a user of its
    // own (a change of its user does not reach the shell that started it).
    let mut prog = vm.start_code(code, argv)?;
    let identity = env.identity.copy();
    set_proc_env(&mut prog, ProcEnv { identity, ..env });
    Ok(prog)
}

/// From a native process: runs the Command module at `path` with `argv` as a
/// new prog of the interpreter behind `remote`, with `env`'s fds, name space
/// and environment, and waits for it to end; returns how it ended. A
/// `foreground` command is killed by the console's interrupt; any, with its
/// process group, when `killed` (the native process's kill flag) is raised.
/// `Err` when it cannot start, or the interpreter is gone.
pub fn run_command(
    system: &System,
    remote: &Remote,
    env: ProcEnv,
    path: &str,
    argv: &[String],
    foreground: bool,
    killed: &Interrupt,
) -> Result<Ended, String> {
    let (to, end) = channel();
    let (ends, interrupts) = (system.ends.clone(), system.interrupts.clone());
    // Read here, on the native process's thread: a file that blocks (a pipe)
    // holds up only this process.
    let file = read_at_most(&env, path, MAX_MODULE_FILE).map_err(|e| e.to_string())?;
    let (path, argv) = (path.to_string(), argv.to_vec());
    let started = remote.call(move |vm| -> Result<u32, String> {
        let prog = start_read(vm, env, &path, file, &argv)?;
        let pid = prog.pid;
        ends.expect(pid, to);
        if foreground {
            interrupts.started(pid);
        }
        vm.add_prog(prog);
        Ok(pid)
    });
    let pid = started.ok_or_else(|| "the interpreter is gone".to_string())??;
    let mut kill_sent = false;
    let ended = loop {
        match end.recv_timeout(KILL_POLL) {
            Err(RecvTimeoutError::Timeout) => {
                if killed.raised() && !kill_sent {
                    kill_sent = true;
                    let _ = system.processes.ctl(pid, &["killgrp"]);
                }
            }
            Ok((ended, late)) => {
                wait_handed_off(late);
                break Ok(ended);
            }
            Err(_) => break Err("the interpreter is gone".to_string()),
        }
    };
    system.interrupts.done(pid);
    ended
}

/// The shell status of a prog that ended with exception `text`: empty for a
/// normal end (also `interrupted`, as the interpreter counts it), the text
/// after `fail:` (or `failed`) for a failure, the exception itself for a
/// crash or a kill (`killed`).
pub fn status_of(text: &str) -> String {
    match text.strip_prefix("fail:") {
        Some(s) if s.trim_start().is_empty() => "failed".to_string(),
        Some(s) => s.trim_start().to_string(),
        None if text == "interrupted" => String::new(),
        None => text.to_string(),
    }
}
