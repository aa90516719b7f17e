//! Version negotiation: what a server answers to `Tversion`, as Inferno's servers do.

use crate::constants::VERSION;

/// The version a server agrees to for a client's proposal: [`VERSION`] when the
/// proposal, with any `.suffix` removed, is `9P` followed by digits and is not before
/// `9P2000`; otherwise `"unknown"`.
pub fn agree(proposed: &str) -> &'static str {
    let base = proposed.split('.').next().unwrap_or_default();
    let digits_only = base
        .strip_prefix("9P")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()));
    if digits_only && base >= VERSION {
        VERSION
    } else {
        "unknown"
    }
}
