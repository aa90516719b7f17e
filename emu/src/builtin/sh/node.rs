//! `parse` of `Sh`: text to a parsed command as Dis memory holds it, the
//! original's syntax tree of `Node`s (`module/sh.m`), so that programs that
//! walk a `Cmd` or print it with `cmd2string` see what they see there.
//!
//! The shapes are those of the original's grammar: a simple command is a
//! left-nested chain of `n_ADJ` over its words and then its redirections
//! (this shell keeps no other order for them); `a;b;c` nests to the right
//! (`n_SEQ(a, n_SEQ(b, c))`), `a&` is `n_NOWAIT(a)`; a pipeline nests to the
//! left with the pipe's fds in `redir` (nil for a plain `|`); `a && b` is the
//! simple command `and {a} {b}`; `x = v` is `n_ASSIGN(x, v)` (`n_LOCAL` for
//! `:=`); `${f a}` is `n_VAR` of a block; `<{cmd}` an `n_REDIR` of a block. A
//! word's characters `*`, `?` and `[` outside quotes are marked, each after a
//! `Sh->GLOB` character, as the original's lexer marks them. `Node` is
//! `(ntype: int, left, right: ref Node, word: string, redir: ref Redir)`;
//! `Redir` is `(rtype, fd1, fd2: int)` with -1 for a fd not given.
//!
//! The parser bounds nesting, so the recursion here is bounded too; lists of
//! words, carets and commands are built by loops.

use dis::vm::types::Kind;
use dis::vm::{Machine, Trap, NIL};
use shell::library::parse_failure;
use shell::parse::parse;
use shell::syntax::{Cmd, Redir, RedirKind, Word};

/// Size of a `Node`.
const NODE_SIZE: u32 = 20;
/// Offsets of a `Node`'s pointers: left, right, word, redir.
const NODE_PTRS: [u32; 4] = [4, 8, 12, 16];
const LEFT: u32 = 4;
const RIGHT: u32 = 8;
const WORD: u32 = 12;
const REDIR: u32 = 16;
/// Size of a `Redir`.
const REDIR_SIZE: u32 = 12;

/// The kinds of `Node` (`Sh->n_BLOCK`...).
const N_BLOCK: i32 = 0;
const N_VAR: i32 = 1;
const N_BQ: i32 = 2;
const N_BQ2: i32 = 3;
const N_REDIR: i32 = 4;
const N_DUP: i32 = 5;
const N_LIST: i32 = 6;
const N_SEQ: i32 = 7;
const N_CONCAT: i32 = 8;
const N_PIPE: i32 = 9;
const N_ADJ: i32 = 10;
const N_WORD: i32 = 11;
const N_NOWAIT: i32 = 12;
const N_SQUASH: i32 = 13;
const N_COUNT: i32 = 14;
const N_ASSIGN: i32 = 15;
const N_LOCAL: i32 = 16;

/// `Sh->GLOB`, before a pattern character of an unquoted word.
const GLOB: char = '\u{1}';

/// `Sys->OREAD`, `OWRITE`, `ORDWR`, and the original shell's mark of `>>`.
const OREAD: i32 = 0;
const OWRITE: i32 = 1;
const ORDWR: i32 = 2;
const OAPPEND: i32 = 0x80000;

/// The Dis types of `Node` and `Redir` values.
#[derive(Clone, Copy, Debug, Default)]
pub struct NodeTypes {
    node: u32,
    redir: u32,
}

/// Registers the types of `Node` and `Redir` values in `vm`.
pub fn node_types(vm: &mut Machine) -> NodeTypes {
    NodeTypes {
        node: vm.types.add(NODE_SIZE, &NODE_PTRS, Kind::Plain),
        redir: vm.types.add(REDIR_SIZE, &[], Kind::Plain),
    }
}

/// What `text` parses to: the tree (`NIL` for an empty command) and the
/// error text (`None` when it parsed), as `parse` returns them.
pub fn parse_node(
    vm: &mut Machine,
    types: NodeTypes,
    text: &str,
) -> Result<(u32, Option<String>), Trap> {
    match parse(text) {
        Ok(cmd) => Ok((Builder { vm, types }.cmd(&cmd)?, None)),
        Err(e) => Ok((NIL, Some(parse_failure(&e)))),
    }
}

/// The tree of block value `{b}`.
pub fn block(vm: &mut Machine, types: NodeTypes, b: &Cmd) -> Result<u32, Trap> {
    let mut builder = Builder { vm, types };
    let body = builder.cmd(b)?;
    builder.node(N_BLOCK, body, NIL)
}

struct Builder<'a> {
    vm: &'a mut Machine,
    types: NodeTypes,
}

