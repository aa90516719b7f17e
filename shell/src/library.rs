//! The shell as Limbo programs reach it through `Sh` (`module/sh.m`): the
//! requests a kernel hands it ([`Request`]) and how each is answered. `system`
//! and `run` each get a fresh shell context in the caller's process, as the
//! original's `Context.new` makes one: a private copy of the environment, the
//! caller's fds and name space, no modules loaded.

use crate::eval::{Flow, Shell, Status};
use crate::os::Process;
use crate::parse::{parse, ParseError};
use crate::value::strs;

/// What a program asks of the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// `init(ctxt, argv)`: the shell as a command, `sh argv...`.
    Command(Vec<String>),
    /// `system(ctxt, cmd)`: the text `cmd` parsed and run.
    System(String),
    /// `run(ctxt, argv)`: `argv` run as a command line (a first word in braces
    /// is a block).
    Run(Vec<String>),
}

/// Answers `request` in process `proc`, on a shell thread of its own; the
/// result is the last status (for `system`, also the parse error).
pub fn serve<P: Process>(proc: P, request: Request) -> String {
    match request {
        Request::Command(argv) => crate::invoke::main(proc, &argv),
        Request::System(text) => crate::thread::run(move || system(proc, &text)),
        Request::Run(argv) => crate::thread::run(move || run(proc, &argv)),
    }
}

fn system<P: Process>(proc: P, text: &str) -> String {
    match parse(text) {
        Ok(cmd) => {
            let mut sh = context(proc);
            let status = sh.run(&cmd);
            last_status(&sh, status)
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
    last_status(&sh, status)
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
