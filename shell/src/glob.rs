//! File name patterns: an unquoted word holding `*`, `?` or `[` expands to
//! the sorted names it matches, element by element of the path (`/` is
//! never matched by a pattern); a pattern matching nothing stays as it is.

use crate::os::Process;
use crate::syntax::Word;
use crate::value::matches;

/// Whether a word has a pattern character outside quotes.
pub fn is_pattern(w: &Word) -> bool {
    match w {
        Word::Lit {
            text,
            quoted: false,
        } => text.contains(['*', '?', '[']),
        Word::Concat(parts) => parts.iter().any(is_pattern),
        _ => false,
    }
}

/// The paths `pattern` matches in `proc`'s name space, sorted; the pattern
/// itself when none does.
pub fn expand(proc: &impl Process, pattern: &str) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let mut found = vec![if absolute {
        "/".to_string()
    } else {
        String::new()
    }];
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        let mut next = Vec::new();
        for base in &found {
            if !part.contains(['*', '?', '[']) {
                next.push(format!("{base}{part}"));
                continue;
            }
            let dir = if base.is_empty() { "." } else { base.as_str() };
            let mut names = proc.dir_names(dir).unwrap_or_default();
            names.sort();
            names.dedup();
            for n in names {
                let hidden = n.starts_with('.') && !part.starts_with('.');
                if !hidden && matches(part, &n) {
                    next.push(format!("{base}{n}"));
                }
            }
        }
        found = next.into_iter().map(|p| p + "/").collect();
    }
    let found: Vec<String> = found
        .into_iter()
        .map(|p| p.trim_end_matches('/').to_string())
        .filter(|p| !p.is_empty() && proc.is_dir(p).is_some())
        .collect();
    if found.is_empty() {
        vec![pattern.to_string()]
    } else {
        found
    }
}
