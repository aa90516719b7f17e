//! Integers (`%d %o %x %X`) and characters (`%c`).
//!
//! The C library writes the digits into a 70-byte buffer from its end: digits (with a
//! `,` before every third one under the `,` flag), then zeros up to the precision, then
//! (with the `0` flag and no `-`) zeros up to the width counting the sign and prefix,
//! then the `0x`/`0X`/`0` prefix of `#` and the sign. Zeros stop when digits and zeros
//! fill 66 bytes, so `%0300d` of 7 is 66 characters long. Signed unless `u`: −255 in
//! `%x` is `-ff`. `#` with `o` adds a `0` only when the digits do not start with one.
//! Blanks then pad to the width (unless zeros already did).

use super::spec::{self, Spec};
use super::{FormatError, Output};
use dis::convert::utf8::rune_char;

/// The argument the directive took from the frame.
#[derive(Clone, Copy, Debug)]
pub enum Arg {
    Word(i32),
    Big(i64),
}

/// Room for digits and zeros in the C library's buffer.
const DIGIT_ROOM: usize = 66;

/// Writes `arg` for `verb`: `d o x X`, `C` (a word's rune) or `c` (a big's low byte).
pub fn integer(out: &mut Output, spec: &Spec, verb: char, arg: Arg) -> Result<(), FormatError> {
    let base: u64 = match verb {
        'd' => 10,
        'o' => 8,
        'x' | 'X' => 16,
        'C' => return rune(out, spec, arg),
        _ => return low_byte(out, spec, arg),
    };
    let (mut magnitude, negative) = value(spec, arg);
    let conv: &[u8; 16] = if verb == 'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };

    // Built backwards, as the C library does.
    let mut body: Vec<u8> = Vec::with_capacity(DIGIT_ROOM + 4);
    while magnitude != 0 {
        if spec.has(spec::COMMA) && body.len() % 4 == 3 {
            body.push(b',');
        }
        body.push(conv[(magnitude % base) as usize]);
        magnitude /= base;
    }
    if body.is_empty() {
        body.push(b'0');
    }
    while (body.len() as i64) < i64::from(spec.prec) && body.len() < DIGIT_ROOM {
        body.push(b'0');
    }
    let mut len = body.len() as i64;
    if negative || spec.flags & (spec::SIGN | spec::SPACE) != 0 {
        len += 1;
    }
    let mut sharp = spec.has(spec::SHARP);
    if sharp {
        match base {
            16 => len += 2,
            8 if body.last() == Some(&b'0') => sharp = false,
            8 => len += 1,
            _ => {}
        }
    }
    let mut width = spec.width;
    if spec.has(spec::ZERO) && !spec.has(spec::LEFT) {
        while len < i64::from(width) && body.len() < DIGIT_ROOM {
            body.push(b'0');
            len += 1;
        }
        width = 0;
    }
    if sharp && base == 16 {
        body.push(verb as u8);
    }
    if sharp && base != 10 {
        body.push(b'0');
    }
    if negative {
        body.push(b'-');
    } else if spec.has(spec::SIGN) {
        body.push(b'+');
    } else if spec.has(spec::SPACE) {
        body.push(b' ');
    }
    let spec = Spec { width, ..*spec };
    out.justified(&spec, body.len() as i64, |text| {
        text.extend(body.iter().rev().map(|&b| char::from(b)));
    })
}

/// The magnitude and sign to print, from the size and signedness flags.
fn value(spec: &Spec, arg: Arg) -> (u64, bool) {
    let unsigned = spec.has(spec::UNSIGNED);
    if spec.has(spec::VLONG) {
        let v = match arg {
            Arg::Big(v) => v,
            Arg::Word(w) if unsigned => i64::from(w as u32),
            Arg::Word(w) => i64::from(w),
        };
        return if !unsigned && v < 0 {
            (v.unsigned_abs(), true)
        } else {
            (v as u64, false)
        };
    }
    // Without `ll` the C library reads 32 bits (x86: the low half of a big).
    let w = match arg {
        Arg::Word(w) => w,
        Arg::Big(v) => v as i32,
    };
    let u = match (spec.has(spec::BYTE), spec.has(spec::SHORT), unsigned) {
        (true, _, true) => u32::from(w as u8),
        (true, _, false) => w as i8 as u32,
        (false, true, true) => u32::from(w as u16),
        (false, true, false) => w as i16 as u32,
        (false, false, _) => w as u32,
    };
    if !unsigned && (u as i32) < 0 {
        (u64::from((u as i32).unsigned_abs()), true)
    } else {
        (u64::from(u), false)
    }
}

/// `%c` of a word: the rune (U+FFFD if it is no character), cut to nothing by a
/// precision of 0.
fn rune(out: &mut Output, spec: &Spec, arg: Arg) -> Result<(), FormatError> {
    let r = match arg {
        Arg::Word(w) => w as u32,
        Arg::Big(v) => v as u32,
    };
    let shown = if spec.has(spec::PREC) {
        spec.prec.min(1)
    } else {
        1
    };
    out.justified(spec, i64::from(shown), |text| {
        if shown > 0 {
            text.push(rune_char(r));
        }
    })
}

/// `%bc`: the C library's one-byte `%c` of the big's low byte. A byte of 0x80 or more
/// is an incomplete UTF-8 sequence and prints nothing, but still counts for the width.
fn low_byte(out: &mut Output, spec: &Spec, arg: Arg) -> Result<(), FormatError> {
    let byte = match arg {
        Arg::Word(w) => w as u8,
        Arg::Big(v) => v as u8,
    };
    out.justified(spec, 1, |text| {
        if byte < 0x80 {
            text.push(char::from(byte));
        }
    })
}
