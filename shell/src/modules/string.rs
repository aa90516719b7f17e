//! The `string` module (sh-string(1)): `prefix` and `in`, and the
//! substitutions `splitl`, `splitr`, `drop`, `take`, `splitstrl`,
//! `splitstrr`, `tolower`, `toupper` (string(2)'s functions, a tuple as a
//! two-element list), `len`, `alen`, `slice`, `fields`, `padl` and `padr`.
//! Each takes exactly the arguments it names, or fails with `usage`.

use super::Failure;
use crate::modules::rpn::leading_int;
use crate::value::Val;

/// The widest `padl` and `padr` make a string (a bound of this shell).
pub const MAX_PAD: u32 = 1 << 20;

/// Whether `c` is in class `cl`: characters and ranges `a-z`, all
/// complemented by a leading `^` (string(2)'s `in`).
pub fn in_class(c: char, cl: &[char]) -> bool {
    let (negate, cl) = match cl.split_first() {
        None => return false,
        Some(('^', rest)) => (true, rest),
        Some(_) => (false, cl),
    };
    let mut hit = false;
    let mut i = 0;
    while i < cl.len() {
        if cl[i] == '-' && i > 0 && i + 1 < cl.len() {
            if cl[i - 1] <= c && c <= cl[i + 1] {
                hit = true;
                break;
            }
            i += 1;
        } else if cl[i] == c {
            hit = true;
            break;
        }
        i += 1;
    }
    hit != negate
}

fn chars(v: &Val) -> Vec<char> {
    v.text().chars().collect()
}

fn text(c: &[char]) -> Val {
    Val::Str(c.iter().collect())
}

fn two(cmd: &str, args: &[Val]) -> Result<(Vec<char>, Vec<char>), Failure> {
    match args {
        [a, b] => Ok((chars(a), chars(b))),
        _ => Err(Failure::usage(format!("usage: {cmd} arg1 arg2"))),
    }
}

fn one(cmd: &str, args: &[Val]) -> Result<String, Failure> {
    match args {
        [a] => Ok(a.text()),
        _ => Err(Failure::usage(format!("usage: {cmd} arg"))),
    }
}

/// Digits only (the empty word too), as the original checks numbers.
fn is_num(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit())
}

/// `prefix pre s` and `in c cl`: their status.
pub fn command(name: &str, args: &[Val]) -> Result<String, Failure> {
    let (a, b) = two(name, args)?;
    let hit = match name {
        "prefix" => b.starts_with(&a),
        _ => a.first().is_some_and(|&c| in_class(c, &b)),
    };
    Ok(if hit { String::new() } else { "false".into() })
}

/// Where `s` splits at the first (or, `last`, the last) occurrence of `t`.
fn find_str(s: &[char], t: &[char], last: bool) -> Option<usize> {
    if t.is_empty() || t.len() > s.len() {
        return None;
    }
    let mut starts = 0..=s.len() - t.len();
    let hit = |&j: &usize| s[j..j + t.len()] == *t;
    if last {
        starts.rev().find(hit)
    } else {
        starts.find(hit)
    }
}

/// The substitution builtin `name` of the module.
pub fn substitution(name: &str, args: &[Val]) -> Result<Vec<Val>, Failure> {
    let pair = |a: &[char], b: &[char]| vec![text(a), text(b)];
    Ok(match name {
        "splitl" | "splitr" | "drop" | "take" => {
            let (s, cl) = two(name, args)?;
            let is_in = |c: &char| in_class(*c, &cl);
            match name {
                "splitl" => {
                    let at = s.iter().position(is_in).unwrap_or(s.len());
                    pair(&s[..at], &s[at..])
                }
                "splitr" => {
                    let at = s.iter().rposition(is_in).map_or(0, |j| j + 1);
                    pair(&s[..at], &s[at..])
                }
                "drop" => {
                    let at = s.iter().position(|c| !is_in(c)).unwrap_or(s.len());
                    vec![text(&s[at..])]
                }
                _ => {
                    let at = s.iter().position(|c| !is_in(c)).unwrap_or(s.len());
                    vec![text(&s[..at])]
                }
            }
        }
        "splitstrl" => {
            let (s, t) = two(name, args)?;
            let at = match find_str(&s, &t, false) {
                Some(j) => j,
                None if t.is_empty() => 0,
                None => s.len(),
            };
            pair(&s[..at], &s[at..])
        }
        "splitstrr" => {
            let (s, t) = two(name, args)?;
            let at = match find_str(&s, &t, true) {
                Some(j) => j + t.len(),
                None if t.is_empty() => s.len(),
                None => 0,
            };
            pair(&s[..at], &s[at..])
        }
        // The original names `tolower` in the usage of both.
        "tolower" => vec![Val::Str(one("tolower", args)?.to_ascii_lowercase())],
        "toupper" => vec![Val::Str(one("tolower", args)?.to_ascii_uppercase())],
        "len" => vec![Val::Str(one(name, args)?.chars().count().to_string())],
        "alen" => vec![Val::Str(one(name, args)?.len().to_string())],
        "slice" => slice(args)?,
        "fields" => {
            let [cl, s] = args else {
                return Err(Failure::usage("usage: fields cl s"));
            };
            let cl = chars(cl);
            s.text()
                .split(|c| in_class(c, &cl))
                .map(|f| Val::Str(f.to_string()))
                .collect()
        }
        _ => pad(name, args)?,
    })
}

