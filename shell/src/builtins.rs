//! Builtin commands: the shell's own (`load`, `loaded`, `whatis`, `run`,
//! `exit`, `@`, `syncenv`, `builtin`), those of the `std` module (`if`,
//! `for`, `while`, `and`, `or`, `!`, `~`, `fn`, `status`, `raise`, `rescue`,
//! `apply`, `getlines`, `no`, `flag`, `pctl`...), of the `echo` module and of
//! the `test` module (`report`, in [`crate::report`]),
//! and the substitution builtins (`${quote}`, `${hd}`, `${split}`...).

use crate::eval::{Flow, Module, Shell, Status};
use crate::os::Process;
use crate::value::{matches, quote_list, strs, texts, unquote, Val};

/// The shell's own builtins, always present.
const INTERNAL: &[&str] = &[
    "load", "unload", "loaded", "builtin", "whatis", "run", "exit", "@", "syncenv",
];
const INTERNAL_SUBST: &[&str] = &["loaded", "quote", "bquote", "unquote", "builtin"];
const STD: &[&str] = &[
    "if", "while", "~", "!", "apply", "for", "status", "pctl", "fn", "subfn", "and", "or", "raise",
    "rescue", "flag", "getlines", "no",
];
const STD_SUBST: &[&str] = &["hd", "tl", "index", "split", "join", "pid", "parse", "env"];
const ECHO: &[&str] = &["echo"];
const TEST: &[&str] = &["report"];

impl Module {
    /// The builtin commands the module provides.
    fn builtins(self) -> &'static [&'static str] {
        match self {
            Module::Std => STD,
            Module::Echo => ECHO,
            Module::Test => TEST,
        }
    }
}

fn usage(sh: &Shell<impl Process>, text: &str) -> Status {
    sh.complain(&format!("usage: {text}"));
    Err(Flow::Raise("usage".into()))
}

fn truth(b: bool) -> Status {
    Ok(if b {
        String::new()
    } else {
        "false".to_string()
    })
}

/// Which module provides builtin `name` (`None` for the shell's own), if any
/// loaded one does.
fn provider(sh: &Shell<impl Process>, name: &str) -> Option<Option<Module>> {
    if INTERNAL.contains(&name) {
        return Some(None);
    }
    for &m in &sh.loaded {
        if m.builtins().contains(&name) {
            return Some(Some(m));
        }
    }
    None
}

/// Runs builtin `argv[0]` if there is one.
pub fn run<P: Process>(sh: &mut Shell<P>, name: &str, argv: &[Val]) -> Option<Status> {
    provider(sh, name)?;
    let args = &argv[1..];
    Some(match name {
        "load" => load(sh, args),
        "unload" => {
            for a in texts(args) {
                if let Some(m) = Module::named(&a) {
                    sh.loaded.retain(|&l| l != m);
                }
            }
            Ok(String::new())
        }
        "loaded" => {
            let mut out = String::new();
            for b in INTERNAL {
                out.push_str(&format!("{b}\tbuiltin\n"));
            }
            for m in &sh.loaded {
                for b in m.builtins() {
                    out.push_str(&format!("{b}\t{}\n", m.name()));
                }
            }
            sh.print(1, &out);
            Ok(String::new())
        }
        "builtin" => {
            let Some(n) = args.first().map(Val::text) else {
                return Some(usage(sh, "builtin command [args ...]"));
            };
            match run(sh, &n, args) {
                Some(r) => r,
                None => sh.external(&texts(args)),
            }
        }
        "whatis" => whatis(sh, args),
        "run" => {
            let Some(file) = args.first().map(Val::text) else {
                return Some(usage(sh, "run path [args ...]"));
            };
            crate::invoke::run_file(sh, &file, args[1..].to_vec())
        }
        "exit" => Err(Flow::Exit),
        "@" => {
            let mut sub = sh.clone();
            sub.proc = sh.proc.fork(true, false, false);
            let args = args.to_vec();
            let h = std::thread::spawn(move || match sub.run_words(&args) {
                Ok(s) | Err(Flow::Raise(s)) => s,
                Err(Flow::Exit) => String::new(),
            });
            Ok(h.join().unwrap_or_else(|_| "broken".into()))
        }
        "report" => crate::report::report(sh, args),
        "syncenv" => {
            sh.sync_env();
            Ok(String::new())
        }
        "echo" => {
            let mut words = texts(args);
            let newline = words.first().map(String::as_str) != Some("-n");
            if !newline {
                words.remove(0);
            }
            let mut text = words.join(" ");
            if newline {
                text.push('\n');
            }
            sh.print(1, &text);
            Ok(String::new())
        }
        _ => std_builtin(sh, name, args),
    })
}

