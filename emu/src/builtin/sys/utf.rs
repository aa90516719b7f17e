//! The text functions of `Sys` that need no VM: `tokenize`, `utfbytes`, `byte2char`
//! and `char2byte`. Strings come as slices of their characters (bytes for the byte
//! form, runes for the rune form), byte arrays as byte slices; `None` is nil.

use std::ops::Range;

use dis::convert::utf8::{self, RUNE_ERROR, RUNE_MAX, RUNE_SELF, UTF_MAX};

/// The `array bounds error` the functions raise for an index outside the array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoundsError;

impl std::fmt::Display for BoundsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("array bounds error")
    }
}

/// `tokenize(s, delim)`: the character ranges of `s` between runs of characters of
/// `delim`; no empty tokens. A nil `s` or a nil `delim` (`None`; in Limbo `""` is nil)
/// gives no tokens; a non-nil empty `delim` makes all of `s` one token.
pub fn tokenize<S, D>(s: Option<&[S]>, delim: Option<&[D]>) -> Vec<Range<usize>>
where
    S: Copy + Into<u32>,
    D: Copy + Into<u32>,
{
    let (Some(s), Some(delim)) = (s, delim) else {
        return Vec::new();
    };
    let is_delim = |i: usize| {
        let c = s[i].into();
        delim.iter().any(|d| (*d).into() == c)
    };
    let mut tokens = Vec::new();
    let mut first = 0;
    while first < s.len() {
        while first < s.len() && is_delim(first) {
            first += 1;
        }
        let mut last = first;
        while last < s.len() && !is_delim(last) {
            last += 1;
        }
        if first == last {
            break;
        }
        tokens.push(first..last);
        first = last;
    }
    tokens
}

/// `utfbytes(buf, n)`: how many of the first `n` bytes form whole characters.
/// Invalid bytes count as whole (one byte each); an incomplete sequence at the end
/// does not. A nil array or `n` outside 0..=len raises.
pub fn utfbytes(buf: Option<&[u8]>, n: i32) -> Result<i32, BoundsError> {
    let buf = buf.ok_or(BoundsError)?;
    let n = usize::try_from(n)
        .ok()
        .filter(|n| *n <= buf.len())
        .ok_or(BoundsError)?;
    let whole: usize = utf8::runes(&buf[..n]).map(|(_, width)| width).sum();
    Ok(whole as i32)
}

/// `byte2char(buf, n)`: `(char, bytes used, ok)` for the character at `n`: an ASCII
/// byte gives `(c, 1, 1)`; a sequence that is not full (see [`utf8`]) gives
/// `(0xFFFD, 0, 0)` (so does 0xFF or a lone continuation byte among the last bytes);
/// an invalid one `(0xFFFD, 1, 0)`. A nil array or `n` outside 0..len raises.
pub fn byte2char(buf: Option<&[u8]>, n: i32) -> Result<(i32, i32, i32), BoundsError> {
    let buf = buf.ok_or(BoundsError)?;
    let n = usize::try_from(n)
        .ok()
        .filter(|n| *n < buf.len())
        .ok_or(BoundsError)?;
    let rest = &buf[n..];
    if u32::from(rest[0]) < RUNE_SELF {
        return Ok((i32::from(rest[0]), 1, 1));
    }
    if rest.len() < UTF_MAX && !utf8::full_rune(rest) {
        return Ok((RUNE_ERROR as i32, 0, 0));
    }
    match utf8::decode_rune(rest) {
        (RUNE_ERROR, 1) => Ok((RUNE_ERROR as i32, 1, 0)),
        (rune, width) => Ok((rune as i32, width as i32, 1)),
    }
}

