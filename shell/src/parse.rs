//! The sh grammar over tokens: lines of commands, pipelines, `&&`/`||`
//! (rewritten to the `and`/`or` builtins), assignments, redirections, and
//! words joined by explicit or free carets.

use crate::lex::{tokens, LexError, Tok, Token};
use crate::syntax::{Cmd, Redir, RedirKind, Word};

/// Why text did not parse.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseError {
    /// The text ends before the command does (an open brace, quote or list).
    Incomplete,
    Syntax(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Incomplete => write!(f, "syntax error"),
            ParseError::Syntax(s) => write!(f, "{s}"),
        }
    }
}

/// Parses a whole script: every line's commands, in order.
pub fn parse(src: &str) -> Result<Cmd, ParseError> {
    let toks = tokens(src).map_err(|e| match e {
        LexError::Unterminated => ParseError::Incomplete,
        LexError::Bad(s) => ParseError::Syntax(s),
    })?;
    let mut p = Parser {
        toks,
        at: 0,
        depth: 0,
    };
    let body = p.body(true)?;
    match p.peek() {
        Tok::End => Ok(body),
        t => Err(p.unexpected(&t)),
    }
}

struct Parser {
    toks: Vec<Token>,
    at: usize,
    /// How many word parts enclose the one being read.
    depth: usize,
}

/// The deepest nesting the parser accepts: of blocks, lists and `$`, each
/// `&&` or `||` of a chain, and each `=` of a chained assignment.
const MAX_NESTING: usize = 100;

fn syntax(s: impl Into<String>) -> ParseError {
    ParseError::Syntax(s.into())
}

impl Parser {
    fn peek(&self) -> Tok {
        self.toks
            .get(self.at)
            .map(|t| t.tok.clone())
            .unwrap_or(Tok::End)
    }

    fn glued(&self) -> bool {
        self.toks.get(self.at).is_some_and(|t| t.glued)
    }

    fn next(&mut self) -> Tok {
        let t = self.peek();
        self.at += 1;
        t
    }

