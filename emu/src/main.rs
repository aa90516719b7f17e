//! `emu`: the hosted Inferno kernel.
//!
//! `emu [-r root] [-c0|-c1] [-v] [-T] [-L folder]... [-p heap=SIZE] [-H[n]] [-M] [-C] [command [args...]]` boots a kernel serving the host
//! directory `root` (by default emu's own, in the user's data folder) as `/` and runs `command` as the
//! first prog, with the console as fds 0, 1 and 2; with no command it runs the shell
//! as `sh -l`. The command `sh` is the shell built into emu (the `shell` crate),
//! running as the first process; any other command names a module:
//! `/path/NAME.dis`, or `NAME` for `/dis/NAME.dis`.
//! Every Dis prog runs in one interpreter: the command's and, with the shell,
//! every command the shell starts. With a command, emu exits when it and every
//! prog it started have ended or can never run again (status 0 if the command
//! ended normally and no prog broke; 1 if it failed, broke, was killed or never
//! ended, waiting on a channel, or if any prog broke); with the shell, when the
//! shell exits. Status 2 is a usage error. `-p heap=SIZE` (bytes, or with `k`,
//! `m` or `g`) caps the memory of the Dis programs (heap, stacks and module
//! data; [`HEAP_DEFAULT`] by default), as the original's `-p` caps its pools.
//! `-H` turns on the VM's heap checker (a debug mode, slow): after every turn of
//! a prog (`-Hn`: every n-th turn) it checks every pointer word and reference
//! count of the heap, reports what is wrong on standard error as `heapcheck:`
//! lines, and at the end a `heapcheck: N checks, M findings` line. `-M` meters
//! every prog from the start (instructions, processor time and heap bytes in
//! `/prog/N/meter` and `status`); without it metering starts with the first
//! budget a `meter` message gives. `-C` gives the kernel `#C`, the command
//! device that runs host commands (`os`); without it there is none.
//! `-v` reports the root and command at the start and, when the command ends,
//! if the cycle collector ran, what it did: `emu: collector: C cycles, S steps, longest
//! pause P ms, total T ms, R objects reclaimed, largest group G` (a step is one
//! pause of the prog whose turn ended; a group is the most objects one trial
//! deletion decided at once).
//! `-T` runs the kernel on a virtual clock (`kernel/clock.rs`): when every prog
//! waits and only a timer can wake one, time skips to the next deadline, so
//! `sys->sleep`, `sys->millisec`, `/dev/time` and `/dev/msec` see simulated time.
//! `-c1` (any level from 1 to 9, as the original's) compiles the loops of every
//! module loaded to host machine code with the JIT tier (crate `jit`), which
//! hands everything it does not compile back to the interpreter. Without `-c`
//! the tier is on where it is the host's default ([`jit::DEFAULT_ON_HOST`]:
//! x86-64 and aarch64) and compiles a module only once it has run hot
//! ([`jit::DEFAULT_POLICY`]), so that a command does not pay to compile what
//! it runs briefly; elsewhere emu interprets. `-c0` interprets everything.
//! `-L folder` (repeatable) names a folder where a program's `load X "$Name"`
//! may find a built-in module in a host shared library (`libname.so` on Linux;
//! `builtin/native.rs`, the ABI in `native/abi`); without it none is loaded.

use dis::vm::blocking::Remote;
use dis::vm::run::Outcome;
use emu::boot::{boot, host_user, own_root};
use emu::console::interrupt::Interrupts;
use emu::console::lineedit::Terminal;
use emu::kernel::ProcEnv;
use emu::proc::command::{interpreter, start_command, Ends, System};
use emu::proc::jobs::Jobs;
use emu::proc::kproc::Kprocs;
use emu::proc::meter_text::scaled_size;
use emu::proc::shell::ShellProcess;
use emu::proc::table::ProcTable;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicU32;
use std::sync::Arc;
use std::thread::JoinHandle;

/// The memory Dis programs may use when `-p heap=` does not say.
const HEAP_DEFAULT: usize = 512 << 20;

fn usage() -> ExitCode {
    eprintln!(
        "usage: emu [-r root] [-c0|-c1] [-v] [-T] [-L folder]... [-p heap=SIZE] [-H[n]] [-M] [-C] [command [args...]]\n\
         \t-c0 interprets; -c1 compiles every module with the JIT at load; the\n\
         \tdefault compiles a module once it runs hot, on x86-64 and aarch64"
    );
    ExitCode::from(2)
}

/// The size of a `-p` pool option, `heap=SIZE` with SIZE in bytes or with a
/// `k`, `m` or `g` suffix; `None` for any other pool or a malformed size.
fn heap_size(option: &str) -> Option<usize> {
    usize::try_from(scaled_size(option.strip_prefix("heap=")?)?).ok()
}

