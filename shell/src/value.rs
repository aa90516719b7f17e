//! Shell values: every value is a list of words, each a string or a block;
//! concatenation, quoting for re-parsing (`${quote}`, `/env`) and the
//! patterns of `~`.

use crate::parse::parse;
use crate::syntax::{cmd_text, needs_quote, quote_word, Cmd};
use std::sync::Arc;

/// One word of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Str(String),
    Block(Arc<Cmd>),
}

impl Val {
    /// The word as a string (a block prints canonically in braces).
    pub fn text(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Block(c) => format!("{{{}}}", cmd_text(c)),
        }
    }

    /// The block this word is, or the block a string starting with `{` parses to.
    pub fn as_block(&self) -> Option<Arc<Cmd>> {
        match self {
            Val::Block(c) => Some(c.clone()),
            Val::Str(s) if s.starts_with('{') => match parse(s).ok()? {
                Cmd::Simple { mut words, redirs } if words.len() == 1 && redirs.is_empty() => {
                    match words.remove(0) {
                        crate::syntax::Word::Block(b) => Some(Arc::new(*b)),
                        _ => None,
                    }
                }
                _ => None,
            },
            Val::Str(_) => None,
        }
    }
}

/// The strings of a list.
pub fn texts(l: &[Val]) -> Vec<String> {
    l.iter().map(Val::text).collect()
}

/// Strings as a list.
pub fn strs<S: AsRef<str>>(l: &[S]) -> Vec<Val> {
    l.iter().map(|s| Val::Str(s.as_ref().to_string())).collect()
}

/// `a^b`: pairwise for equal lengths, distributing a single word; `None` for
/// the mismatches the original rejects.
pub fn concat(a: &[Val], b: &[Val]) -> Option<Vec<Val>> {
    let join = |x: &Val, y: &Val| Val::Str(x.text() + &y.text());
    match (a.len(), b.len()) {
        (0, 0) => Some(Vec::new()),
        (0, _) | (_, 0) => None,
        (1, _) => Some(b.iter().map(|y| join(&a[0], y)).collect()),
        (_, 1) => Some(a.iter().map(|x| join(x, &b[0])).collect()),
        (n, m) if n == m => Some(a.iter().zip(b).map(|(x, y)| join(x, y)).collect()),
        _ => None,
    }
}

/// A list as text that parses back to the same list; blocks stay bare when
/// `quote_blocks` is false.
pub fn quote_list(l: &[Val], quote_blocks: bool) -> String {
    l.iter()
        .map(|v| match v {
            Val::Str(s) if needs_quote(s) => quote_word(s),
            Val::Str(s) => s.clone(),
            Val::Block(_) if quote_blocks => quote_word(&v.text()),
            Val::Block(_) => v.text(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The list quoted text stands for: blank-separated words, `'...'` quoting.
pub fn unquote(s: &str) -> Vec<Val> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut w = String::new();
        let mut depth = 0;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() && depth == 0 {
                break;
            }
            chars.next();
            match c {
                '\'' => {
                    while let Some(q) = chars.next() {
                        if q == '\'' {
                            if chars.peek() == Some(&'\'') {
                                chars.next();
                                w.push('\'');
                            } else {
                                break;
                            }
                        } else {
                            w.push(q);
                        }
                    }
                }
                '{' => {
                    depth += 1;
                    w.push(c);
                }
                '}' => {
                    depth -= 1;
                    w.push(c);
                }
                _ => w.push(c),
            }
        }
        out.push(Val::Str(w));
    }
}

/// Whether `s` matches the pattern `pat` (`*`, `?`, `[...]`, `[^...]`).
/// Iterative, remembering only the last `*`, so neither a long pattern nor
/// many stars can exhaust the stack or take exponential time.
pub fn matches(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` is in the pattern and where its match ends in the text.
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
            continue;
        }
        if ti == t.len() && pi == p.len() {
            return true;
        }
        if let Some(step) = (ti < t.len()).then(|| one_char(&p[pi..], t[ti])).flatten() {
            pi += step;
            ti += 1;
            continue;
        }
        // Let the last star take one more character.
        match star {
            Some((sp, st)) if st < t.len() => {
                star = Some((sp, st + 1));
                pi = sp + 1;
                ti = st + 1;
            }
            _ => return false,
        }
    }
}

/// Whether the pattern element at the start of `p` (not `*`) matches `ch`:
/// how many pattern characters it takes, or `None`.
fn one_char(p: &[char], ch: char) -> Option<usize> {
    match *p.first()? {
        '?' => Some(1),
        '[' => {
            let rest = &p[1..];
            let Some(end) = rest.iter().skip(1).position(|&c| c == ']').map(|e| e + 1) else {
                return (ch == '[').then_some(1);
            };
            let mut set = &rest[..end];
            let negate = set.first() == Some(&'^');
            if negate {
                set = &set[1..];
            }
            let mut hit = false;
            let mut i = 0;
            while i < set.len() {
                if set.get(i + 1) == Some(&'-') && i + 2 < set.len() {
                    hit |= set[i] <= ch && ch <= set[i + 2];
                    i += 3;
                } else {
                    hit |= set[i] == ch;
                    i += 1;
                }
            }
            (hit != negate).then_some(end + 2)
        }
        c => (c == ch).then_some(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches("a*", "abc"));
        assert!(matches("*.b", "x.b"));
        assert!(!matches("*.b", "x.c"));
        assert!(matches("[a-c]?", "bz"));
        assert!(!matches("[^a-c]?", "bz"));
        assert!(matches("", ""));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert!(matches("*", ""));
        assert!(matches("[", "["));
        assert!(matches("x[]", "x[]"));
    }

    #[test]
    fn long_patterns_match_without_recursion() {
        let stars = "*".repeat(100_000);
        assert!(matches(&stars, "abc"));
        assert!(!matches(&format!("{stars}x"), &"a".repeat(10_000)));
    }

    #[test]
    fn quoting_round_trips() {
        let l = strs(&["a", "b c", "it's", ""]);
        let q = quote_list(&l, true);
        assert_eq!(q, "a 'b c' 'it''s' ''");
        assert_eq!(unquote(&q), l);
    }

    #[test]
    fn concatenation() {
        let ab = strs(&["a", "b"]);
        assert_eq!(concat(&ab, &strs(&["x"])), Some(strs(&["ax", "bx"])));
        assert_eq!(concat(&ab, &strs(&["1", "2"])), Some(strs(&["a1", "b2"])));
        assert_eq!(concat(&ab, &[]), None);
        assert_eq!(concat(&ab, &strs(&["1", "2", "3"])), None);
    }
}
