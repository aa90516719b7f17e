//! The reverse Polish calculator behind `${expr}` of the `expr` and `mpexpr`
//! modules (sh-expr(1)): the `-r radix` option, the operators and their
//! names, `rep` and `seq`, and the failures the original raises; each module
//! brings its own kind of number ([`Number`]).

use super::Failure;

/// The most values `${expr}` keeps on its stack (`seq` can ask for more).
pub const MAX_STACK: usize = 100_000;

/// An operator of `${expr}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    And,
    Or,
    Xor,
    Negate,
    Shl,
    Shr,
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Not,
    Complement,
    Rep,
    Seq,
    /// The `mpexpr` module's own.
    Bits,
    ExpMod,
    Invert,
    Rand,
    Exp,
}

impl Op {
    /// The operator a word names (the arbitrary precision ones only when
    /// `big`); any other word is a number.
    pub fn named(w: &str, big: bool) -> Option<Op> {
        let op = match w {
            "+" => Op::Add,
            "-" => Op::Sub,
            "x" | "*" | "×" => Op::Mul,
            "/" => Op::Div,
            "%" => Op::Mod,
            "and" => Op::And,
            "or" => Op::Or,
            "xor" => Op::Xor,
            "_" => Op::Negate,
            "<<" | "shl" => Op::Shl,
            ">>" | "shr" => Op::Shr,
            "=" | "==" | "eq" => Op::Eq,
            "!=" | "neq" => Op::Ne,
            ">" | "gt" => Op::Gt,
            "<" | "lt" => Op::Lt,
            ">=" | "ge" => Op::Ge,
            "<=" | "le" => Op::Le,
            "!" | "not" => Op::Not,
            "~" => Op::Complement,
            "rep" => Op::Rep,
            "seq" => Op::Seq,
            _ if !big => return None,
            "bits" => Op::Bits,
            "expmod" => Op::ExpMod,
            "invert" => Op::Invert,
            "rand" => Op::Rand,
            "exp" | "xx" | "**" => Op::Exp,
            _ => return None,
        };
        Some(op)
    }

    /// How many values the operator takes from the stack.
    pub fn arity(self) -> usize {
        match self {
            Op::Rep => 0,
            Op::Negate | Op::Not | Op::Complement | Op::Bits | Op::Rand => 1,
            Op::ExpMod => 3,
            _ => 2,
        }
    }
}

/// The numbers one module computes with.
pub trait Number: Clone + Ord + Sized {
    /// Whether the `-r` option takes this output radix.
    fn radix_ok(radix: i64) -> bool;
    /// The value of a word that names no operator.
    fn literal(w: &str) -> Result<Self, Failure>;
    /// The value as `${expr}` yields it in `radix`.
    fn text(&self, radix: u32) -> String;
    fn from_bool(b: bool) -> Self;
    /// The next value of a sequence from `self` toward `to`.
    fn step_toward(&self, to: &Self) -> Self;
    /// How many values lie from `self` to `to`, both included, if few.
    fn span(&self, to: &Self) -> Option<usize>;
    /// Operator `op` (not `rep` or `seq`) on `args`, first pushed first.
    fn apply(op: Op, args: &[Self]) -> Result<Self, Failure>;
}

/// What C's `strtoll` in base 10 makes of the start of `s` (blanks, a sign,
/// digits; saturated; 0 without digits), as Limbo converts a string to `big`.
pub fn leading_int(s: &str) -> i64 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut n: i64 = 0;
    for d in digits.bytes().take_while(u8::is_ascii_digit) {
        let d = i64::from(d - b'0');
        n = match n.checked_mul(10).and_then(|n| {
            if neg {
                n.checked_sub(d)
            } else {
                n.checked_add(d)
            }
        }) {
            Some(n) => n,
            None if neg => return i64::MIN,
            None => return i64::MAX,
        };
    }
    n
}

/// The radix a number literal gives before an `r` among its first three
/// characters (`16rff`), and the digits after it; `None` without one.
pub fn radix_prefix(s: &str) -> Option<(i64, &str)> {
    let (at, _) = s.char_indices().take(3).find(|&(_, c)| c == 'r')?;
    Some((leading_int(s), &s[at + 1..]))
}