/// `char2byte(c, buf, n)`: writes the UTF-8 form of `c` at `buf[n]` and returns its
/// length, or 0 (writing nothing) if it does not fit. `c` outside 0..0x10FFFF
/// (0x10FFFF itself included, as in the original) is written as U+FFFD. `n` outside
/// A nil array or `n` outside 0..len raises.
pub fn char2byte(c: i32, buf: Option<&mut [u8]>, n: i32) -> Result<i32, BoundsError> {
    let buf = buf.ok_or(BoundsError)?;
    let n = usize::try_from(n)
        .ok()
        .filter(|n| *n < buf.len())
        .ok_or(BoundsError)?;
    let rune = u32::try_from(c)
        .ok()
        .filter(|r| *r < RUNE_MAX)
        .unwrap_or(RUNE_ERROR);
    let ch = utf8::rune_char(rune);
    let room = &mut buf[n..];
    if ch.len_utf8() > room.len() {
        return Ok(0);
    }
    Ok(ch.encode_utf8(room).len() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `tokenize(s, delim)` written as the test program prints them.
    fn tokens(s: Option<&str>, delim: Option<&str>) -> (usize, String) {
        let s: Option<Vec<u32>> = s.map(|s| s.chars().map(u32::from).collect());
        let d: Option<Vec<u32>> = delim.map(|d| d.chars().map(u32::from).collect());
        let ranges = tokenize(s.as_deref(), d.as_deref());
        let text = s.unwrap_or_default();
        let shown = ranges
            .iter()
            .map(|r| {
                format!(
                    "[{}]",
                    text[r.clone()]
                        .iter()
                        .filter_map(|&c| char::from_u32(c))
                        .collect::<String>()
                )
            })
            .collect();
        (ranges.len(), shown)
    }

    #[test]
    fn tokenize_cases_of_rt_sys_tokenize() {
        // rt-sys-tokenize.out lines 1-34 (nil and "" are both nil in Limbo); the last case,
        // a non-nil empty delimiter set, follows the original's code.
        let cases: [(Option<&str>, Option<&str>, usize, &str); 28] = [
            (Some("a b c"), Some(" "), 3, "[a][b][c]"),
            (Some("  a b  c "), Some(" "), 3, "[a][b][c]"),
            (Some("a,b;c"), Some(",;"), 3, "[a][b][c]"),
            (Some("a,,b;;;c,"), Some(",;"), 3, "[a][b][c]"),
            (Some(",;,;"), Some(",;"), 0, ""),
            (Some("word"), Some(" "), 1, "[word]"),
            (Some("word"), Some("xyz"), 1, "[word]"),
            (None, Some(" "), 0, ""),
            (Some("abc"), None, 0, ""),
            (Some("a\tb\nc  d"), Some(" \t\n"), 4, "[a][b][c][d]"),
            (
                Some("line one\nline two\n"),
                Some("\n"),
                2,
                "[line one][line two]",
            ),
            (Some("x=1&y=2&z"), Some("&="), 5, "[x][1][y][2][z]"),
            (
                Some("'quoted string' here"),
                Some(" "),
                3,
                "['quoted][string'][here]",
            ),
            (Some("\"dq\" x"), Some(" "), 2, "[\"dq\"][x]"),
            (Some("αβγ δεζ"), Some(" "), 2, "[αβγ][δεζ]"),
            (Some("a·b·c"), Some("·"), 3, "[a][b][c]"),
            (Some("日本語の文"), Some("の"), 2, "[日本語][文]"),
            (Some("a→b→→c"), Some("→"), 3, "[a][b][c]"),
            (Some("path/to//file/"), Some("/"), 3, "[path][to][file]"),
            (Some("/"), Some("/"), 0, ""),
            (Some("aaa"), Some("a"), 0, ""),
            (Some("abcabc"), Some("b"), 3, "[a][ca][c]"),
            (Some("12:34:56.789"), Some(":."), 4, "[12][34][56][789]"),
            (Some("tab\tonly"), Some("\t"), 2, "[tab][only]"),
            (Some(" "), Some(" "), 0, ""),
            (
                Some("mixed ünïcode and ascii"),
                Some(" "),
                4,
                "[mixed][ünïcode][and][ascii]",
            ),
            (Some("a\0b\0\0c"), Some("\0"), 3, "[a][b][c]"),
            (Some("x"), Some(""), 1, "[x]"),
        ];
        for (s, delim, n, shown) in cases {
            assert_eq!(
                tokens(s, delim),
                (n, shown.to_string()),
                "tokenize({s:?}, {delim:?})"
            );
        }
    }

    #[test]
    fn tokenize_long_inputs() {
        // rt-sys-tokenize.out lines 36-37.
        let s: String = (0..1000).map(|i| format!("tok{i} ,")).collect();
        let ranges = tokenize(Some(s.as_bytes()), Some(b" ,".as_slice()));
        assert_eq!(ranges.len(), 1000);
        assert_eq!(&s[ranges[0].clone()], "tok0");
        assert_eq!(&s[ranges[999].clone()], "tok999");
        let long: String = (0..10000u32)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let s = format!(" {long} ");
        let ranges = tokenize(Some(s.as_bytes()), Some(b" ".as_slice()));
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0], 1..10001);
    }

    const SAMPLE: &[u8] = "aé☺𝄞z".as_bytes();

    #[test]
    fn utfbytes_counts_whole_characters() {
        // rt-sys-utf.out lines 3, 12-13 and 30; lang-unicode.out line 37.
        let prefixes: Vec<i32> = (0..=SAMPLE.len() as i32)
            .map(|n| utfbytes(Some(SAMPLE), n).unwrap())
            .collect();
        assert_eq!(prefixes, [0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11]);
        assert_eq!(utfbytes(Some(&[0xc3, b'a']), 2), Ok(2));
        assert_eq!(utfbytes(Some(&[0xe2, 0x98]), 2), Ok(0));
        assert_eq!(
            utfbytes(Some(SAMPLE), SAMPLE.len() as i32 + 1),
            Err(BoundsError)
        );
        assert_eq!(utfbytes(Some(SAMPLE), -1), Err(BoundsError));
        let b = "héllo wörld".as_bytes();
        assert_eq!(
            [
                utfbytes(Some(b), b.len() as i32),
                utfbytes(Some(b), 2),
                utfbytes(Some(b), 3)
            ],
            [Ok(13), Ok(1), Ok(3)]
        );
    }

    #[test]
    fn byte2char_decodes_or_reports() {
        // rt-sys-utf.out lines 4-11 and 28; lang-unicode.out lines 38-39.
        let mut walk = Vec::new();
        let mut i = 0;
        while i < SAMPLE.len() {
            let (c, w, ok) = byte2char(Some(SAMPLE), i as i32).unwrap();
            walk.push((c, w, ok));
            i += w as usize;
        }
        assert_eq!(
            walk,
            [
                (0x61, 1, 1),
                (0xe9, 2, 1),
                (0x263a, 3, 1),
                (0x1d11e, 4, 1),
                (0x7a, 1, 1)
            ]
        );
        for k in 1..4 {
            assert_eq!(
                byte2char(Some(&SAMPLE[6..6 + k]), 0),
                Ok((0xfffd, 0, 0)),
                "{k} bytes"
            );
        }
        assert_eq!(byte2char(Some(&[0xff, b'a']), 0), Ok((0xfffd, 0, 0)));
        assert_eq!(byte2char(Some(&[0xc3, b'a']), 0), Ok((0xfffd, 1, 0)));
        assert_eq!(byte2char(Some(&[0x80]), 0), Ok((0xfffd, 0, 0)));
        assert_eq!(byte2char(Some(&[0xc0, 0x80]), 0), Ok((0xfffd, 1, 0)));
        assert_eq!(
            byte2char(Some(SAMPLE), SAMPLE.len() as i32),
            Err(BoundsError)
        );
        assert_eq!(byte2char(None, 0), Err(BoundsError));
        assert_eq!(utfbytes(None, 0), Err(BoundsError));
        assert_eq!(utfbytes(Some(&[]), 0), Ok(0));
        assert_eq!(char2byte('x' as i32, None, 0), Err(BoundsError));
        let b = "héllo wörld".as_bytes();
        assert_eq!(byte2char(Some(b), 1), Ok((0xe9, 2, 1)));
        assert_eq!(byte2char(Some(b), 2), Ok((0xfffd, 1, 0)));
        // With four bytes available 0xFF is simply invalid.
        assert_eq!(
            byte2char(Some(&[0xff, b'a', b'b', b'c']), 0),
            Ok((0xfffd, 1, 0))
        );
    }

    #[test]
    fn char2byte_encodes_if_it_fits() {
        // rt-sys-utf.out lines 14-27 and 29; lang-unicode.out lines 40-42.
        let cases: [(i32, &[u8]); 11] = [
            (0x41, &[0x41]),
            (0x7f, &[0x7f]),
            (0x80, &[0xc2, 0x80]),
            (0x7ff, &[0xdf, 0xbf]),
            (0x800, &[0xe0, 0xa0, 0x80]),
            (0xffff, &[0xef, 0xbf, 0xbf]),
            (0x10000, &[0xf0, 0x90, 0x80, 0x80]),
            (0x10ffff, &[0xef, 0xbf, 0xbd]),
            (0x110000, &[0xef, 0xbf, 0xbd]),
            (-1, &[0xef, 0xbf, 0xbd]),
            (0xd800, &[0xef, 0xbf, 0xbd]),
        ];
        for (c, want) in cases {
            let mut buf = [0u8; 8];
            let n = char2byte(c, Some(&mut buf), 0).unwrap();
            assert_eq!(&buf[..n as usize], want, "char2byte({c:x})");
        }
        let mut small = [0u8; 2];
        assert_eq!(char2byte(0x263a, Some(&mut small), 0), Ok(0));
        assert_eq!(char2byte(0xe9, Some(&mut small), 1), Ok(0));
        assert_eq!(char2byte('x' as i32, Some(&mut small), 1), Ok(1));
        assert_eq!(small, [0, b'x']);
        assert_eq!(char2byte('x' as i32, Some(&mut small), 2), Err(BoundsError));
        let mut buf = [0u8; 8];
        assert_eq!(char2byte(0x263a, Some(&mut buf), 0), Ok(3));
        assert_eq!(buf[..3], [0xe2, 0x98, 0xba]);
        assert_eq!(char2byte(0x263a, Some(&mut buf), 7), Ok(0));
    }
}