impl Builder<'_> {
    /// A new node of kind `ntype` over `left` and `right` (their references
    /// move into it).
    fn node(&mut self, ntype: i32, left: u32, right: u32) -> Result<u32, Trap> {
        let n = self.vm.alloc(NODE_SIZE, self.types.node)?;
        self.vm.mem.set_w(n, ntype)?;
        self.vm.put_ptr(n + LEFT, left)?;
        self.vm.put_ptr(n + RIGHT, right)?;
        Ok(n)
    }

    /// `left` and `right` joined by `ntype`, or the one that is not nil.
    fn join(&mut self, ntype: i32, left: u32, right: u32) -> Result<u32, Trap> {
        match (left, right) {
            (NIL, r) => Ok(r),
            (l, NIL) => Ok(l),
            (l, r) => self.node(ntype, l, r),
        }
    }

    /// `n_ADJ` over `items` nested to the left (nil for none).
    fn adjacent(&mut self, items: Vec<u32>) -> Result<u32, Trap> {
        let mut left = NIL;
        for n in items {
            left = self.join(N_ADJ, left, n)?;
        }
        Ok(left)
    }

    fn with_redir(&mut self, n: u32, rtype: i32, fd1: i32, fd2: i32) -> Result<u32, Trap> {
        let r = self.vm.alloc(REDIR_SIZE, self.types.redir)?;
        self.vm.mem.set_w(r, rtype)?;
        self.vm.mem.set_w(r + 4, fd1)?;
        self.vm.mem.set_w(r + 8, fd2)?;
        self.vm.put_ptr(n + REDIR, r)?;
        Ok(n)
    }

    fn cmd(&mut self, c: &Cmd) -> Result<u32, Trap> {
        match c {
            Cmd::Empty => Ok(NIL),
            Cmd::Simple { words, redirs } => {
                let mut items = self.words(words)?;
                for r in redirs {
                    items.push(self.redir(r)?);
                }
                self.adjacent(items)
            }
            Cmd::Assign {
                names,
                local,
                value,
                then,
            } => {
                let left = self.word(names)?;
                let right = match then {
                    Some(t) => self.cmd(t)?,
                    None => {
                        let items = self.words(value)?;
                        self.adjacent(items)?
                    }
                };
                self.node(if *local { N_LOCAL } else { N_ASSIGN }, left, right)
            }
            Cmd::Seq(cs) => {
                let mut right = NIL;
                for (c, background) in cs.iter().rev() {
                    let mut n = self.cmd(c)?;
                    if *background {
                        n = self.node(N_NOWAIT, n, NIL)?;
                    }
                    right = self.join(N_SEQ, n, right)?;
                }
                Ok(right)
            }
            Cmd::Pipe(cs, joins) => {
                let mut left = self.cmd(&cs[0])?;
                for (c, &(from, to)) in cs[1..].iter().zip(joins) {
                    let right = self.cmd(c)?;
                    let n = self.node(N_PIPE, left, right)?;
                    left = match (from, to) {
                        (1, 0) => n,
                        (f, 0) => self.with_redir(n, -1, f, -1)?,
                        (f, t) => self.with_redir(n, -1, t, f)?,
                    };
                }
                Ok(left)
            }
            Cmd::Redirected(c, rs) => {
                let mut right = self.cmd(c)?;
                for r in rs.iter().rev() {
                    let n = self.redir(r)?;
                    right = self.join(N_ADJ, n, right)?;
                }
                Ok(right)
            }
        }
    }

    fn redir(&mut self, r: &Redir) -> Result<u32, Trap> {
        let (rtype, default) = match r.kind {
            RedirKind::Read => (OREAD, 0),
            RedirKind::Write => (OWRITE, 1),
            RedirKind::Append => (OWRITE | OAPPEND, 1),
            RedirKind::ReadWrite => (ORDWR, 0),
            RedirKind::Dup(to) => {
                let n = self.node(N_DUP, NIL, NIL)?;
                return self.with_redir(n, OWRITE, r.fd, to.unwrap_or(-1));
            }
        };
        let target = match &r.target {
            Some(w) => self.word(w)?,
            None => NIL,
        };
        let n = self.node(N_REDIR, target, NIL)?;
        let fd = if r.fd == default { -1 } else { r.fd };
        self.with_redir(n, rtype, fd, -1)
    }

    fn words(&mut self, ws: &[Word]) -> Result<Vec<u32>, Trap> {
        ws.iter().map(|w| self.word(w)).collect()
    }

    fn word(&mut self, w: &Word) -> Result<u32, Trap> {
        match w {
            Word::Lit { text, quoted } => {
                let n = self.node(N_WORD, NIL, NIL)?;
                let text = if *quoted { text.clone() } else { marked(text) };
                let s = self.vm.new_string(&text)?;
                self.vm.put_ptr(n + WORD, s)?;
                Ok(n)
            }
            Word::Var(n) => self.over(N_VAR, n),
            Word::Count(n) => self.over(N_COUNT, n),
            Word::Join(n) => self.over(N_SQUASH, n),
            Word::Backquote(b) => self.over(N_BQ, b),
            Word::Quote(b) => self.over(N_BQ2, b),
            Word::Subst(c) => {
                let body = self.cmd(c)?;
                let b = self.node(N_BLOCK, body, NIL)?;
                self.node(N_VAR, b, NIL)
            }
            Word::List(ws) => {
                let items = self.words(ws)?;
                let inner = self.adjacent(items)?;
                self.node(N_LIST, inner, NIL)
            }
            Word::Block(c) => {
                let body = self.cmd(c)?;
                self.node(N_BLOCK, body, NIL)
            }
            Word::Concat(parts) => {
                let mut left = NIL;
                for p in parts {
                    let n = self.word(p)?;
                    left = self.join(N_CONCAT, left, n)?;
                }
                Ok(left)
            }
            Word::Pipe { reads, cmd } => {
                let target = self.word(cmd)?;
                let n = self.node(N_REDIR, target, NIL)?;
                self.with_redir(n, if *reads { OREAD } else { OWRITE }, -1, -1)
            }
        }
    }

    /// A node of kind `ntype` over word `w`.
    fn over(&mut self, ntype: i32, w: &Word) -> Result<u32, Trap> {
        let left = self.word(w)?;
        self.node(ntype, left, NIL)
    }
}

/// An unquoted word's text with each pattern character marked.
fn marked(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | GLOB) {
            s.push(GLOB);
        }
        s.push(c);
    }
    s
}
