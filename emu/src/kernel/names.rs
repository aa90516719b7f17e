//! File names: checking them, splitting them into path elements, the
//! lexical clean-up (`cleanname`) that gives `..` its meaning, and the
//! shortened path that prefixes a lookup error.

use super::error::{Error, Result};
use super::flags::ERRMAX;

/// A path split into elements, with `.` and empty elements dropped.
#[derive(Debug)]
pub struct Elems {
    pub elems: Vec<String>,
    /// `ends[0]` is where the first element starts; `ends[i + 1]` is where
    /// element `i` ends (byte offsets in the parsed text).
    pub ends: Vec<usize>,
    /// The name ended in `/` (or `/.`), so it must name a directory.
    pub must_be_dir: bool,
}

fn skip_slashes(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && (b[i] == b'/' || (b[i] == b'.' && (i + 1 == b.len() || b[i + 1] == b'/')))
    {
        i += 1;
    }
    i
}

/// Splits `name` into its path elements.
pub fn parse(name: &str) -> Elems {
    let mut e = Elems {
        elems: Vec::new(),
        ends: vec![skip_slashes(name, 0)],
        must_be_dir: false,
    };
    let mut i = 0;
    loop {
        i = skip_slashes(name, i);
        if i >= name.len() {
            e.must_be_dir = true;
            break;
        }
        match name[i..].find('/') {
            None => {
                e.elems.push(name[i..].to_string());
                e.ends.push(name.len());
                e.must_be_dir = false;
                break;
            }
            Some(n) => {
                e.elems.push(name[i..i + n].to_string());
                e.ends.push(i + n);
                i += n + 1;
            }
        }
    }
    e
}

/// Rejects names holding control characters or DEL; with `slash_ok`
/// false, also `/` (for a single element such as a wstat name).
pub fn validate(name: &str, slash_ok: bool) -> Result<()> {
    if name.len() >= 1 << 16 {
        return Err(Error::Text("name too long".into()));
    }
    let bad = name
        .chars()
        .any(|c| c < ' ' || c == '\u{7f}' || (!slash_ok && c == '/'));
    if bad {
        return Err(Error::BadChar(name.to_string()));
    }
    Ok(())
}

/// The part of `name` (its first `len` bytes) shown before a lookup
/// error; long ones are cut to `...` and the tail from a slash.
pub fn error_path(name: &str, len: usize) -> String {
    let len = len.min(name.len());
    if len >= ERRMAX / 3 {
        if let Some(i) = name.as_bytes()[1..len].iter().rposition(|&b| b == b'/') {
            return format!("...{}", &name[i + 1..len]);
        }
    }
    name[..len].to_string()
}

/// Lexically cleans a path: single slashes, no `.`, `..` applied to the
/// element before it and dropped at the root.
pub fn cleanname(name: &str) -> String {
    let rooted = name.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for elem in name.split('/') {
        match elem {
            "" | "." => {}
            ".." => match out.last() {
                Some(&last) if last != ".." => {
                    out.pop();
                }
                _ if rooted => {}
                _ => out.push(".."),
            },
            e => out.push(e),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Cleans a channel's name: `#x` names are cleaned after the device part
/// (and `#x/` becomes `#x`, but `#/` stays).
pub fn clean_chan_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix('#') {
        let Some(dev) = rest.chars().next() else {
            return name.to_string();
        };
        let Some(slash) = name.find('/') else {
            return name.to_string();
        };
        let tail = cleanname(&name[slash..]);
        if tail == "/" && dev != '/' {
            return name[..slash].to_string();
        }
        return format!("{}{}", &name[..slash], tail);
    }
    cleanname(name)
}

/// Appends an element to a channel name, as the original's `addelem`.
pub fn add_elem(name: &str, elem: &str) -> String {
    if elem == "." {
        return name.to_string();
    }
    let mut s = name.to_string();
    if !s.is_empty() && !s.ends_with('/') && !elem.starts_with('/') {
        s.push('/');
    }
    s.push_str(elem);
    if elem == ".." {
        s = clean_chan_name(&s);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_drops_dots_and_slashes() {
        let e = parse("/tmp//./x/");
        assert_eq!(e.elems, vec!["tmp", "x"]);
        assert!(e.must_be_dir);
        assert_eq!(e.ends, vec![1, 4, 9]);
        let e = parse("a/b");
        assert_eq!(e.elems, vec!["a", "b"]);
        assert!(!e.must_be_dir);
    }

    #[test]
    fn cleanname_is_lexical() {
        assert_eq!(cleanname("/a/b/../c/./d/"), "/a/c/d");
        assert_eq!(cleanname("/../.."), "/");
        assert_eq!(cleanname("a/../.."), "..");
        assert_eq!(cleanname(""), ".");
        assert_eq!(clean_chan_name("#U/tmp/.."), "#U");
        assert_eq!(clean_chan_name("#//dev/.."), "#/");
        assert_eq!(add_elem("/tmp/x", ".."), "/tmp");
    }

    #[test]
    fn long_error_paths_are_shortened() {
        let long = "/tmp/rt/scratch/rt-sys-files/some/much/longer/path/name";
        assert_eq!(error_path(long, long.len()), ".../name");
        assert_eq!(error_path("/tmp/x", 6), "/tmp/x");
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(validate("a\nb", true).is_err());
        assert!(validate("a/b", false).is_err());
        assert!(validate("a/b", true).is_ok());
    }
}
