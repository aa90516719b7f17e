//! UTF-8 as the original runtime reads and writes it.
//!
//! A rune is a `u32`: Dis strings may hold any 32-bit value (`insc` stores whatever word
//! it is given), and a negative word is simply a rune above [`RUNE_MAX`].
//!
//! Decoding (`chartorune`) accepts the standard forms of 1 to 4 bytes; any other byte
//! (a stray continuation byte, an overlong form, a surrogate, a value above
//! [`RUNE_MAX`], a lead byte 0xF8–0xFF) decodes as [`RUNE_ERROR`] consuming one byte.
//! A sequence is only decoded when it is "full": at least 4 bytes remain, or as many as
//! its lead byte announces (2 for 0x80–0xDF, 3 for 0xE0–0xEF, 4 for 0xF0–0xFF). Text
//! decoding stops at the first sequence that is not full, which is how an incomplete
//! sequence at the end is dropped, and also why a 0xFF among the last three bytes ends
//! the text there.
//!
//! Encoding (`runetochar`) writes surrogates and runes above [`RUNE_MAX`] as
//! [`RUNE_ERROR`].

/// The replacement character, `Runeerror`.
pub const RUNE_ERROR: u32 = 0xFFFD;
/// The largest rune, `Runemax`.
pub const RUNE_MAX: u32 = 0x10FFFF;
/// Runes below this are single bytes, `Runeself`.
pub const RUNE_SELF: u32 = 0x80;
/// The longest encoding, `UTFmax`.
pub const UTF_MAX: usize = 4;

/// The character a rune is written as: itself, or U+FFFD for surrogates and runes
/// above [`RUNE_MAX`].
pub fn rune_char(r: u32) -> char {
    char::from_u32(r).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// How many bytes the encoding of `r` takes.
pub fn rune_len(r: u32) -> usize {
    rune_char(r).len_utf8()
}

/// Appends the encoding of `r`.
pub fn push_rune(out: &mut Vec<u8>, r: u32) {
    let mut buf = [0; UTF_MAX];
    out.extend_from_slice(rune_char(r).encode_utf8(&mut buf).as_bytes());
}

/// `cvtca`: the UTF-8 form of a string's runes.
pub fn encode(runes: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(runes.len());
    for &r in runes {
        push_rune(&mut out, r);
    }
    out
}

/// Whether `bytes` begins with a full sequence (`fullrune`).
pub fn full_rune(bytes: &[u8]) -> bool {
    match bytes.first() {
        None => false,
        Some(&c) if c < 0x80 => true,
        Some(&c) if c < 0xE0 => bytes.len() >= 2,
        Some(&c) if c < 0xF0 => bytes.len() >= 3,
        Some(_) => bytes.len() >= UTF_MAX,
    }
}

/// Decodes the sequence at the start of `bytes` (`chartorune`): `(rune, bytes used)`.
/// An empty slice gives `(0, 0)`. Callers check [`full_rune`] first; a missing byte
/// counts as a non-continuation byte.
pub fn decode_rune(bytes: &[u8]) -> (u32, usize) {
    let Some(&lead) = bytes.first() else {
        return (0, 0);
    };
    let lead = u32::from(lead);
    if lead < RUNE_SELF {
        return (lead, 1);
    }
    // For a sequence of `len` bytes: the first lead byte that needs more, and the
    // smallest rune that must not be encoded this long.
    const FORMS: [(u32, u32, u32); 3] = [
        (0xE0, 0x7FF, 0x80),
        (0xF0, 0xFFFF, 0x800),
        (0xF8, 0x1F_FFFF, 0x10000),
    ];
    let mut value = lead;
    for (i, &(next_lead, mask, min)) in FORMS.iter().enumerate() {
        let continuation = u32::from(bytes.get(i + 1).copied().unwrap_or(0)) ^ 0x80;
        if continuation & 0xC0 != 0 {
            break;
        }
        value = (value << 6) | continuation;
        if lead < next_lead {
            let rune = value & mask;
            let valid = lead >= 0xC0
                && rune >= min
                && rune <= RUNE_MAX
                && !(0xD800..=0xDFFF).contains(&rune);
            return if valid {
                (rune, i + 2)
            } else {
                (RUNE_ERROR, 1)
            };
        }
    }
    (RUNE_ERROR, 1)
}

/// The runes of `bytes` with their widths, ending before the first sequence that is
/// not full (see the module comment).
pub fn runes(bytes: &[u8]) -> impl Iterator<Item = (u32, usize)> + '_ {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        let &first = rest.first()?;
        if first >= 0x80 && rest.len() < UTF_MAX && !full_rune(rest) {
            return None;
        }
        let (rune, width) = decode_rune(rest);
        rest = &rest[width..];
        Some((rune, width))
    })
}

