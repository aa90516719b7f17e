//! Reading the parts of a line: constant expressions, operands, strings, places.
//!
//! A [`Cursor`] walks the tokens of one line. Expressions are evaluated as they are
//! read (labels are already known from a first pass), in 128-bit arithmetic with every
//! overflow reported, so that no text can make the assembler panic.

use std::collections::HashMap;

use super::error::AsmError;
use super::lex::Token;
use crate::object::Operand;

/// Smallest value an `OP`-encoded field can hold.
pub const OP_MIN: i128 = -(1 << 29);
/// Largest value an `OP`-encoded field can hold.
pub const OP_MAX: i128 = (1 << 29) - 1;

/// Where a data directive puts its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Module data (`@mp+n`, or a bare offset).
    Mp,
    /// The import tables (`@ldt+n`).
    Ldt,
}

/// The tokens of one line, read left to right.
pub struct Cursor<'a> {
    tokens: &'a [Token],
    pos: usize,
    line: usize,
    labels: &'a HashMap<String, i32>,
    /// How deeply the expression being read nests (bounded, so no text can exhaust
    /// the stack).
    depth: usize,
}

/// Deepest nesting of unary operators and parentheses an expression may have.
const MAX_DEPTH: usize = 200;

impl<'a> Cursor<'a> {
    pub fn new(tokens: &'a [Token], line: usize, labels: &'a HashMap<String, i32>) -> Self {
        Cursor {
            tokens,
            pos: 0,
            line,
            labels,
            depth: 0,
        }
    }

    pub fn line(&self) -> usize {
        self.line
    }

