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
    let start = s.iter().position(|c| !is_space((*c).into())).unwrap_or(s.len());
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
        // -2^31 is the smallest magnitude that saturates on the negative side.
        (-(magnitude as i64)) as i32
    } else {
        magnitude.min(limit - 1) as i32
    }
}

/// `cvtcl`: Inferno's own `strtoll(s, nil, 10)`: the same syntax as [`string_to_int`],
/// but the value wraps modulo 2⁶⁴ instead of saturating.
pub fn string_to_big<C: Copy + Into<u32>>(s: &[C]) -> i64 {
    let (negative, rest) = sign(s);
    let magnitude = digits(rest).fold(0u64, |n, d| {
        n.wrapping_mul(10).wrapping_add(u64::from(d))
    });
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
            && word
                .bytes()
                .zip(s)
                .all(|(w, c)| char::from_u32((*c).into()).is_some_and(|c| c.to_ascii_lowercase() == char::from(w)))
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
