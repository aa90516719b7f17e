//! The shell as Limbo programs reach it through `Sh` (`module/sh.m`): the
//! requests a kernel hands it ([`Request`]) and how each is answered. `system`
//! and `run` each get a fresh shell context in the caller's process, as the
//! original's `Context.new` makes one: a private copy of the environment, the
//! caller's fds and name space, no modules loaded. A `Context`'s `run` is
//! [`Request::RunVars`]: the context's variables go in, and the ones the
//! command changed come back to it.

use crate::eval::{Flow, Shell, Status};
use crate::os::Process;
use crate::parse::{parse, ParseError};
use crate::value::{strs, Val};

/// What a program asks of the shell.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// `init(ctxt, argv)`: the shell as a command, `sh argv...`.
    Command(Vec<String>),
    /// `system(ctxt, cmd)`: the text `cmd` parsed and run.
    System(String),
    /// `run(ctxt, argv)`: `argv` run as a command line (a first word in braces
    /// is a block).
    Run(Vec<String>),
    /// `Context.run`: text `cmd` run in a shell whose variables are first
    /// set to `vars`.
    RunVars {
        vars: Vec<(String, Vec<Val>)>,
        cmd: String,
    },
}

/// What a request leaves: the last status (for `system`, also the parse
/// error) and, for [`Request::RunVars`], the variables the command changed
/// (an empty value for one it removed), sorted by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    pub status: String,
    pub changed: Vec<(String, Vec<Val>)>,
}

impl Answer {
    /// An answer that is only a status.
    pub fn status(status: String) -> Answer {
        Answer {
            status,
            changed: Vec::new(),
        }
    }
}

/// Answers `request` in process `proc`, on a shell thread of its own.
pub fn serve<P: Process>(proc: P, request: Request) -> Answer {
    match request {
        Request::Command(argv) => Answer::status(crate::invoke::main(proc, &argv)),
        Request::System(text) => Answer::status(crate::thread::run(move || system(proc, &text))),
        Request::Run(argv) => Answer::status(crate::thread::run(move || run(proc, &argv))),
        Request::RunVars { vars, cmd } => {
            crate::thread::run_or(move || run_vars(proc, vars, &cmd), Answer::status)
        }
    }
}

fn system<P: Process>(proc: P, text: &str) -> String {
    match parse(text) {
        Ok(cmd) => {
            let mut sh = context(proc);
            let status = sh.run(&cmd);
            finish(sh, status)
        }
        Err(e) => parse_failure(&e),
    }
}

/// How the original reports text that does not parse as a command given as a
/// string (`sh -c`, `system`, `parse`).
pub fn parse_failure(e: &ParseError) -> String {
    format!("internal: parse error: {e}")
}

fn run<P: Process>(proc: P, argv: &[String]) -> String {
    let mut sh = context(proc);
    let status = sh.run_words(&strs(argv));
    finish(sh, status)
}

fn run_vars<P: Process>(proc: P, vars: Vec<(String, Vec<Val>)>, text: &str) -> Answer {
    let cmd = match parse(text) {
        Ok(c) => c,
        Err(e) => return Answer::status(parse_failure(&e)),
    };
    let mut sh = context(proc);
    for (name, value) in vars {
        sh.set(&name, value);
    }
    let before = variables(&sh);
    let status = sh.run(&cmd);
    let status = last_status(&sh, status);
    crate::foreign::unload_all(&mut sh);
    let mut changed: Vec<(String, Vec<Val>)> = variables(&sh)
        .into_iter()
        .filter(|(name, value)| name != "status" && before.get(name) != Some(value))
        .collect();
    for name in before.keys() {
        if name != "status" && sh.get(name).is_empty() {
            changed.push((name.clone(), Vec::new()));
        }
    }
    changed.sort_by(|a, b| a.0.cmp(&b.0));
    changed.dedup_by(|a, b| a.0 == b.0);
    Answer { status, changed }
}

/// Every variable of `sh` that has a value, by name.
fn variables<P: Process>(sh: &Shell<P>) -> std::collections::HashMap<String, Vec<Val>> {
    sh.var_names()
        .into_iter()
        .map(|n| (n.clone(), sh.get(&n)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// The last status of context `sh`, which ends.
fn finish<P: Process>(mut sh: Shell<P>, status: Status) -> String {
    let status = last_status(&sh, status);
    crate::foreign::unload_all(&mut sh);
    status
}

/// A new shell context in `proc`, with its own environment.
fn context<P: Process>(proc: P) -> Shell<P> {
    Shell::new(proc.fork(false, false, true))
}

/// The status a finished command leaves: a raised failure's name, `killed`,
/// or after `exit` the `$status` of the moment.
pub(crate) fn last_status<P: Process>(sh: &Shell<P>, status: Status) -> String {
    match status {
        Ok(s) | Err(Flow::Raise(s)) => s,
        Err(Flow::Exit) if sh.proc.killed() => "killed".to_string(),
        Err(Flow::Exit) => sh
            .get("status")
            .first()
            .map(|v| v.text())
            .unwrap_or_default(),
    }
}
