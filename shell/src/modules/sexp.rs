//! S-expressions as sexprs(2) has them, for the `sexprs` module: atoms of
//! text or bytes (each with an optional display hint) and lists; reading
//! the advanced and canonical transport forms in any mixture (tokens,
//! `"quoted\n"` strings, `#hex#`, `|base64|`, `N:raw` bytes, `[hint]`,
//! `{base64 of an expression}`), and writing the advanced form (`text`) and
//! the canonical form (`pack`). Nesting is bounded ([`MAX_DEPTH`]), and so
//! is the length a raw atom may claim ([`MAX_TOKEN`]).

/// An S-expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Sexp {
    /// An atom that is printable 7-bit text.
    Text {
        s: String,
        hint: Option<String>,
    },
    /// Any other atom.
    Binary {
        data: Vec<u8>,
        hint: Option<String>,
    },
    List(Vec<Sexp>),
}

/// The deepest nesting of lists (and `{...}`) read; a bound of this shell.
pub const MAX_DEPTH: usize = 500;
/// The longest raw atom (`N:...`) read, as the original's limit.
pub const MAX_TOKEN: usize = 1024 * 1024;

/// What reading from the start of some bytes found: the expression
/// (`None` when only white space is left) or the error as the original
/// words it, how many bytes were taken, and whether the end of the bytes
/// was reached (so that more input might change the outcome).
#[derive(Debug, PartialEq)]
pub struct Outcome {
    pub sexp: Result<Option<Sexp>, String>,
    pub used: usize,
    pub ran_out: bool,
}

/// Reads one expression from the start of `bytes`, which come `base` bytes
/// into their input (error offsets count from the input's start).
pub fn read(bytes: &[u8], base: usize) -> Outcome {
    let mut r = Reader {
        bytes,
        at: 0,
        depth: 0,
        ran_out: false,
    };
    let sexp = r
        .item()
        .map_err(|(msg, pos)| format!("{msg} at offset {}", base + pos));
    Outcome {
        sexp,
        used: r.at,
        ran_out: r.ran_out,
    }
}

/// A failure while reading: the message and the offset it names.
type Syntax = (String, usize);

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    ran_out: bool,
}

