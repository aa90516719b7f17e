//! `emu`: the hosted Inferno kernel.
//!
//! `emu [-r root] [-c0|-c1] [-v] [command [args...]]` boots a kernel serving the host
//! directory `root` (the project tree by default) as `/` and runs `command` as the
//! first prog, with the console as fds 0, 1 and 2; with no command it runs the shell
//! `sh`. A command names a module: `/path/NAME.dis`, or `NAME` for `/dis/NAME.dis`.
//! emu exits when the command ends: status 0 if it ended normally, 1 if it failed
//! or broke, 2 for a usage error.

use dis::vm::run::Outcome;
use dis::vm::Machine;
use emu::boot::{boot, project_root};
use emu::loader::KernelLoader;
use emu::sys::procenv::set_proc_env;
use emu::{compiler, math, sys};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The shell emu starts when no command is given.
const SHELL: &str = "/dis/sh.dis";

fn usage() -> ExitCode {
    eprintln!("usage: emu [-r root] [-c0|-c1] [-v] [command [args...]]");
    ExitCode::from(2)
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
    let mut root = project_root();
    let mut verbose = false;
    while let Some(a) = args.next_if(|a| a.starts_with('-')) {
        match a.as_str() {
            "-r" => match args.next() {
                Some(r) => root = PathBuf::from(r),
                None => return usage(),
            },
            "-v" => verbose = true,
            // Compilation levels (-c0 interpret, -c1 ... -c9 compile): this emu
            // always interprets.
            _ if a.len() == 3 && a.starts_with("-c") && a.as_bytes()[2].is_ascii_digit() => {}
            _ if a.starts_with("-r") => root = PathBuf::from(&a[2..]),
            _ => return usage(),
        }
    }
    let mut argv: Vec<String> = args.collect();
    let booted = match boot(&root, 1) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("emu: {e}");
            return ExitCode::from(1);
        }
    };
    if argv.is_empty() {
        if booted.first.stat(SHELL).is_err() {
            eprintln!("emu: no command given and no shell ({SHELL}) to start");
            return ExitCode::from(1);
        }
        argv = vec!["sh".to_string(), "-l".to_string()];
    }
    let path = module_path(&argv[0]);
    if verbose {
        eprintln!("emu: root {}, running {path}", root.display());
    }
    let console = Box::new(|line: &str| {
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "{line}");
    });
    let loader = KernelLoader {
        boot: booted.first.clone(),
    };
    let mut vm = Machine::new(Box::new(loader), console);
    vm.add_builtin(Box::new(sys::Sys::new()));
    vm.add_builtin(Box::new(math::Math));
    vm.add_builtin(Box::new(compiler::Limbo));
    let mut prog = match vm.start(&path, &argv) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("emu: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    set_proc_env(&mut prog, booted.first);
    match vm.run(prog) {
        Outcome::Exited => ExitCode::SUCCESS,
        Outcome::Failed(_) | Outcome::Broken(_) | Outcome::Killed => ExitCode::from(1),
    }
}
