//! The flags, width and precision between `%` and the verb, read as the original's C
//! formatting library reads them.

/// `-`: pad on the right.
pub const LEFT: u32 = 1 << 0;
/// `+`: a sign even for non-negative numbers.
pub const SIGN: u32 = 1 << 1;
/// space: a blank where a `+` would go.
pub const SPACE: u32 = 1 << 2;
/// `#`: the alternate form.
pub const SHARP: u32 = 1 << 3;
/// `0` before any width: pad numbers with zeros.
pub const ZERO: u32 = 1 << 4;
/// `,`: group digits by three.
pub const COMMA: u32 = 1 << 5;
/// `u`: unsigned.
pub const UNSIGNED: u32 = 1 << 6;
/// `h`: a 16-bit integer.
pub const SHORT: u32 = 1 << 7;
/// `hh`: an 8-bit integer.
pub const BYTE: u32 = 1 << 8;
/// `l`: a long (32 bits, as a word).
pub const LONG: u32 = 1 << 9;
/// `ll` (from `b`): a 64-bit integer.
pub const VLONG: u32 = 1 << 10;
/// A width was given (also set by `.`).
pub const WIDTH: u32 = 1 << 11;
/// A precision was given.
pub const PREC: u32 = 1 << 12;

/// One directive's flags, width and precision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    pub flags: u32,
    pub width: i32,
    pub prec: i32,
}

/// A character that is neither a flag nor part of a number, at byte offset `at` of
/// the directive text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadChar {
    pub at: usize,
}

impl Spec {
    /// Reads the directive text between `%` and the verb (after `*` and `b` were
    /// rewritten). Numbers wrap like the C `int` they are read into.
    pub fn parse(text: &str) -> Result<Spec, BadChar> {
        let mut spec = Spec::default();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let flag = match c {
                '.' => WIDTH | PREC,
                '0' if !spec.has(WIDTH) => ZERO,
                '0'..='9' => {
                    let mut n = c as i32 - '0' as i32;
                    while let Some(&(_, d @ '0'..='9')) = chars.peek() {
                        n = n.wrapping_mul(10).wrapping_add(d as i32 - '0' as i32);
                        chars.next();
                    }
                    if spec.has(WIDTH) {
                        spec.prec = n;
                        PREC
                    } else {
                        spec.width = n;
                        WIDTH
                    }
                }
                '-' => LEFT,
                '+' => SIGN,
                ' ' => SPACE,
                '#' => SHARP,
                ',' => COMMA,
                'u' => UNSIGNED,
                'h' if spec.has(SHORT) => BYTE,
                'h' => SHORT,
                'l' if spec.has(LONG) => VLONG,
                'l' => LONG,
                _ => return Err(BadChar { at }),
            };
            spec.flags |= flag;
        }
        Ok(spec)
    }

    /// Whether all of `flags` are set.
    pub fn has(&self, flags: u32) -> bool {
        self.flags & flags == flags
    }
}