impl Reader<'_> {
    fn getb(&mut self) -> Option<u8> {
        let b = self.bytes.get(self.at).copied();
        match b {
            Some(_) => self.at += 1,
            None => self.ran_out = true,
        }
        b
    }

    fn ungetb(&mut self) {
        self.at -= 1;
    }

    /// A failure at the last byte read.
    fn here(&self, msg: &str) -> Syntax {
        (msg.to_string(), self.at.saturating_sub(1))
    }

    /// The next byte that is not white space.
    fn ws(&mut self) -> Option<u8> {
        loop {
            match self.getb() {
                Some(b' ' | b'\r' | b'\t' | b'\n') => {}
                b => return b,
            }
        }
    }

    fn item(&mut self) -> Result<Option<Sexp>, Syntax> {
        let start = self.at;
        let Some(c) = self.ws() else {
            return Ok(None);
        };
        match c {
            b'{' => {
                let inner = dec64(&self.up_to(b'}')?);
                self.nested(start, |r| {
                    let mut sub = Reader {
                        bytes: &inner,
                        at: 0,
                        depth: r.depth,
                        ran_out: false,
                    };
                    sub.item()
                })
            }
            b'(' => self.nested(start, |r| {
                let mut els = Vec::new();
                loop {
                    match r.ws() {
                        Some(b')') => return Ok(Some(Sexp::List(els))),
                        None => return Err(("unclosed '('".to_string(), start)),
                        Some(_) => {
                            r.ungetb();
                            els.extend(r.item()?);
                        }
                    }
                }
            }),
            b'[' => {
                let first = self.getb();
                let hint = self.simple(first, None)?;
                match self.ws() {
                    Some(b']') => {}
                    other => {
                        if other.is_some() {
                            self.ungetb();
                        }
                        return Err(("missing ] in display hint".to_string(), start));
                    }
                }
                match hint {
                    Sexp::Text { s, .. } => {
                        let c = self.ws();
                        self.simple(c, Some(s)).map(Some)
                    }
                    _ => Err(self.here("illegal display hint")),
                }
            }
            _ => self.simple(Some(c), None).map(Some),
        }
    }

    /// Runs `f` one level deeper, failing past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        start: usize,
        f: impl FnOnce(&mut Self) -> Result<Option<Sexp>, Syntax>,
    ) -> Result<Option<Sexp>, Syntax> {
        if self.depth >= MAX_DEPTH {
            return Err(("s-expression nested too deeply".to_string(), start));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// An atom starting with byte `c`, with display hint `hint`.
    fn simple(&mut self, mut c: Option<u8>, hint: Option<String>) -> Result<Sexp, Syntax> {
        let mut length: Option<usize> = None;
        while let Some(d @ b'0'..=b'9') = c {
            let n = length.unwrap_or(0) * 10 + usize::from(d - b'0');
            if n > MAX_TOKEN {
                return Err(self.here("implausible token length"));
            }
            length = Some(n);
            c = self.getb();
        }
        match c {
            Some(b'"') => {
                let s = self.unquote()?;
                Ok(Sexp::Text { s, hint })
            }
            Some(b'|') => Ok(atom(dec64(&self.up_to(b'|')?), hint)),
            Some(b'#') => Ok(atom(dec16(&self.up_to(b'#')?), hint)),
            Some(b':') if length.is_some() => {
                let n = length.unwrap_or(0);
                let Some(raw) = self.bytes.get(self.at..self.at + n) else {
                    self.at = self.bytes.len();
                    self.ran_out = true;
                    return Err(self.here("missing bytes in raw token"));
                };
                self.at += n;
                Ok(atom(raw.to_vec(), hint))
            }
            _ if length.is_some() => Err(self.here("token can't start with a digit")),
            _ => {
                let mut s = String::new();
                while let Some(t) = c.filter(|&b| is_token_byte(b)) {
                    s.push(char::from(t));
                    c = self.getb();
                }
                if s.is_empty() {
                    return Err(self.here("missing token"));
                }
                if c.is_some() {
                    self.ungetb();
                }
                Ok(Sexp::Text { s, hint })
            }
        }
    }

    /// The bytes up to `end`, which is passed.
    fn up_to(&mut self, end: u8) -> Result<Vec<u8>, Syntax> {
        let start = self.at;
        let mut out = Vec::new();
        loop {
            match self.getb() {
                Some(b) if b == end => return Ok(out),
                Some(b) => out.push(b),
                None => return Err((format!("missing closing '{}'", char::from(end)), start)),
            }
        }
    }

    /// The text of a quoted string after its opening quote, escapes
    /// resolved; each byte is one character, as the original reads them.
    fn unquote(&mut self) -> Result<String, Syntax> {
        let start = self.at;
        let mut s = String::new();
        loop {
            let Some(mut c) = self.getb() else {
                return Err(("unclosed quoted string".to_string(), start));
            };
            if c == b'"' {
                return Ok(s);
            }
            if c == b'\\' {
                let escape = self.at;
                let Some(e) = self.getb() else {
                    return Ok(s);
                };
                c = match e {
                    b'\r' | b'\n' => {
                        let pair = if e == b'\r' { b'\n' } else { b'\r' };
                        if self.getb().is_some_and(|b| b != pair) {
                            self.ungetb();
                        }
                        continue;
                    }
                    b'b' => 8,
                    b'f' => 12,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'v' => 11,
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match self.getb() {
                                Some(d @ b'0'..=b'7') => v = v << 3 | u32::from(d - b'0'),
                                _ => return Err(("illegal octal escape".to_string(), escape)),
                            }
                        }
                        (v & 0xff) as u8
                    }
                    b'x' => {
                        let hi = self.getb().and_then(hex);
                        let lo = self.getb().and_then(hex);
                        match (hi, lo) {
                            (Some(h), Some(l)) => h << 4 | l,
                            _ => return Err(("illegal hex escape".to_string(), escape)),
                        }
                    }
                    other => other,
                };
            }
            s.push(char::from(c));
        }
    }
}

/// An atom of `data`: text when it is printable 7-bit text.
fn atom(data: Vec<u8>, hint: Option<String>) -> Sexp {
    if data
        .iter()
        .all(|&b| (b' '..0x7f).contains(&b) || matches!(b, b'\r' | b'\t' | b'\n'))
    {
        let s = data.into_iter().map(char::from).collect();
        Sexp::Text { s, hint }
    } else {
        Sexp::Binary { data, hint }
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-./_:*+=".contains(&b)
}

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|v| v as u8)
}

/// The bytes of base 64 text (other characters skipped).
fn dec64(text: &[u8]) -> Vec<u8> {
    iptext::dec64(text)
}

/// The bytes of hexadecimal text (other characters skipped).
fn dec16(text: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = text.iter().filter_map(|&b| hex(b)).collect();
    digits.chunks_exact(2).map(|p| p[0] << 4 | p[1]).collect()
}

