//! Builtin commands: the shell's own (`load`, `loaded`, `whatis`, `run`,
//! `exit`, `@`, `syncenv`, `builtin`), those of the `std` module (`if`,
//! `for`, `while`, `and`, `or`, `!`, `~`, `fn`, `status`, `raise`, `rescue`,
//! `apply`, `getlines`, `no`, `flag`, `pctl`...), of the `echo` module and of
//! the `test` module (`report`, in [`crate::report`]),
//! and the substitution builtins (`${quote}`, `${hd}`, `${split}`...).

use crate::eval::{Flow, Module, Shell, Status};
use crate::os::{CommandNames, Process, DMDIR};
use crate::value::{matches, quote_list, strs, texts, unquote, Val};

/// The shell's own builtins, always present.
const INTERNAL: &[&str] = &[
    "load", "unload", "loaded", "builtin", "whatis", "run", "exit", "@", "syncenv",
];
const INTERNAL_SUBST: &[&str] = &["loaded", "quote", "bquote", "unquote", "builtin"];

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
    // The module loaded last replaces the others' builtin of that name.
    for &m in sh.loaded.iter().rev() {
        if m.commands().contains(&name) {
            return Some(Some(m));
        }
    }
    None
}

/// Which module provides substitution builtin `name` (`None` for the
/// shell's own), if any loaded one does.
fn subst_provider(sh: &Shell<impl Process>, name: &str) -> Option<Option<Module>> {
    if INTERNAL_SUBST.contains(&name) {
        return Some(None);
    }
    let m = sh
        .loaded
        .iter()
        .rev()
        .find(|m| m.substs().contains(&name))?;
    Some(Some(*m))
}

/// Runs builtin `argv[0]` if there is one.
pub fn run<P: Process>(sh: &mut Shell<P>, name: &str, argv: &[Val]) -> Option<Status> {
    let Some(module) = provider(sh, name) else {
        let f = crate::foreign::provider(sh, name, false)?.clone();
        return Some(crate::foreign::run(sh, &f, argv));
    };
    let args = &argv[1..];
    if let Some(r) = module.and_then(|m| crate::modules::command(sh, m, name, args)) {
        return Some(r);
    }
    Some(match name {
        "load" => load(sh, args),
        "unload" => unload(sh, args),
        "loaded" => {
            let mut out = String::new();
            for (b, m) in table(sh, false) {
                out.push_str(&format!("{b}\t{m}\n"));
            }
            for (b, m) in table(sh, true) {
                out.push_str(&format!("${{{b}}}\t{m}\n"));
            }
            sh.print(1, &out);
            Ok(String::new())
        }
        "builtin" => {
            let Some(n) = args.first().map(Val::text) else {
                return Some(usage(sh, "builtin command [args ...]"));
            };
            // Only the shell's own builtins: a module's name runs as a command.
            if n.is_empty() || n.starts_with('{') {
                sh.complain(&format!("{n} not found"));
                return Some(Ok("not found".into()));
            }
            match INTERNAL.contains(&n.as_str()).then(|| run(sh, &n, args)) {
                Some(Some(r)) => r,
                _ => sh.external(&texts(args)),
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
            Ok(crate::thread::run(move || match sub.run_words(&args) {
                Ok(s) | Err(Flow::Raise(s)) => s,
                Err(Flow::Exit) => String::new(),
            }))
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
            // As the original's echo: a failed or short write is an error.
            let failed = match sh.proc.write(1, text.as_bytes()) {
                Ok(n) if n == text.len() => return Some(Ok(String::new())),
                Ok(_) => "short write".to_string(),
                Err(e) => e,
            };
            sh.print(2, &format!("echo: write error: {failed}\n"));
            Ok("write error".into())
        }
        _ => std_builtin(sh, name, args),
    })
}

fn load<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    if args.is_empty() {
        return usage(sh, "load path...");
    }
    for a in texts(args) {
        load_module(sh, &a)?;
    }
    Ok(String::new())
}

/// Loads module `name` (nothing if it is loaded already), or raises `bad
/// module`.
pub fn load_module<P: Process>(sh: &mut Shell<P>, name: &str) -> Result<(), Flow> {
    let Some(m) = Module::named(name) else {
        return crate::foreign::load(sh, name).map_err(|e| {
            sh.complain(&e);
            Flow::Raise("bad module".into())
        });
    };
    if !sh.loaded.contains(&m) {
        sh.loaded.push(m);
        if m == Module::Test {
            crate::report::loaded(sh);
        }
    }
    Ok(())
}

