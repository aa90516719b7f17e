//! Regular expressions as Inferno writes them (regexp(6), regex(2)):
//! literals, `\c` (`\n` a newline), `.` (any character but newline),
//! classes `[a-z]` and `[^...]`, `^` and `$` (the start and end of the
//! text), `*`, `+`, `?` (one each), concatenation, `|` and `(...)`. A match
//! is the leftmost, then the longest. Matching simulates the automaton over
//! all its states at once, so no expression takes time exponential in the
//! text, and parentheses nest at most [`MAX_NESTING`] deep.

/// The deepest nesting of parentheses an expression may have.
pub const MAX_NESTING: usize = 200;

#[derive(Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Set(bool, Vec<(char, char)>),
    Bol,
    Eol,
    /// Parentheses, with the number of the subexpression they record.
    Group(Box<Node>, Option<usize>),
    Cat(Vec<Node>),
    Alt(Vec<Node>),
    Star(Box<Node>),
    Plus(Box<Node>),
    Quest(Box<Node>),
}

#[derive(Debug)]
enum Inst {
    Char(char),
    Any,
    Set(bool, Vec<(char, char)>),
    Bol,
    Eol,
    /// Try the first, then the second.
    Split(usize, usize),
    Jmp(usize),
    Open(usize),
    Close(usize),
    Match,
}

/// A compiled expression.
#[derive(Debug)]
pub struct Regex {
    prog: Vec<Inst>,
    groups: usize,
}

/// Where a match and each recorded subexpression lie, as character
/// indices; `None` for a subexpression that took no part.
pub type Spans = Vec<Option<(usize, usize)>>;

const INVALID: &str = "invalid regular expression";

struct Parser {
    pat: Vec<char>,
    pos: usize,
    captures: bool,
    groups: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.pat.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }

    /// A character after `\`, if the expression goes on.
    fn escaped(&mut self, c: char) -> Result<char, &'static str> {
        if c != '\\' {
            return Ok(c);
        }
        match self.next() {
            Some('n') => Ok('\n'),
            Some(c) => Ok(c),
            None => Err(INVALID),
        }
    }

    fn alternation(&mut self) -> Result<Node, &'static str> {
        let mut arms = vec![self.concatenation()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            arms.push(self.concatenation()?);
        }
        Ok(if arms.len() == 1 {
            arms.remove(0)
        } else {
            Node::Alt(arms)
        })
    }

    fn concatenation(&mut self) -> Result<Node, &'static str> {
        let mut items = Vec::new();
        while let Some(n) = self.repetition()? {
            items.push(n);
        }
        match items.len() {
            0 => Err(INVALID),
            1 => Ok(items.remove(0)),
            _ => Ok(Node::Cat(items)),
        }
    }

    fn repetition(&mut self) -> Result<Option<Node>, &'static str> {
        let prim = match self.peek() {
            None | Some(')' | ']' | '|' | '?' | '*' | '+') => return Ok(None),
            Some(_) => self.primary()?,
        };
        let rep = match self.peek() {
            Some('*') => Node::Star(Box::new(prim)),
            Some('+') => Node::Plus(Box::new(prim)),
            Some('?') => Node::Quest(Box::new(prim)),
            _ => return Ok(Some(prim)),
        };
        self.pos += 1;
        Ok(Some(rep))
    }

    fn primary(&mut self) -> Result<Node, &'static str> {
        Ok(match self.next() {
            Some('(') => {
                if self.depth >= MAX_NESTING {
                    return Err("nested too deeply");
                }
                let number = self.captures.then(|| {
                    self.groups += 1;
                    self.groups
                });
                let inner = if self.peek() == Some(')') {
                    Node::Empty
                } else {
                    self.depth += 1;
                    let inner = self.alternation()?;
                    self.depth -= 1;
                    inner
                };
                if self.next() != Some(')') {
                    return Err(INVALID);
                }
                Node::Group(Box::new(inner), number)
            }
            Some('[') => self.set()?,
            Some('.') => Node::Any,
            Some('^') => Node::Bol,
            Some('$') => Node::Eol,
            Some(c) => Node::Char(self.escaped(c)?),
            None => return Err(INVALID),
        })
    }

    fn set(&mut self) -> Result<Node, &'static str> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        while let Some(c) = self.next() {
            if c == ']' {
                return Ok(Node::Set(negated, ranges));
            }
            let low = self.escaped(c)?;
            let mut high = low;
            if self.peek() == Some('-') {
                self.pos += 1;
                match self.next() {
                    Some(']') | None => return Err(INVALID),
                    Some(c) => high = self.escaped(c)?,
                }
                if high < low {
                    return Err(INVALID);
                }
            }
            ranges.push((low, high));
        }
        Err(INVALID)
    }
}