fn load<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    if args.is_empty() {
        return usage(sh, "load path...");
    }
    for a in texts(args) {
        match Module::named(&a) {
            Some(m) => {
                if !sh.loaded.contains(&m) {
                    sh.loaded.push(m);
                    if m == Module::Test {
                        crate::report::loaded(sh);
                    }
                }
            }
            None => {
                sh.complain(&format!(
                    "load: {a}: no such builtin module (this shell carries std, echo and test)"
                ));
                return Err(Flow::Raise("bad module".into()));
            }
        }
    }
    Ok(String::new())
}

fn whatis<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    let mut out = String::new();
    for n in texts(args) {
        let v = sh.get(&n);
        if !v.is_empty() {
            out.push_str(&format!("{n}={}\n", quote_list(&v, false)));
        }
        if let Some(b) = sh.fns.get(&n) {
            out.push_str(&format!(
                "load std; fn {n} {}\n",
                Val::Block(b.clone()).text()
            ));
        } else if let Some(b) = sh.subfns.get(&n) {
            out.push_str(&format!(
                "load std; subfn {n} {}\n",
                Val::Block(b.clone()).text()
            ));
        } else if let Some(m) = provider(sh, &n) {
            match m {
                None => out.push_str(&format!("builtin {n}\n")),
                Some(m) => out.push_str(&format!("load {}; {n}\n", m.name())),
            }
        } else if v.is_empty() {
            out.push_str(&format!("/dis/{n}.dis\n"));
        }
    }
    sh.print(1, &out);
    Ok(String::new())
}

/// A block argument, or a usage error.
fn block_arg(v: &Val) -> Result<std::sync::Arc<crate::syntax::Cmd>, Flow> {
    v.as_block().ok_or_else(|| Flow::Raise("usage".into()))
}

/// Runs a block argument in a new scope.
fn run_arg<P: Process>(sh: &mut Shell<P>, v: &Val) -> Status {
    let b = block_arg(v)?;
    sh.run_block(&b, None, None)
}

/// Runs a block that belongs to a loop: `break` and `continue` exceptions
/// come back as `Ok(None)` / `Ok(Some(""))` markers.
fn loop_body<P: Process>(
    sh: &mut Shell<P>,
    body: &crate::syntax::Cmd,
) -> Result<Option<String>, Flow> {
    match sh.run_block(body, None, None) {
        Ok(s) => Ok(Some(s)),
        Err(Flow::Raise(e)) if e == "break" => Ok(None),
        Err(Flow::Raise(e)) if e == "continue" => Ok(Some(String::new())),
        Err(f) => Err(f),
    }
}