/// How the interpreter is set up: the memory cap of Dis programs, how often
/// the heap checker runs, whether every prog is metered from the start.
#[derive(Clone, Copy)]
struct VmOptions {
    heap: usize,
    heap_check: u32,
    metered: bool,
    /// Compile modules with the JIT tier (`-c1`) or interpret (`-c0`); `None`
    /// when neither was asked: the JIT where it is the host's default.
    compiled: Option<bool>,
}

impl VmOptions {
    fn apply(self, vm: &mut dis::vm::Machine) {
        vm.mem.set_limit(self.heap);
        vm.set_heap_check(self.heap_check);
        if self.metered {
            vm.meters_on();
        }
        if self.compiled.unwrap_or(jit::DEFAULT_ON_HOST) {
            // The default tier compiles a module once it runs hot, sparing a
            // command the compile time of what it runs briefly; `-c1`
            // compiles everything at load.
            let policy = match self.compiled {
                Some(_) => dis::vm::hot::Policy::AtLoad,
                None => jit::DEFAULT_POLICY,
            };
            match jit::Jit::new() {
                Ok(j) => vm.set_tier(Some(std::rc::Rc::new(j)), policy),
                // Only a tier asked for is missed aloud; the default falls
                // back to the interpreter silently.
                Err(e) if self.compiled.is_some() => {
                    eprintln!("emu: no compiled tier on this host ({e}): interpreting")
                }
                Err(_) => {}
            }
        }
    }
}

/// The module path of a command word: `NAME` is `/dis/NAME.dis`, a path keeps its
/// place, `.dis` is added when missing.
fn module_path(cmd: &str) -> String {
    let mut path = cmd.to_string();
    if !path.ends_with(".dis") {
        path.push_str(".dis");
    }
    if !path.starts_with('/') && !path.starts_with("./") && !path.starts_with('#') {
        path = format!("/dis/{path}");
    }
    path
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let mut root = None;
    let mut verbose = false;
    let mut heap = HEAP_DEFAULT;
    let mut heap_check = 0;
    let mut metered = false;
    let mut compiled = None;
    let mut host_commands = false;
    let mut native_folders = Vec::new();
    while let Some(a) = args.next_if(|a| a.starts_with('-')) {
        match a.as_str() {
            "-r" => match args.next() {
                Some(r) => root = Some(PathBuf::from(r)),
                None => return usage(),
            },
            "-v" => verbose = true,
            "-L" => match args.next() {
                Some(d) => native_folders.push(PathBuf::from(d)),
                None => return usage(),
            },
            _ if a.starts_with("-L") => native_folders.push(PathBuf::from(&a[2..])),
            "-T" => {
                emu::kernel::clock::use_virtual();
            }
            "-p" => match args.next().as_deref().and_then(heap_size) {
                Some(n) => heap = n,
                None => return usage(),
            },
            _ if a.starts_with("-p") => match heap_size(&a[2..]) {
                Some(n) => heap = n,
                None => return usage(),
            },
            "-H" => heap_check = 1,
            "-M" => metered = true,
            "-C" => host_commands = true,
            _ if a.starts_with("-H") => match a[2..].parse() {
                Ok(n) if n > 0 => heap_check = n,
                _ => return usage(),
            },
            // Compilation levels, as the original's: -c0 interprets, -c1 ... -c9
            // compile loops to machine code (one level here).
            _ if a.len() == 3 && a.starts_with("-c") && a.as_bytes()[2].is_ascii_digit() => {
                compiled = Some(a != "-c0");
            }
            _ if a.starts_with("-r") => root = Some(PathBuf::from(&a[2..])),
            _ => return usage(),
        }
    }
    let mut argv: Vec<String> = args.collect();
    let root = match root.map_or_else(own_root_prepared, Ok) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("emu: {e}");
            return ExitCode::from(1);
        }
    };
    // Progs and native processes take their pids from one counter.
    let pids = Arc::new(AtomicU32::new(1));
    let kprocs = Kprocs::new(pids.clone());
    let processes = ProcTable::new(kprocs.clone());
    let booted = match boot(&root, 1, processes.clone(), host_commands) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("emu: {e}");
            return ExitCode::from(1);
        }
    };
    let system = System {
        pids,
        kprocs,
        processes,
        srv: booted.kernel.srv.clone(),
        profile: booted.kernel.profile.clone(),
        interrupts: Interrupts::new(),
        terminal: Terminal::open(),
        ends: Ends::new(),
        jobs: Jobs::new(),
        source_lines: verbose,
        native_folders,
    };
    if argv.is_empty() {
        argv = vec!["sh".to_string(), "-l".to_string()];
    }
    if verbose {
        eprintln!("emu: root {}, running {}", root.display(), argv[0]);
    }
    let opts = VmOptions {
        heap,
        heap_check,
        metered,
        compiled,
    };
    if argv[0] == "sh" {
        return run_shell(system, booted.first, argv, opts);
    }
    let path = module_path(&argv[0]);
    let mut vm = interpreter(
        &system,
        booted.first.clone(),
        ShellProcess::runner(system.clone()),
    );
    opts.apply(&mut vm);
    match start_command(&mut vm, booted.first, &path, &argv) {
        Ok(prog) => {
            let outcome = vm.run(prog);
            if opts.heap_check > 0 {
                let (checks, findings) = vm.heap_check_counts();
                eprintln!("heapcheck: {checks} checks, {findings} findings");
            }
            let collected = vm.gc_stats();
            if verbose && collected.steps > 0 {
                eprintln!("emu: {}", collector_summary(&collected));
            }
            match outcome {
                Outcome::Exited if vm.broken_count() == 0 => ExitCode::SUCCESS,
                _ => ExitCode::from(1),
            }
        }
        Err(e) => {
            eprintln!("emu: {e}");
            ExitCode::from(1)
        }
    }
}

