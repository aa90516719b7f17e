//! Reals as decimal digits, and `cvtfc`'s shortest text.
//!
//! The original gets its digits from David Gay's `dtoa` and formats them with
//! `g_fmt`. Rust's own float formatting produces the same digits: the shortest string
//! that reads back to the same double (`dtoa` mode 0), or a given number of
//! correctly rounded significant digits with ties to even (mode 2).

/// A double as `dtoa` returns it: the value is 0.`digits` × 10^`point`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// The sign bit, also for zero and NaN.
    pub negative: bool,
    /// ASCII digits without trailing zeros; `"0"` for zero; `"Infinity"` or `"NaN"`
    /// when `point` is [`Decimal::NON_FINITE`].
    pub digits: String,
    /// The decimal exponent; 1 for zero.
    pub point: i32,
}

impl Decimal {
    /// The `point` of infinities and NaNs (`dtoa`'s 9999).
    pub const NON_FINITE: i32 = 9999;

    /// The digits of `x`: the shortest round-trip digits when `significant` is
    /// `None`, else that many significant digits (at least one), correctly rounded.
    pub fn of(x: f64, significant: Option<usize>) -> Decimal {
        let negative = x.is_sign_negative();
        if !x.is_finite() {
            let word = if x.is_nan() { "NaN" } else { "Infinity" };
            return Decimal { negative, digits: word.into(), point: Decimal::NON_FINITE };
        }
        if x == 0.0 {
            return Decimal { negative, digits: "0".into(), point: 1 };
        }
        let text = match significant {
            None => format!("{:e}", x.abs()),
            Some(n) => format!("{:.*e}", n.max(1) - 1, x.abs()),
        };
        // Rust writes `d[.ddd]e[-]x`.
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let kept = digits.trim_end_matches('0').len().max(1);
        digits.truncate(kept);
        let point = exponent.parse::<i32>().unwrap_or(0) + 1;
        Decimal { negative, digits, point }
    }

    /// Whether the value is an infinity or a NaN.
    pub fn is_finite(&self) -> bool {
        self.point != Decimal::NON_FINITE
    }
}

/// `cvtfc`: [`shortest_text`] with a lower-case exponent.
pub fn real_to_string(x: f64) -> String {
    shortest_text(x, 'e')
}

/// The original's `g_fmt`: the shortest round-trip digits of `x`, written
///
/// * `NaN`, `Infinity` (with `-` when the sign bit is set);
/// * in exponent form `d[.ddd]` `exponent_char` sign and at least two digits
///   (`1e+06`, `1.5e-05`) when the decimal point would fall 4 or more places before
///   the first digit or more than 5 places after the last;
/// * else positionally, with no `0` before a leading decimal point (`.5`, `.0001`)
///   and trailing zeros padding whole numbers (`100`, `1180591620717411300000`).
pub fn shortest_text(x: f64, exponent_char: char) -> String {
    let d = Decimal::of(x, None);
    let mut out = String::new();
    if d.negative {
        out.push('-');
    }
    if !d.is_finite() {
        out.push_str(&d.digits);
        return out;
    }
    let n = d.digits.len() as i32;
    let (first, rest) = d.digits.split_at(1);
    if d.point <= -4 || d.point > n + 5 {
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push(exponent_char);
        let e = d.point - 1;
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", e.unsigned_abs()));
    } else if d.point <= 0 {
        out.push('.');
        out.extend(std::iter::repeat_n('0', d.point.unsigned_abs() as usize));
        out.push_str(&d.digits);
    } else {
        let whole = d.point as usize;
        if whole < d.digits.len() {
            out.push_str(&d.digits[..whole]);
            out.push('.');
            out.push_str(&d.digits[whole..]);
        } else {
            out.push_str(&d.digits);
            out.extend(std::iter::repeat_n('0', whole - d.digits.len()));
        }
    }
    out
}