    fn unexpected(&self, t: &Tok) -> ParseError {
        match t {
            Tok::End => ParseError::Incomplete,
            _ => syntax("syntax error"),
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Tok::Newline {
            self.at += 1;
        }
    }

    /// Commands separated by `;`, `&` and newlines, up to `}` or the end.
    fn body(&mut self, top: bool) -> Result<Cmd, ParseError> {
        let mut cmds: Vec<(Cmd, bool)> = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                Tok::End => break,
                Tok::RBrace if !top => break,
                _ => {}
            }
            let c = self.or2()?;
            match self.peek() {
                Tok::Semi | Tok::Newline => {
                    self.at += 1;
                    cmds.push((c, false));
                }
                Tok::Amp => {
                    self.at += 1;
                    cmds.push((c, true));
                }
                Tok::End => cmds.push((c, false)),
                Tok::RBrace if !top => cmds.push((c, false)),
                t => return Err(self.unexpected(&t)),
            }
        }
        cmds.retain(|(c, bg)| *c != Cmd::Empty || *bg);
        Ok(match cmds.len() {
            0 => Cmd::Empty,
            1 if !cmds[0].1 => cmds.remove(0).0,
            _ => Cmd::Seq(cmds),
        })
    }

    /// `a || b || c`: `or {or {a} {b}} {c}`, as the original nests it; each
    /// `||` is a level of nesting.
    fn or2(&mut self) -> Result<Cmd, ParseError> {
        let outer = self.depth;
        let r = self.chain(Tok::OrOr, "or", Self::and2);
        self.depth = outer;
        r
    }

    /// `a && b`: `and {a} {b}`, nested as `||` is.
    fn and2(&mut self) -> Result<Cmd, ParseError> {
        let outer = self.depth;
        let r = self.chain(Tok::AndAnd, "and", Self::pipe);
        self.depth = outer;
        r
    }

    /// Operands joined by `op`, folded into calls of builtin `name`; the
    /// caller restores the depth.
    fn chain(
        &mut self,
        op: Tok,
        name: &str,
        operand: fn(&mut Self) -> Result<Cmd, ParseError>,
    ) -> Result<Cmd, ParseError> {
        let mut left = operand(self)?;
        while self.peek() == op {
            self.at += 1;
            self.nest()?;
            self.skip_newlines();
            let right = operand(self)?;
            left = builtin_call(name, left, right);
        }
        Ok(left)
    }

    /// One more level of nesting, or the error past the limit.
    fn nest(&mut self) -> Result<(), ParseError> {
        if self.depth >= MAX_NESTING {
            return Err(syntax("syntax error: nested too deeply"));
        }
        self.depth += 1;
        Ok(())
    }

    fn pipe(&mut self) -> Result<Cmd, ParseError> {
        let first = self.cmd()?;
        let mut cmds = vec![first];
        let mut joins = Vec::new();
        while let Tok::Pipe { from, to } = self.peek() {
            self.at += 1;
            self.skip_newlines();
            if cmds.last() == Some(&Cmd::Empty) {
                return Err(syntax("syntax error"));
            }
            let c = self.cmd()?;
            if c == Cmd::Empty {
                return Err(self.unexpected(&self.peek()));
            }
            cmds.push(c);
            joins.push((from, to));
        }
        Ok(if cmds.len() == 1 {
            cmds.remove(0)
        } else {
            Cmd::Pipe(cmds, joins)
        })
    }

    fn starts_word(t: &Tok) -> bool {
        matches!(
            t,
            Tok::Word(_)
                | Tok::QWord(_)
                | Tok::Dollar
                | Tok::Count
                | Tok::JoinVar
                | Tok::Backquote
                | Tok::Quote
                | Tok::LParen
                | Tok::LBrace
        )
    }

    fn cmd(&mut self) -> Result<Cmd, ParseError> {
        let mut redirs = Vec::new();
        while let Some(r) = self.redir()? {
            redirs.push(r);
        }
        let t = self.peek();
        if !Self::starts_word(&t) {
            return Ok(if redirs.is_empty() {
                Cmd::Empty
            } else {
                Cmd::Simple {
                    words: Vec::new(),
                    redirs,
                }
            });
        }
        let first = self.word()?;
        let local = match self.peek() {
            Tok::Eq => Some(false),
            Tok::ColonEq => Some(true),
            _ => None,
        };
        let c = if let Some(local) = local {
            self.at += 1;
            self.nest()?;
            let rest = self.cmd();
            self.depth -= 1;
            let rest = rest?;
            let (value, then) = match rest {
                Cmd::Simple { words, redirs } if redirs.is_empty() => (words, None),
                Cmd::Empty => (Vec::new(), None),
                other @ Cmd::Assign { .. } => (Vec::new(), Some(Box::new(other))),
                _ => return Err(syntax("syntax error")),
            };
            Cmd::Assign {
                names: first,
                local,
                value,
                then,
            }
        } else {
            let mut words = vec![first];
            let mut tail = Vec::new();
            loop {
                if let Some(r) = self.redir()? {
                    match r {
                        Redir {
                            kind: kind @ (RedirKind::Read | RedirKind::Write),
                            target: Some(cmd @ Word::Block(_)),
                            ..
                        } => words.push(Word::Pipe {
                            reads: kind == RedirKind::Read,
                            cmd: Box::new(cmd),
                        }),
                        r => tail.push(r),
                    }
                    continue;
                }
                let t = self.peek();
                if Self::starts_word(&t) {
                    words.push(self.word()?);
                } else if matches!(t, Tok::Eq | Tok::ColonEq) {
                    return Err(self.unexpected(&t));
                } else {
                    break;
                }
            }
            Cmd::Simple {
                words,
                redirs: tail,
            }
        };
        Ok(if redirs.is_empty() {
            c
        } else {
            Cmd::Redirected(Box::new(c), redirs)
        })
    }

    fn redir(&mut self) -> Result<Option<Redir>, ParseError> {
        match self.peek() {
            Tok::Dup { fd, to } => {
                self.at += 1;
                Ok(Some(Redir {
                    kind: RedirKind::Dup(to),
                    fd,
                    target: None,
                }))
            }
            Tok::Redir { op, fd } => {
                self.at += 1;
                let kind = match op {
                    "<" => RedirKind::Read,
                    ">" => RedirKind::Write,
                    ">>" => RedirKind::Append,
                    _ => RedirKind::ReadWrite,
                };
                let t = self.peek();
                if !Self::starts_word(&t) {
                    return Err(self.unexpected(&t));
                }
                let target = self.word()?;
                Ok(Some(Redir {
                    kind,
                    fd,
                    target: Some(target),
                }))
            }
            _ => Ok(None),
        }
    }

    /// comword { ^ comword }, with carets implied between glued words.
    fn word(&mut self) -> Result<Word, ParseError> {
        let (mut w, mut ends_in_word) = self.comword()?;
        loop {
            let t = self.peek();
            if t == Tok::Caret {
                self.at += 1;
                self.skip_newlines();
                let (r, e) = self.comword()?;
                w = join(w, r);
                ends_in_word = e;
                continue;
            }
            let free = self.glued()
                && ends_in_word
                && matches!(
                    t,
                    Tok::Word(_)
                        | Tok::QWord(_)
                        | Tok::Dollar
                        | Tok::Count
                        | Tok::JoinVar
                        | Tok::Backquote
                        | Tok::Quote
                );
            if !free {
                return Ok(w);
            }
            let (r, e) = self.comword()?;
            w = join(w, r);
            ends_in_word = e;
        }
    }

    /// One word part, and whether it ends in a (quoted) word, after which free
    /// carets apply.
    fn comword(&mut self) -> Result<(Word, bool), ParseError> {
        self.nest()?;
        let r = self.comword_inner();
        self.depth -= 1;
        r
    }

    fn comword_inner(&mut self) -> Result<(Word, bool), ParseError> {
        let t = self.next();
        Ok(match t {
            Tok::Word(text) => (
                Word::Lit {
                    text,
                    quoted: false,
                },
                true,
            ),
            Tok::QWord(text) => (Word::Lit { text, quoted: true }, true),
            Tok::Dollar => {
                if self.peek() == Tok::LBrace {
                    self.at += 1;
                    let body = self.body(false)?;
                    self.expect_rbrace()?;
                    (Word::Subst(Box::new(body)), false)
                } else {
                    let (n, e) = self.comword()?;
                    (Word::Var(Box::new(n)), e)
                }
            }
            Tok::Count => {
                let (n, e) = self.comword()?;
                (Word::Count(Box::new(n)), e)
            }
            Tok::JoinVar => {
                let (n, e) = self.comword()?;
                (Word::Join(Box::new(n)), e)
            }
            Tok::Backquote => {
                let (b, _) = self.comword()?;
                (Word::Backquote(Box::new(b)), false)
            }
            Tok::Quote => {
                let (b, _) = self.comword()?;
                (Word::Quote(Box::new(b)), false)
            }
            Tok::LParen => {
                let mut ws = Vec::new();
                loop {
                    self.skip_newlines();
                    let t = self.peek();
                    if t == Tok::RParen {
                        self.at += 1;
                        break;
                    }
                    if !Self::starts_word(&t) {
                        return Err(self.unexpected(&t));
                    }
                    ws.push(self.word()?);
                }
                (Word::List(ws), false)
            }
            Tok::LBrace => {
                let body = self.body(false)?;
                self.expect_rbrace()?;
                (Word::Block(Box::new(body)), false)
            }
            t => return Err(self.unexpected(&t)),
        })
    }

    fn expect_rbrace(&mut self) -> Result<(), ParseError> {
        match self.next() {
            Tok::RBrace => Ok(()),
            t => Err(self.unexpected(&t)),
        }
    }
}

