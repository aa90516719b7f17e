//! Reals (`%e %f %g %E %G`), as the original's math library formats them.
//!
//! * `%g`/`%G` with neither width nor precision: the shortest round-trip form of
//!   `string real` ([`shortest_text`]): `.5`, `1e+06`; flags are ignored.
//! * Otherwise C-like, from correctly rounded digits (ties to even: `%.2f` of 0.125 is
//!   `0.12`): precision 6 by default and at most 20; `%e` has at least two exponent
//!   digits; `%g` uses `%e` form when the exponent is below −4 or not below the
//!   precision, and drops trailing zeros unless `#`; `%.0g` starts from the shortest
//!   digits. `#` keeps the decimal point (`%#.0f` of 3 is `3.`). `+` and space give the
//!   sign of non-negative values. The `0` flag is ignored: blanks pad to the width.
//! * Infinities and NaNs print as `Infinity` and `NaN` with their sign.

use super::spec::{self, Spec};
use super::{FormatError, Output};
use dis::convert::{shortest_text, Decimal};

const DEFAULT_PRECISION: i32 = 6;
const MAX_PRECISION: i32 = 20;

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
    let mut precision = if spec.has(spec::PREC) {
        spec.prec.clamp(0, MAX_PRECISION)
    } else {
        DEFAULT_PRECISION
    };
    let mut fixed;
    let d = match verb {
        'f' => {
            fixed = true;
            fixed_digits(x, precision as usize)
        }
        'e' | 'E' => {
            fixed = false;
            Decimal::of(x, Some(precision as usize + 1))
        }
        _ => {
            let d = if precision > 0 {
                Decimal::of(x, Some(precision as usize))
            } else {
                let d = Decimal::of(x, None);
                precision = d.digits.len() as i32;
                if d.point > precision && d.point <= precision + 4 {
                    precision = d.point;
                }
                d
            };
            fixed = d.point >= -3 && d.point <= precision;
            precision -= if fixed { d.point } else { 1 };
            d
        }
    };
    let mut point = d.point;
    if !d.is_finite() {
        precision = 0;
        point = d.digits.len() as i32;
        fixed = true;
    }
    let digits = d.digits.as_bytes();
    let ndigits = digits.len() as i32;
    let sharp = spec.has(spec::SHARP);
    if is_g && !sharp {
        if fixed {
            if precision + point > ndigits {
                precision = (ndigits - point).max(0);
            }
        } else {
            precision = precision.min(ndigits - 1);
        }
    }
    let digit = |i: i32| {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |&b| char::from(b))
    };

    let mut text = String::new();
    if d.negative {
        text.push('-');
    } else if spec.has(spec::SIGN) {
        text.push('+');
    } else if spec.has(spec::SPACE) {
        text.push(' ');
    }
    if fixed {
        text.extend((0..point).map(digit));
        if point <= 0 {
            text.push('0');
        }
        if precision > 0 || sharp {
            text.push('.');
        }
        text.extend((0..precision).map(|i| digit(i + point)));
    } else {
        text.push(digit(0));
        if precision > 0 || sharp {
            text.push('.');
        }
        text.extend((0..precision).map(|i| if i < ndigits - 1 { digit(i + 1) } else { '0' }));
        text.push(exponent_char);
        text.push(if point <= 0 { '-' } else { '+' });
        let e = if point <= 0 { 1 - point } else { point - 1 };
        text.push_str(&format!("{e:02}"));
    }
    out.justified(&spec, text.chars().count() as i64, |t| t.push_str(&text))
}

/// `dtoa` mode 3: the digits of `x` rounded to `decimals` places after the point.
/// A value that rounds to zero has no digits and its point at −`decimals`.
fn fixed_digits(x: f64, decimals: usize) -> Decimal {
    if !x.is_finite() || x == 0.0 {
        return Decimal::of(x, None);
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let all = format!("{whole}{fraction}");
    let significant = all.trim_start_matches('0');
    let point = whole.len() as i32 - (all.len() - significant.len()) as i32;
    let digits = significant.trim_end_matches('0').to_string();
    if digits.is_empty() {
        return Decimal {
            negative: x.is_sign_negative(),
            digits,
            point: -(decimals as i32),
        };
    }
    Decimal {
        negative: x.is_sign_negative(),
        digits,
        point,
    }
}