fn std_builtin<P: Process>(sh: &mut Shell<P>, name: &str, args: &[Val]) -> Status {
    match name {
        "if" => {
            if args.len() < 2 {
                return usage(sh, "if {cond} {action} [{cond} {action}]... [{else}]");
            }
            let mut i = 0;
            while i + 1 < args.len() {
                let cond = block_arg(&args[i])?;
                if sh.run_block(&cond, None, None)?.is_empty() {
                    return run_arg(sh, &args[i + 1]);
                }
                i += 2;
            }
            match args.get(i) {
                Some(e) => run_arg(sh, e),
                None => Ok(String::new()),
            }
        }
        "while" => {
            let (Some(c), Some(b), 2) = (args.first(), args.get(1), args.len()) else {
                return usage(sh, "while {cond} {body}");
            };
            let (cond, body) = (block_arg(c)?, block_arg(b)?);
            let mut last = String::new();
            while sh.run_block(&cond, None, None)?.is_empty() {
                match loop_body(sh, &body)? {
                    Some(s) => last = s,
                    None => break,
                }
            }
            Ok(last)
        }
        "for" => {
            if args.len() < 3 || args[1].text() != "in" {
                return usage(sh, "for var in [item...] {body}");
            }
            let var = args[0].text();
            let body = block_arg(&args[args.len() - 1])?;
            let mut last = String::new();
            for item in &args[2..args.len() - 1] {
                sh.set_local(&var, vec![item.clone()]);
                match loop_body(sh, &body)? {
                    Some(s) => last = s,
                    None => break,
                }
            }
            Ok(last)
        }
        "apply" => {
            let Some(b) = args.first() else {
                return usage(sh, "apply {body} [arg...]");
            };
            let body = block_arg(b)?;
            let mut last = String::new();
            for item in &args[1..] {
                match sh.run_block(&body, None, Some(vec![item.clone()])) {
                    Ok(s) => last = s,
                    Err(Flow::Raise(e)) if e == "break" => break,
                    Err(Flow::Raise(e)) if e == "continue" => {}
                    Err(f) => return Err(f),
                }
            }
            Ok(last)
        }
        "getlines" => {
            let (seps, body) = match args {
                [b] => ("\n".to_string(), block_arg(b)?),
                [s, b] => (s.text(), block_arg(b)?),
                _ => return usage(sh, "getlines [separators] {body}"),
            };
            let mut input = crate::invoke::Input::new(0);
            let mut last = String::new();
            while let Some(line) = input.record(&sh.proc, &seps) {
                sh.set_local("line", vec![Val::Str(line)]);
                match loop_body(sh, &body)? {
                    Some(s) => last = s,
                    None => break,
                }
            }
            Ok(last)
        }
        "and" => {
            let mut last = String::new();
            for a in args {
                last = run_arg(sh, a)?;
                if !last.is_empty() {
                    break;
                }
            }
            Ok(last)
        }
        "or" => {
            let mut last = String::new();
            for a in args {
                last = run_arg(sh, a)?;
                if last.is_empty() {
                    break;
                }
            }
            Ok(last)
        }
        "!" => {
            if args.is_empty() {
                return usage(sh, "! command [args...]");
            }
            truth(!sh.run_words(args)?.is_empty())
        }
        "~" => {
            let Some(v) = args.first().map(Val::text) else {
                return usage(sh, "~ word [pattern...]");
            };
            if args.len() == 1 {
                return Ok("no match".into());
            }
            truth(args[1..].iter().any(|p| matches(&p.text(), &v)))
        }
        "no" => truth(args.is_empty()),
        "status" => match args {
            [] => Ok(String::new()),
            [s] => Ok(s.text()),
            _ => usage(sh, "status [word]"),
        },
        "raise" => {
            let name = match args.first() {
                Some(v) => v.text(),
                None => texts(&sh.get("exception")).join(" "),
            };
            Err(Flow::Raise(name.chars().take(64).collect()))
        }
        "rescue" => {
            let [pat, handler, cmd] = args else {
                return usage(sh, "rescue pattern {handler} {cmd}");
            };
            let (pat, handler, cmd) = (pat.text(), block_arg(handler)?, block_arg(cmd)?);
            match sh.run_block(&cmd, None, None) {
                Err(Flow::Raise(e)) if exception_matches(&pat, &e) => {
                    sh.set_local("exception", vec![Val::Str(e)]);
                    sh.run_block(&handler, None, None)
                }
                r => r,
            }
        }
        "fn" | "subfn" => {
            let sub = name == "subfn";
            let Some(last) = args.last() else {
                return usage(sh, "fn name [{body}]");
            };
            let (names, body) = match last.as_block() {
                Some(b) => (&args[..args.len() - 1], Some(b)),
                None => (args, None),
            };
            for n in texts(names) {
                sh.define_fn(&n, body.clone(), sub);
            }
            Ok(String::new())
        }
        "flag" => {
            let (Some(f), rest) = (args.first().map(Val::text), args.get(1).map(Val::text)) else {
                return usage(sh, "flag [vxei] [+-]");
            };
            let slot = match f.as_str() {
                "x" => &mut sh.trace,
                "e" => &mut sh.stop_on_error,
                "i" => &mut sh.interactive,
                _ => return truth(false),
            };
            match rest.as_deref() {
                Some("+") => *slot = true,
                Some("-") => *slot = false,
                _ => return truth(*slot),
            }
            Ok(String::new())
        }
        "pctl" => {
            let mut fds = false;
            let mut ns = false;
            let mut env = false;
            for a in texts(args) {
                match a.as_str() {
                    "forkfd" | "newfd" => fds = true,
                    "forkns" | "newns" => ns = true,
                    "forkenv" | "newenv" => env = true,
                    "newpgrp" | "nodevs" => {}
                    n if n.parse::<i32>().is_ok() => {}
                    _ => return usage(
                        sh,
                        "pctl [newfd|forkfd|newns|forkns|newpgrp|nodevs|forkenv|newenv]... [fd...]",
                    ),
                }
            }
            sh.proc = sh.proc.fork(fds, ns, env);
            Ok(String::new())
        }
        _ => Ok(String::new()),
    }
}