    /// Consumes a `name:` label in front of a statement, if there is one.
    pub fn label(&mut self) -> Option<&'a str> {
        match (self.peek(), self.peek_at(1)) {
            (Some(Token::Name(name)), Some(Token::Punct(':'))) => {
                self.pos += 2;
                Some(name)
            }
            _ => None,
        }
    }

    pub fn error(&self, message: impl Into<String>) -> AsmError {
        AsmError::new(self.line, message)
    }

    pub fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, ahead: usize) -> Option<&'a Token> {
        self.tokens.get(self.pos + ahead)
    }

    pub fn next(&mut self) -> Option<&'a Token> {
        let token = self.tokens.get(self.pos);
        self.pos += 1;
        token
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// Consumes `c` if it is next.
    pub fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Token::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub fn expect(&mut self, c: char) -> Result<(), AsmError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(format!("expected '{c}' {}", self.found())))
        }
    }

    /// Nothing may follow on the line.
    pub fn end(&self) -> Result<(), AsmError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => {
                Err(self.error(format!("unexpected {} at the end of the line", describe(t))))
            }
        }
    }

    /// "before 'x'" or "at the end of the line", for messages.
    fn found(&self) -> String {
        match self.peek() {
            Some(t) => format!("before {}", describe(t)),
            None => "at the end of the line".to_string(),
        }
    }

    /// A name token.
    pub fn name(&mut self, what: &str) -> Result<&'a str, AsmError> {
        match self.peek() {
            Some(Token::Name(n)) => {
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.error(format!("expected {what} {}", self.found()))),
        }
    }

    /// A quoted string's bytes.
    pub fn string(&mut self, what: &str) -> Result<Vec<u8>, AsmError> {
        match self.peek() {
            Some(Token::Str(s)) => {
                self.pos += 1;
                Ok(s.clone())
            }
            _ => Err(self.error(format!("expected {what} in quotes {}", self.found()))),
        }
    }

    /// A quoted string for a name or path: valid UTF-8 without zero bytes (the file
    /// ends such strings with a zero byte).
    pub fn text(&mut self, what: &str) -> Result<String, AsmError> {
        let bytes = self.string(what)?;
        if bytes.contains(&0) {
            return Err(self.error(format!("{what} cannot hold a zero byte")));
        }
        String::from_utf8(bytes).map_err(|_| self.error(format!("{what} is not valid UTF-8")))
    }

    /// A quoted string of hexadecimal digit pairs, as bytes.
    pub fn hex_string(&mut self, what: &str) -> Result<Vec<u8>, AsmError> {
        let digits = self.string(what)?;
        let bad = || self.error(format!("{what} must be pairs of hexadecimal digits"));
        if digits.len() % 2 != 0 {
            return Err(bad());
        }
        digits
            .chunks(2)
            .map(|pair| {
                std::str::from_utf8(pair)
                    .ok()
                    .and_then(|s| u8::from_str_radix(s, 16).ok())
                    .ok_or_else(bad)
            })
            .collect()
    }

    /// An expression whose value must lie in `lo..=hi`.
    pub fn ranged(&mut self, what: &str, lo: i128, hi: i128) -> Result<i128, AsmError> {
        let value = self.expr()?;
        in_range(value, what, lo, hi).map_err(|m| self.error(m))
    }

    /// An expression for a field stored as an `OP` (30-bit signed).
    pub fn op_value(&mut self, what: &str) -> Result<i32, AsmError> {
        self.ranged(what, OP_MIN, OP_MAX).map(narrow)
    }

    /// An expression for a count: an `OP` that is not negative.
    pub fn count(&mut self, what: &str) -> Result<i32, AsmError> {
        self.ranged(what, 0, OP_MAX).map(narrow)
    }

    /// An expression for a 32-bit word; values up to 2³²−1 wrap to negative words.
    pub fn word(&mut self, what: &str) -> Result<i32, AsmError> {
        self.ranged(what, i128::from(i32::MIN), i128::from(u32::MAX))
            .map(|v| v as u32 as i32)
    }

    /// A 32-bit type signature.
    pub fn signature(&mut self) -> Result<u32, AsmError> {
        self.word("signature").map(|v| v as u32)
    }

    /// `@mp+n`, `@ldt+n` or a bare offset: which area and the offset in it.
    pub fn place(&mut self) -> Result<(Base, i32), AsmError> {
        let base = match self.peek() {
            Some(Token::Name(n)) if n == "@ldt" => Base::Ldt,
            _ => Base::Mp,
        };
        Ok((base, self.op_value("offset")?))
    }

    /// A constant expression: `| ^ & << >> + - * / %` with C's precedence, unary
    /// `- + ~`, parentheses, numbers, character constants and labels.
    pub fn expr(&mut self) -> Result<i128, AsmError> {
        self.binary(0)
    }

    fn binary(&mut self, min_precedence: u8) -> Result<i128, AsmError> {
        let mut lhs = self.unary()?;
        while let Some((precedence, op)) = self.peek().and_then(binary_operator) {
            if precedence < min_precedence {
                break;
            }
            self.pos += 1;
            let rhs = self.binary(precedence + 1)?;
            lhs = apply(op, lhs, rhs).map_err(|m| self.error(m))?;
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<i128, AsmError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("expression nested too deeply"));
        }
        self.depth += 1;
        let value = self.primary();
        self.depth -= 1;
        value
    }

    fn primary(&mut self) -> Result<i128, AsmError> {
        match self.peek() {
            Some(Token::Punct('-')) => {
                self.pos += 1;
                self.unary()?
                    .checked_neg()
                    .ok_or_else(|| self.error("constant overflows"))
            }
            Some(Token::Punct('+')) => {
                self.pos += 1;
                self.unary()
            }
            Some(Token::Punct('~')) => {
                self.pos += 1;
                Ok(!self.unary()?)
            }
            Some(Token::Punct('(')) => {
                self.pos += 1;
                let value = self.expr()?;
                self.expect(')')?;
                Ok(value)
            }
            Some(Token::Int(v)) => {
                self.pos += 1;
                Ok(*v)
            }
            Some(Token::Name(n)) => {
                self.pos += 1;
                self.symbol(n)
            }
            Some(Token::Real(_)) => Err(self.error("a real number is not allowed here")),
            _ => Err(self.error(format!("expected a number {}", self.found()))),
        }
    }

    fn symbol(&self, name: &str) -> Result<i128, AsmError> {
        if name == "@mp" || name == "@ldt" {
            return Ok(0);
        }
        self.labels
            .get(name)
            .map(|&pc| i128::from(pc))
            .ok_or_else(|| self.error(format!("undefined label '{name}'")))
    }

    /// One real value: a number, `Inf`, `Infinity`, `NaN` (each with an optional
    /// sign, but no `-NaN`) or `bits(n)` giving the IEEE-754 bit pattern.
    pub fn real(&mut self) -> Result<u64, AsmError> {
        if self.peek() == Some(&Token::Name("bits".to_string())) {
            self.pos += 1;
            self.expect('(')?;
            let bits = self.ranged("real bit pattern", 0, i128::from(u64::MAX))?;
            self.expect(')')?;
            return Ok(bits as u64);
        }
        let negative = if self.eat('-') {
            true
        } else {
            self.eat('+');
            false
        };
        let magnitude = match self.next() {
            Some(Token::Real(r)) => *r,
            Some(Token::Int(i)) => *i as f64,
            Some(Token::Name(n)) if n == "Inf" || n == "Infinity" => f64::INFINITY,
            Some(Token::Name(n)) if n == "NaN" && !negative => return Ok(super::NAN_BITS),
            _ => {
                self.pos -= 1;
                return Err(self.error(format!("expected a real number {}", self.found())));
            }
        };
        Ok(if negative { -magnitude } else { magnitude }.to_bits())
    }

    /// An operand: `$n`, `n(fp)`, `n(mp)`, `s(f(fp))`, `s(f(mp))`, a bare label (an
    /// immediate), `_` (left empty) or `_6`/`_7` (a reserved address mode).
    pub fn operand(&mut self) -> Result<Operand, AsmError> {
        if self.eat('$') {
            return Ok(Operand::Imm(self.op_value("immediate")?));
        }
        if let Some(Token::Name(n)) = self.peek() {
            if matches!(self.peek_at(1), None | Some(Token::Punct(','))) {
                self.pos += 1;
                return Ok(match n.as_str() {
                    "_" => Operand::None,
                    "_6" => Operand::Reserved(6),
                    "_7" => Operand::Reserved(7),
                    label => Operand::Imm(narrow(self.symbol(label)?)),
                });
            }
        }
        let outer = self.expr()?;
        if !self.eat('(') {
            return Err(self.error(format!(
                "bad operand {}: expected $n, n(fp), n(mp), s(f(fp)) or s(f(mp))",
                self.found()
            )));
        }
        let outer = narrow(in_range(outer, "offset", OP_MIN, OP_MAX).map_err(|m| self.error(m))?);
        if let Some(frame) = self.register()? {
            return Ok(if frame {
                Operand::Fp(outer)
            } else {
                Operand::Mp(outer)
            });
        }
        let f = self.op_value("offset")?;
        self.expect('(')?;
        let Some(frame) = self.register()? else {
            return Err(self.error(format!("expected fp or mp {}", self.found())));
        };
        self.expect(')')?;
        let s = outer;
        Ok(if frame {
            Operand::IndFp(f, s)
        } else {
            Operand::IndMp(f, s)
        })
    }

    /// After a '(': `fp)` gives `Some(true)`, `mp)` `Some(false)`, anything that is not
    /// a register `None` (nothing consumed).
    fn register(&mut self) -> Result<Option<bool>, AsmError> {
        let Some(Token::Name(n)) = self.peek() else {
            return Ok(None);
        };
        let frame = match n.as_str() {
            "fp" => true,
            "mp" => false,
            other if self.peek_at(1) == Some(&Token::Punct(')')) => {
                return Err(self.error(format!("unknown register '{other}': expected fp or mp")))
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        self.expect(')')?;
        Ok(Some(frame))
    }
}

/// The value if it lies in `lo..=hi`, else the message saying why not.
pub fn in_range(value: i128, what: &str, lo: i128, hi: i128) -> Result<i128, String> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{what} {value} is out of range {lo}..{hi}"))
    }
}

