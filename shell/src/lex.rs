//! Splitting sh text into tokens: words, quoted words, operators and
//! redirections, each marked with whether blank space came before it (free
//! carets depend on it). `#` starts a comment wherever a token may start.

/// A token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Word(String),
    QWord(String),
    Dollar,
    Count,
    JoinVar,
    Backquote,
    Quote,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Semi,
    Amp,
    AndAnd,
    OrOr,
    /// A pipe joining fd `from` of the left to fd `to` of the right.
    Pipe {
        from: i32,
        to: i32,
    },
    Caret,
    Eq,
    ColonEq,
    /// `<`, `>`, `>>` or `<>` with its fd.
    Redir {
        op: &'static str,
        fd: i32,
    },
    /// `>[a=b]` or `<[a=b]`.
    Dup {
        fd: i32,
        to: Option<i32>,
    },
    Newline,
    End,
}

/// What went wrong while reading tokens.
#[derive(Clone, Debug, PartialEq)]
pub enum LexError {
    /// The text ended inside a quoted word.
    Unterminated,
    Bad(String),
}

/// A token and whether it follows its predecessor with no blank between.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub glued: bool,
}

fn ends_word(c: char) -> bool {
    " \t\r\n#;&|^$`'{}()<>\"=".contains(c)
}

fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '*' || c == '_'
}

/// Reads all tokens of `src`.
pub fn tokens(src: &str) -> Result<Vec<Token>, LexError> {
    let s: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out: Vec<Token> = Vec::new();
    let mut glued = false;
    let mut after_dollar = false;
    while i < s.len() {
        let c = s[i];
        if c == ' ' || c == '\t' || c == '\r' {
            i += 1;
            glued = false;
            continue;
        }
        if c == '#' {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
            glued = false;
            continue;
        }
        let next = s.get(i + 1).copied();
        let (tok, len) = match c {
            '\n' => (Tok::Newline, 1),
            ';' => (Tok::Semi, 1),
            '&' if next == Some('&') => (Tok::AndAnd, 2),
            '&' => (Tok::Amp, 1),
            '|' if next == Some('|') => (Tok::OrOr, 2),
            '|' if next == Some('[') => {
                let (a, b, n) = fd_spec(&s[i + 1..])?;
                match b {
                    Some(b) => (Tok::Pipe { from: b, to: a }, 1 + n),
                    None => (Tok::Pipe { from: a, to: 0 }, 1 + n),
                }
            }
            '|' => (Tok::Pipe { from: 1, to: 0 }, 1),
            '^' => (Tok::Caret, 1),
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '{' => (Tok::LBrace, 1),
            '}' => (Tok::RBrace, 1),
            '=' => (Tok::Eq, 1),
            ':' if next == Some('=') => (Tok::ColonEq, 2),
            '`' => (Tok::Backquote, 1),
            '"' => (Tok::Quote, 1),
            '$' if next == Some('#') => (Tok::Count, 2),
            '$' if next == Some('"') => (Tok::JoinVar, 2),
            '$' => (Tok::Dollar, 1),
            '<' | '>' => {
                let (op, n) = match (c, next) {
                    ('>', Some('>')) => (">>", 2),
                    ('<', Some('>')) => ("<>", 2),
                    ('>', _) => (">", 1),
                    _ => ("<", 1),
                };
                let default = if op.starts_with('>') { 1 } else { 0 };
                if s.get(i + n) == Some(&'[') {
                    let (a, b, m) = fd_spec(&s[i + n..])?;
                    if b.is_some() || s.get(i + n + m - 2) == Some(&'=') {
                        (Tok::Dup { fd: a, to: b }, n + m)
                    } else {
                        (Tok::Redir { op, fd: a }, n + m)
                    }
                } else {
                    (Tok::Redir { op, fd: default }, n)
                }
            }
            '\'' => {
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    match s.get(j) {
                        None => return Err(LexError::Unterminated),
                        Some('\'') if s.get(j + 1) == Some(&'\'') => {
                            text.push('\'');
                            j += 2;
                        }
                        Some('\'') => break,
                        Some(&ch) => {
                            text.push(ch);
                            j += 1;
                        }
                    }
                }
                (Tok::QWord(text), j + 1 - i)
            }
            _ => {
                let mut j = i;
                let mut text = String::new();
                while let Some(&ch) = s.get(j) {
                    let stop = if after_dollar {
                        !is_name(ch)
                    } else {
                        ends_word(ch) || (ch == ':' && s.get(j + 1) == Some(&'='))
                    };
                    if stop {
                        break;
                    }
                    text.push(ch);
                    j += 1;
                }
                if j == i {
                    // After `$` a character that cannot start a name: an ordinary word.
                    after_dollar = false;
                    continue;
                }
                (Tok::Word(text), j - i)
            }
        };
        after_dollar = matches!(tok, Tok::Dollar | Tok::Count | Tok::JoinVar);
        out.push(Token { tok, glued });
        glued = true;
        i += len;
    }
    out.push(Token {
        tok: Tok::End,
        glued: false,
    });
    Ok(out)
}

/// Reads `[a]` or `[a=b]` or `[a=]` at the start of `s`: the numbers and the
/// characters used.
fn fd_spec(s: &[char]) -> Result<(i32, Option<i32>, usize), LexError> {
    let close = s
        .iter()
        .position(|&c| c == ']')
        .ok_or_else(|| LexError::Bad("syntax error in redirection".into()))?;
    let inner: String = s[1..close].iter().collect();
    let bad = || LexError::Bad("syntax error in redirection".into());
    let num = |t: &str| t.trim().parse::<i32>().map_err(|_| bad());
    match inner.split_once('=') {
        Some((a, "")) => Ok((num(a)?, None, close + 1)),
        Some((a, b)) => Ok((num(a)?, Some(num(b)?), close + 1)),
        None => Ok((num(&inner)?, None, close + 1)),
    }
}
