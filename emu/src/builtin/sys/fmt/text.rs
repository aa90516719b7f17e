//! Strings: `%s` and `%q`.
//!
//! Both stop at the first NUL (the C library sees a C string) and print nil as "".
//! `%s`: at most precision characters, blank-padded to the width in characters.
//! `%q`: the string is quoted when it is empty, holds a `'` or a character ≤ space
//! (control characters, blank, tab, newline), or under `#`: it is wrapped in `'` with
//! each `'` doubled. The precision is ignored. An unquoted string pads by characters,
//! a quoted one by its UTF-8 bytes, as the C library counts them.

use super::spec::{self, Spec};
use super::{FormatError, Output};

fn until_nul(s: &str) -> &str {
    s.split('\0').next().unwrap_or("")
}

/// `%s`.
pub fn string(out: &mut Output, spec: &Spec, s: &str) -> Result<(), FormatError> {
    let s = until_nul(s);
    let mut shown = s.chars().count() as i64;
    if spec.has(spec::PREC) {
        shown = shown.min(i64::from(spec.prec));
    }
    let end = s
        .char_indices()
        .nth(shown.max(0) as usize)
        .map_or(s.len(), |(at, _)| at);
    out.justified(spec, shown, |text| text.push_str(&s[..end]))
}

/// `%q`.
pub fn quoted(out: &mut Output, spec: &Spec, s: &str) -> Result<(), FormatError> {
    let s = until_nul(s);
    let needs_quotes =
        spec.has(spec::SHARP) || s.is_empty() || s.chars().any(|c| c <= ' ' || c == '\'');
    let spec = Spec {
        flags: spec.flags & !spec::PREC,
        ..*spec
    };
    if !needs_quotes {
        return out.justified(&spec, s.chars().count() as i64, |text| text.push_str(s));
    }
    let quotes = s.matches('\'').count();
    let bytes = s.len() + quotes + 2;
    out.justified(&spec, bytes as i64, |text| {
        text.push('\'');
        for part in s.split_inclusive('\'') {
            text.push_str(part);
            if part.ends_with('\'') {
                text.push('\'');
            }
        }
        text.push('\'');
    })
}
