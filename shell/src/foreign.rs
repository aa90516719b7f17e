//! Modules of builtins the shell does not carry: `load NAME` of a name
//! [`crate::eval::Module::named`] does not know loads `/dis/sh/NAME.dis` (or
//! the `.dis` at a path given), a Dis module implementing `Shellbuiltin` of
//! `module/sh.m`, such as the original's stock ones. The Dis command
//! [`DRIVER`] (`appl/lib/shbuiltin.b`) stands between: it asks the module
//! which builtins it defines as it loads, and calls it for each use of one.
//! The module and its Dis shell context are made once, at `load`, and kept
//! by emu's `$Sh` under a key of this load until `unload` or the shell's
//! end, so a module keeps its state from one call to the next as the
//! original's do; it sees its arguments and the shell's fds and exported
//! environment, but not the shell's variables. A shell's copies (pipeline
//! elements, `@`, `&`) share the instance, as the original's copied
//! contexts share their modules.

use crate::eval::{Flow, Shell, Status};
use crate::os::Process;
use crate::syntax::{Cmd, Word};
use crate::value::{texts, unquote, Val};
use std::sync::atomic::{AtomicU64, Ordering};

/// The command that loads and calls a module of builtins.
pub const DRIVER: &str = "/dis/lib/shbuiltin.dis";

/// The number of the next load, which makes its key.
static LOADS: AtomicU64 = AtomicU64::new(1);

/// A loaded module of builtins: its name as loaded, its file, the key its
/// instance is kept under, and the names of its builtin commands and
/// substitution builtins.
#[derive(Clone, Debug, PartialEq)]
pub struct Foreign {
    pub name: String,
    pub path: String,
    pub key: String,
    pub commands: Vec<String>,
    pub substs: Vec<String>,
}

/// The file of module `name`: `/dis/sh/NAME.dis`, or the path given.
fn path_of(name: &str) -> String {
    let path = if name.contains('/') {
        name.to_string()
    } else {
        format!("/dis/sh/{name}")
    };
    if path.ends_with(".dis") {
        path
    } else {
        format!("{path}.dis")
    }
}

/// Loads module `name`; the error is the complaint to print.
pub fn load<P: Process>(sh: &mut Shell<P>, name: &str) -> Result<(), String> {
    if sh.foreign.iter().any(|f| f.name == name) {
        return Ok(());
    }
    let path = path_of(name);
    if sh.proc.mode(&path).is_none() {
        return Err(format!("load: {name}: no such builtin module"));
    }
    let key = format!("{}:{path}", LOADS.fetch_add(1, Ordering::Relaxed));
    let listed = capture(sh, &[DRIVER, "names", &key, &path])
        .map_err(|_| format!("load: {name}: failed"))?;
    let (mut commands, mut substs) = (Vec::new(), Vec::new());
    for line in listed.lines() {
        match line.split_once(' ') {
            Some(("b", n)) => commands.push(n.to_string()),
            Some(("s", n)) => substs.push(n.to_string()),
            _ => {}
        }
    }
    if commands.is_empty() && substs.is_empty() {
        release(sh, &key);
        return Err(format!("load: {name}: module defines no builtins"));
    }
    sh.foreign.push(Foreign {
        name: name.to_string(),
        path,
        key,
        commands,
        substs,
    });
    Ok(())
}

/// Unloads module `name`; whether it was loaded.
pub fn unload<P: Process>(sh: &mut Shell<P>, name: &str) -> bool {
    let Some(i) = sh.foreign.iter().position(|f| f.name == name) else {
        return false;
    };
    let f = sh.foreign.remove(i);
    release(sh, &f.key);
    true
}

/// Lets every module this shell loaded go, as it ends.
pub fn unload_all<P: Process>(sh: &mut Shell<P>) {
    for f in std::mem::take(&mut sh.foreign) {
        release(sh, &f.key);
    }
}

fn release<P: Process>(sh: &mut Shell<P>, key: &str) {
    let line = [DRIVER, "release", key].map(String::from);
    let _ = sh.external(&line);
}

/// The loaded module that defines builtin `name` (a substitution builtin
/// with `subst`), the latest loaded first.
pub fn provider<'a, P: Process>(sh: &'a Shell<P>, name: &str, subst: bool) -> Option<&'a Foreign> {
    sh.foreign.iter().rev().find(|f| {
        let names = if subst { &f.substs } else { &f.commands };
        names.iter().any(|n| n == name)
    })
}

/// Runs builtin command `argv[0]` of module `f`.
pub fn run<P: Process>(sh: &mut Shell<P>, f: &Foreign, argv: &[Val]) -> Status {
    let mut line = [DRIVER, "run", &f.key, &f.path].map(String::from).to_vec();
    line.extend(texts(argv));
    sh.external(&line)
}

/// The value of substitution builtin `${argv...}` of module `f`.
pub fn substitute<P: Process>(
    sh: &mut Shell<P>,
    f: &Foreign,
    argv: &[Val],
) -> Result<Vec<Val>, Flow> {
    let mut line = vec![DRIVER, "subst", &f.key, &f.path];
    let words = texts(argv);
    line.extend(words.iter().map(String::as_str));
    Ok(unquote(&capture(sh, &line)?))
}

/// What command line `argv` writes on its standard output.
fn capture<P: Process>(sh: &mut Shell<P>, argv: &[&str]) -> Result<String, Flow> {
    let words = argv
        .iter()
        .map(|w| Word::Lit {
            text: w.to_string(),
            quoted: true,
        })
        .collect();
    let block = Word::Block(Box::new(Cmd::Simple {
        words,
        redirs: Vec::new(),
    }));
    sh.output_of(&block)
}
