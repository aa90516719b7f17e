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
            return Decimal {
                negative,
                digits: word.into(),
                point: Decimal::NON_FINITE,
            };
        }
        if x == 0.0 {
            return Decimal {
                negative,
                digits: "0".into(),
                point: 1,
            };
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
        Decimal {
            negative,
            digits,
            point,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_of_real_is_the_shortest_form() {
        let cases = [
            // lang-real.out lines 57-60 and 72-82.
            (0.5, ".5"),
            (2.0, "2"),
            (-0.25, "-.25"),
            (100.0, "100"),
            (1e6, "1e+06"),
            (1e7, "1e+07"),
            (123456.0, "123456"),
            (6.103515625e-05, "6.103515625e-05"),
            (1048576.0, "1048576"),
            (0.125, ".125"),
            (-0.75, "-.75"),
            (2f64.powi(200), "1.6069380442589903e+60"),
            (2f64.powi(400), "2.5822498780869086e+120"),
            (2f64.powi(600), "4.149515568880993e+180"),
            (2f64.powi(800), "6.668014432879854e+240"),
            (2f64.powi(-200), "6.223015277861142e-61"),
            (2f64.powi(-400), "3.8725919148493183e-121"),
            (2f64.powi(-600), "2.409919865102884e-181"),
            (2f64.powi(-800), "1.499696813895631e-241"),
            (2f64.powi(1023), "8.98846567431158e+307"),
            (2f64.powi(-1022), "2.2250738585072014e-308"),
            // lang-big.out lines 44-45, lang-strconv.out line 6, rt-sys-print.out line 23.
            (9223372036854775807i64 as f64, "9223372036854776000"),
            (9007199254740992.0, "9007199254740992"),
            (1.0, "1"),
            (-2.25, "-2.25"),
            (1e10, "1e+10"),
            (1180591620717411303424.0, "1180591620717411300000"),
            (-0.0078125, "-.0078125"),
            (0.0, "0"),
            // sys-module.md 3.2 and dis-runtime.md 4.4.
            (1e-4, ".0001"),
            (1e-5, "1e-05"),
            (1e20, "1e+20"),
            (1e21, "1e+21"),
            (1234567.0, "1234567"),
            (123456789.0, "123456789"),
            (0.0001234, ".0001234"),
            (0.1 * 3.0, ".30000000000000004"),
            (1e100, "1e+100"),
            (1.5e-5, "1.5e-05"),
            (-0.0, "-0"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
            (-f64::NAN, "-NaN"),
        ];
        for (x, want) in cases {
            assert_eq!(real_to_string(x), want, "{x:e}");
        }
        assert_eq!(shortest_text(1e-10, 'E'), "1E-10");
    }

    #[test]
    fn digits_to_a_given_precision_round_ties_to_even() {
        let d = Decimal::of(0.125, Some(2));
        assert_eq!((d.digits.as_str(), d.point), ("12", 0));
        let d = Decimal::of(9.99, Some(2));
        assert_eq!((d.digits.as_str(), d.point), ("1", 2));
        let d = Decimal::of(-1500.0, Some(0));
        assert_eq!((d.negative, d.digits.as_str(), d.point), (true, "2", 4));
    }
}
