//! Running parsed commands: expansion of words, scopes and variables,
//! redirections, pipelines, background commands, command substitution, and
//! the choice between a block, a function, a builtin and an external command.

use crate::os::{OpenMode, Process};
use crate::syntax::{Cmd, Redir, RedirKind, Word};
use crate::value::{concat, quote_list, texts, unquote, Val};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What stops a command short of a status.
#[derive(Clone, Debug, PartialEq)]
pub enum Flow {
    /// A shell exception (`fail:NAME` in the original); NAME is the status.
    Raise(String),
    /// `exit`: the shell process ends.
    Exit,
}

/// A command's result: its status (empty is success) or a flow change.
pub type Status = Result<String, Flow>;

/// Modules of builtins the shell carries (`load NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    Std,
    Echo,
    Test,
    Expr,
    Mpexpr,
    String,
    Regex,
    Arg,
    Csv,
    Sexprs,
    File2chan,
}

impl Module {
    /// Every module the shell carries.
    pub const ALL: [Module; 11] = [
        Module::Std,
        Module::Echo,
        Module::Test,
        Module::Expr,
        Module::Mpexpr,
        Module::String,
        Module::Regex,
        Module::Arg,
        Module::Csv,
        Module::Sexprs,
        Module::File2chan,
    ];

    /// The module `load NAME` means (`std`, `/dis/sh/std.dis`...), if the
    /// shell carries it: the one place that decides what is built in.
    pub fn named(name: &str) -> Option<Module> {
        let base = name.trim_end_matches(".dis");
        let base = base.rsplit('/').next().unwrap_or(base);
        Module::ALL.into_iter().find(|m| m.name() == base)
    }

    pub fn name(self) -> &'static str {
        match self {
            Module::Std => "std",
            Module::Echo => "echo",
            Module::Test => "test",
            Module::Expr => "expr",
            Module::Mpexpr => "mpexpr",
            Module::String => "string",
            Module::Regex => "regex",
            Module::Arg => "arg",
            Module::Csv => "csv",
            Module::Sexprs => "sexprs",
            Module::File2chan => "file2chan",
        }
    }

    /// The builtin commands the module defines.
    pub fn commands(self) -> &'static [&'static str] {
        match self {
            Module::Std => &[
                "if", "while", "~", "!", "apply", "for", "status", "pctl", "fn", "subfn", "and",
                "or", "raise", "rescue", "flag", "getlines", "no",
            ],
            Module::Echo => &["echo"],
            Module::Test => &["report"],
            Module::Expr | Module::Mpexpr => &["ntest"],
            Module::String => &["prefix", "in"],
            Module::Regex => &["match"],
            Module::Arg => &["arg"],
            Module::Csv => &["getcsv"],
            Module::Sexprs => &["getsexprs", "islist"],
            Module::File2chan => &[
                "file2chan",
                "rblock",
                "rread",
                "rreadone",
                "rwrite",
                "rerror",
                "fetchwdata",
                "putrdata",
            ],
        }
    }

    /// The substitution builtins (`${name}`) the module defines.
    pub fn substs(self) -> &'static [&'static str] {
        match self {
            Module::Std => &[
                "hd", "tl", "index", "split", "join", "pid", "parse", "env", "pipe",
            ],
            Module::Echo | Module::Test | Module::Arg => &[],
            Module::Expr | Module::Mpexpr => &["expr"],
            Module::String => &[
                "splitl",
                "splitr",
                "drop",
                "take",
                "splitstrl",
                "splitstrr",
                "tolower",
                "toupper",
                "len",
                "alen",
                "slice",
                "fields",
                "padl",
                "padr",
            ],
            Module::Regex => &["re"],
            Module::Csv => &["csv"],
            Module::Sexprs => &[
                "els",
                "text",
                "b64",
                "textels",
                "mktext",
                "mklist",
                "mktextlist",
            ],
            Module::File2chan => &["rget"],
        }
    }
}

