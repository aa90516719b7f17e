//! The connection server's second kind of query, `!attr=value ...` (man
//! 8 cs): the answer is the first database entry holding the first pair
//! and every other pair (a value `*` asks only that the attribute be
//! there), one line of `attr=value` pairs per read; errors are the
//! original's texts.
//!
//! The built-in `/net/cs` has no `ndb` database, so the entries it can give
//! are the ones it knows without one:
//! - a service, asked by `tcp=NAME` or `udp=NAME`: `tcp=NAME port=N`, from
//!   the same services the address translation uses;
//! - a machine, asked by `sys=NAME` or `dom=NAME`: `sys=NAME ip=A ...`
//!   (or `dom=`), its addresses from the host's resolver.
//!
//! Anything else is "no match"; `ipinfo` is refused as the original does.
//! The stock `ndb/cs`, which reads `/lib/ndb`, still answers everything.

use super::addr::resolve;
use super::services::Services;
use crate::kernel::error::quote;

/// One `attr=value` pair; a bare word is an attribute with an empty value.
type Pair = (String, String);

/// The lines answering general query `query` (the text after `!`).
pub fn answer(query: &str, services: &Services) -> Result<Vec<String>, String> {
    let pairs = parse(query).map_err(|e| format!("bad query: {e}"))?;
    let Some(((attr, value), rest)) = pairs.split_first() else {
        return Err("bad query".into());
    };
    if attr == "ipinfo" {
        return Err("ipinfo not yet supported".into());
    }
    let entry = match attr.as_str() {
        "tcp" | "udp" => services
            .port(attr, value)
            .map(|port| vec![pair(attr, value), pair("port", &port.to_string())]),
        "sys" | "dom" if !value.is_empty() => resolve(value).ok().map(|ips| {
            std::iter::once(pair(attr, value))
                .chain(ips.iter().map(|ip| pair("ip", ip)))
                .collect()
        }),
        _ => None,
    };
    match entry {
        Some(line) if matches(&line, rest) => Ok(vec![text(&line)]),
        _ => Err("no match".into()),
    }
}

fn pair(attr: &str, value: &str) -> Pair {
    (attr.to_string(), value.to_string())
}

/// Whether `line` holds every pair of `wanted`, a value `*` matching any.
fn matches(line: &[Pair], wanted: &[Pair]) -> bool {
    wanted
        .iter()
        .all(|(a, v)| line.iter().any(|(la, lv)| la == a && (v == "*" || v == lv)))
}

/// A line in `ndb` form, values quoted as `%q` does.
fn text(line: &[Pair]) -> String {
    let pairs: Vec<String> = line
        .iter()
        .map(|(a, v)| format!("{a}={}", quote(v, false)))
        .collect();
    pairs.join(" ")
}

/// The pairs of one `ndb` line: words separated by blanks, `attr=value`,
/// `attr = value`, values quoted with `'` or `"` (the quote doubled inside),
/// `#` ending the line.
fn parse(line: &str) -> Result<Vec<Pair>, &'static str> {
    let mut pairs = Vec::new();
    let mut name: Option<String> = None;
    let mut last: Option<String> = None;
    let mut word = String::new();
    let mut chars = line.chars().peekable();
    let mut quote_char: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote_char {
            if c == q && chars.peek() != Some(&q) {
                quote_char = None;
            } else {
                if c == q {
                    chars.next();
                }
                word.push(c);
            }
            continue;
        }
        match c {
            '\'' | '"' => quote_char = Some(c),
            '#' => break,
            ' ' | '\t' | '\n' => {
                if word.is_empty() {
                    continue;
                }
                if let Some(l) = last.take() {
                    pairs.push((l, String::new()));
                }
                let w = std::mem::take(&mut word);
                match name.take() {
                    Some(n) => pairs.push((n, w)),
                    None => last = Some(w),
                }
            }
            '=' => {
                if !word.is_empty() {
                    if let Some(l) = last.take() {
                        pairs.push((l, String::new()));
                    }
                    last = Some(std::mem::take(&mut word));
                }
                name = Some(last.take().ok_or("empty name")?);
            }
            _ => word.push(c),
        }
    }
    if quote_char.is_some() {
        return Err("missing quote");
    }
    // As the original's: a word left after a bare one is dropped.
    let w = (!word.is_empty()).then_some(word);
    match (name, last, w) {
        (Some(n), _, w) => pairs.push((n, w.unwrap_or_default())),
        (None, Some(w), _) | (None, None, Some(w)) => pairs.push((w, String::new())),
        (None, None, None) => {}
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(q: &str) -> Result<Vec<String>, String> {
        answer(q, &Services::default())
    }

    #[test]
    fn pairs_parse_as_ndb_lines() {
        let p = |s| parse(s).unwrap();
        assert_eq!(
            p("tcp=styx port=*"),
            [pair("tcp", "styx"), pair("port", "*")]
        );
        assert_eq!(p("a = 'x y' b"), [pair("a", "x y"), pair("b", "")]);
        assert_eq!(p("v='it''s' # note"), [pair("v", "it's")]);
        assert_eq!(parse("=x"), Err("empty name"));
        assert_eq!(parse("a='x"), Err("missing quote"));
    }

    #[test]
    fn services_and_machines_answer() {
        assert_eq!(ask("tcp=styx").unwrap(), ["tcp=styx port=6666"]);
        assert_eq!(ask("tcp=styx port=*").unwrap(), ["tcp=styx port=6666"]);
        assert_eq!(
            ask("udp=virgil port=2202").unwrap(),
            ["udp=virgil port=2202"]
        );
        let host = ask("sys=localhost ip=*").unwrap();
        assert!(host[0].starts_with("sys=localhost ip="), "{host:?}");
        assert!(ask("dom=localhost").unwrap()[0].starts_with("dom=localhost ip="));
    }

    #[test]
    fn errors_are_the_originals() {
        assert_eq!(ask("").unwrap_err(), "bad query");
        assert_eq!(ask("=x").unwrap_err(), "bad query: empty name");
        assert_eq!(ask("a='x").unwrap_err(), "bad query: missing quote");
        assert_eq!(ask("ipinfo=x").unwrap_err(), "ipinfo not yet supported");
        assert_eq!(ask("tcp=styx port=1").unwrap_err(), "no match");
        assert_eq!(ask("tcp=nosuch").unwrap_err(), "no match");
        assert_eq!(ask("SIGNER=*").unwrap_err(), "no match");
    }
}