/// `left^right`, extending `left` when it is a concatenation already.
fn join(left: Word, right: Word) -> Word {
    match left {
        Word::Concat(mut parts) => {
            parts.push(right);
            Word::Concat(parts)
        }
        w => Word::Concat(vec![w, right]),
    }
}

/// `name {left} {right}`: what `&&` and `||` stand for.
fn builtin_call(name: &str, left: Cmd, right: Cmd) -> Cmd {
    Cmd::Simple {
        words: vec![
            Word::lit(name),
            Word::Block(Box::new(left)),
            Word::Block(Box::new(right)),
        ],
        redirs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::cmd_text;

    fn canon(s: &str) -> String {
        cmd_text(&parse(s).unwrap())
    }

    #[test]
    fn blocks_print_canonically() {
        assert_eq!(canon("echo x; echo y"), "echo x;echo y");
        assert_eq!(canon("a | b >[2=1] > f"), "a|b >[2=1] >f");
        assert_eq!(canon("x = (a 'b c')"), "x=(a 'b c')");
        assert_eq!(canon("cmp <{a} >{b} <f"), "cmp <{a} >{b} <f");
    }

    #[test]
    fn free_carets() {
        assert_eq!(canon("echo $stem.b -$f 'a'b"), "echo $stem^.b -^$f 'a'^b");
        assert_eq!(canon("echo ${x}y"), "echo ${x} y");
    }

    #[test]
    fn errors() {
        assert_eq!(parse("echo {a"), Err(ParseError::Incomplete));
        assert_eq!(parse("echo 'a"), Err(ParseError::Incomplete));
        assert!(matches!(parse("echo a=b"), Err(ParseError::Syntax(_))));
        assert!(matches!(parse("echo )"), Err(ParseError::Syntax(_))));
        let deep = format!("{}{}", "{".repeat(500), "}".repeat(500));
        assert!(matches!(parse(&deep), Err(ParseError::Syntax(_))));
    }

    #[test]
    fn long_chains_stop_at_the_nesting_limit() {
        let nested = |e: Result<Cmd, ParseError>| matches!(e, Err(ParseError::Syntax(s)) if s.contains("nested too deeply"));
        for op in ["&&", "||"] {
            let chain = |n: usize| format!("true{}", format!(" {op} true").repeat(n));
            assert!(parse(&chain(MAX_NESTING - 1)).is_ok());
            assert!(nested(parse(&chain(50_000))), "{op}");
        }
        assert!(nested(parse(&"a=".repeat(50_000))));
        assert_eq!(canon("a && b && c"), "and {and {a} {b}} {c}");
    }

    #[test]
    fn long_caret_chains_are_flat() {
        let c = parse(&format!("echo a{}", "^a".repeat(50_000))).unwrap();
        let Cmd::Simple { words, .. } = c else {
            panic!("not a simple command")
        };
        assert!(matches!(&words[1], Word::Concat(parts) if parts.len() == 50_001));
    }
}
