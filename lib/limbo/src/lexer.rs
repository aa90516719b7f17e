//! The lexer: source text to tokens (identifiers, keywords, literals, operators).

use crate::diag::{Diagnostics, Files, Pos, Span};

/// Reserved words of the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kw {
    Adt,
    Alt,
    Array,
    Big,
    Break,
    Byte,
    Case,
    Chan,
    Con,
    Continue,
    Cyclic,
    Do,
    Dynamic,
    Else,
    Exception,
    Exit,
    Fixed,
    Fn,
    For,
    Hd,
    If,
    Implement,
    Import,
    Include,
    Int,
    Len,
    List,
    Load,
    Module,
    Nil,
    Of,
    Or,
    Pick,
    Raise,
    Raises,
    Real,
    Ref,
    Return,
    Self_,
    Spawn,
    String,
    Tagof,
    Tl,
    To,
    Type,
    While,
}

const KEYWORDS: &[(&str, Kw)] = &[
    ("adt", Kw::Adt),
    ("alt", Kw::Alt),
    ("array", Kw::Array),
    ("big", Kw::Big),
    ("break", Kw::Break),
    ("byte", Kw::Byte),
    ("case", Kw::Case),
    ("chan", Kw::Chan),
    ("con", Kw::Con),
    ("continue", Kw::Continue),
    ("cyclic", Kw::Cyclic),
    ("do", Kw::Do),
    ("dynamic", Kw::Dynamic),
    ("else", Kw::Else),
    ("exception", Kw::Exception),
    ("exit", Kw::Exit),
    ("fixed", Kw::Fixed),
    ("fn", Kw::Fn),
    ("for", Kw::For),
    ("hd", Kw::Hd),
    ("if", Kw::If),
    ("implement", Kw::Implement),
    ("import", Kw::Import),
    ("include", Kw::Include),
    ("int", Kw::Int),
    ("len", Kw::Len),
    ("list", Kw::List),
    ("load", Kw::Load),
    ("module", Kw::Module),
    ("nil", Kw::Nil),
    ("of", Kw::Of),
    ("or", Kw::Or),
    ("pick", Kw::Pick),
    ("raise", Kw::Raise),
    ("raises", Kw::Raises),
    ("real", Kw::Real),
    ("ref", Kw::Ref),
    ("return", Kw::Return),
    ("self", Kw::Self_),
    ("spawn", Kw::Spawn),
    ("string", Kw::String),
    ("tagof", Kw::Tagof),
    ("tl", Kw::Tl),
    ("to", Kw::To),
    ("type", Kw::Type),
    ("while", Kw::While),
];

impl Kw {
    pub fn name(self) -> &'static str {
        KEYWORDS
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

/// Operators and punctuation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Amp,
    Bar,
    Caret,
    Tilde,
    Bang,
    Assign,
    Lt,
    Gt,
    Eq,
    Ne,
    Le,
    Ge,
    Shl,
    Shr,
    AndAnd,
    OrOr,
    Comm,
    Cons,
    Power,
    Inc,
    Dec,
    Arrow,
    Darrow,
    Declare,
    PlusEq,
    MinusEq,
    StarEq,
    SlashEq,
    PercentEq,
    AmpEq,
    BarEq,
    CaretEq,
    ShlEq,
    ShrEq,
    PowerEq,
    Colon,
    Semi,
    Comma,
    Dot,
    LParen,
    RParen,
    LBrack,
    RBrack,
    LBrace,
    RBrace,
}

