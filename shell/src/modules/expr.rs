//! The `expr` module (sh-expr(1)): `${expr}` in 64-bit integers that wrap
//! as Limbo's `big` does, and `ntest`. As the original, `!` yields 1 for a
//! non-zero operand (its `mpexpr` negates), shifts take their count modulo
//! 64, and `10r5` reads as 10.

use super::rpn::{leading_int, radix_prefix, Number, Op};
use super::Failure;

impl Number for i64 {
    fn radix_ok(radix: i64) -> bool {
        // The original takes 1 too, and then never ends printing a number.
        (2..=36).contains(&radix)
    }

    fn literal(w: &str) -> Result<i64, Failure> {
        let neg = w.starts_with('-');
        let unsigned = if neg { &w[1..] } else { w };
        let (radix, digits) = match radix_prefix(unsigned) {
            Some((10, _)) | None => return Ok(leading_int(w)),
            Some(p) => p,
        };
        if radix == 0 || radix > 36 {
            return Err(Failure::usage(format!("expr: bad number {w}")));
        }
        let mut n: i64 = 0;
        for c in digits.chars() {
            let Some(d) = digit_value(c, radix) else {
                break;
            };
            n = n.wrapping_mul(radix).wrapping_add(d);
        }
        Ok(if neg { n.wrapping_neg() } else { n })
    }

    fn text(&self, radix: u32) -> String {
        let mut digits = Vec::new();
        let mut n = self.unsigned_abs();
        let r = u64::from(radix);
        loop {
            digits.push(digit_char((n % r) as u32));
            n /= r;
            if n == 0 {
                break;
            }
        }
        let digits: String = digits.iter().rev().collect();
        let sign = if *self < 0 { "-" } else { "" };
        if radix == 10 {
            format!("{sign}{digits}")
        } else {
            format!("{sign}{radix}r{digits}")
        }
    }

    fn from_bool(b: bool) -> i64 {
        i64::from(b)
    }

    fn step_toward(&self, to: &i64) -> i64 {
        if to < self {
            self - 1
        } else {
            self + 1
        }
    }

    fn span(&self, to: &i64) -> Option<usize> {
        usize::try_from(self.abs_diff(*to)).ok()?.checked_add(1)
    }

    fn apply(op: Op, args: &[i64]) -> Result<i64, Failure> {
        let a = args[0];
        let b = args.get(1).copied().unwrap_or(0);
        Ok(match op {
            Op::Eq => i64::from(a == b),
            Op::Ne => i64::from(a != b),
            Op::Gt => i64::from(a > b),
            Op::Lt => i64::from(a < b),
            Op::Ge => i64::from(a >= b),
            Op::Le => i64::from(a <= b),
            Op::Add => a.wrapping_add(b),
            Op::Sub => a.wrapping_sub(b),
            Op::Mul => a.wrapping_mul(b),
            Op::Div | Op::Mod if b == 0 => return Err(Failure::divide_by_zero()),
            Op::Div => a.wrapping_div(b),
            Op::Mod => a.wrapping_rem(b),
            Op::And => a & b,
            Op::Or => a | b,
            Op::Xor => a ^ b,
            Op::Negate => a.wrapping_neg(),
            Op::Complement => !a,
            // The count is converted to int, and the hardware keeps its low six bits.
            Op::Shl => a.wrapping_shl(b as u32),
            Op::Shr => a.wrapping_shr(b as u32),
            Op::Not => i64::from(a != 0),
            Op::Rep | Op::Seq | Op::Bits | Op::ExpMod | Op::Invert | Op::Rand | Op::Exp => {
                return Err(Failure::usage(format!("expr: unknown operator '{op:?}'")))
            }
        })
    }
}

/// The value of digit `c` in `radix` (letters either case), if it is one.
pub fn digit_value(c: char, radix: i64) -> Option<i64> {
    let v = match c {
        '0'..='9' => return Some(i64::from(c as u8 - b'0')),
        'a'..='z' => i64::from(c as u8 - b'a') + 10,
        'A'..='Z' => i64::from(c as u8 - b'A') + 10,
        _ => return None,
    };
    (v < radix).then_some(v)
}

/// The character of digit `d` (0-9, then lower-case letters).
fn digit_char(d: u32) -> char {
    char::from_digit(d, 36).unwrap_or('?')
}

/// `ntest num`: true when the number is not zero.
pub fn ntest(w: &str) -> bool {
    leading_int(w) != 0
}

#[cfg(test)]
mod tests {
    use super::super::rpn::evaluate;

    fn expr(line: &str) -> Result<Vec<String>, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        evaluate::<i64>(&args, false).map_err(|f| format!("{}|{}", f.ename, f.msg))
    }

    #[test]
    fn manual_examples() {
        // sh-expr(1): "${expr 2 1 -} yields 1, not -1".
        assert_eq!(expr("2 1 -"), Ok(vec!["1".into()]));
        assert_eq!(expr("1 2 3 4 + rep"), Ok(vec!["10".into()]));
        assert_eq!(
            expr("1 5 seq"),
            Ok(["1", "2", "3", "4", "5"].map(String::from).to_vec())
        );
        assert_eq!(
            expr("3 1 seq"),
            Ok(["3", "2", "1"].map(String::from).to_vec())
        );
        assert_eq!(expr("-r 16 255"), Ok(vec!["16rff".into()]));
        assert_eq!(expr("-r2 -5"), Ok(vec!["-2r101".into()]));
        assert_eq!(expr("16rff 8r17 +"), Ok(vec!["270".into()]));
    }

    #[test]
    fn integer_semantics() {
        assert_eq!(
            expr("9223372036854775807 1 +"),
            Ok(vec!["-9223372036854775808".into()])
        );
        assert_eq!(
            expr("-9223372036854775808 -1 /"),
            Ok(vec!["-9223372036854775808".into()])
        );
        assert_eq!(expr("1 65 <<"), Ok(vec!["2".into()]));
        assert_eq!(expr("-7 2 /"), Ok(vec!["-3".into()]));
        assert_eq!(expr("-7 2 %"), Ok(vec!["-1".into()]));
        assert_eq!(expr("5 ~"), Ok(vec!["-6".into()]));
        assert_eq!(expr("10r5"), Ok(vec!["10".into()]));
    }

    #[test]
    fn failures() {
        assert_eq!(
            expr("1 0 /"),
            Err("divide by zero|expr: division by zero".into())
        );
        assert_eq!(
            expr("1 +"),
            Err("empty stack|expr: empty stack on op '+'".into())
        );
        assert_eq!(
            expr("foo"),
            Err("usage|expr: unknown operator 'foo'".into())
        );
        assert_eq!(expr("-r 37 1"), Err("usage|expr: invalid radix 37".into()));
        assert_eq!(expr("-r 1 5"), Err("usage|expr: invalid radix 1".into()));
        assert_eq!(
            expr("-x"),
            Err("usage|usage: expr [-r radix] [arg...]".into())
        );
        assert_eq!(
            expr("1 2 seq rep"),
            Err("usage|expr: bad operator for rep".into())
        );
        assert_eq!(
            expr("0 99999999999 seq"),
            Err("too big|expr: result too big".into())
        );
        assert_eq!(expr("40r1"), Err("usage|expr: bad number 40r1".into()));
    }
}