/// The `-v` line about the cycle collector: cycles, steps, the longest step (the
/// longest pause it made any prog wait), all steps together, objects reclaimed.
fn collector_summary(s: &dis::vm::GcStats) -> String {
    format!(
        "collector: {} cycles, {} steps, longest pause {:.3} ms, total {:.3} ms, {} objects reclaimed, largest group {}",
        s.cycles,
        s.steps,
        s.longest_pause.as_secs_f64() * 1e3,
        s.total_pause.as_secs_f64() * 1e3,
        s.reclaimed,
        s.largest_group
    )
}

/// emu's own root, made ready for the host user.
fn own_root_prepared() -> Result<PathBuf, String> {
    let root = own_root::location()?;
    own_root::prepare(&root, &host_user())?;
    Ok(root)
}

/// Starts the interpreter, its Dis memory capped at `heap` bytes and its heap
/// checked every `heap_check` turns (0: never), on a host thread of its own,
/// running whatever native processes post to it until told to end once no
/// prog can run ([`finish_interpreter`]); `None` if the thread cannot start.
fn start_interpreter(
    system: &System,
    boot: ProcEnv,
    opts: VmOptions,
) -> Option<(Remote, JoinHandle<()>)> {
    let (tell, remote) = std::sync::mpsc::channel();
    let system = system.clone();
    let thread = std::thread::Builder::new()
        .name("interpreter".to_string())
        .spawn(move || {
            let mut vm = interpreter(&system, boot, ShellProcess::runner(system.clone()));
            opts.apply(&mut vm);
            vm.stay_alive(true);
            if tell.send(vm.remote()).is_ok() {
                vm.run_posted();
            }
        })
        .ok()?;
    Some((remote.recv().ok()?, thread))
}

/// Lets the interpreter end when no prog can run any more, and waits for that.
fn finish_interpreter(remote: &Remote, thread: JoinHandle<()>) {
    if remote.post(|vm| vm.stay_alive(false)) {
        let _ = thread.join();
    }
}

/// Runs the shell as a native process (listed in `/prog` as `Sh`), its
/// commands in the interpreter, and waits for it, then for its background
/// commands and every prog left to end, as the original's emu runs until
/// its last process is gone; exits 0 when the shell's last status is
/// empty. The host's interrupt signal (Ctrl-C) becomes the console's
/// interrupt.
fn run_shell(system: System, first: ProcEnv, argv: Vec<String>, opts: VmOptions) -> ExitCode {
    let Some((interpreter, thread)) = start_interpreter(&system, first.clone(), opts) else {
        eprintln!("emu: cannot start the interpreter");
        return ExitCode::from(1);
    };
    let (interrupts, processes) = (system.interrupts.clone(), system.processes.clone());
    if let Err(e) = ctrlc::set_handler(move || interrupts.interrupt(&processes)) {
        eprintln!("emu: Ctrl-C will not interrupt commands: {e}");
    }
    let (done, status) = std::sync::mpsc::channel();
    let kprocs = system.kprocs.clone();
    let (jobs, remote) = (system.jobs.clone(), interpreter.clone());
    let pgrp = first.pid;
    let spawned = kprocs.spawn("Sh", &first, pgrp, move |kp| {
        let env = kp.env().clone();
        let process = ShellProcess {
            env,
            system,
            interpreter,
            background: false,
            kproc: kp.clone(),
        };
        let _ = done.send(shell::main(process, &argv));
    });
    // The shell's name space goes when the shell and its commands are done
    // with it, closing the mounts made there (whose servers then end).
    drop(first);
    if let Err(e) = spawned {
        eprintln!("emu: cannot start the shell: {e}");
        return ExitCode::from(1);
    }
    let status = status.recv();
    jobs.wait_all();
    finish_interpreter(&remote, thread);
    match status {
        Ok(s) if s.is_empty() => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}