const OPERATORS: &[(&str, Op)] = &[
    ("<<=", Op::ShlEq),
    (">>=", Op::ShrEq),
    ("**=", Op::PowerEq),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("<<", Op::Shl),
    (">>", Op::Shr),
    ("&&", Op::AndAnd),
    ("||", Op::OrOr),
    ("<-", Op::Comm),
    ("::", Op::Cons),
    ("**", Op::Power),
    ("++", Op::Inc),
    ("--", Op::Dec),
    ("->", Op::Arrow),
    ("=>", Op::Darrow),
    (":=", Op::Declare),
    ("+=", Op::PlusEq),
    ("-=", Op::MinusEq),
    ("*=", Op::StarEq),
    ("/=", Op::SlashEq),
    ("%=", Op::PercentEq),
    ("&=", Op::AmpEq),
    ("|=", Op::BarEq),
    ("^=", Op::CaretEq),
    ("+", Op::Plus),
    ("-", Op::Minus),
    ("*", Op::Star),
    ("/", Op::Slash),
    ("%", Op::Percent),
    ("&", Op::Amp),
    ("|", Op::Bar),
    ("^", Op::Caret),
    ("~", Op::Tilde),
    ("!", Op::Bang),
    ("=", Op::Assign),
    ("<", Op::Lt),
    (">", Op::Gt),
    (":", Op::Colon),
    (";", Op::Semi),
    (",", Op::Comma),
    (".", Op::Dot),
    ("(", Op::LParen),
    (")", Op::RParen),
    ("[", Op::LBrack),
    ("]", Op::RBrack),
    ("{", Op::LBrace),
    ("}", Op::RBrace),
];

impl Op {
    pub fn text(self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(t, _)| *t)
            .unwrap_or("?")
    }
}

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Kw(Kw),
    Op(Op),
    /// Integer or character constant; `big` when outside the 32-bit range.
    Int(i64),
    Real(f64),
    Str(String),
    Eof,
}