/// One shell: its process, variables, functions and loaded modules.
#[derive(Clone)]
pub struct Shell<P: Process> {
    pub proc: P,
    scopes: Vec<HashMap<String, Vec<Val>>>,
    pub fns: HashMap<String, Arc<Cmd>>,
    pub subfns: HashMap<String, Arc<Cmd>>,
    pub loaded: Vec<Module>,
    /// Modules of builtins the shell does not carry, loaded from `.dis` files.
    pub foreign: Vec<crate::foreign::Foreign>,
    /// Global variables changed since they were last written to `/env`.
    dirty: HashSet<String>,
    /// Our ends of `<{...}` pipes, closed when their command line ends.
    pipe_fds: Vec<i32>,
    pub interactive: bool,
    /// `-x`: print each simple command before running it.
    pub trace: bool,
    /// `-e`: stop at the first failing command.
    pub stop_on_error: bool,
    /// How many commands (blocks, functions, builtins, substitutions) are
    /// running inside one another now.
    depth: usize,
}

/// The deepest nesting of running commands: blocks, function calls,
/// builtins that run a command (`!`, `builtin`, `and`...) and substitution
/// functions each count one; a bound well inside a host thread's stack.
pub const MAX_DEPTH: usize = 500;

/// Variables never written to `/env`.
const NOT_EXPORTED: &[&str] = &["0", "*", "status"];

impl<P: Process> Shell<P> {
    /// A shell in process `proc`, with the variables and functions of its
    /// environment.
    pub fn new(proc: P) -> Shell<P> {
        let mut sh = Shell {
            proc,
            scopes: vec![HashMap::new()],
            fns: HashMap::new(),
            subfns: HashMap::new(),
            loaded: Vec::new(),
            foreign: Vec::new(),
            dirty: HashSet::new(),
            pipe_fds: Vec::new(),
            interactive: false,
            trace: false,
            stop_on_error: false,
            depth: 0,
        };
        for (name, value) in sh.proc.environment() {
            let text = String::from_utf8_lossy(&value).into_owned();
            if let Some(f) = name.strip_prefix("fn-") {
                if let Some(b) = Val::Str(text.clone()).as_block() {
                    sh.fns.insert(f.to_string(), b);
                }
            } else if let Some(f) = name.strip_prefix("sfn-") {
                if let Some(b) = Val::Str(text.clone()).as_block() {
                    sh.subfns.insert(f.to_string(), b);
                }
            } else {
                sh.scopes[0].insert(name, unquote(&text));
            }
        }
        sh
    }

    pub fn get(&self, name: &str) -> Vec<Val> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// `name = value`: the innermost existing definition, else a global.
    pub fn set(&mut self, name: &str, value: Vec<Val>) {
        let depth = self
            .scopes
            .iter()
            .rposition(|s| s.contains_key(name))
            .unwrap_or(0);
        if depth == 0 {
            self.dirty.insert(name.to_string());
        }
        self.scopes[depth].insert(name.to_string(), value);
    }

    /// `name := value`: in the innermost scope.
    pub fn set_local(&mut self, name: &str, value: Vec<Val>) {
        if self.scopes.len() == 1 {
            self.dirty.insert(name.to_string());
        }
        if let Some(s) = self.scopes.last_mut() {
            s.insert(name.to_string(), value);
        }
    }

