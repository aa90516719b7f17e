//! Modules of builtins the shell does not carry: `load NAME` of a name
//! [`crate::eval::Module::named`] does not know loads `/dis/sh/NAME.dis` (or
//! the `.dis` at a path given), a Dis module implementing `Shellbuiltin` of
//! `module/sh.m`, such as the original's stock ones. The Dis command
//! [`DRIVER`] (`appl/lib/shbuiltin.b`) stands between: it asks the module
//! which builtins it defines as it loads, and calls it for each use of one,
//! in a Dis shell context of its own, so a module sees its arguments, the
//! shell's fds and exported environment, but not the shell's variables and
//! keeps no state from one call to the next.

use crate::eval::{Flow, Shell, Status};
use crate::os::Process;
use crate::syntax::{Cmd, Word};
use crate::value::{texts, unquote, Val};

/// The command that loads and calls a module of builtins.
pub const DRIVER: &str = "/dis/lib/shbuiltin.dis";

/// A loaded module of builtins: its name as loaded, its file, and the names
/// of its builtin commands and substitution builtins.
#[derive(Clone, Debug, PartialEq)]
pub struct Foreign {
    pub name: String,
    pub path: String,
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
    let listed =
        capture(sh, &[DRIVER, "names", &path]).map_err(|_| format!("load: {name}: failed"))?;
    let (mut commands, mut substs) = (Vec::new(), Vec::new());
    for line in listed.lines() {
        match line.split_once(' ') {
            Some(("b", n)) => commands.push(n.to_string()),
            Some(("s", n)) => substs.push(n.to_string()),
            _ => {}
        }
    }
    if commands.is_empty() && substs.is_empty() {
        return Err(format!("load: {name}: module defines no builtins"));
    }
    sh.foreign.push(Foreign {
        name: name.to_string(),
        path,
        commands,
        substs,
    });
    Ok(())
}

/// The file of the loaded module that defines builtin `name` (a
/// substitution builtin with `subst`), the latest loaded first.
pub fn provider<P: Process>(sh: &Shell<P>, name: &str, subst: bool) -> Option<String> {
    sh.foreign
        .iter()
        .rev()
        .find(|f| {
            let names = if subst { &f.substs } else { &f.commands };
            names.iter().any(|n| n == name)
        })
        .map(|f| f.path.clone())
}

/// Runs builtin command `argv[0]` of the module at `path`.
pub fn run<P: Process>(sh: &mut Shell<P>, path: &str, argv: &[Val]) -> Status {
    let mut line = vec![DRIVER.to_string(), "run".to_string(), path.to_string()];
    line.extend(texts(argv));
    sh.external(&line)
}

/// The value of substitution builtin `${argv...}` of the module at `path`.
pub fn substitute<P: Process>(
    sh: &mut Shell<P>,
    path: &str,
    argv: &[Val],
) -> Result<Vec<Val>, Flow> {
    let mut line = vec![DRIVER, "subst", path];
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
