//! The formatting engine of `print`, `fprint`, `sprint` and `aprint`, as the original
//! runs it: the run-time system rewrites each directive and hands it to its C
//! formatting library with one argument taken from the caller's frame. This module
//! does both steps without touching VM memory; the VM supplies the arguments through
//! [`FormatArgs`].
//!
//! A directive is `%`, then any characters up to and including the first verb
//! character. While collecting it, `*` takes a word argument and stands for its
//! decimal value (so `%*d` of −6 means `%-6d`), and `b` stands for `ll` (a big
//! argument). What lies between `%` and the verb is then read as:
//!
//! * flags: `-` left justify, `+` always a sign, space: a blank for the sign of
//!   non-negative numbers, `#` alternate form, `,` digit grouping, `u` unsigned,
//!   `h` 16-bit (`hh` 8-bit) integer, `l` (`ll` 64-bit) integer, and `0` (pad with
//!   zeros) when no width has been seen yet;
//! * a decimal number: the width, or the precision after a `.`; a `.` alone means
//!   precision 0.
//!
//! Verbs ([`int`], [`real`], [`text`] say exactly how each is written):
//!
//! | verb | argument | |
//! |---|---|---|
//! | `d o x X` | word, or big with `b` | signed unless `u`: `-ff` for −255 |
//! | `c` | word: a rune; with `b`, the low byte of a big if below 0x80 | |
//! | `e f g E G` | real | `%g` with neither width nor precision: shortest form |
//! | `s` | string | nil prints as `""`; stops at a NUL |
//! | `q` | string | quoted when empty or holding `'` or a character ≤ space |
//! | `r` | none | the thread's error string; flags ignored |
//! | `%` | none | a `%`; flags ignored |
//! | `H` | pointer | `refcount.typeaddr` of a heap object, `-1.00000000` for nil |
//!
//! Any other character between `%` and the verb (the compiler rejects such formats)
//! prints as the C library's bad-verb form `%c%` followed by the rest of the directive
//! text. A format that ends inside a directive prints nothing for it.
//!
//! Callers: `sprint` turns the text into a string only up to its first NUL (the
//! original copies a C string); `print`, `fprint` and `aprint` use all of it.

mod int;
mod real;
mod spec;
#[cfg(test)]
mod tests;
mod text;

use std::borrow::Cow;
use std::fmt::Write as _;

use spec::Spec;

/// Where the formatter takes its arguments from, in order. The VM implements it over
/// the caller's frame: words and pointers are 4-byte slots, bigs and reals 8-byte
/// slots aligned to 8 from the frame's start; reading beyond the frame yields zero or
/// nil.
pub trait FormatArgs {
    /// A word: `%d %o %x %X %c` without `b` (for `%x` of a reference, its address),
    /// and each `*`.
    fn word(&mut self) -> i32;
    /// A big: the integer verbs with `b`.
    fn big(&mut self) -> i64;
    /// A real: `%e %f %g %E %G`.
    fn real(&mut self) -> f64;
    /// A string for `%s %q`; `None` for nil. Runes that are not Unicode scalar values
    /// (surrogates, values above 0x10FFFF) may be given as U+FFFD: the original writes
    /// them so and they quote alike.
    fn string(&mut self) -> Option<Cow<'_, str>>;
    /// A pointer for `%H`: the reference count and type descriptor address of the
    /// object it points to, `None` for nil.
    fn heap_header(&mut self) -> Option<(i32, u32)>;
}

/// Why formatting failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatError {
    /// The text would exceed [`OUTPUT_LIMIT`] bytes (only a huge width can do that);
    /// the original runs out of memory there.
    TooLong,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("formatted text too long")
    }
}

/// The most bytes one call may produce.
pub const OUTPUT_LIMIT: usize = 1 << 28;

/// Formats `fmt` with arguments from `args`; `errstr` is what `%r` prints. Runes of
/// the format string that are not characters may be given as U+FFFD, which is how the
/// original writes them (except negative ones, written as their low byte).
pub fn format(fmt: &str, args: &mut dyn FormatArgs, errstr: &str) -> Result<String, FormatError> {
    let mut out = Output::default();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.text.push(c);
            continue;
        }
        let mut directive = String::new();
        let mut big = false;
        loop {
            let Some(c) = chars.next() else {
                return Ok(out.text);
            };
            match c {
                '*' => {
                    let _ = write!(directive, "{}", args.word());
                    continue;
                }
                'b' => {
                    directive.push_str("ll");
                    big = true;
                    continue;
                }
                '%' => out.text.push('%'),
                'r' => out.text.push_str(errstr),
                'H' => {
                    let (refs, typ) = args.heap_header().unwrap_or((-1, 0));
                    let _ = write!(out.text, "{refs}.{typ:08x}");
                }
                's' | 'q' => {
                    let arg = args.string();
                    let s = arg.as_deref().unwrap_or("");
                    match Spec::parse(&directive) {
                        Ok(spec) if c == 's' => text::string(&mut out, &spec, s)?,
                        Ok(spec) => text::quoted(&mut out, &spec, s)?,
                        Err(bad) => out.bad_verb(&directive, bad, c),
                    }
                }
                'e' | 'f' | 'g' | 'E' | 'G' => {
                    let x = args.real();
                    match Spec::parse(&directive) {
                        Ok(spec) => real::real(&mut out, &spec, c, x)?,
                        Err(bad) => out.bad_verb(&directive, bad, if c == 'E' { 'É' } else { c }),
                    }
                }
                'd' | 'o' | 'x' | 'X' | 'c' => {
                    let arg = if big {
                        int::Arg::Big(args.big())
                    } else {
                        int::Arg::Word(args.word())
                    };
                    let verb = if c == 'c' && !big { 'C' } else { c };
                    match Spec::parse(&directive) {
                        Ok(spec) => int::integer(&mut out, &spec, verb, arg)?,
                        Err(bad) => out.bad_verb(&directive, bad, verb),
                    }
                }
                other => {
                    directive.push(other);
                    continue;
                }
            }
            break;
        }
    }
    Ok(out.text)
}

/// The text being built.
#[derive(Default)]
struct Output {
    text: String,
}

impl Output {
    /// Appends `count` blanks (none if `count` ≤ 0).
    fn pad(&mut self, count: i64) -> Result<(), FormatError> {
        let Ok(count) = usize::try_from(count) else {
            return Ok(());
        };
        if self.text.len().saturating_add(count) > OUTPUT_LIMIT {
            return Err(FormatError::TooLong);
        }
        self.text.extend(std::iter::repeat_n(' ', count));
        Ok(())
    }

    /// Appends `body`, `len` characters long, padded with blanks to the width of
    /// `spec` on the side its `-` flag says.
    fn justified(
        &mut self,
        spec: &Spec,
        len: i64,
        body: impl FnOnce(&mut String),
    ) -> Result<(), FormatError> {
        let fill = i64::from(spec.width) - len;
        if !spec.has(spec::LEFT) {
            self.pad(fill)?;
        }
        body(&mut self.text);
        if spec.has(spec::LEFT) {
            self.pad(fill)?;
        }
        Ok(())
    }

    /// The C library's answer to a character it has no verb for: `%`, the character,
    /// `%`, then the rest of the directive as plain text.
    fn bad_verb(&mut self, directive: &str, bad: spec::BadChar, verb: char) {
        let rest = &directive[bad.at..];
        let mut rest_chars = rest.chars();
        let c = rest_chars.next().unwrap_or(verb);
        self.text.push('%');
        self.text.push(c);
        self.text.push('%');
        self.text.push_str(rest_chars.as_str());
        self.text.push(verb);
    }
}