/// A value already checked to fit 32 bits.
pub fn narrow(value: i128) -> i32 {
    i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX })
}

#[derive(Clone, Copy)]
enum BinOp {
    Or,
    Xor,
    And,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

fn binary_operator(token: &Token) -> Option<(u8, BinOp)> {
    Some(match token {
        Token::Punct('|') => (1, BinOp::Or),
        Token::Punct('^') => (2, BinOp::Xor),
        Token::Punct('&') => (3, BinOp::And),
        Token::Shl => (4, BinOp::Shl),
        Token::Shr => (4, BinOp::Shr),
        Token::Punct('+') => (5, BinOp::Add),
        Token::Punct('-') => (5, BinOp::Sub),
        Token::Punct('*') => (6, BinOp::Mul),
        Token::Punct('/') => (6, BinOp::Div),
        Token::Punct('%') => (6, BinOp::Rem),
        _ => return None,
    })
}

fn apply(op: BinOp, a: i128, b: i128) -> Result<i128, String> {
    let shift = || {
        u32::try_from(b)
            .ok()
            .filter(|&s| s < 128)
            .ok_or_else(|| format!("shift by {b} is out of range 0..127"))
    };
    let value = match op {
        BinOp::Or => Some(a | b),
        BinOp::Xor => Some(a ^ b),
        BinOp::And => Some(a & b),
        BinOp::Shl => a.checked_shl(shift()?),
        BinOp::Shr => a.checked_shr(shift()?),
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::Div | BinOp::Rem if b == 0 => return Err("division by zero".to_string()),
        BinOp::Div => a.checked_div(b),
        BinOp::Rem => a.checked_rem(b),
    };
    value.ok_or_else(|| "constant overflows".to_string())
}

/// A token as a message names it.
pub fn describe(token: &Token) -> String {
    match token {
        Token::Name(n) => format!("'{n}'"),
        Token::Int(v) => format!("'{v}'"),
        Token::Real(r) => format!("'{r:?}'"),
        Token::Str(_) => "a string".to_string(),
        Token::Shl => "'<<'".to_string(),
        Token::Shr => "'>>'".to_string(),
        Token::Punct(c) => format!("'{c}'"),
    }
}
