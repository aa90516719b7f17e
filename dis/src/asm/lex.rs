//! Splitting one line of assembler text into tokens.
//!
//! A line holds names (`movw`, `@mp`, `loop`), integers (`12`, `0x1f`, `'a'`), reals
//! (`1.5`, `2e-3`), quoted strings and punctuation. `#` starts a comment that runs to
//! the end of the line.

use super::error::AsmError;

/// One token of a line.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// A name: mnemonic, directive, register, label or `@mp`/`@ldt`.
    Name(String),
    /// An integer constant (also a character constant such as `'a'`).
    Int(i128),
    /// A real constant: it has a fraction or an exponent.
    Real(f64),
    /// A quoted string, escapes resolved, as bytes.
    Str(Vec<u8>),
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// Any other punctuation character: `, ( ) $ : + - * / % & | ^ ~`.
    Punct(char),
}

/// The tokens of one line (numbered `line` for errors).
pub fn tokenize(text: &str, line: usize) -> Result<Vec<Token>, AsmError> {
    let mut lexer = Lexer {
        chars: text.chars().collect(),
        pos: 0,
        line,
    };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.token()? {
        tokens.push(token);
    }
    Ok(tokens)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }

    fn error(&self, message: impl Into<String>) -> AsmError {
        AsmError::new(self.line, message)
    }

    /// The next token, or `None` at the end of the line or at a comment.
    fn token(&mut self) -> Result<Option<Token>, AsmError> {
        while self.peek().is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let token = match c {
            '#' => return Ok(None),
            '"' => {
                self.pos += 1;
                Token::Str(self.string()?)
            }
            '\'' => {
                self.pos += 1;
                Token::Int(self.character()?)
            }
            '0'..='9' => self.number()?,
            c if c.is_ascii_alphabetic() || c == '_' || c == '@' => self.name(),
            '<' | '>' => {
                self.pos += 1;
                if self.bump() != Some(c) {
                    return Err(self.error(format!("'{c}' must be doubled ('{c}{c}')")));
                }
                if c == '<' {
                    Token::Shl
                } else {
                    Token::Shr
                }
            }
            ',' | '(' | ')' | '$' | ':' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '~' => {
                self.pos += 1;
                Token::Punct(c)
            }
            c => return Err(self.error(format!("unexpected character '{}'", c.escape_default()))),
        };
        Ok(Some(token))
    }

    fn name(&mut self) -> Token {
        let start = self.pos;
        self.pos += 1;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            self.pos += 1;
        }
        Token::Name(self.chars[start..self.pos].iter().collect())
    }

    fn number(&mut self) -> Result<Token, AsmError> {
        let start = self.pos;
        if self.peek() == Some('0') && matches!(self.peek_at(1), Some('x' | 'X')) {
            self.pos += 2;
            let digits_start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.pos += 1;
            }
            let digits: String = self.chars[digits_start..self.pos].iter().collect();
            self.end_of_number(start)?;
            return i128::from_str_radix(&digits, 16)
                .map(Token::Int)
                .map_err(|_| self.error(format!("bad hexadecimal number '0x{digits}'")));
        }
        let mut real = false;
        self.skip_digits();
        if self.peek() == Some('.') {
            real = true;
            self.pos += 1;
            self.skip_digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(1), Some('+' | '-')));
            if self.peek_at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                real = true;
                self.pos += 1 + sign;
                self.skip_digits();
            }
        }
        self.end_of_number(start)?;
        let text: String = self.chars[start..self.pos].iter().collect();
        if real {
            text.parse::<f64>()
                .map(Token::Real)
                .map_err(|_| self.error(format!("bad real number '{text}'")))
        } else {
            text.parse::<i128>()
                .map(Token::Int)
                .map_err(|_| self.error(format!("number '{text}' is too large")))
        }
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A number must not run straight into a name (`12ab`).
    fn end_of_number(&self, start: usize) -> Result<(), AsmError> {
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            let mut end = self.pos;
            while self
                .chars
                .get(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            {
                end += 1;
            }
            let text: String = self.chars[start..end].iter().collect();
            return Err(self.error(format!("bad number '{text}'")));
        }
        Ok(())
    }

    /// The bytes of a string; the opening quote is already consumed.
    fn string(&mut self) -> Result<Vec<u8>, AsmError> {
        let mut bytes = Vec::new();
        loop {
            match self.bump() {
                None => return Err(self.error("string not closed with '\"'")),
                Some('"') => return Ok(bytes),
                Some('\\') => match self.escape()? {
                    Unit::Byte(b) => bytes.push(b),
                    Unit::Char(c) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                },
                Some(c) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
    }

    /// A character constant's value; the opening quote is already consumed.
    fn character(&mut self) -> Result<i128, AsmError> {
        let value = match self.bump() {
            None | Some('\'') => return Err(self.error("empty character constant")),
            Some('\\') => match self.escape()? {
                Unit::Byte(b) => i128::from(b),
                Unit::Char(c) => i128::from(u32::from(c)),
            },
            Some(c) => i128::from(u32::from(c)),
        };
        if self.bump() != Some('\'') {
            return Err(self.error("character constant not closed with \"'\""));
        }
        Ok(value)
    }

    /// The unit an escape sequence stands for; the backslash is already consumed.
    fn escape(&mut self) -> Result<Unit, AsmError> {
        let unit = match self.bump() {
            Some('n') => Unit::Char('\n'),
            Some('t') => Unit::Char('\t'),
            Some('r') => Unit::Char('\r'),
            Some('z' | '0') => Unit::Char('\0'),
            Some(c @ ('\\' | '"' | '\'')) => Unit::Char(c),
            Some('x') => {
                let hex: String = [self.bump(), self.bump()].into_iter().flatten().collect();
                match u8::from_str_radix(&hex, 16) {
                    Ok(b) if hex.len() == 2 => Unit::Byte(b),
                    _ => return Err(self.error("\\x must be followed by two hexadecimal digits")),
                }
            }
            Some(c) => return Err(self.error(format!("unknown escape '\\{}'", c.escape_default()))),
            None => return Err(self.error("escape at the end of the line")),
        };
        Ok(unit)
    }
}

/// What an escape sequence produces: a character, or one raw byte (`\xHH`).
enum Unit {
    Char(char),
    Byte(u8),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        tokenize(s, 1).unwrap()
    }

    #[test]
    fn instruction_line() {
        assert_eq!(
            toks("  movw $1, 32(64(fp)) # comment"),
            vec![
                Token::Name("movw".into()),
                Token::Punct('$'),
                Token::Int(1),
                Token::Punct(','),
                Token::Int(32),
                Token::Punct('('),
                Token::Int(64),
                Token::Punct('('),
                Token::Name("fp".into()),
                Token::Punct(')'),
                Token::Punct(')'),
            ]
        );
    }

    #[test]
    fn numbers_strings_and_characters() {
        assert_eq!(
            toks("0x1F 10 1.5 2e-3 1e300"),
            vec![
                Token::Int(31),
                Token::Int(10),
                Token::Real(1.5),
                Token::Real(2e-3),
                Token::Real(1e300),
            ]
        );
        assert_eq!(
            toks(r#""a\n\z\"\x80é""#),
            vec![Token::Str(b"a\n\0\"\x80\xc3\xa9".to_vec())]
        );
        assert_eq!(
            toks(r"'a' '\n' 'é'"),
            vec![Token::Int(97), Token::Int(10), Token::Int(0xe9)]
        );
        assert_eq!(
            toks("1<<4 >>"),
            vec![Token::Int(1), Token::Shl, Token::Int(4), Token::Shr]
        );
        assert_eq!(
            toks("@mp+4"),
            vec![Token::Name("@mp".into()), Token::Punct('+'), Token::Int(4)]
        );
    }

    #[test]
    fn faults_name_the_line() {
        for bad in [
            "\"open", "12ab", "'ab'", "\"\\q\"", "\"\\x4\"", "a < b", "`", "''",
        ] {
            let err = tokenize(bad, 7).unwrap_err();
            assert_eq!(err.line, 7, "{bad}");
        }
        let huge = "9".repeat(60);
        assert!(tokenize(&huge, 1).is_err());
    }
}