/// A string decoded from bytes, in the form the original stores it.
#[derive(Debug, PartialEq, Eq)]
pub enum Text<'a> {
    /// Every byte is below 0x80: the bytes are the string (the byte form).
    Ascii(&'a [u8]),
    /// The runes (the rune form).
    Runes(Vec<u32>),
}

/// `cvtac`: decodes `bytes` as [`runes`] does. NUL bytes are ordinary characters.
pub fn decode(bytes: &[u8]) -> Text<'_> {
    if bytes.is_ascii() {
        Text::Ascii(bytes)
    } else {
        Text::Runes(runes(bytes).map(|(r, _)| r).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Vec<u32> {
        match decode(bytes) {
            Text::Ascii(b) => b.iter().map(|&b| u32::from(b)).collect(),
            Text::Runes(r) => r,
        }
    }

    #[test]
    fn decoding_bytes_as_the_original() {
        // lang-unicode.out lines 26-33 and rt-sys-utf.out lines 31-34.
        let cases: [(&[u8], &[u32]); 12] = [
            (&[0xc3, 0xa9, b'x'], &[0xe9, 0x78]),
            (&[0xc3, b'a'], &[0xfffd, 0x61]),
            (&[b'a', 0xff, b'b'], &[0x61]),
            (&[b'a', 0xe6, 0x97], &[0x61]),
            (&[0x80, b'z'], &[0xfffd, 0x7a]),
            (&[0xf0, 0x9f, 0x98, 0x80], &[0x1f600]),
            (&[b'a', 0, b'b'], &[0x61, 0, 0x62]),
            (&[], &[]),
            (&[b'x', 0xff, b'y'], &[0x78]),
            (&[b'x', 0xc3, b'y'], &[0x78, 0xfffd, 0x79]),
            (&[b'x', 0x80, b'y'], &[0x78, 0xfffd, 0x79]),
            (&[b'x', 0xe2, 0x98], &[0x78]),
        ];
        for (bytes, want) in cases {
            assert_eq!(decoded(bytes), want, "{bytes:x?}");
        }
        assert_eq!(decode(b"abc"), Text::Ascii(b"abc"));
        // lang-unicode.out lines 35-36: prefixes of "héllo".
        assert_eq!(decoded(&"héllo".as_bytes()[..3]), [0x68, 0xe9]);
        assert_eq!(decoded(&"héllo".as_bytes()[..2]), [0x68]);
        // Far from the end, 0xFF and the invalid forms decode as one U+FFFD each.
        let bad = [
            0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, b'.', b'.', b'.',
        ];
        assert_eq!(decoded(&bad)[..4], [0xfffd; 4]);
        assert_eq!(decoded(&bad).len(), 13);
    }

    #[test]
    fn encoding_runes() {
        // lang-unicode.out lines 2-8.
        let cases: [(&[u32], &[u8]); 5] = [
            (&[0x68, 0xe9], &[0x68, 0xc3, 0xa9]),
            (&[0xff], &[0xc3, 0xbf]),
            (&[0x65e5, 0x672c], &[0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac]),
            (&[0x1d11e], &[0xf0, 0x9d, 0x84, 0x9e]),
            (
                &[0x78, 0x1f600, 0x79],
                &[0x78, 0xf0, 0x9f, 0x98, 0x80, 0x79],
            ),
        ];
        for (runes, want) in cases {
            assert_eq!(encode(runes), want, "{runes:x?}");
        }
        // Surrogates, runes above 0x10FFFF and negative words: U+FFFD.
        assert_eq!(
            encode(&[0xd800, 0x110000, u32::MAX]),
            "\u{fffd}\u{fffd}\u{fffd}".as_bytes()
        );
        assert_eq!(encode(&[0x10ffff]), [0xf4, 0x8f, 0xbf, 0xbf]);
        assert_eq!(rune_len(0x110000), 3);
    }
}