const USAGE: &str = "usage: expr [-r radix] [arg...]";

/// Splits off the `-r radix` option: the words left and the output radix.
fn options<N: Number>(args: &[String]) -> Result<(&[String], u32), Failure> {
    let Some(w) = args.first() else {
        return Ok((args, 10));
    };
    let mut chars = w.chars();
    let (Some('-'), Some(second)) = (chars.next(), chars.next()) else {
        return Ok((args, 10));
    };
    if second.is_ascii_digit() {
        return Ok((args, 10));
    }
    if second != 'r' {
        return Err(Failure::usage(USAGE));
    }
    let (value, rest) = match chars.as_str() {
        "" => match args.get(1) {
            Some(v) => (v.as_str(), &args[2..]),
            None => return Err(Failure::usage(USAGE)),
        },
        v => (v, &args[1..]),
    };
    // Limbo's conversion to int keeps the low 32 bits.
    let radix = i64::from(leading_int(value) as i32);
    if !N::radix_ok(radix) {
        return Err(Failure::usage(format!("expr: invalid radix {radix}")));
    }
    Ok((rest, radix as u32))
}

/// `${expr args...}`: every value left on the stack, first pushed first.
pub fn evaluate<N: Number>(args: &[String], big: bool) -> Result<Vec<String>, Failure> {
    let (words, radix) = options::<N>(args)?;
    let mut stack: Vec<N> = Vec::new();
    // The last word: the operator it named (if any) and the word itself.
    let mut last: (Option<Op>, &str) = (None, "");
    for w in words {
        let op = Op::named(w, big);
        match op {
            None if !w.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
                return Err(Failure::usage(format!("expr: unknown operator '{w}'")));
            }
            None => stack.push(N::literal(w)?),
            Some(Op::Rep) => repeat(&mut stack, last)?,
            Some(op) => operate(&mut stack, op, w)?,
        }
        if stack.len() > MAX_STACK {
            return Err(Failure::too_big());
        }
        last = (op, w);
    }
    Ok(stack.iter().map(|n| n.text(radix)).collect())
}

/// `rep`: the last two-operand operator applied until one value is left.
fn repeat<N: Number>(stack: &mut Vec<N>, last: (Option<Op>, &str)) -> Result<(), Failure> {
    let op = match last.0 {
        Some(op) if op != Op::Seq && op.arity() == 2 => op,
        _ => return Err(Failure::usage("expr: bad operator for rep")),
    };
    while stack.len() > 1 {
        operate(stack, op, last.1)?;
    }
    Ok(())
}

fn operate<N: Number>(stack: &mut Vec<N>, op: Op, name: &str) -> Result<(), Failure> {
    let n = op.arity();
    if stack.len() < n {
        return Err(Failure {
            ename: "empty stack",
            msg: format!("expr: empty stack on op '{name}'"),
        });
    }
    let args = stack.split_off(stack.len() - n);
    if op != Op::Seq {
        stack.push(N::apply(op, &args)?);
        return Ok(());
    }
    let (from, to) = (&args[0], &args[1]);
    match from.span(to) {
        Some(n) if stack.len() + n <= MAX_STACK => {}
        _ => return Err(Failure::too_big()),
    }
    let mut v = from.clone();
    while v != *to {
        let next = v.step_toward(to);
        stack.push(v);
        v = next;
    }
    stack.push(v);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_int_reads_as_strtoll() {
        assert_eq!(leading_int("  42xyz"), 42);
        assert_eq!(leading_int("-17"), -17);
        assert_eq!(leading_int("abc"), 0);
        assert_eq!(leading_int("99999999999999999999"), i64::MAX);
        assert_eq!(leading_int("-99999999999999999999"), i64::MIN);
    }

    #[test]
    fn radix_prefixes() {
        assert_eq!(radix_prefix("16rff"), Some((16, "ff")));
        assert_eq!(radix_prefix("2r101"), Some((2, "101")));
        assert_eq!(radix_prefix("1234r5"), None);
        assert_eq!(radix_prefix("12"), None);
    }
}