impl Sexp {
    /// The advanced transport form, on one line.
    pub fn text(&self) -> String {
        let with_hint = |hint: &Option<String>, body: String| match hint {
            Some(h) => format!("[{}]{body}", quote(h)),
            None => body,
        };
        match self {
            Sexp::Text { s, hint } => with_hint(hint, quote(s)),
            Sexp::Binary { data, hint } if data.len() <= 4 => {
                let hex: String = data.iter().map(|b| format!("{b:02X}")).collect();
                with_hint(hint, format!("#{hex}#"))
            }
            Sexp::Binary { data, hint } => with_hint(hint, format!("|{}|", iptext::enc64(data))),
            Sexp::List(els) => {
                let inner: Vec<String> = els.iter().map(Sexp::text).collect();
                format!("({})", inner.join(" "))
            }
        }
    }

    /// The canonical transport form.
    pub fn pack(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.pack_into(&mut out);
        out
    }

    fn pack_into(&self, out: &mut Vec<u8>) {
        let bytes = |out: &mut Vec<u8>, b: &[u8]| {
            out.extend_from_slice(format!("{}:", b.len()).as_bytes());
            out.extend_from_slice(b);
        };
        let hint = |out: &mut Vec<u8>, h: &Option<String>| {
            if let Some(h) = h {
                out.push(b'[');
                bytes(out, h.as_bytes());
                out.push(b']');
            }
        };
        match self {
            Sexp::Text { s, hint: h } => {
                hint(out, h);
                bytes(out, s.as_bytes());
            }
            Sexp::Binary { data, hint: h } => {
                hint(out, h);
                bytes(out, data);
            }
            Sexp::List(els) => {
                out.push(b'(');
                for e in els {
                    e.pack_into(out);
                }
                out.push(b')');
            }
        }
    }

    /// The canonical form in base 64, in braces.
    pub fn b64text(&self) -> String {
        format!("{{{}}}", iptext::enc64(&self.pack()))
    }

    /// An atom's value as text (nothing for a list).
    pub fn astext(&self) -> String {
        match self {
            Sexp::Text { s, .. } => s.clone(),
            Sexp::Binary { data, .. } => String::from_utf8_lossy(data).into_owned(),
            Sexp::List(_) => String::new(),
        }
    }

    /// A list's elements (none for an atom).
    pub fn els(&self) -> &[Sexp] {
        match self {
            Sexp::List(els) => els,
            _ => &[],
        }
    }
}

/// `s` as an atom of the advanced form: a token when it is one, else a
/// quoted string with escapes.
pub fn quote(s: &str) -> String {
    let token = s.bytes().next().is_some_and(|b| !b.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii() && is_token_byte(c as u8));
    if token {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{b}' => out.push_str("\\v"),
            c if !(' '..'\u{7f}').contains(&c) => {
                out.push_str(&format!("\\x{:02x}", u32::from(c) & 0xff));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Sexp {
        read(s.as_bytes(), 0).sexp.unwrap().unwrap()
    }

    fn error(s: &str) -> (String, bool) {
        let o = read(s.as_bytes(), 0);
        (o.sexp.unwrap_err(), o.ran_out)
    }

    #[test]
    fn every_form_reads_and_text_is_the_advanced_form() {
        let e = one("(a \"b c\" #414243# |AAEC| 3:xyz [h]w (nested \"q\\\"\\n\"))");
        assert_eq!(
            e.text(),
            "(a \"b c\" ABC #000102# xyz [h]w (nested \"q\\\"\\n\"))"
        );
        assert_eq!(one(&e.text()), e);
        assert_eq!(one("{KDE6YSk=}").text(), "(a)");
        assert_eq!(one("(1:a)").b64text(), "{KDE6YSk=}");
        assert_eq!(one("|AAECAwQF|").text(), "|AAECAwQF|");
    }

    #[test]
    fn errors_name_the_offset_and_whether_input_ran_out() {
        assert_eq!(error("(a b"), ("unclosed '(' at offset 0".into(), true));
        assert_eq!(error("  )"), ("missing token at offset 2".into(), false));
        assert_eq!(error("5:ab").0, "missing bytes in raw token at offset 3");
        assert_eq!(
            error("12ab").0,
            "token can't start with a digit at offset 2"
        );
        let blank = read(b" \n", 0);
        assert_eq!((blank.sexp, blank.used, blank.ran_out), (Ok(None), 2, true));
        let token = read(b"abc", 0);
        assert!(token.ran_out, "a token at the end may go on");
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        let deep = "(".repeat(MAX_DEPTH + 1);
        let (msg, _) = error(&deep);
        assert!(msg.starts_with("s-expression nested too deeply"), "{msg}");
    }
}