impl Tok {
    /// How the token is named in a syntax error.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => s.clone(),
            Tok::Kw(k) => k.name().to_string(),
            Tok::Op(o) => o.text().to_string(),
            Tok::Int(v) => v.to_string(),
            Tok::Real(r) => r.to_string(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Eof => "end of file".to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Only this many characters of an identifier are significant.
const IDENT_SIGNIFICANT: usize = 256;

struct Lexer<'a> {
    chars: Vec<char>,
    at: usize,
    line: u32,
    col: u32,
    file: u32,
    files: &'a mut Files,
    diags: &'a mut Diagnostics,
}

/// Tokenise a whole file; the last token is always `Tok::Eof`. A `#line` comment
/// naming a file registers that name in `files` for the tokens that follow.
pub fn lex(src: &str, file: u32, files: &mut Files, diags: &mut Diagnostics) -> Vec<Token> {
    let mut lx = Lexer {
        chars: src.chars().collect(),
        at: 0,
        line: 1,
        col: 1,
        file,
        files,
        diags,
    };
    let mut out = Vec::new();
    loop {
        lx.skip_blanks();
        let start = lx.pos();
        let tok = match lx.peek(0) {
            None => {
                out.push(Token {
                    tok: Tok::Eof,
                    span: lx.span_from(start),
                });
                return out;
            }
            Some(c) => lx.token(c),
        };
        if let Some(tok) = tok {
            out.push(Token {
                tok,
                span: lx.span_from(start),
            });
        }
    }
}

/// The keyword spelled `s`, if any.
fn keyword(s: &str) -> Option<Kw> {
    let first = *s.as_bytes().first()?;
    if !first.is_ascii_lowercase() || s.len() > 9 {
        return None;
    }
    KEYWORDS.iter().find(|(k, _)| *k == s).map(|(_, kw)| *kw)
}

/// The longest operator starting with `c` (followed by `c1`, `c2`) and its length.
fn operator(c: char, c1: Option<char>, c2: Option<char>) -> Option<(Op, usize)> {
    let two = |second: char, op2: Op, one: Op| {
        if c1 == Some(second) {
            (op2, 2)
        } else {
            (one, 1)
        }
    };
    Some(match c {
        '<' => match (c1, c2) {
            (Some('<'), Some('=')) => (Op::ShlEq, 3),
            (Some('<'), _) => (Op::Shl, 2),
            (Some('='), _) => (Op::Le, 2),
            (Some('-'), _) => (Op::Comm, 2),
            _ => (Op::Lt, 1),
        },
        '>' => match (c1, c2) {
            (Some('>'), Some('=')) => (Op::ShrEq, 3),
            (Some('>'), _) => (Op::Shr, 2),
            (Some('='), _) => (Op::Ge, 2),
            _ => (Op::Gt, 1),
        },
        '*' => match (c1, c2) {
            (Some('*'), Some('=')) => (Op::PowerEq, 3),
            (Some('*'), _) => (Op::Power, 2),
            (Some('='), _) => (Op::StarEq, 2),
            _ => (Op::Star, 1),
        },
        '=' => match c1 {
            Some('=') => (Op::Eq, 2),
            Some('>') => (Op::Darrow, 2),
            _ => (Op::Assign, 1),
        },
        '!' => two('=', Op::Ne, Op::Bang),
        '&' => match c1 {
            Some('&') => (Op::AndAnd, 2),
            Some('=') => (Op::AmpEq, 2),
            _ => (Op::Amp, 1),
        },
        '|' => match c1 {
            Some('|') => (Op::OrOr, 2),
            Some('=') => (Op::BarEq, 2),
            _ => (Op::Bar, 1),
        },
        ':' => match c1 {
            Some(':') => (Op::Cons, 2),
            Some('=') => (Op::Declare, 2),
            _ => (Op::Colon, 1),
        },
        '+' => match c1 {
            Some('+') => (Op::Inc, 2),
            Some('=') => (Op::PlusEq, 2),
            _ => (Op::Plus, 1),
        },
        '-' => match c1 {
            Some('-') => (Op::Dec, 2),
            Some('=') => (Op::MinusEq, 2),
            Some('>') => (Op::Arrow, 2),
            _ => (Op::Minus, 1),
        },
        '/' => two('=', Op::SlashEq, Op::Slash),
        '%' => two('=', Op::PercentEq, Op::Percent),
        '^' => two('=', Op::CaretEq, Op::Caret),
        '~' => (Op::Tilde, 1),
        ';' => (Op::Semi, 1),
        ',' => (Op::Comma, 1),
        '.' => (Op::Dot, 1),
        '(' => (Op::LParen, 1),
        ')' => (Op::RParen, 1),
        '[' => (Op::LBrack, 1),
        ']' => (Op::RBrack, 1),
        '{' => (Op::LBrace, 1),
        '}' => (Op::RBrace, 1),
        _ => return None,
    })
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (c as u32) > 0xA0
}

fn is_ident_char(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

impl Lexer<'_> {
    fn peek(&self, n: usize) -> Option<char> {
        self.chars.get(self.at + n).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }
    fn span_from(&self, start: Pos) -> Span {
        Span {
            file: self.file,
            start,
            end: self.pos(),
        }
    }
    fn error(&mut self, start: Pos, msg: String) {
        let span = self.span_from(start);
        self.diags.error(span, msg);
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek(0) {
            if c == '#' {
                let start = self.at;
                while let Some(c) = self.peek(0) {
                    if c == '\n' {
                        break;
                    }
                    self.bump();
                }
                let text: String = self.chars[start..self.at].iter().collect();
                self.line_directive(&text);
            } else if matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0b' | '\x0c') {
                self.bump();
            } else {
                break;
            }
        }
    }

    /// `#line N "file"` sets the line number (and file name) of the next line.
    fn line_directive(&mut self, text: &str) {
        let Some(rest) = text.strip_prefix("#line ") else {
            return;
        };
        let rest = rest.trim_start();
        let num: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = num.parse::<u32>() else { return };
        let name = rest[num.len()..]
            .trim()
            .strip_prefix('"')
            .and_then(|r| r.split_once('"'))
            .map(|(name, _)| name.to_string());
        if self.peek(0) == Some('\n') {
            self.bump();
            self.line = n;
            if let Some(name) = name {
                self.file = self.files.add(&name);
            }
        }
    }

