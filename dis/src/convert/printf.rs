//! Reals as the print verbs `%e %f %g %E %G` write them when a width or a
//! precision is given, with the original's rules: digits correctly rounded
//! (ties to even: `%.2f` of 0.125 is `0.12`), precision 6 by default and at most
//! 20, at least two exponent digits, `%g` in exponent form when the exponent is
//! below −4 or not below the precision (so `%g` of 999999.5 is `1e+06`) with
//! trailing zeros dropped unless `#`, `%.0g` starting from the shortest digits,
//! and `#` keeping the decimal point. Infinities and NaNs print as `Infinity`
//! and `NaN` with their sign. The one engine for the runtime's `print` family
//! and for the compiler's constant text.

use super::real::Decimal;

/// The default precision of `%e %f %g`.
pub const DEFAULT_PRECISION: i32 = 6;
/// The largest precision honoured.
pub const MAX_PRECISION: i32 = 20;

/// How to write one real.
#[derive(Clone, Copy, Debug)]
pub struct RealFormat {
    /// `e`, `f`, `g`, `E` or `G`.
    pub verb: char,
    /// The precision, [`DEFAULT_PRECISION`] when `None`.
    pub precision: Option<i32>,
    /// The `#` flag.
    pub sharp: bool,
    /// What non-negative values start with (`+` or space), if anything.
    pub sign: Option<char>,
}

impl RealFormat {
    /// C's `%g` with its default precision.
    pub const G: RealFormat = RealFormat {
        verb: 'g',
        precision: None,
        sharp: false,
        sign: None,
    };
}

/// `x` written as `f` says.
pub fn format_real(x: f64, f: &RealFormat) -> String {
    let is_g = matches!(f.verb, 'g' | 'G');
    let exponent_char = if matches!(f.verb, 'E' | 'G') {
        'E'
    } else {
        'e'
    };
    let mut precision = f
        .precision
        .map_or(DEFAULT_PRECISION, |p| p.clamp(0, MAX_PRECISION));
    let mut fixed;
    let d = match f.verb {
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
    if is_g && !f.sharp {
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
    } else if let Some(sign) = f.sign {
        text.push(sign);
    }
    if fixed {
        text.extend((0..point).map(digit));
        if point <= 0 {
            text.push('0');
        }
        if precision > 0 || f.sharp {
            text.push('.');
        }
        text.extend((0..precision).map(|i| digit(i + point)));
    } else {
        text.push(digit(0));
        if precision > 0 || f.sharp {
            text.push('.');
        }
        text.extend((0..precision).map(|i| if i < ndigits - 1 { digit(i + 1) } else { '0' }));
        text.push(exponent_char);
        text.push(if point <= 0 { '-' } else { '+' });
        let e = if point <= 0 { 1 - point } else { point - 1 };
        text.push_str(&format!("{e:02}"));
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64) -> String {
        format_real(x, &RealFormat::G)
    }

    #[test]
    fn g_switches_to_exponent_form_after_rounding() {
        // C's printf("%g"): rounding to six digits carries into a seventh place.
        assert_eq!(g(999999.5), "1e+06");
        assert_eq!(g(999999.4), "999999");
        assert_eq!(g(0.01), "0.01");
        assert_eq!(g(0.125), "0.125");
        assert_eq!(g(1e-5), "1e-05");
        assert_eq!(g(-0.0), "-0");
    }

    #[test]
    fn f_and_e_round_ties_to_even() {
        let f = |verb, p| RealFormat {
            verb,
            precision: Some(p),
            sharp: false,
            sign: None,
        };
        assert_eq!(format_real(0.125, &f('f', 2)), "0.12");
        assert_eq!(format_real(1234.5, &f('e', 2)), "1.23e+03");
        assert_eq!(
            format_real(
                3.0,
                &RealFormat {
                    sharp: true,
                    ..f('f', 0)
                }
            ),
            "3."
        );
    }
}