/// `${slice start end s}`: indices trimmed to the string.
fn slice(args: &[Val]) -> Result<Vec<Val>, Failure> {
    let usage = || Failure::usage("usage: slice start end arg");
    let [start, end, s] = args else {
        return Err(usage());
    };
    let (start, end) = (start.text(), end.text());
    if !is_num(&start) || end != "end" && !is_num(&end) {
        return Err(usage());
    }
    let s = chars(s);
    let index = |w: &str| usize::try_from(leading_int(w)).unwrap_or(0).min(s.len());
    let from = index(&start);
    let to = if end == "end" { s.len() } else { index(&end) };
    Ok(vec![text(if to > from { &s[from..to] } else { &[] })])
}

/// `${padl n s...}` (spaces after) and `${padr n s...}` (spaces before).
fn pad(name: &str, args: &[Val]) -> Result<Vec<Val>, Failure> {
    let width = match args.first().map(Val::text) {
        Some(w) if is_num(&w) => w,
        _ => return Err(Failure::usage(format!("usage: {name} n [arg...]"))),
    };
    // Limbo's conversion to int keeps the low 32 bits.
    let n = leading_int(&width) as i32;
    if n.unsigned_abs() > MAX_PAD {
        return Err(Failure {
            ename: "too big",
            msg: format!("{name}: width {n} too big"),
        });
    }
    let s: Vec<String> = args[1..].iter().map(Val::text).collect();
    let s = s.join(" ");
    let fill = " ".repeat((n.unsigned_abs() as usize).saturating_sub(s.chars().count()));
    // A negative width (`padr` of a wrapped number) pads after, as printf does.
    let after = (name == "padl") == (n >= 0);
    Ok(vec![Val::Str(if after { s + &fill } else { fill + &s })])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{strs, texts};

    fn sub(name: &str, args: &[&str]) -> Vec<String> {
        texts(&substitution(name, &strs(args)).unwrap())
    }

    #[test]
    fn string2_functions() {
        assert_eq!(sub("splitl", &["abc.def", "."]), ["abc", ".def"]);
        assert_eq!(sub("splitr", &["a/b/c", "/"]), ["a/b/", "c"]);
        assert_eq!(sub("splitr", &["abc", "/"]), ["", "abc"]);
        assert_eq!(sub("drop", &["   x y", " "]), ["x y"]);
        assert_eq!(sub("take", &["123abc", "0-9"]), ["123"]);
        assert_eq!(sub("splitstrl", &["a::b::c", "::"]), ["a", "::b::c"]);
        assert_eq!(sub("splitstrr", &["a::b::c", "::"]), ["a::b::", "c"]);
        assert_eq!(sub("splitstrl", &["abc", "x"]), ["abc", ""]);
        assert_eq!(sub("splitstrr", &["abc", "x"]), ["", "abc"]);
        assert!(in_class('x', &['^', 'a', '-', 'c']));
        assert!(!in_class('b', &['^', 'a', '-', 'c']));
        assert!(in_class('-', &['a', '-']));
    }

    #[test]
    fn lengths_slices_fields_pads() {
        assert_eq!(sub("len", &["héllo"]), ["5"]);
        assert_eq!(sub("alen", &["héllo"]), ["6"]);
        assert_eq!(sub("slice", &["1", "3", "hello"]), ["el"]);
        assert_eq!(sub("slice", &["2", "end", "hello"]), ["llo"]);
        assert_eq!(sub("slice", &["3", "99", "hello"]), ["lo"]);
        assert_eq!(sub("slice", &["4", "2", "hello"]), [""]);
        assert_eq!(sub("fields", &[":", "a::b"]), ["a", "", "b"]);
        assert_eq!(sub("padl", &["5", "ab"]), ["ab   "]);
        assert_eq!(sub("padr", &["5", "a", "b"]), ["  a b"]);
        assert_eq!(sub("padl", &["1", "abc"]), ["abc"]);
        assert!(substitution("padl", &strs(&["99999999"])).is_err());
        assert!(substitution("slice", &strs(&["-1", "2", "x"])).is_err());
        assert!(substitution("len", &[]).is_err());
    }
}
