//! Numbers from text and reals to integers.
//!
//! The text parsers take the characters of a Dis string as a slice of either bytes
//! (the byte form) or runes (the rune form); any character outside ASCII simply ends
//! the number, exactly as it does when the original hands the string's UTF-8 form to
//! its C library.

/// The white space the C library skips before a number (`isspace` in the C locale).
fn is_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09..=0x0d)
}

fn digit(c: u32) -> Option<u32> {
    c.checked_sub(u32::from(b'0')).filter(|d| *d < 10)
}

/// Skips leading white space and one optional sign: `(negative, rest)`.
fn sign<C: Copy + Into<u32>>(s: &[C]) -> (bool, &[C]) {
    let start = s
        .iter()
        .position(|c| !is_space((*c).into()))
        .unwrap_or(s.len());
    let s = &s[start..];
    match s.first().map(|c| (*c).into()) {
        Some(0x2d) => (true, &s[1..]),
        Some(0x2b) => (false, &s[1..]),
        _ => (false, s),
    }
}

fn digits<C: Copy + Into<u32>>(s: &[C]) -> impl Iterator<Item = u32> + '_ {
    s.iter().map_while(|c| digit((*c).into()))
}

/// `cvtcw`: the host C library's `strtol(s, nil, 10)` on a 32-bit host: white space,
/// a sign, decimal digits; no digits gives 0; out of range clamps to the nearest of
/// −2³¹ and 2³¹−1.
pub fn string_to_int<C: Copy + Into<u32>>(s: &[C]) -> i32 {
    let (negative, rest) = sign(s);
    let limit = 1u64 << 31;
    let magnitude = digits(rest).fold(0u64, |n, d| (n * 10 + u64::from(d)).min(limit));
    if negative {
        // The magnitude saturates at 2^31, which negated is the most negative int.
        (-(magnitude as i64)) as i32
    } else {
        magnitude.min(limit - 1) as i32
    }
}

/// `cvtcl`: Inferno's own `strtoll(s, nil, 10)`: the same syntax as [`string_to_int`],
/// but the value wraps modulo 2⁶⁴ instead of saturating.
pub fn string_to_big<C: Copy + Into<u32>>(s: &[C]) -> i64 {
    let (negative, rest) = sign(s);
    let magnitude = digits(rest).fold(0u64, |n, d| n.wrapping_mul(10).wrapping_add(u64::from(d)));
    if negative {
        magnitude.wrapping_neg() as i64
    } else {
        magnitude as i64
    }
}

/// Exponents beyond this are clamped, as the original's `strtod` does; the result is
/// then zero or infinite whatever the digits.
const EXPONENT_LIMIT: u32 = 19999;