/// `unload name...`: `module NAME not found` and the status `not found` for
/// a name that is not loaded.
fn unload<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    if args.is_empty() {
        return usage(sh, "unload path...");
    }
    let mut status = String::new();
    for a in texts(args) {
        let before = sh.loaded.len();
        if let Some(m) = Module::named(&a) {
            sh.loaded.retain(|&l| l != m);
        }
        let foreign = crate::foreign::unload(sh, &a);
        if sh.loaded.len() == before && !foreign {
            sh.complain(&format!("module {a} not found"));
            status = "not found".into();
        }
    }
    Ok(status)
}

/// `$autoload`: the modules a shell loads as it starts (sh(1)); one that
/// cannot be loaded is reported and skipped.
pub fn autoload<P: Process>(sh: &mut Shell<P>) {
    for m in sh.get("autoload") {
        if let Val::Str(name) = m {
            if !name.is_empty() {
                let _ = load_module(sh, &name);
            }
        }
    }
}

/// Every builtin command (or, with `subst`, substitution builtin) in scope
/// and the module that provides it (`builtin` for the shell's own), sorted
/// by name, as the original's table keeps them. A module the shell carries
/// provides a name before one loaded from a `.dis` file, as [`run`] looks.
fn table(sh: &Shell<impl Process>, subst: bool) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    let own = if subst { INTERNAL_SUBST } else { INTERNAL };
    rows.extend(own.iter().map(|n| (n.to_string(), "builtin".to_string())));
    for &m in &sh.loaded {
        let names = if subst { m.substs() } else { m.commands() };
        for n in names {
            // A module's builtin replaces another module's of that name.
            rows.retain(|(r, by)| r != n || by == "builtin");
            rows.push((n.to_string(), m.name().to_string()));
        }
    }
    // The module loaded last provides a name first.
    for f in sh.foreign.iter().rev() {
        let names = if subst { &f.substs } else { &f.commands };
        for n in names {
            if !rows.iter().any(|(r, _)| r == n) {
                rows.push((n.clone(), f.name.clone()));
            }
        }
    }
    if !subst && sh.loaded.contains(&Module::Std) {
        rows.extend(sh.fns.keys().map(|f| (f.clone(), "std".to_string())));
    }
    if subst && sh.loaded.contains(&Module::Std) {
        rows.extend(sh.subfns.keys().map(|f| (f.clone(), "std".to_string())));
    }
    rows.sort();
    rows.dedup_by(|a, b| a.0 == b.0);
    rows
}

/// `whatis name...`: each name's variable, substitution builtin, builtin or
/// function, or the command file it runs; `name: not found` and a failure
/// for a name that is none of these.
fn whatis<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    if args.is_empty() {
        return usage(sh, "whatis name ...");
    }
    let mut status = String::new();
    for a in args {
        if let Val::Block(_) = a {
            sh.print(1, &format!("{}\n", a.text()));
            continue;
        }
        let n = a.text();
        if n.is_empty() || n.starts_with('{') {
            sh.print(1, &format!("{n}\n"));
            continue;
        }
        let mut w = String::new();
        // Whether `builtin NAME` was printed (the original prints it at once).
        let mut printed = false;
        let v = sh.get(&n);
        if !v.is_empty() {
            w.push_str(&format!(
                "{}={}\n",
                quote_list(&[Val::Str(n.clone())], false),
                quote_list(&v, false)
            ));
        }
        let std = sh.loaded.contains(&Module::Std);
        if let Some(b) = sh.subfns.get(&n).filter(|_| std) {
            let text = quote_list(&[Val::Block(b.clone())], false);
            w.push_str(&format!("load std; subfn {n} {text}\n"));
        } else if let Some((_, m)) = table(sh, true).into_iter().find(|(b, _)| *b == n) {
            if m == "builtin" {
                w.push_str(&format!("${{builtin {n}}}\n"));
            } else {
                w.push_str(&format!("load {m}; ${{{n}}}\n"));
            }
        }
        if let Some(b) = sh.fns.get(&n).filter(|_| std) {
            let text = quote_list(&[Val::Block(b.clone())], false);
            w.push_str(&format!("load std; fn {n} {text}\n"));
        } else if let Some((_, m)) = table(sh, false).into_iter().find(|(b, _)| *b == n) {
            if m == "builtin" {
                sh.print(1, &format!("builtin {n}\n"));
                printed = true;
            } else {
                w.push_str(&format!("load {m}; {n}\n"));
            }
        } else if let Some(path) = command_file(sh, &n) {
            w.push_str(&format!("{path}\n"));
        }
        if w.is_empty() && !printed {
            sh.print(2, &format!("{n}: not found\n"));
            status = "not found".to_string();
        } else {
            sh.print(1, &w);
        }
    }
    Ok(status)
}