fn emit(node: &Node, prog: &mut Vec<Inst>) {
    match node {
        Node::Empty => {}
        Node::Char(c) => prog.push(Inst::Char(*c)),
        Node::Any => prog.push(Inst::Any),
        Node::Set(neg, r) => prog.push(Inst::Set(*neg, r.clone())),
        Node::Bol => prog.push(Inst::Bol),
        Node::Eol => prog.push(Inst::Eol),
        Node::Group(inner, number) => {
            if let Some(k) = number {
                prog.push(Inst::Open(*k));
            }
            emit(inner, prog);
            if let Some(k) = number {
                prog.push(Inst::Close(*k));
            }
        }
        Node::Cat(items) => items.iter().for_each(|n| emit(n, prog)),
        Node::Alt(arms) => {
            let mut jumps = Vec::new();
            for (i, arm) in arms.iter().enumerate() {
                if i + 1 < arms.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(arm, prog);
                    jumps.push(prog.len());
                    prog.push(Inst::Jmp(0));
                    let next = prog.len();
                    prog[split] = Inst::Split(split + 1, next);
                } else {
                    emit(arm, prog);
                }
            }
            let end = prog.len();
            for j in jumps {
                prog[j] = Inst::Jmp(end);
            }
        }
        Node::Star(inner) => {
            let split = prog.len();
            prog.push(Inst::Split(split + 1, 0));
            emit(inner, prog);
            prog.push(Inst::Jmp(split));
            let end = prog.len();
            prog[split] = Inst::Split(split + 1, end);
        }
        Node::Plus(inner) => {
            let start = prog.len();
            emit(inner, prog);
            prog.push(Inst::Split(start, prog.len() + 1));
        }
        Node::Quest(inner) => {
            let split = prog.len();
            prog.push(Inst::Split(split + 1, 0));
            emit(inner, prog);
            let end = prog.len();
            prog[split] = Inst::Split(split + 1, end);
        }
    }
}

/// One path through the automaton: where it is, where its match began, and
/// per subexpression where it opened and the span it last recorded.
#[derive(Clone)]
struct Thread {
    pc: usize,
    begin: usize,
    opens: Vec<usize>,
    spans: Spans,
}

/// The threads at one position, at most one per instruction (the first to
/// arrive, which began earliest).
struct Threads {
    list: Vec<Thread>,
    seen: Vec<bool>,
}

impl Threads {
    fn new(n: usize) -> Threads {
        Threads {
            list: Vec::new(),
            seen: vec![false; n],
        }
    }

    fn clear(&mut self) {
        self.list.clear();
        self.seen.iter_mut().for_each(|s| *s = false);
    }
}

/// What `^` and `$` test: where matching starts, whether `^` holds
/// there, and where the text ends.
struct Text {
    from: usize,
    bol: bool,
    len: usize,
}

