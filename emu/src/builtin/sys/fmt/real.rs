//! Reals (`%e %f %g %E %G`), as the original's math library formats them.
//!
//! * `%g`/`%G` with neither width nor precision: the shortest round-trip form of
//!   `string real` ([`shortest_text`]): `.5`, `1e+06`; flags are ignored.
//! * Otherwise C-like, by [`format_real`] (the rules are there); `+` and space give
//!   the sign of non-negative values. The `0` flag is ignored: blanks pad to the width.

use super::spec::{self, Spec};
use super::{FormatError, Output};
use dis::convert::{format_real, shortest_text, RealFormat};

/// Writes `x` for `verb` (`e f g E G`).
pub fn real(out: &mut Output, spec: &Spec, verb: char, x: f64) -> Result<(), FormatError> {
    let spec = Spec {
        flags: spec.flags & !(spec::ZERO),
        ..*spec
    };
    let is_g = matches!(verb, 'g' | 'G');
    let exponent_char = if matches!(verb, 'E' | 'G') { 'E' } else { 'e' };
    if is_g && spec.flags & (spec::WIDTH | spec::PREC) == 0 {
        let text = shortest_text(x, exponent_char);
        return out.justified(&spec, text.len() as i64, |t| t.push_str(&text));
    }
    let format = RealFormat {
        verb,
        precision: spec.has(spec::PREC).then_some(spec.prec),
        sharp: spec.has(spec::SHARP),
        sign: if spec.has(spec::SIGN) {
            Some('+')
        } else if spec.has(spec::SPACE) {
            Some(' ')
        } else {
            None
        },
    };
    let text = format_real(x, &format);
    out.justified(&spec, text.chars().count() as i64, |t| t.push_str(&text))
}
