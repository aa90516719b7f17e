//! The original's text forms of big integers: base 64 (standard alphabet with
//! `=` padding; the decoder skips characters outside the alphabet), base 32 (its
//! own alphabet without 0, 1, l and o, in groups of five bytes), upper-case hex
//! and decimal, each with a leading `-` for a negative value, and the parser that
//! reads them back as `strtoip` does. Shared by emu's `Keyring` and `IPints`
//! and the shell's `mpexpr`.

use num_bigint_dig::{BigInt, BigUint, Sign};
use num_traits::Num;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"23456789abcdefghijkmnpqrstuvwxyz";

/// Base 64 text of `bytes`.
pub fn enc64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|&x| x == c).map(|v| v as u32)
}

/// The bytes of base 64 text; characters outside the alphabet are skipped.
pub fn dec64(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut n) = (0u32, 0);
    for v in text.iter().filter_map(|&c| b64_value(c)) {
        acc = acc << 6 | v;
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            (acc, n) = (0, 0);
        }
    }
    match n {
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => {}
    }
    out
}

/// Base 32 text of `bytes`, zero-padded to a multiple of five bytes.
fn enc32(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut v = 0u64;
        for i in 0..5 {
            v = v << 8 | u64::from(chunk.get(i).copied().unwrap_or(0));
        }
        for i in 0..8 {
            out.push(B32[(v >> (35 - 5 * i) & 31) as usize] as char);
        }
    }
    out
}

/// The bytes of base 32 text (characters outside the alphabet count as 0; a
/// final group of 1, 3 or 6 characters makes the text invalid).
fn dec32(text: &[u8]) -> Option<Vec<u8>> {
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::new();
    for group in text.chunks(8) {
        let (mut acc, mut bits) = (0u64, 0);
        for &c in group {
            acc = acc << 5 | B32.iter().position(|&x| x == c).unwrap_or(0) as u64;
            bits += 5;
        }
        while bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// The magnitude (absolute value) of `v`.
pub fn magnitude(v: &BigInt) -> BigUint {
    BigUint::from_bytes_be(&v.to_bytes_be().1)
}

/// The magnitude's big-endian bytes, at least one (zero is one zero byte).
pub fn magnitude_bytes(v: &BigInt) -> Vec<u8> {
    let bytes = magnitude(v).to_bytes_be();
    if bytes.is_empty() {
        vec![0]
    } else {
        bytes
    }
}

/// `iptostr(v, base)`: bases 64, 32, 10, and 16 for any other.
pub fn to_text(v: &BigInt, base: i32) -> String {
    let sign = if v.sign() == Sign::Minus { "-" } else { "" };
    let digits = match base {
        64 => enc64(&magnitude_bytes(v)),
        32 => enc32(&magnitude_bytes(v)),
        10 => magnitude(v).to_str_radix(10),
        _ => magnitude(v).to_str_radix(16).to_uppercase(),
    };
    format!("{sign}{digits}")
}

/// `strtoip(text, base)`: optional blanks and minus signs, digits of the base,
/// then only `=` padding; nil (None) when there are no digits or anything else
/// follows.
pub fn from_text(text: &str, base: i32) -> Option<BigInt> {
    let s = text.trim_start_matches([' ', '\t']).as_bytes();
    let minuses = s.iter().take_while(|&&c| c == b'-').count();
    let s = &s[minuses..];
    let valid = |c: u8| match base {
        10 => c.is_ascii_digit(),
        64 | 32 => b64_value(c).is_some(),
        _ => c.is_ascii_hexdigit(),
    };
    let end = s.iter().position(|&c| !valid(c)).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    let (digits, rest) = s.split_at(end);
    if rest.iter().any(|&c| c != b'=') {
        return None;
    }
    let magnitude = match base {
        64 => BigUint::from_bytes_be(&dec64(digits)),
        32 => BigUint::from_bytes_be(&dec32(digits)?),
        10 => BigUint::from_str_radix(std::str::from_utf8(digits).ok()?, 10).ok()?,
        _ => BigUint::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?,
    };
    let sign = if minuses % 2 == 1 {
        Sign::Minus
    } else {
        Sign::Plus
    };
    Some(BigInt::from_biguint(sign, magnitude))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648_with_padding() {
        // RFC 4648 section 10 test vectors.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(enc64(plain.as_bytes()), coded);
            assert_eq!(dec64(coded.as_bytes()), plain.as_bytes());
        }
    }

    #[test]
    fn texts_read_back_in_every_base() {
        let v = BigInt::parse_bytes(b"-123456789012345678901234567890", 10).unwrap();
        for base in [10, 16, 64] {
            let t = to_text(&v, base);
            assert_eq!(from_text(&t, base), Some(v.clone()), "base {base}: {t}");
        }
        // Base 32 pads the bytes to a multiple of five with zeros at the end,
        // which read back as part of the number, as in the original.
        let t = to_text(&BigInt::from(1), 32);
        assert_eq!(t, "26222222");
        assert_eq!(from_text(&t, 32), Some(BigInt::from(1) << 32));
        assert_eq!(to_text(&BigInt::from(255), 16), "FF");
        assert_eq!(to_text(&BigInt::from(0), 16), "0");
        assert_eq!(to_text(&BigInt::from(0), 64), "AA==");
        assert_eq!(from_text("12x", 10), None);
        assert_eq!(from_text("", 10), None);
        assert_eq!(from_text("  --7", 10), Some(BigInt::from(7)));
    }
}
