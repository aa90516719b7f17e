//! The parsed form of sh text: words, commands and redirections, and the
//! canonical text a block prints as when it is used as a string.

/// A word before expansion.
#[derive(Clone, Debug, PartialEq)]
pub enum Word {
    /// A literal; `quoted` words are never glob patterns.
    Lit { text: String, quoted: bool },
    /// `$w`: the value of the variable named by w.
    Var(Box<Word>),
    /// `$#w`: how many elements the variable has.
    Count(Box<Word>),
    /// `$"w`: the variable's elements joined by blanks.
    Join(Box<Word>),
    /// `${name args}`: a substitution builtin.
    Subst(Box<Cmd>),
    /// `` `{cmd} ``: the command's output split at `$ifs`.
    Backquote(Box<Word>),
    /// `"{cmd}`: the command's output as one word.
    Quote(Box<Word>),
    /// `(w ...)`: a list.
    List(Vec<Word>),
    /// `{...}`: a block value.
    Block(Box<Cmd>),
    /// `a^b^...`: the parts in order (a flat list, so a long chain of carets
    /// nests nothing).
    Concat(Vec<Word>),
    /// `<{cmd}` (`reads`) or `>{cmd}` as an argument: the command runs beside
    /// with its output (or input) on a pipe whose other end is named `/fd/N`.
    Pipe { reads: bool, cmd: Box<Word> },
}

/// Where a redirection points.
#[derive(Clone, Debug, PartialEq)]
pub enum RedirKind {
    Read,
    Write,
    Append,
    ReadWrite,
    /// `>[a=b]`: fd a becomes a copy of fd b (`None` when b is missing).
    Dup(Option<i32>),
}

/// One redirection of fd `fd`.
#[derive(Clone, Debug, PartialEq)]
pub struct Redir {
    pub kind: RedirKind,
    pub fd: i32,
    /// The file (absent for a dup).
    pub target: Option<Word>,
}

/// A command.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    Empty,
    Simple {
        words: Vec<Word>,
        redirs: Vec<Redir>,
    },
    /// `names = value` or `names := value`, then maybe a command.
    Assign {
        names: Word,
        local: bool,
        value: Vec<Word>,
        then: Option<Box<Cmd>>,
    },
    /// Commands run in turn; `true` marks one run in the background.
    Seq(Vec<(Cmd, bool)>),
    /// A pipeline; each join says which fd of the left goes to which of the right.
    Pipe(Vec<Cmd>, Vec<(i32, i32)>),
    /// Redirections around a command.
    Redirected(Box<Cmd>, Vec<Redir>),
}

impl Word {
    pub fn lit(text: &str) -> Word {
        Word::Lit {
            text: text.to_string(),
            quoted: false,
        }
    }
}

/// The text a word prints as inside a block.
pub fn word_text(w: &Word) -> String {
    match w {
        Word::Lit { text, quoted } => {
            if *quoted || needs_quote(text) {
                quote_word(text)
            } else {
                text.clone()
            }
        }
        Word::Var(n) => format!("${}", name_text(n)),
        Word::Count(n) => format!("$#{}", name_text(n)),
        Word::Join(n) => format!("$\"{}", name_text(n)),
        Word::Subst(c) => format!("${{{}}}", cmd_text(c)),
        Word::Backquote(b) => format!("`{}", word_text(b)),
        Word::Quote(b) => format!("\"{}", word_text(b)),
        Word::List(ws) => format!("({})", words_text(ws)),
        Word::Block(c) => format!("{{{}}}", cmd_text(c)),
        Word::Concat(parts) => parts.iter().map(word_text).collect::<Vec<_>>().join("^"),
        Word::Pipe { reads, cmd } => {
            format!("{}{}", if *reads { "<" } else { ">" }, word_text(cmd))
        }
    }
}

/// A variable name after `$`: bare when it is made of name characters.
fn name_text(w: &Word) -> String {
    match w {
        Word::Lit { text, .. }
            if !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '*' || c == '_') =>
        {
            text.clone()
        }
        _ => word_text(w),
    }
}

fn words_text(ws: &[Word]) -> String {
    ws.iter().map(word_text).collect::<Vec<_>>().join(" ")
}

fn redir_text(r: &Redir) -> String {
    let (op, default) = match r.kind {
        RedirKind::Read => ("<", 0),
        RedirKind::Write => (">", 1),
        RedirKind::Append => (">>", 1),
        RedirKind::ReadWrite => ("<>", 0),
        RedirKind::Dup(b) => {
            let b = b.map(|b| b.to_string()).unwrap_or_default();
            return format!(">[{}={b}]", r.fd);
        }
    };
    let fd = if r.fd == default {
        String::new()
    } else {
        format!("[{}]", r.fd)
    };
    let target = r.target.as_ref().map(word_text).unwrap_or_default();
    format!("{op}{fd}{target}")
}

/// The canonical text of a command (a block's body).
pub fn cmd_text(c: &Cmd) -> String {
    match c {
        Cmd::Empty => String::new(),
        Cmd::Simple { words, redirs } => {
            let mut parts: Vec<String> = words.iter().map(word_text).collect();
            parts.extend(redirs.iter().map(redir_text));
            parts.join(" ")
        }
        Cmd::Assign {
            names,
            local,
            value,
            then,
        } => {
            let op = if *local { ":=" } else { "=" };
            let mut s = format!("{}{op}{}", word_text(names), words_text(value));
            if let Some(t) = then {
                s.push(' ');
                s.push_str(&cmd_text(t));
            }
            s
        }
        Cmd::Seq(cs) => {
            let mut s = String::new();
            for (i, (c, bg)) in cs.iter().enumerate() {
                s.push_str(&cmd_text(c));
                if *bg {
                    s.push('&');
                } else if i + 1 < cs.len() {
                    s.push(';');
                }
            }
            s
        }
        Cmd::Pipe(cs, joins) => {
            let mut s = cmd_text(&cs[0]);
            for (c, &(from, to)) in cs[1..].iter().zip(joins) {
                match (from, to) {
                    (1, 0) => s.push('|'),
                    (f, 0) => s.push_str(&format!("|[{f}]")),
                    (f, t) => s.push_str(&format!("|[{t}={f}]")),
                }
                s.push_str(&cmd_text(c));
            }
            s
        }
        Cmd::Redirected(c, rs) => {
            let mut parts: Vec<String> = rs.iter().map(redir_text).collect();
            parts.push(cmd_text(c));
            parts.join(" ")
        }
    }
}

/// Whether a word must be quoted to read back as itself.
pub fn needs_quote(s: &str) -> bool {
    s.is_empty() || s.chars().any(|c| " \t\n\r{}()`&;=><#|*[?$^'".contains(c))
}

/// `s` inside quotes, with quotes doubled.
pub fn quote_word(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