    /// Every variable name in scope.
    pub fn var_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.scopes.iter().flat_map(|s| s.keys().cloned()).collect();
        names.sort();
        names.dedup();
        names
    }

    /// Writes changed globals and functions to `/env`.
    pub fn sync_env(&mut self) {
        for name in std::mem::take(&mut self.dirty) {
            if NOT_EXPORTED.contains(&name.as_str()) || !valid_env_name(&name) {
                continue;
            }
            let value = self.scopes[0].get(&name).cloned().unwrap_or_default();
            if value.is_empty() {
                self.proc.setenv(&name, None);
            } else {
                self.proc
                    .setenv(&name, Some(quote_list(&value, true).as_bytes()));
            }
        }
    }

    /// Defines (or, with `None`, removes) function `name`, exporting it.
    pub fn define_fn(&mut self, name: &str, body: Option<Arc<Cmd>>, sub: bool) {
        let (table, prefix) = if sub {
            (&mut self.subfns, "sfn-")
        } else {
            (&mut self.fns, "fn-")
        };
        let key = format!("{prefix}{name}");
        match body {
            Some(b) => {
                let text = Val::Block(b.clone()).text();
                table.insert(name.to_string(), b);
                if valid_env_name(&key) {
                    self.proc.setenv(&key, Some(text.as_bytes()));
                }
            }
            None => {
                table.remove(name);
                self.proc.setenv(&key, None);
            }
        }
    }

    /// Writes text to one of the shell's fds.
    pub fn print(&self, fd: i32, text: &str) {
        let _ = self.proc.write(fd, text.as_bytes());
    }

    /// Reports a diagnostic on fd 2 as `sh: ...`.
    pub fn complain(&self, msg: &str) {
        self.print(2, &format!("sh: {msg}\n"));
    }

    /// A builtin's failure as the original's `Context.fail` makes it: `msg`
    /// on fd 2 (without `sh: `) and the exception `ename`.
    pub fn fail(&self, ename: &str, msg: &str) -> Flow {
        self.print(2, &format!("{msg}\n"));
        Flow::Raise(ename.to_string())
    }

    /// Enters a new scope for local variables.
    pub fn enter_scope(&mut self) {
        self.scopes.push(HashMap::new());
    }

    /// Enters a new scope with `$0` and `$*` (a script's).
    pub fn push_scope(&mut self, zero: Val, args: Vec<Val>) {
        self.scopes.push(HashMap::from([
            ("0".to_string(), vec![zero]),
            ("*".to_string(), args),
        ]));
    }

    pub fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// Runs a block in a new scope with `$*` = args (and `$0` if given).
    pub fn run_block(&mut self, body: &Cmd, zero: Option<Val>, args: Option<Vec<Val>>) -> Status {
        self.nested(|sh| sh.run_scope(body, zero, args))
    }

    /// Runs `f` one level deeper, or raises `recursion too deep` past
    /// [`MAX_DEPTH`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Flow>) -> Result<T, Flow> {
        if self.depth >= MAX_DEPTH {
            self.complain("commands nested too deeply (runaway recursion?)");
            return Err(Flow::Raise("recursion too deep".into()));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn run_scope(&mut self, body: &Cmd, zero: Option<Val>, args: Option<Vec<Val>>) -> Status {
        let mut scope = HashMap::new();
        if let Some(z) = zero {
            scope.insert("0".to_string(), vec![z]);
        }
        if let Some(a) = args {
            scope.insert("*".to_string(), a);
        }
        self.scopes.push(scope);
        let r = self.run(body);
        self.scopes.pop();
        r
    }

    /// Runs a command and sets `$status`; the console's interrupt raises
    /// `interrupted` before it starts.
    pub fn run(&mut self, c: &Cmd) -> Status {
        if self.proc.killed() {
            return Err(Flow::Exit);
        }
        let r = if self.proc.interrupted() {
            Err(Flow::Raise("interrupted".into()))
        } else {
            self.run_cmd(c)
        };
        match &r {
            Ok(s) => {
                self.set_status(s.clone());
                if self.stop_on_error && !s.is_empty() {
                    return Err(Flow::Raise(s.clone()));
                }
            }
            Err(Flow::Raise(e)) => self.set_status(e.clone()),
            Err(Flow::Exit) => {}
        }
        r
    }

    /// Sets `$status`: always one word, `''` for success, as the original.
    fn set_status(&mut self, s: String) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert("status".to_string(), vec![Val::Str(s)]);
        }
    }

    fn run_cmd(&mut self, c: &Cmd) -> Status {
        match c {
            Cmd::Empty => Ok(String::new()),
            Cmd::Seq(cs) => {
                let mut last = String::new();
                for (c, bg) in cs {
                    last = if *bg {
                        self.background(c)?
                    } else {
                        self.run(c)?
                    };
                }
                Ok(last)
            }
            Cmd::Assign {
                names,
                local,
                value,
                then,
            } => {
                let names = self.expand(names)?;
                let mut value = self.expand_all(value)?;
                if let Some(t) = then {
                    self.run_cmd(t)?;
                    // `a = b = v`: the chained assignment gives its value on.
                    if let Cmd::Assign { names: n2, .. } = &**t {
                        let inner = texts(&self.expand(n2)?);
                        value = inner.first().map(|n| self.get(n)).unwrap_or_default();
                    }
                }
                self.assign(&names, value, *local)?;
                Ok(String::new())
            }
            Cmd::Simple { words, redirs } => {
                if redirs.is_empty() {
                    return self.simple(words);
                }
                self.redirected(redirs, |sh| sh.simple(words))
            }
            Cmd::Redirected(inner, redirs) => self.redirected(redirs, |sh| sh.run_cmd(inner)),
            Cmd::Pipe(cs, joins) => self.pipeline(cs, joins),
        }
    }

    fn assign(&mut self, names: &[Val], mut value: Vec<Val>, local: bool) -> Result<(), Flow> {
        if names.is_empty() {
            self.complain("nil variable name");
            return Err(Flow::Raise("bad assign".into()));
        }
        let last = names.len() - 1;
        for (i, n) in names.iter().enumerate() {
            let v = if i == last {
                std::mem::take(&mut value)
            } else if value.is_empty() {
                Vec::new()
            } else {
                vec![value.remove(0)]
            };
            let name = n.text();
            if local {
                self.set_local(&name, v);
            } else {
                self.set(&name, v);
            }
        }
        Ok(())
    }

    /// Runs `f` with the shell's fds redirected (in a private fd group).
    fn redirected(&mut self, redirs: &[Redir], f: impl FnOnce(&mut Self) -> Status) -> Status {
        let saved = self.proc.clone();
        self.proc = saved.fork(true, false, false);
        let r = self.apply_redirs(redirs).and_then(|()| f(self));
        self.proc = saved;
        r
    }

    fn apply_redirs(&mut self, redirs: &[Redir]) -> Result<(), Flow> {
        for r in redirs {
            let mode = match r.kind {
                RedirKind::Dup(Some(from)) => {
                    if self.proc.dup(from, r.fd).is_err() {
                        self.complain("invalid dup");
                        return Err(Flow::Raise("bad redir".into()));
                    }
                    continue;
                }
                RedirKind::Dup(None) => {
                    self.complain("invalid dup");
                    return Err(Flow::Raise("bad redir".into()));
                }
                RedirKind::Read => OpenMode::Read,
                RedirKind::Write => OpenMode::Write,
                RedirKind::Append => OpenMode::Append,
                RedirKind::ReadWrite => OpenMode::ReadWrite,
            };
            let target = match &r.target {
                Some(w) => self.expand(w)?,
                None => Vec::new(),
            };
            if target.len() != 1 {
                self.complain("single redirection operand required");
                return Err(Flow::Raise("bad redir".into()));
            }
            let path = target[0].text();
            match self.proc.open(&path, mode) {
                Ok(fd) => {
                    if fd != r.fd {
                        let _ = self.proc.dup(fd, r.fd);
                        self.proc.close(fd);
                    }
                }
                Err(e) => {
                    self.complain(&format!("cannot open {path}: {e}"));
                    return Err(Flow::Raise("bad redir".into()));
                }
            }
        }
        Ok(())
    }

    /// A copy of this shell in a new process with private fds, for a pipeline
    /// element, a background command or a substitution.
    pub(crate) fn subshell(&self) -> Shell<P> {
        let mut sh = self.clone();
        sh.proc = self.proc.fork(true, false, false);
        sh.interactive = false;
        sh
    }

    /// `cmd &`: runs cmd in a new process of its own, not waited for;
    /// `$apid` is its pid.
    fn background(&mut self, c: &Cmd) -> Status {
        let mut sh = self.subshell();
        let c = c.clone();
        let started = self.proc.spawn(Box::new(move |proc| {
            sh.proc = proc;
            crate::thread::run(move || {
                let _ = sh.run(&c);
                String::new()
            });
        }));
        match started {
            Ok(pid) => {
                self.set("apid", vec![Val::Str(pid.to_string())]);
                Ok(String::new())
            }
            Err(e) => {
                self.complain(&e);
                Err(Flow::Raise("no process".into()))
            }
        }
    }

    fn pipeline(&mut self, cs: &[Cmd], joins: &[(i32, i32)]) -> Status {
        let mut pipes = Vec::new();
        for _ in joins {
            match self.proc.pipe() {
                Ok(p) => pipes.push(p),
                Err(e) => {
                    self.close_pipes(&pipes);
                    self.complain(&format!("cannot make pipe: {e}"));
                    return Err(Flow::Raise("no pipe".into()));
                }
            }
        }
        let mut shells: Vec<Shell<P>> = cs.iter().map(|_| self.subshell()).collect();
        for (k, sh) in shells.iter_mut().enumerate() {
            let mut targets = Vec::new();
            if let Some(&(from, _)) = joins.get(k) {
                let _ = sh.proc.dup(pipes[k].1, from);
                targets.push(from);
            }
            if k > 0 {
                let to = joins[k - 1].1;
                let _ = sh.proc.dup(pipes[k - 1].0, to);
                targets.push(to);
            }
            for &(r, w) in &pipes {
                for fd in [r, w] {
                    if !targets.contains(&fd) {
                        sh.proc.close(fd);
                    }
                }
            }
        }
        self.close_pipes(&pipes);
        let handles: Vec<_> = shells
            .into_iter()
            .zip(cs.iter().cloned())
            .map(|(mut sh, c)| {
                crate::thread::spawn(move || match sh.run(&c) {
                    Ok(s) | Err(Flow::Raise(s)) => s,
                    Err(Flow::Exit) => String::new(),
                })
            })
            .collect();
        let statuses: Vec<String> = handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h.join().unwrap_or_else(|_| "broken".to_string()),
                Err(e) => e,
            })
            .collect();
        if statuses.iter().all(String::is_empty) {
            Ok(String::new())
        } else {
            Ok(statuses.join("|"))
        }
    }

    fn close_pipes(&self, pipes: &[(i32, i32)]) {
        for &(r, w) in pipes {
            self.proc.close(r);
            self.proc.close(w);
        }
    }

    /// Runs a block with its stdout on a pipe; returns what it wrote.
    pub(crate) fn output_of(&mut self, w: &Word) -> Result<String, Flow> {
        let v = self.expand(w)?;
        let Some(body) = v.first().and_then(Val::as_block) else {
            return Err(Flow::Raise("bad $ arg".into()));
        };
        let (r, wfd) = self
            .proc
            .pipe()
            .map_err(|_| Flow::Raise("no pipe".into()))?;
        let mut sh = self.subshell();
        self.proc.close(wfd);
        let _ = sh.proc.dup(wfd, 1);
        sh.proc.close(wfd);
        sh.proc.close(r);
        let h = crate::thread::spawn(move || {
            let _ = sh.run_block(&body, None, None);
        });
        let mut out = Vec::new();
        let mut buf = vec![0u8; 8192];
        while let Ok(n) = self.proc.read(r, &mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        self.proc.close(r);
        if let Ok(h) = h {
            let _ = h.join();
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// `<{cmd}` / `>{cmd}`: starts cmd with its fd
    /// `target` on a pipe and returns our end, which stays open until the
    /// command line ends. Fd 0 reads what we write; any other writes to us.
    fn pipe_to(&mut self, target: i32, body: Arc<Cmd>) -> Result<i32, Flow> {
        let (r, wfd) = self
            .proc
            .pipe()
            .map_err(|_| Flow::Raise("no pipe".into()))?;
        let (ours, theirs) = if target == 0 { (wfd, r) } else { (r, wfd) };
        let mut sh = self.subshell();
        self.proc.close(theirs);
        if ours != target {
            sh.proc.close(ours);
        }
        if theirs != target {
            let _ = sh.proc.dup(theirs, target);
            sh.proc.close(theirs);
        }
        // Without a thread the command's end of the pipe is closed at once.
        let _ = crate::thread::spawn(move || {
            let _ = sh.run_block(&body, None, None);
        });
        self.pipe_fds.push(ours);
        Ok(ours)
    }

    pub fn expand_all(&mut self, ws: &[Word]) -> Result<Vec<Val>, Flow> {
        let mut out = Vec::new();
        for w in ws {
            out.extend(self.expand(w)?);
        }
        Ok(out)
    }

    /// The list a word stands for.
    pub fn expand(&mut self, w: &Word) -> Result<Vec<Val>, Flow> {
        Ok(match w {
            Word::Lit { text, .. } => vec![Val::Str(text.clone())],
            Word::Var(n) => self.var_of(n)?,
            Word::Count(n) => vec![Val::Str(self.var_of(n)?.len().to_string())],
            Word::Join(n) => vec![Val::Str(texts(&self.var_of(n)?).join(" "))],
            Word::Subst(c) => self.substitution(c)?,
            Word::Backquote(b) => {
                let out = self.output_of(b)?;
                let ifs = crate::builtins::ifs(self);
                out.split(|c| ifs.contains(c))
                    .filter(|s| !s.is_empty())
                    .map(|s| Val::Str(s.to_string()))
                    .collect()
            }
            Word::Quote(b) => vec![Val::Str(self.output_of(b)?)],
            Word::List(ws) => self.expand_all(ws)?,
            Word::Block(c) => vec![Val::Block(Arc::new((**c).clone()))],
            Word::Pipe { reads, cmd } => {
                let Some(body) = self.expand(cmd)?.first().and_then(Val::as_block) else {
                    return Err(Flow::Raise("bad redir".into()));
                };
                vec![Val::Str(format!(
                    "/fd/{}",
                    self.pipe_to(i32::from(*reads), body)?
                ))]
            }
            Word::Concat(parts) => {
                let mut joined: Option<Vec<Val>> = None;
                for part in parts {
                    let next = self.expand(part)?;
                    joined = match joined {
                        None => Some(next),
                        Some(sofar) => match concat(&sofar, &next) {
                            Some(v) => Some(v),
                            None => {
                                self.complain("bad concatenation");
                                return Err(Flow::Raise("bad concatenation".into()));
                            }
                        },
                    };
                }
                joined.unwrap_or_default()
            }
        })
    }

    fn var_of(&mut self, n: &Word) -> Result<Vec<Val>, Flow> {
        let names = self.expand(n)?;
        if names.len() != 1 {
            self.complain("bad variable name");
            return Err(Flow::Raise("bad $ arg".into()));
        }
        let name = names[0].text();
        Ok(match name.parse::<usize>() {
            Ok(i) if i > 0 => self.get("*").get(i - 1).cloned().into_iter().collect(),
            _ => self.get(&name),
        })
    }

    fn substitution(&mut self, c: &Cmd) -> Result<Vec<Val>, Flow> {
        let Cmd::Simple { words, .. } = c else {
            self.complain("invalid argument to ${} operator");
            return Err(Flow::Raise("bad $ arg".into()));
        };
        let argv = self.expand_all(words)?;
        let Some(name) = argv.first().map(Val::text) else {
            return Err(Flow::Raise("bad $ arg".into()));
        };
        if let Some(body) = self.subfns.get(&name).cloned() {
            return self.nested(|sh| {
                sh.scopes.push(HashMap::from([
                    ("*".to_string(), argv[1..].to_vec()),
                    ("result".to_string(), Vec::new()),
                ]));
                let r = sh.run(&body);
                let result = sh.get("result");
                sh.scopes.pop();
                r?;
                Ok(result)
            });
        }
        match crate::builtins::substitute(self, &name, &argv[1..]) {
            Some(r) => r,
            None => {
                self.complain(&format!("builtin {name} not found"));
                Err(Flow::Raise("builtin not found".into()))
            }
        }
    }

    /// A simple command: expand, then run a block, function, builtin or module.
    fn simple(&mut self, words: &[Word]) -> Status {
        let outer = std::mem::take(&mut self.pipe_fds);
        let r = self.expand_and_run(words);
        for fd in std::mem::replace(&mut self.pipe_fds, outer) {
            self.proc.close(fd);
        }
        r
    }

    fn expand_and_run(&mut self, words: &[Word]) -> Status {
        let mut argv = Vec::new();
        for w in words {
            let vals = self.expand(w)?;
            if crate::glob::is_pattern(w) {
                for v in vals {
                    argv.extend(
                        crate::glob::expand(&self.proc, &v.text())
                            .into_iter()
                            .map(Val::Str),
                    );
                }
            } else {
                argv.extend(vals);
            }
        }
        self.run_words(&argv)
    }

    /// Runs an expanded command line.
    pub fn run_words(&mut self, argv: &[Val]) -> Status {
        self.nested(|sh| sh.run_argv(argv))
    }

    fn run_argv(&mut self, argv: &[Val]) -> Status {
        let Some(first) = argv.first() else {
            return Ok(String::new());
        };
        if self.trace {
            self.print(2, &format!("{}\n", quote_list(argv, false)));
        }
        if let Some(body) = first.as_block() {
            return self.run_block(&body, Some(first.clone()), Some(argv[1..].to_vec()));
        }
        let name = first.text();
        if self.loaded.contains(&Module::Std) {
            if let Some(body) = self.fns.get(&name).cloned() {
                return self.run_block(&body, Some(first.clone()), Some(argv[1..].to_vec()));
            }
        }
        if let Some(r) = crate::builtins::run(self, &name, argv) {
            return r;
        }
        self.external(&texts(argv))
    }

    /// Runs a command module (or a script, or the shell itself).
    pub fn external(&mut self, argv: &[String]) -> Status {
        self.sync_env();
        let name = &argv[0];
        if name == "sh" || name == "/dis/sh.dis" || name == "/dis/sh" {
            return Ok(crate::invoke::nested(&self.proc, argv));
        }
        let explicit = ["/", "#", "./", "../"].iter().any(|p| name.starts_with(p));
        let dirs: Vec<String> = if explicit {
            vec![String::new()]
        } else {
            match texts(&self.get("path")) {
                p if p.is_empty() => vec!["/dis".to_string(), ".".to_string()],
                p => p,
            }
        };
        let mut last_err = String::new();
        for dir in &dirs {
            let cand = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            let path = if cand.ends_with(".dis") {
                cand.clone()
            } else {
                format!("{cand}.dis")
            };
            match self.proc.exec(&path, argv) {
                Ok(status) => return Ok(status),
                Err(e) => {
                    let missing = e.contains("does not exist") || e.contains("not found");
                    if !missing {
                        self.complain(&format!("{name}: {e}"));
                        return Ok(e);
                    }
                    if cand.ends_with(".dis") {
                        last_err = e;
                        continue;
                    }
                    // No module: a file of that name is a script.
                    match self.proc.open(&cand, OpenMode::Read) {
                        Ok(fd) => {
                            self.proc.close(fd);
                            if self.proc.is_dir(&cand) == Some(false) {
                                return self.script_file(&cand, argv);
                            }
                            last_err = e;
                        }
                        Err(e) => last_err = e,
                    }
                }
            }
        }
        self.complain(&format!("{name}: {last_err}"));
        Ok(last_err)
    }

    /// A file that is not a module: run it by `sh` as the original does for a
    /// `#!` script.
    fn script_file(&mut self, path: &str, argv: &[String]) -> Status {
        let mut args = vec!["sh".to_string(), path.to_string()];
        args.extend(argv[1..].iter().cloned());
        Ok(crate::invoke::nested(&self.proc, &args))
    }
}

/// Names `/env` accepts: not empty, no `/`, at most 127 bytes.
fn valid_env_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 127 && !name.contains('/') && name != "." && name != ".."
}
