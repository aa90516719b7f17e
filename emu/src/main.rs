//! `emu`: the hosted Inferno kernel.
//!
//! `emu [-r root] [-c0|-c1] [-v] [command [args...]]` boots a kernel serving the host
//! directory `root` (the project tree by default) as `/` and runs `command` as the
//! first prog, with the console as fds 0, 1 and 2; with no command it runs the shell
//! as `sh -l`. The command `sh` is the shell built into emu (the `shell` crate),
//! running as the first process; any other command names a module:
//! `/path/NAME.dis`, or `NAME` for `/dis/NAME.dis`.
//! emu exits when the command ends: status 0 if it ended normally, 1 if it failed
//! or broke, 2 for a usage error.

use dis::vm::run::Outcome;
use emu::boot::{boot, project_root};
use emu::command::run_command;
use emu::shellproc::ShellProcess;
use std::path::PathBuf;
use std::process::ExitCode;

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
        argv = vec!["sh".to_string(), "-l".to_string()];
    }
    if verbose {
        eprintln!("emu: root {}, running {}", root.display(), argv[0]);
    }
    if argv[0] == "sh" {
        let status = shell::main(ShellProcess(booted.first), &argv);
        return if status.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    let path = module_path(&argv[0]);
    match run_command(booted.first, &path, &argv) {
        Ok(Outcome::Exited) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("emu: {e}");
            ExitCode::from(1)
        }
    }
}