/// `rescue`'s patterns: exact, or a prefix when ending in `*`.
fn exception_matches(pat: &str, e: &str) -> bool {
    match pat.strip_suffix('*') {
        Some(p) => e.starts_with(p),
        None => pat == e,
    }
}

/// Runs substitution builtin `${name args}` if there is one.
pub fn substitute<P: Process>(
    sh: &mut Shell<P>,
    name: &str,
    args: &[Val],
) -> Option<Result<Vec<Val>, Flow>> {
    let std = sh.loaded.contains(&Module::Std);
    if !(INTERNAL_SUBST.contains(&name) || std && STD_SUBST.contains(&name)) {
        return None;
    }
    let bad = |sh: &Shell<P>, u: &str| {
        sh.complain(&format!("usage: {u}"));
        Err(Flow::Raise("usage".into()))
    };
    Some(match name {
        "loaded" => {
            let mut names = vec!["builtin".to_string()];
            names.extend(sh.loaded.iter().map(|m| m.name().to_string()));
            Ok(strs(&names))
        }
        "quote" => Ok(vec![Val::Str(quote_list(args, true))]),
        "bquote" => Ok(vec![Val::Str(quote_list(args, false))]),
        "unquote" => match args {
            [w] => Ok(unquote(&w.text())),
            _ => bad(sh, "unquote arg"),
        },
        "builtin" => match args.first().map(Val::text) {
            Some(n) => substitute(sh, &n, &args[1..])
                .unwrap_or_else(|| Err(Flow::Raise("builtin not found".into()))),
            None => bad(sh, "builtin command [args ...]"),
        },
        "hd" => Ok(args.first().cloned().into_iter().collect()),
        "tl" => Ok(args.get(1..).map(<[Val]>::to_vec).unwrap_or_default()),
        "index" => match args.first().and_then(|n| n.text().parse::<usize>().ok()) {
            Some(n) if n > 0 => Ok(args.get(n).cloned().into_iter().collect()),
            _ => bad(sh, "index num list"),
        },
        "split" => {
            let (seps, words) = match args {
                [w] => (ifs(sh), vec![w.text()]),
                [s, rest @ ..] if !rest.is_empty() => (s.text(), texts(rest)),
                _ => return Some(bad(sh, "split [separators] word")),
            };
            Ok(words
                .iter()
                .flat_map(|w| {
                    w.split(|c| seps.contains(c))
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .map(Val::Str)
                .collect())
        }
        "join" => match args {
            [sep, rest @ ..] => Ok(vec![Val::Str(texts(rest).join(&sep.text()))]),
            _ => bad(sh, "join separator [arg...]"),
        },
        "pid" => Ok(vec![Val::Str(sh.proc.pid().to_string())]),
        "parse" => match args {
            [w] => match crate::parse::parse(&w.text()) {
                Ok(c) => Ok(vec![Val::Block(std::sync::Arc::new(c))]),
                Err(e) => {
                    sh.complain(&e.to_string());
                    Err(Flow::Raise("parse error".into()))
                }
            },
            _ => bad(sh, "parse arg"),
        },
        "env" => Ok(strs(&sh.var_names())),
        _ => return None,
    })
}

/// The separators of `$ifs` (blank, tab, newline and return when unset).
pub fn ifs<P: Process>(sh: &Shell<P>) -> String {
    match sh.get("ifs") {
        v if v.is_empty() => " \t\n\r".to_string(),
        v => texts(&v).concat(),
    }
}
