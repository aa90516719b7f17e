//! The `arg` module (sh-arg(1)): `arg [opts {command}]... - args` parses
//! options as arg(2) does and runs the command of each option found, with
//! `$opt` the option letter and `$arg` the arguments its `+`s ask for; `$*`
//! (and `$args`) is left holding the arguments after the options.

use crate::eval::{Flow, Shell, Status};
use crate::os::Process;
use crate::value::Val;
use std::collections::VecDeque;

const USAGE: &str = "usage: arg [opts {command}]... - args";

/// The arguments being parsed: the rest of a word of options, and the
/// words after it.
struct Options {
    rest: String,
    args: VecDeque<Val>,
}

impl Options {
    /// The next option letter, or `None` where the options end.
    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.rest.chars().next() {
            self.rest.drain(..c.len_utf8());
            return Some(c);
        }
        let word = self.args.front()?.text();
        let mut chars = word.chars();
        let (Some('-'), Some(opt)) = (chars.next(), chars.next()) else {
            return None;
        };
        self.args.pop_front();
        if word == "--" {
            return None;
        }
        self.rest = chars.as_str().to_string();
        Some(opt)
    }

    /// The next `n` option arguments (the rest of the word counts as one),
    /// or `None` if there are fewer.
    fn take(&mut self, n: usize) -> Option<Vec<Val>> {
        let mut out = Vec::new();
        for _ in 0..n {
            if !self.rest.is_empty() {
                out.push(Val::Str(std::mem::take(&mut self.rest)));
            } else {
                out.push(self.args.pop_front()?);
            }
        }
        Some(out)
    }
}

/// `arg opts {command} ... - args`.
pub fn arg<P: Process>(sh: &mut Shell<P>, argv: &[Val]) -> Status {
    let mut specs = Vec::new();
    let mut i = 0;
    let args = loop {
        match argv.get(i) {
            None => break sh.get("*"),
            Some(Val::Str(w)) if w == "-" => break argv[i + 1..].to_vec(),
            Some(Val::Str(opts)) => match argv.get(i + 1) {
                Some(Val::Block(cmd)) => specs.push((opts.clone(), Val::Block(cmd.clone()))),
                _ => return Err(sh.fail("usage", USAGE)),
            },
            Some(Val::Block(_)) => return Err(sh.fail("usage", USAGE)),
        }
        i += 2;
    };
    let mut options = Options {
        rest: String::new(),
        args: args.into(),
    };
    let mut status = String::new();
    sh.enter_scope();
    let r = run_options(sh, &specs, &mut options, &mut status);
    sh.pop_scope();
    match r {
        Ok(()) => {}
        Err(Flow::Raise(e)) if e == "break" => return Ok(status),
        Err(f) => return Err(f),
    }
    let rest: Vec<Val> = options.args.into();
    sh.set("args", rest.clone());
    sh.set("*", rest);
    Ok(status)
}

fn run_options<P: Process>(
    sh: &mut Shell<P>,
    specs: &[(String, Val)],
    options: &mut Options,
    status: &mut String,
) -> Result<(), Flow> {
    while let Some(opt) = options.next() {
        let found = specs.iter().find(|(letters, _)| {
            let letters = letters.trim_end_matches('+');
            letters.contains(opt) || letters.contains('*')
        });
        let Some((letters, cmd)) = found else {
            return Err(sh.fail("usage", &format!("unknown option -{opt}")));
        };
        let wanted = letters.len() - letters.trim_end_matches('+').len();
        sh.set_local("opt", vec![Val::Str(opt.to_string())]);
        let values = match options.take(wanted) {
            Some(v) => v,
            None => {
                let msg = format!("option -{opt} requires {wanted} arguments");
                return Err(sh.fail("usage", &msg));
            }
        };
        sh.set_local("arg", values);
        *status = sh.run_words(std::slice::from_ref(cmd))?;
    }
    Ok(())
}
