//! The `sexprs` module (sh-sexprs(1)) over [`super::sexp`]: `getsexprs
//! {command}` runs the command for each S-expression on standard input
//! with `$sexp` its text; `islist` tests one; `${els}`, `${text}`,
//! `${textels}` and `${b64}` take one apart; `${mktext}`, `${mklist}` and
//! `${mktextlist}` make them.

use super::sexp::{quote, read, Sexp};
use super::Failure;
use crate::eval::{Flow, Shell, Status};
use crate::invoke::Input;
use crate::os::Process;
use crate::value::{quote_list, Val};

/// Read errors in a row after which `getsexprs` gives up, as the original.
const MAX_ERRORS: usize = 10;

/// `getsexprs {command}`.
pub fn getsexprs<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    let argv = super::loop_command(sh, args, "usage: getsexprs {cmd}")?;
    let mut input = Input::new(0);
    let (mut buf, mut eof, mut taken) = (Vec::new(), false, 0);
    let (mut status, mut errors) = (String::new(), 0);
    sh.enter_scope();
    let r = loop {
        let got = read(&buf, taken);
        if got.ran_out && !eof {
            match input.bytes(&sh.proc) {
                Some(more) => buf.extend_from_slice(&more),
                None => eof = true,
            }
            continue;
        }
        let used = got.used.max(1).min(buf.len());
        buf.drain(..used);
        taken += used;
        let e = match got.sexp {
            Ok(Some(e)) => e,
            Ok(None) => break Ok(status),
            Err(msg) => {
                sh.print(2, &format!("getsexprs: error on read: {msg}\n"));
                errors += 1;
                if errors > MAX_ERRORS {
                    break Err(Flow::Raise("too many errors".into()));
                }
                continue;
            }
        };
        errors = 0;
        sh.set_local("sexp", vec![Val::Str(e.text())]);
        match sh.run_words(&argv) {
            Ok(s) => status = s,
            Err(Flow::Raise(e)) if e == "break" => break Ok(status),
            Err(Flow::Raise(e)) if e == "continue" => {}
            Err(f) => break Err(f),
        }
    };
    sh.pop_scope();
    r
}

/// `islist sexp`.
pub fn islist(args: &[Val]) -> Result<String, Failure> {
    let [v] = args else {
        return Err(Failure::usage("usage: islist sexp"));
    };
    let w = v.text();
    if w.starts_with('(') || matches!(parse(&w)?, Some(Sexp::List(_))) {
        return Ok(String::new());
    }
    Ok("not a list".into())
}

/// Substitution builtin `${name args}`.
pub fn substitution(name: &str, args: &[Val]) -> Result<Vec<Val>, Failure> {
    let words: Vec<String> = args.iter().map(Val::text).collect();
    let strs = |v: Vec<String>| v.into_iter().map(Val::Str).collect();
    let listed = |items: Vec<String>| {
        let text = format!("({})", items.join(" "));
        vec![Val::Str(text)]
    };
    match name {
        "mklist" => return Ok(listed(words)),
        "mktextlist" => return Ok(listed(words.iter().map(|w| quote(w)).collect())),
        _ => {}
    }
    let [w] = words.as_slice() else {
        return Err(Failure::usage(format!("usage: {name} sexp")));
    };
    if name == "mktext" {
        return Ok(vec![Val::Str(quote(w))]);
    }
    let e = parse(w)?;
    let els = e.as_ref().map_or(&[][..], Sexp::els);
    Ok(match name {
        "els" => strs(els.iter().map(Sexp::text).collect()),
        "textels" => strs(els.iter().map(Sexp::astext).collect()),
        "b64" => vec![Val::Str(e.map(|e| e.b64text()).unwrap_or_default())],
        _ => vec![Val::Str(e.map(|e| e.astext()).unwrap_or_default())],
    })
}

/// The one S-expression `w` holds (`None` for white space only).
fn parse(w: &str) -> Result<Option<Sexp>, Failure> {
    let got = read(w.as_bytes(), 0);
    let rest = &w.as_bytes()[got.used..];
    if rest.iter().any(|b| !matches!(b, b' ' | b'\t' | b'\n')) {
        let shown = quote_list(&[Val::Str(w.to_string())], false);
        return Err(bad(format!(
            "extra text found at end of s-expression {shown}"
        )));
    }
    got.sexp.map_err(bad)
}

fn bad(msg: String) -> Failure {
    Failure {
        ename: "bad sexp",
        msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subst(name: &str, args: &[&str]) -> Vec<String> {
        let args: Vec<Val> = args.iter().map(|a| Val::Str(a.to_string())).collect();
        substitution(name, &args)
            .unwrap()
            .iter()
            .map(Val::text)
            .collect()
    }

    #[test]
    fn the_manual_s_builtins() {
        assert_eq!(
            subst("els", &["(a (b c) \"d e\")"]),
            ["a", "(b c)", "\"d e\""]
        );
        assert_eq!(subst("textels", &["(a (b c) \"d e\")"]), ["a", "", "d e"]);
        assert_eq!(subst("text", &["\"x y\""]), ["x y"]);
        assert_eq!(subst("text", &["(x)"]), [""]);
        assert_eq!(subst("mktext", &["x y"]), ["\"x y\""]);
        assert_eq!(subst("mklist", &["a", "(b)"]), ["(a (b))"]);
        assert_eq!(subst("mklist", &[]), ["()"]);
        assert_eq!(
            subst("mktextlist", &["a", "b c", "1"]),
            ["(a \"b c\" \"1\")"]
        );
        assert_eq!(subst("b64", &["(a)"]), ["{KDE6YSk=}"]);
        assert_eq!(islist(&[Val::Str("(a)".into())]), Ok(String::new()));
        assert_eq!(islist(&[Val::Str("a".into())]), Ok("not a list".into()));
    }

    #[test]
    fn bad_expressions_fail_with_bad_sexp() {
        let e = substitution("els", &[Val::Str("(a) b".into())]).unwrap_err();
        assert_eq!(e.ename, "bad sexp");
        assert_eq!(e.msg, "extra text found at end of s-expression '(a) b'");
        let e = substitution("text", &[Val::Str("(a".into())]).unwrap_err();
        assert_eq!(e.msg, "unclosed '(' at offset 0");
    }
}
