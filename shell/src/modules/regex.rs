//! The `regex` module (sh-regex(1)): `match regexp arg...` (false, with
//! status `no match`, unless every arg matches) and `${re op ...}` with the
//! operations `g`, `v`, `m`, `M`, `mg`, `s` and `sg`, over the expressions
//! of [`crate::regexp`].

use super::Failure;
use crate::regexp::{Regex, Spans};
use crate::value::Val;

const RE_USAGE: &str = "usage: re (g|v|s|sg|m|mg|M) arg...";

/// Compiles `pat` or fails as the original: `bad regex`.
fn compile(pat: &Val, captures: bool) -> Result<Regex, Failure> {
    let pat = pat.text();
    Regex::new(&pat, captures).map_err(|e| Failure {
        ename: "bad regex",
        msg: format!("regex: bad regex \"{pat}\": {e}"),
    })
}

fn chars(v: &Val) -> Vec<char> {
    v.text().chars().collect()
}

fn matches(re: &Regex, v: &Val) -> bool {
    re.execute(&chars(v), 0, true).is_some()
}

/// The text of span `i`, empty when it is missing.
fn part(w: &[char], spans: &Spans, i: usize) -> String {
    match spans.get(i).copied().flatten() {
        Some((b, e)) => w[b..e].iter().collect(),
        None => String::new(),
    }
}

/// `match regexp [arg...]`.
pub fn command(args: &[Val]) -> Result<String, Failure> {
    let Some(pat) = args.first() else {
        return Err(Failure::usage("usage: match regexp [arg...]"));
    };
    let re = compile(pat, false)?;
    Ok(if args[1..].iter().all(|a| matches(&re, a)) {
        String::new()
    } else {
        "no match".into()
    })
}

/// `${re op args...}`.
pub fn substitution(args: &[Val]) -> Result<Vec<Val>, Failure> {
    let Some(op) = args.first().map(Val::text) else {
        return Err(Failure::usage(RE_USAGE));
    };
    let rest = &args[1..];
    match op.as_str() {
        "g" | "v" => {
            let Some(pat) = rest.first() else {
                return Err(Failure::usage(format!("usage: {op} regex [arg...]")));
            };
            let re = compile(pat, false)?;
            let keep = op == "g";
            Ok(rest[1..]
                .iter()
                .filter(|a| matches(&re, a) == keep)
                .cloned()
                .collect())
        }
        "m" | "M" | "mg" => {
            let [pat, w] = rest else {
                return Err(Failure::usage(format!("usage: re {op} arg")));
            };
            let re = compile(pat, op == "M")?;
            let w = chars(w);
            if op == "mg" {
                return Ok(every_match(&re, &w));
            }
            Ok(match re.execute(&w, 0, true) {
                Some(spans) => (0..spans.len())
                    .map(|i| Val::Str(part(&w, &spans, i)))
                    .collect(),
                None => Vec::new(),
            })
        }
        "s" | "sg" => {
            let [pat, subs, words @ ..] = rest else {
                return Err(Failure::usage(format!("usage: {op} regex subs [arg...]")));
            };
            let re = compile(pat, true)?;
            let subs: Vec<char> = chars(subs);
            Ok(words
                .iter()
                .map(|w| Val::Str(substitute(&re, &chars(w), &subs, op == "sg")))
                .collect())
        }
        _ => Err(Failure::usage(RE_USAGE)),
    }
}

/// `${re mg}`: each match in turn after the last; a null match ends it.
fn every_match(re: &Regex, w: &[char]) -> Vec<Val> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(spans) = re.execute(w, from, from == 0) {
        let Some((b, e)) = spans[0] else { break };
        out.push(Val::Str(w[b..e].iter().collect()));
        if b == e {
            break;
        }
        from = e;
    }
    out
}

/// `${re s}` / `${re sg}` on one word: `\d` in `subs` is subexpression d
/// (`\0` the whole match), `\c` any other character c.
fn substitute(re: &Regex, w: &[char], subs: &[char], global: bool) -> String {
    let mut out = String::new();
    let mut from = 0;
    while let Some(spans) = re.execute(w, from, from == 0) {
        let Some((b, e)) = spans[0] else { break };
        out.extend(&w[from..b]);
        let mut i = 0;
        while i < subs.len() {
            match (subs[i], subs.get(i + 1)) {
                ('\\', Some(&d)) if d.is_ascii_digit() => {
                    out.push_str(&part(w, &spans, d as usize - '0' as usize));
                    i += 1;
                }
                ('\\', Some(&c)) => {
                    out.push(c);
                    i += 1;
                }
                (c, _) => out.push(c),
            }
            i += 1;
        }
        from = e;
        if b == e || !global || from >= w.len() {
            break;
        }
    }
    out.extend(&w[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{strs, texts};

    fn re(args: &[&str]) -> Vec<String> {
        texts(&substitution(&strs(args)).unwrap())
    }

    #[test]
    fn manual_examples() {
        // sh-regex(1) EXAMPLES.
        assert_eq!(
            re(&["g", "\\.(sbl|dis)$", "a.dis", "b.b", "c.sbl"]),
            ["a.dis", "c.sbl"]
        );
        assert_eq!(re(&["mg", ".|\n", "ab\nc"]), ["a", "b", "\n", "c"]);
        assert_eq!(
            re(&["sg", "[*|[\\\\+.^$()?]", "\\\\\\0", "a.b*c"]),
            ["a\\.b\\*c"]
        );
        assert_eq!(re(&["M", "(a+)(b*)", "xaabc"]), ["aab", "aa", "b"]);
        assert_eq!(re(&["m", "(a+)(b*)", "xaabc"]), ["aab"]);
        assert_eq!(re(&["s", "o", "0", "foo"]), ["f0o"]);
        assert_eq!(re(&["sg", "o", "0", "foo"]), ["f00"]);
        assert_eq!(re(&["sg", "x*", "-", "abc"]), ["-abc"]);
        assert_eq!(re(&["v", "^a", "ab", "ba"]), ["ba"]);
    }
}
