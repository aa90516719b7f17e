//! `emu`: the hosted Inferno kernel. For now it runs one command module:
//! `emu [-r root] /path/NAME.dis [args...]`.

use dis::vm::run::Outcome;
use dis::vm::Machine;
use emu::host::HostRoot;
use emu::loader::RootLoader;
use emu::{math, sys};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: emu [-r root] /path/module.dis [args...]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut rest = Vec::new();
    while let Some(a) = args.next() {
        if a == "-r" {
            match args.next() {
                Some(r) => root = PathBuf::from(r),
                None => return usage(),
            }
        } else if let Some(r) = a
            .strip_prefix("-r")
            .filter(|r| !r.is_empty() && rest.is_empty())
        {
            root = PathBuf::from(r);
        } else {
            rest.push(a);
            rest.extend(args.by_ref());
        }
    }
    let Some(path) = rest.first().cloned() else {
        return usage();
    };
    let console = Box::new(|line: &str| {
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "{line}");
    });
    let root = HostRoot { root };
    let loader = RootLoader { root: root.clone() };
    let mut vm = Machine::new(Box::new(loader), console);
    vm.add_builtin(Box::new(sys::Sys::new(root)));
    vm.add_builtin(Box::new(math::Math));
    let prog = match vm.start(&path, &rest) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("emu: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    match vm.run(prog) {
        Outcome::Exited => ExitCode::SUCCESS,
        Outcome::Failed(_) | Outcome::Broken(_) => ExitCode::from(1),
    }
}