    fn token(&mut self, c: char) -> Option<Tok> {
        let start = self.pos();
        if is_ident_start(c) {
            return Some(self.word());
        }
        if c.is_ascii_digit() || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) {
            return Some(self.number(start));
        }
        match c {
            '\'' => return Some(self.char_const(start)),
            '"' => return Some(self.string(start)),
            '`' => return Some(self.raw_string(start)),
            _ => {}
        }
        if let Some((op, len)) = operator(c, self.peek(1), self.peek(2)) {
            for _ in 0..len {
                self.bump();
            }
            return Some(Tok::Op(op));
        }
        self.bump();
        self.error(
            start,
            format!(
                "illegal character '{}' (0x{:x})",
                c.escape_default(),
                c as u32
            ),
        );
        None
    }

    fn word(&mut self) -> Tok {
        let mut s = String::new();
        let mut n = 0;
        while let Some(c) = self.peek(0) {
            if !is_ident_char(c) {
                break;
            }
            self.bump();
            if n < IDENT_SIGNIFICANT {
                s.push(c);
            }
            n += 1;
        }
        match keyword(&s) {
            Some(kw) => Tok::Kw(kw),
            None => Tok::Ident(s),
        }
    }

    fn decimal_digits(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek(0).filter(char::is_ascii_digit) {
            s.push(c);
            self.bump();
        }
        s
    }

    fn number(&mut self, start: Pos) -> Tok {
        let whole = self.decimal_digits();
        if matches!(self.peek(0), Some('r' | 'R')) && !whole.is_empty() {
            return self.radix_number(start, &whole);
        }
        let mut text = whole;
        let mut is_real = false;
        if self.peek(0) == Some('.') {
            is_real = true;
            self.bump();
            text.push('.');
            text.push_str(&self.decimal_digits());
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            let sign = matches!(self.peek(1), Some('+' | '-'));
            let digit_at = if sign { 2 } else { 1 };
            if self.peek(digit_at).is_some_and(|d| d.is_ascii_digit()) {
                is_real = true;
                text.push('e');
                self.bump();
                if sign {
                    text.push(self.bump().unwrap_or('+'));
                }
                text.push_str(&self.decimal_digits());
            }
        }
        if is_real {
            return match text.parse::<f64>() {
                Ok(v) => Tok::Real(v),
                Err(_) => {
                    self.error(start, format!("bad real constant {text}"));
                    Tok::Real(0.0)
                }
            };
        }
        let mut v: i64 = 0;
        for d in text.chars() {
            v = v.wrapping_mul(10).wrapping_add(d as i64 - '0' as i64);
        }
        Tok::Int(v)
    }

    fn radix_number(&mut self, start: Pos, base_text: &str) -> Tok {
        self.bump();
        let base: u32 = base_text.parse().unwrap_or(0);
        if !(2..=36).contains(&base) {
            self.error(start, format!("radix {base_text} must be between 2 and 36"));
            self.alnum_run();
            return Tok::Int(0);
        }
        let mut v: i64 = 0;
        let mut any = false;
        while let Some(c) = self.peek(0) {
            let Some(d) = c.to_digit(36) else { break };
            if d >= base {
                self.error(start, format!("digit '{c}' not in radix {base}"));
                self.alnum_run();
                return Tok::Int(v);
            }
            any = true;
            v = v.wrapping_mul(base as i64).wrapping_add(d as i64);
            self.bump();
        }
        if !any {
            self.error(start, "no digits after radix".to_string());
        }
        if self.peek(0) == Some('.')
            && self
                .peek(1)
                .is_some_and(|c| c.to_digit(36).is_some_and(|d| d < base))
        {
            self.bump();
            let mut r = v as f64;
            let mut scale = 1.0 / base as f64;
            while let Some(d) = self
                .peek(0)
                .and_then(|c| c.to_digit(36))
                .filter(|d| *d < base)
            {
                r += d as f64 * scale;
                scale /= base as f64;
                self.bump();
            }
            return Tok::Real(r);
        }
        Tok::Int(v)
    }

    fn alnum_run(&mut self) {
        while self.peek(0).is_some_and(|c| c.is_ascii_alphanumeric()) {
            self.bump();
        }
    }

    /// One character of a quoted literal, with escapes; None at end of input.
    fn quoted_char(&mut self, start: Pos) -> Option<char> {
        let c = self.bump()?;
        if c != '\\' {
            return Some(c);
        }
        let e = self.bump()?;
        Some(match e {
            '\\' => '\\',
            '\'' => '\'',
            '"' => '"',
            'a' => '\x07',
            'b' => '\x08',
            't' => '\t',
            'n' => '\n',
            'v' => '\x0b',
            'f' => '\x0c',
            'r' => '\r',
            '0' => '\0',
            'u' => {
                let mut v = 0u32;
                for _ in 0..4 {
                    match self.peek(0).and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            self.bump();
                        }
                        None => {
                            self.error(
                                start,
                                "bad \\u escape: need exactly 4 hex digits".to_string(),
                            );
                            break;
                        }
                    }
                }
                char::from_u32(v).unwrap_or('\u{FFFD}')
            }
            other => {
                self.error(
                    start,
                    format!("unknown escape sequence '\\{}'", other.escape_default()),
                );
                other
            }
        })
    }

    /// A character constant: whatever character follows the quote (a quote or a
    /// newline too, as the original reads it: `'''` is the quote), then the closing quote.
    fn char_const(&mut self, start: Pos) -> Tok {
        self.bump();
        let Some(c) = self.quoted_char(start) else {
            self.error(start, "end of file in character constant".to_string());
            return Tok::Int(0);
        };
        if self.peek(0) == Some('\'') {
            self.bump();
        } else {
            self.error(start, "missing closing '".to_string());
        }
        Tok::Int(c as i64)
    }

    fn string(&mut self, start: Pos) -> Tok {
        self.bump();
        let mut s = String::new();
        loop {
            match self.peek(0) {
                None | Some('\n') => {
                    self.error(start, "newline in string".to_string());
                    return Tok::Str(s);
                }
                Some('"') => {
                    self.bump();
                    return Tok::Str(s);
                }
                Some(_) => {
                    if let Some(c) = self.quoted_char(start) {
                        s.push(c);
                    }
                }
            }
        }
    }

    fn raw_string(&mut self, start: Pos) -> Tok {
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                None => {
                    self.error(start, "end of file in raw string".to_string());
                    return Tok::Str(s);
                }
                Some('`') => return Tok::Str(s),
                Some(c) => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        let mut d = Diagnostics::default();
        let t = lex(src, 0, &mut Files::default(), &mut d);
        assert!(!d.has_errors(), "{d:?}");
        t.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn literals() {
        assert_eq!(
            toks("16rFF 2r101 36rZZ 10x"),
            vec![
                Tok::Int(255),
                Tok::Int(5),
                Tok::Int(1295),
                Tok::Int(10),
                Tok::Ident("x".into()),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("1.5 .5 5. 1e10 16r1.8"),
            vec![
                Tok::Real(1.5),
                Tok::Real(0.5),
                Tok::Real(5.0),
                Tok::Real(1e10),
                Tok::Real(1.5),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks(r"'\n' '\u263a' 'é'"),
            vec![Tok::Int(10), Tok::Int(0x263a), Tok::Int(0xe9), Tok::Eof]
        );
        assert_eq!(
            toks("\"a\\tb\" `x\\y`"),
            vec![Tok::Str("a\tb".into()), Tok::Str("x\\y".into()), Tok::Eof]
        );
    }

    #[test]
    fn line_directive_renames_the_file() {
        let mut files = Files::default();
        let main = files.add("main.b");
        let mut d = Diagnostics::default();
        let t = lex("x\n#line 40 \"gen.y\"\ny\n", main, &mut files, &mut d);
        assert_eq!(t[0].span.start.line, 1);
        assert_eq!(
            (files.name(t[1].span.file), t[1].span.start.line),
            ("gen.y", 40)
        );
    }

    #[test]
    fn operators() {
        assert_eq!(
            toks("c <-= x <<= ** :="),
            vec![
                Tok::Ident("c".into()),
                Tok::Op(Op::Comm),
                Tok::Op(Op::Assign),
                Tok::Ident("x".into()),
                Tok::Op(Op::ShlEq),
                Tok::Op(Op::Power),
                Tok::Op(Op::Declare),
                Tok::Eof
            ]
        );
    }
}