impl Regex {
    /// Compiles `pat`; with `captures`, parentheses record their spans.
    pub fn new(pat: &str, captures: bool) -> Result<Regex, &'static str> {
        if pat.is_empty() {
            return Err("missing expression");
        }
        let mut p = Parser {
            pat: pat.chars().collect(),
            pos: 0,
            captures,
            groups: 0,
            depth: 0,
        };
        let root = p.alternation()?;
        if p.pos < p.pat.len() {
            return Err(INVALID);
        }
        let mut prog = Vec::new();
        emit(&root, &mut prog);
        prog.push(Inst::Match);
        Ok(Regex {
            prog,
            groups: p.groups,
        })
    }

    /// Follows the steps that take no character from `t` at position `at`,
    /// adding the threads that wait for one (or have matched) to `to`.
    fn add(&self, to: &mut Threads, t: Thread, at: usize, text: &Text) {
        let mut stack = vec![t];
        while let Some(mut t) = stack.pop() {
            if std::mem::replace(&mut to.seen[t.pc], true) {
                continue;
            }
            match &self.prog[t.pc] {
                Inst::Jmp(n) => {
                    t.pc = *n;
                    stack.push(t);
                }
                Inst::Split(a, b) => {
                    let mut second = t.clone();
                    second.pc = *b;
                    t.pc = *a;
                    stack.push(second);
                    stack.push(t);
                }
                Inst::Bol | Inst::Eol => {
                    let holds = match self.prog[t.pc] {
                        Inst::Bol => text.bol && at == text.from,
                        _ => at == text.len,
                    };
                    if holds {
                        t.pc += 1;
                        stack.push(t);
                    }
                }
                Inst::Open(k) => {
                    t.opens[*k] = at;
                    t.pc += 1;
                    stack.push(t);
                }
                Inst::Close(k) => {
                    t.spans[*k] = Some((t.opens[*k], at));
                    t.pc += 1;
                    stack.push(t);
                }
                _ => to.list.push(t),
            }
        }
    }

    /// The leftmost longest match in `s` starting at or after `from`;
    /// `^` holds at `from` only when `bol`. Element 0 is the whole match.
    pub fn execute(&self, s: &[char], from: usize, bol: bool) -> Option<Spans> {
        let n = self.prog.len();
        let groups = self.groups + 1;
        let (mut now, mut next) = (Threads::new(n), Threads::new(n));
        let mut best: Option<Thread> = None;
        let mut best_end = 0;
        let text = Text {
            from,
            bol,
            len: s.len(),
        };
        for i in from..=s.len() {
            if best.is_none() {
                let start = Thread {
                    pc: 0,
                    begin: i,
                    opens: vec![0; groups],
                    spans: vec![None; groups],
                };
                self.add(&mut now, start, i, &text);
            }
            let mut earliest = usize::MAX;
            for t in std::mem::take(&mut now.list) {
                let c = s.get(i).copied();
                let advances = match (&self.prog[t.pc], c) {
                    (Inst::Char(x), Some(c)) => *x == c,
                    (Inst::Any, Some(c)) => c != '\n',
                    (Inst::Set(neg, ranges), Some(c)) => {
                        ranges.iter().any(|&(l, h)| l <= c && c <= h) != *neg
                    }
                    (Inst::Match, _) => {
                        let better = match &best {
                            None => true,
                            Some(b) => t.begin < b.begin || t.begin == b.begin && i > best_end,
                        };
                        if better {
                            best_end = i;
                            best = Some(t.clone());
                        }
                        false
                    }
                    _ => false,
                };
                if advances {
                    earliest = earliest.min(t.begin);
                    let mut t = t;
                    t.pc += 1;
                    self.add(&mut next, t, i + 1, &text);
                }
            }
            if best.as_ref().is_some_and(|b| b.begin < earliest) {
                break;
            }
            std::mem::swap(&mut now, &mut next);
            next.clear();
        }
        let best = best?;
        let mut spans = best.spans;
        spans[0] = Some((best.begin, best_end));
        Some(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(pat: &str, s: &str) -> Option<String> {
        let re = Regex::new(pat, true).unwrap();
        let t: Vec<char> = s.chars().collect();
        let spans = re.execute(&t, 0, true)?;
        let (b, e) = spans[0]?;
        Some(t[b..e].iter().collect())
    }

    #[test]
    fn leftmost_longest() {
        assert_eq!(find("a|ab", "xab").as_deref(), Some("ab"));
        assert_eq!(find("b*", "abbb").as_deref(), Some(""));
        assert_eq!(find("ab*", "xabbbc").as_deref(), Some("abbb"));
        assert_eq!(find("(a|b)+c", "ababc").as_deref(), Some("ababc"));
        assert_eq!(find("^b", "ab"), None);
        assert_eq!(find("b$", "abb").as_deref(), Some("b"));
        assert_eq!(find("a.c", "a\nc"), None);
        assert_eq!(find("[^a]", "a\n").as_deref(), Some("\n"));
        assert_eq!(find("\\.(sbl|dis)$", "x.dis").as_deref(), Some(".dis"));
        assert_eq!(find("[a-c]+", "xxcabz").as_deref(), Some("cab"));
    }

    #[test]
    fn subexpressions() {
        let re = Regex::new("(a+)(b*)", true).unwrap();
        let t: Vec<char> = "xaabbc".chars().collect();
        assert_eq!(
            re.execute(&t, 0, true),
            Some(vec![Some((1, 5)), Some((1, 3)), Some((3, 5))])
        );
        let re = Regex::new("(x)|(a)", true).unwrap();
        assert_eq!(
            re.execute(&['a'], 0, true),
            Some(vec![Some((0, 1)), None, Some((0, 1))])
        );
    }

    #[test]
    fn bad_expressions() {
        assert_eq!(Regex::new("", false).err(), Some("missing expression"));
        for bad in [
            "*", "a|", "|a", "(a", "a)", "[a", "a**", "[z-a]", "\\", "[]a]",
        ] {
            assert_eq!(Regex::new(bad, false).err(), Some(INVALID), "{bad}");
        }
        let deep = "(".repeat(1000) + &")".repeat(1000);
        assert_eq!(Regex::new(&deep, false).err(), Some("nested too deeply"));
    }

    #[test]
    fn pathological_expressions_take_linear_time() {
        let re = Regex::new("(a*)*(a|b)*(a*)*c", true).unwrap();
        let t: Vec<char> = "a".repeat(20_000).chars().collect();
        assert_eq!(re.execute(&t, 0, true), None);
    }
}
