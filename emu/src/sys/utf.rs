//! The text functions of `Sys` that need no VM: `tokenize`, `utfbytes`, `byte2char`
//! and `char2byte`. Strings come as slices of their characters (bytes for the byte
//! form, runes for the rune form); byte arrays as byte slices, an empty slice standing
//! for nil as well (every index into either is out of bounds).

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
/// does not. `n` outside 0..=len raises.
pub fn utfbytes(buf: &[u8], n: i32) -> Result<i32, BoundsError> {
    let n = usize::try_from(n).ok().filter(|n| *n <= buf.len()).ok_or(BoundsError)?;
    let whole: usize = utf8::runes(&buf[..n]).map(|(_, width)| width).sum();
    Ok(whole as i32)
}

/// `byte2char(buf, n)`: `(char, bytes used, ok)` for the character at `n`: an ASCII
/// byte gives `(c, 1, 1)`; a sequence that is not full (see [`utf8`]) gives
/// `(0xFFFD, 0, 0)` (so does 0xFF or a lone continuation byte among the last bytes);
/// an invalid one `(0xFFFD, 1, 0)`. `n` outside 0..len raises.
pub fn byte2char(buf: &[u8], n: i32) -> Result<(i32, i32, i32), BoundsError> {
    let n = usize::try_from(n).ok().filter(|n| *n < buf.len()).ok_or(BoundsError)?;
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
/// 0..len raises.
pub fn char2byte(c: i32, buf: &mut [u8], n: i32) -> Result<i32, BoundsError> {
    let n = usize::try_from(n).ok().filter(|n| *n < buf.len()).ok_or(BoundsError)?;
    let rune = u32::try_from(c).ok().filter(|r| *r < RUNE_MAX).unwrap_or(RUNE_ERROR);
    let ch = utf8::rune_char(rune);
    let room = &mut buf[n..];
    if ch.len_utf8() > room.len() {
        return Ok(0);
    }
    Ok(ch.encode_utf8(room).len() as i32)
}