/// The folders commands are searched in: `$path`, or `/dis .` when unset.
fn search_path(sh: &Shell<impl Process>) -> Vec<String> {
    match texts(&sh.get("path")) {
        p if p.is_empty() => vec!["/dis".to_string(), ".".to_string()],
        p => p,
    }
}

/// What Tab completes a command name from: the builtins and functions in
/// scope, and the folders of the search path.
pub fn command_names(sh: &Shell<impl Process>) -> CommandNames {
    let mut known: Vec<String> = table(sh, false).into_iter().map(|(n, _)| n).collect();
    known.extend(sh.fns.keys().cloned());
    known.sort();
    known.dedup();
    CommandNames {
        known,
        path: search_path(sh),
    }
}

/// The file command `name` runs, searched as `whatis` does: along `$path`
/// (`/dis .` when unset; only the name itself when it starts with `/` or
/// `./`), a file with an execute bit, or `NAME.dis` with a read bit.
fn command_file(sh: &Shell<impl Process>, name: &str) -> Option<String> {
    let is_dis = name.ends_with(".dis");
    let dirs = if name.starts_with('/') || name.starts_with("./") {
        vec![String::new()]
    } else {
        search_path(sh)
    };
    let file_with = |path: &str, bits: u32| {
        sh.proc
            .mode(path)
            .is_some_and(|m| m & DMDIR == 0 && m & bits != 0)
    };
    for dir in dirs {
        let path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        if !is_dis && file_with(&path, 0o111) {
            return Some(path);
        }
        let dis = if is_dis { path } else { format!("{path}.dis") };
        if file_with(&dis, 0o444) {
            return Some(dis);
        }
    }
    None
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
                return truth(false);
            }
            truth(!sh.run_words(args)?.is_empty())
        }
        "~" => {
            let Some(v) = args.first().map(Val::text) else {
                return usage(sh, "~ word [pattern...]");
            };
            let hit = args[1..].iter().any(|p| matches(&p.text(), &v));
            Ok(if hit {
                String::new()
            } else {
                "no match".into()
            })
        }
        "no" => Ok(if args.is_empty() {
            String::new()
        } else {
            "yes".into()
        }),
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
    match subst_provider(sh, name) {
        Some(Some(m)) if m != Module::Std => {
            return crate::modules::substitution(sh, m, name, args);
        }
        Some(_) => {}
        None => {
            let f = crate::foreign::provider(sh, name, true)?.clone();
            let mut argv = vec![Val::Str(name.to_string())];
            argv.extend_from_slice(args);
            return Some(crate::foreign::substitute(sh, &f, &argv));
        }
    }
    let bad = |sh: &Shell<P>, u: &str| {
        sh.complain(&format!("usage: {u}"));
        Err(Flow::Raise("usage".into()))
    };
    Some(match name {
        "loaded" => Ok(sh
            .loaded
            .iter()
            .map(|m| Val::Str(m.name().into()))
            .chain(sh.foreign.iter().map(|f| Val::Str(f.name.clone())))
            .collect()),
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
            [b @ Val::Block(_)] => Ok(vec![b.clone()]),
            [w] if w.text().starts_with('{') => match crate::parse::parse(&w.text()) {
                // The block's own body, not a block holding it.
                Ok(c) => Ok(vec![Val::Block(
                    w.as_block().unwrap_or_else(|| std::sync::Arc::new(c)),
                )]),
                Err(e) => {
                    sh.complain(&format!("parse: {e}"));
                    Err(Flow::Raise("parse error".into()))
                }
            },
            [_] => {
                sh.complain("parse: argument must be a braced block");
                Err(Flow::Raise("parse error".into()))
            }
            _ => bad(sh, "parse arg"),
        },
        "env" => Ok(strs(&sh.var_names())),
        "pipe" => crate::pipe::pipe(sh, args),
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