/// `cvtcf`: the `strtod` of the original's math library (David Gay's), which the
/// emulator links in place of the host's. After white space and one sign:
///
/// * the longest prefix of the form `digits[.digits][e[sign]digits]` (either digit run
///   may be empty but not both; an exponent with no digits is not part of the number),
///   correctly rounded;
/// * if there are no digits at all: `Infinity` or `NaN` in any letter case (exactly
///   those words; `inf` is not accepted) give infinity or a NaN;
/// * anything else gives zero. The sign applies in every case, so `"-"`, `" - 5"` and
///   `"--5"` give −0. No hexadecimal forms.
pub fn string_to_real<C: Copy + Into<u32>>(s: &[C]) -> f64 {
    let (negative, rest) = sign(s);
    let magnitude = unsigned_real(rest);
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

fn unsigned_real<C: Copy + Into<u32>>(s: &[C]) -> f64 {
    let at = |i: usize| s.get(i).map_or(0, |c| (*c).into());
    let mut i = 0;
    let mut mantissa = String::new();
    let mut saw_digit = false;
    while let Some(d) = digit(at(i)) {
        saw_digit = true;
        mantissa.push(char::from(b'0' + d as u8));
        i += 1;
    }
    let mut fraction_digits = 0i64;
    if at(i) == u32::from(b'.') {
        i += 1;
        while let Some(d) = digit(at(i)) {
            saw_digit = true;
            mantissa.push(char::from(b'0' + d as u8));
            fraction_digits += 1;
            i += 1;
        }
    }
    if !saw_digit {
        return special_word(&s[i.min(s.len())..]);
    }
    let mut exponent = 0i64;
    if matches!(at(i), 0x65 | 0x45) {
        let mut j = i + 1;
        let exponent_negative = at(j) == 0x2d;
        if matches!(at(j), 0x2b | 0x2d) {
            j += 1;
        }
        if digit(at(j)).is_some() {
            let mut value = 0u32;
            while let Some(d) = digit(at(j)) {
                value = (value * 10 + d).min(EXPONENT_LIMIT + 1);
                j += 1;
            }
            let value = i64::from(value.min(EXPONENT_LIMIT));
            exponent = if exponent_negative { -value } else { value };
        }
    }
    format!("0{mantissa}e{}", exponent - fraction_digits)
        .parse()
        .unwrap_or(0.0)
}

/// The words the original's `strtod` accepts where a number has no digits.
fn special_word<C: Copy + Into<u32>>(s: &[C]) -> f64 {
    let matches = |word: &str| {
        s.len() >= word.len()
            && word.bytes().zip(s).all(|(w, c)| {
                char::from_u32((*c).into()).is_some_and(|c| c.to_ascii_lowercase() == char::from(w))
            })
    };
    if matches("infinity") {
        f64::INFINITY
    } else if matches("nan") {
        f64::NAN
    } else {
        0.0
    }
}

/// `cvtfw`: rounds half away from zero (adds or subtracts ½, then truncates); values
/// out of range and NaN give −2³¹ (0x80000000, the x86 "integer indefinite").
pub fn real_to_int(x: f64) -> i32 {
    let r = if x < 0.0 { x - 0.5 } else { x + 0.5 }.trunc();
    if (-2147483648.0..2147483648.0).contains(&r) {
        r as i32
    } else {
        i32::MIN
    }
}

/// `cvtfl`: as [`real_to_int`] for 64 bits; out of range and NaN give −2⁶³.
pub fn real_to_big(x: f64) -> i64 {
    let r = if x < 0.0 { x - 0.5 } else { x + 0.5 }.trunc();
    if (-9223372036854775808.0..9223372036854775808.0).contains(&r) {
        r as i64
    } else {
        i64::MIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::real_to_string;

    fn runes(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    #[test]
    fn int_of_string_clamps() {
        // lang-strconv.out lines 9-35, rt-err-strconv.out lines 1-23, lang-hostdep.out 17-22.
        let cases = [
            ("42", 42),
            ("+42", 42),
            ("  17", 17),
            ("\t-8", -8),
            ("\n 64", 64),
            ("12abc", 12),
            ("abc", 0),
            ("", 0),
            ("-0", 0),
            ("007", 7),
            ("16rff", 16),
            ("0x1f", 0),
            ("1e3", 1),
            ("-3.75", -3),
            (" - 5", 0),
            ("--5", 0),
            ("+-3", 0),
            (" 1 2", 1),
            ("2147483647", 2147483647),
            ("2147483648", 2147483647),
            ("99999999999", 2147483647),
            ("9223372036854775808", 2147483647),
            ("-2147483648", -2147483648),
            ("-2147483649", -2147483648),
            ("-99999999999", -2147483648),
            ("١٢٣", 0),
        ];
        for (text, want) in cases {
            assert_eq!(string_to_int(text.as_bytes()), want, "{text:?} as bytes");
            assert_eq!(string_to_int(&runes(text)), want, "{text:?} as runes");
        }
    }

    #[test]
    fn big_of_string_wraps() {
        // rt-err-strconv.out lines 25-31, lang-hostdep.out lines 17-22, lang-big.out 57-61.
        let cases = [
            ("123456789012", 123456789012),
            ("-9223372036854775808", i64::MIN),
            ("9223372036854775807", i64::MAX),
            ("9223372036854775808", i64::MIN),
            ("-9223372036854775809", i64::MAX),
            ("99999999999999999999", 7766279631452241919),
            ("-2147483649", -2147483649),
            ("xyz", 0),
            (" 77z", 77),
            ("  -9223372036854775807", -9223372036854775807),
            ("123456789012345678xyz", 123456789012345678),
            ("+42", 42),
            ("", 0),
        ];
        for (text, want) in cases {
            assert_eq!(string_to_big(text.as_bytes()), want, "{text:?}");
        }
    }

    #[test]
    fn real_of_string_follows_gays_strtod() {
        // rt-err-strconv.out lines 32-45, lang-strconv.out 9-32 (real column), lang-real.out 62-69.
        let cases = [
            ("1.5", "1.5"),
            ("  -2.25xyz", "-2.25"),
            ("abc", "0"),
            ("", "0"),
            (".5", ".5"),
            ("5.", "5"),
            ("1e3", "1000"),
            ("2.5e-1junk", ".25"),
            ("0x10", "0"),
            ("inf", "0"),
            ("-Infinity", "-Infinity"),
            ("1e400", "Infinity"),
            ("-1e400", "-Infinity"),
            ("-0", "-0"),
            (" - 5", "-0"),
            ("--5", "-0"),
            ("16rff", "16"),
            ("-3.75", "-3.75"),
            ("\n 64", "64"),
            ("3.5xyz", "3.5"),
            ("  -2.5e2", "-250"),
            ("+0.125", ".125"),
            ("7", "7"),
        ];
        for (text, want) in cases {
            assert_eq!(
                real_to_string(string_to_real(text.as_bytes())),
                want,
                "{text:?}"
            );
            assert_eq!(
                real_to_string(string_to_real(&runes(text))),
                want,
                "{text:?} as runes"
            );
        }
        assert!(string_to_real(b"nan").is_nan());
        assert!(string_to_real(b"NaN").is_nan());
    }

    #[test]
    fn real_of_string_edges_of_the_syntax() {
        // From the original strtod's scanner: an exponent without digits is not part of
        // the number; the special words are looked for after a lone '.'; exponents clamp.
        assert_eq!(string_to_real(b"1e"), 1.0);
        assert_eq!(string_to_real(b"2e+x"), 2.0);
        assert_eq!(string_to_real(b".infinity"), f64::INFINITY);
        assert_eq!(string_to_real(b"e5"), 0.0);
        assert_eq!(string_to_real(b"1e99999999999999"), f64::INFINITY);
        assert_eq!(string_to_real(b"1e-99999999999999"), 0.0);
        assert_eq!(string_to_real(b"0.1"), 0.1);
        assert_eq!(string_to_real(b"000123.4500e-2"), 1.2345);
        assert_eq!(string_to_real(b"4.9406564584124654e-324"), 5e-324);
        assert!(string_to_real(b"-").is_sign_negative());
        assert!(string_to_real(b"+").is_sign_positive());
    }

    #[test]
    fn real_to_int_rounds_half_away_from_zero() {
        // lang-real.out lines 29-40.
        let cases = [
            (2.5, 3),
            (-2.5, -3),
            (3.5, 4),
            (-3.5, -4),
            (0.5, 1),
            (-0.5, -1),
            (1.25, 1),
            (1.75, 2),
            (-1.75, -2),
            (0.25, 0),
            (1e9, 1000000000),
            (0.75, 1),
            (-0.25, 0),
        ];
        for (x, want) in cases {
            assert_eq!(real_to_int(x), want, "{x}");
        }
        // dis-instructions.md 6.3: out of range and NaN give the x86 indefinite value.
        for x in [2147483647.5, -2147483649.0, 1e300, f64::INFINITY, f64::NAN] {
            assert_eq!(real_to_int(x), i32::MIN, "{x}");
        }
        assert_eq!(real_to_int(2147483646.5), 2147483647);
        assert_eq!(real_to_int(-2147483648.49), i32::MIN);
    }

    #[test]
    fn real_to_big_rounds_half_away_from_zero() {
        // lang-real.out lines 52-54, lang-big.out lines 48-53.
        let cases = [
            (2.5, 3),
            (-2.5, -3),
            (3.5, 4),
            (0.5, 1),
            (-0.5, -1),
            (1.49, 1),
            (1099511627776.0, 1 << 40),
            (1e10, 10000000000),
            (4611686018427387904.0, 1 << 62),
            (8388607.5, 8388608),
            (-8388607.5, -8388608),
        ];
        for (x, want) in cases {
            assert_eq!(real_to_big(x), want, "{x}");
        }
        for x in [9223372036854775808.0, -1e19, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(real_to_big(x), i64::MIN, "{x}");
        }
    }
}
