//! The `mpexpr` module (sh-expr(1)): `${expr}` and `ntest` in integers of
//! any size, with its own operators `bits`, `expmod`, `invert`, `rand` and
//! `exp`, and radix 64 (base 64 digits) for `-r`. As the original, a
//! decimal literal's minus sign is dropped (`-5` reads as 5; `_` negates),
//! and zero printed in radix 2, 4, 16 or 32 has no digits (`16r`). Bitwise
//! operators work on two's complement; shifts move the magnitude. Values
//! are bounded ([`MAX_BITS`]) so a calculation cannot exhaust memory.

use super::expr::digit_value;
use super::rpn::{radix_prefix, Number, Op};
use super::Failure;
use iptext::{from_text, magnitude, to_text};
use num_bigint_dig::{BigInt, ModInverse, RandBigInt};
use num_traits::{Signed, ToPrimitive, Zero};

/// The largest value, in bits, `mpexpr` makes.
pub const MAX_BITS: u64 = 1 << 20;

/// The longest number `mpexpr` reads, in bytes: a decimal number of
/// [`MAX_BITS`] bits, and some.
const MAX_LITERAL: usize = (MAX_BITS / 3) as usize;

/// The most work `expmod` may take: the exponent's bits times the square of
/// the modulus's (4096-bit keys are well inside).
const MAX_EXPMOD_WORK: u64 = 1 << 37;

/// A number of `mpexpr`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Big(pub BigInt);

fn bounded(v: BigInt) -> Result<Big, Failure> {
    if v.bits() as u64 > MAX_BITS {
        return Err(Failure::too_big());
    }
    Ok(Big(v))
}

fn check_bits(bits: u64) -> Result<(), Failure> {
    if bits > MAX_BITS {
        return Err(Failure::too_big());
    }
    Ok(())
}

fn invalid() -> Failure {
    Failure {
        ename: "invalid argument",
        msg: "expr: invalid argument".into(),
    }
}

/// The value of `digits` in `radix`, each taken as the original does (a
/// digit 0-9 counts even when it is not below the radix), eight at a time.
fn positional(digits: &[i64], radix: i64) -> Result<BigInt, Failure> {
    let per = if (2..=36).contains(&radix) { 8 } else { 1 };
    let mut n = BigInt::zero();
    for chunk in digits.chunks(per) {
        let (mut scale, mut part) = (1i64, 0i64);
        for &d in chunk {
            scale *= radix;
            part = part * radix + d;
        }
        n = n * scale + part;
        if n.bits() as u64 > MAX_BITS {
            return Err(Failure::too_big());
        }
    }
    Ok(n)
}

/// The number of bits of the magnitude, 1 for zero (the keyring's `bits`).
fn bits(v: &BigInt) -> u64 {
    (v.bits() as u64).max(1)
}

/// A shift count as Limbo's `iptoint` gives it (clamped to an int).
fn count(v: &BigInt) -> i64 {
    i64::from(
        v.to_i32()
            .unwrap_or(if v.is_negative() { i32::MIN } else { i32::MAX }),
    )
}

/// `v` shifted left by `n` (right for a negative `n`), the sign kept.
fn shift(v: &BigInt, n: i64) -> Result<Big, Failure> {
    let by = n.unsigned_abs() as usize;
    if n >= 0 {
        check_bits(v.bits() as u64 + n.unsigned_abs())?;
        return Ok(Big(v << by));
    }
    Ok(Big(BigInt::from_biguint(v.sign(), magnitude(v) >> by)))
}

impl Number for Big {
    fn radix_ok(radix: i64) -> bool {
        (2..=36).contains(&radix) || radix == 64
    }

    fn literal(w: &str) -> Result<Big, Failure> {
        if w.len() > MAX_LITERAL {
            return Err(Failure::too_big());
        }
        let bad = || Failure::usage(format!("expr: bad number {w}"));
        let neg = w.starts_with('-');
        let unsigned = if neg { &w[1..] } else { w };
        let (radix, digits) = radix_prefix(unsigned).unwrap_or((10, unsigned));
        // Limbo's conversion to int keeps the low 32 bits.
        let radix = i64::from(radix as i32);
        if radix == 10 {
            return from_text(digits, 10).map(Big).ok_or_else(bad);
        }
        if radix == 0 || (radix > 36 && radix != 64) {
            return Err(bad());
        }
        let n = if radix == 16 || radix == 64 {
            from_text(digits, radix as i32).ok_or_else(bad)?
        } else {
            let values: Vec<i64> = digits
                .chars()
                .map_while(|c| digit_value(c, radix))
                .collect();
            positional(&values, radix)?
        };
        bounded(if neg { -n } else { n })
    }

    fn text(&self, radix: u32) -> String {
        let v = &self.0;
        let sign = if v.is_negative() { "-" } else { "" };
        let digits = match radix {
            10 => return v.to_string(),
            // As the original, zero has no digits in these.
            2 | 4 | 16 | 32 if v.is_zero() => String::new(),
            64 => to_text(v, 64).trim_start_matches('-').to_string(),
            _ => magnitude(v).to_str_radix(radix),
        };
        format!("{sign}{radix}r{digits}")
    }

    fn from_bool(b: bool) -> Big {
        Big(BigInt::from(u8::from(b)))
    }

    fn step_toward(&self, to: &Big) -> Big {
        if to.0 < self.0 {
            Big(&self.0 - 1)
        } else {
            Big(&self.0 + 1)
        }
    }

    fn span(&self, to: &Big) -> Option<usize> {
        (&to.0 - &self.0).abs().to_usize()?.checked_add(1)
    }

    fn apply(op: Op, args: &[Big]) -> Result<Big, Failure> {
        let a = &args[0].0;
        let zero = BigInt::zero();
        let b = args.get(1).map_or(&zero, |n| &n.0);
        let truth = |t: bool| Ok(Big::from_bool(t));
        match op {
            Op::Eq => truth(a == b),
            Op::Ne => truth(a != b),
            Op::Gt => truth(a > b),
            Op::Lt => truth(a < b),
            Op::Ge => truth(a >= b),
            Op::Le => truth(a <= b),
            Op::Not => truth(a.is_zero()),
            Op::Add => bounded(a + b),
            Op::Sub => bounded(a - b),
            Op::Mul => {
                check_bits(a.bits() as u64 + b.bits() as u64)?;
                bounded(a * b)
            }
            Op::Div | Op::Mod if b.is_zero() => Err(Failure::divide_by_zero()),
            Op::Div => Ok(Big(a / b)),
            Op::Mod => Ok(Big(a % b)),
            Op::And => Ok(Big(a & b)),
            Op::Or => Ok(Big(a | b)),
            Op::Xor => Ok(Big(a ^ b)),
            Op::Negate => Ok(Big(-a)),
            Op::Complement => bounded(-a - 1),
            Op::Shl => shift(a, count(b)),
            Op::Shr => shift(a, count(b).saturating_neg()),
            Op::Bits => Ok(Big(BigInt::from(bits(a)))),
            Op::Rand => {
                let n = count(a);
                check_bits(n.max(0) as u64)?;
                Ok(Big(BigInt::from(
                    rand::rng().gen_biguint(n.max(0) as usize),
                )))
            }
            Op::Exp => {
                let Some(e) = b.to_u64() else {
                    return Err(invalid());
                };
                check_bits(bits(a).saturating_mul(e))?;
                Ok(Big(num_traits::pow(a.clone(), e as usize)))
            }
            Op::ExpMod => {
                let m = args[2].0.abs();
                if m.is_zero() {
                    return Err(Failure::divide_by_zero());
                }
                let work = bits(b).saturating_mul(bits(&m)).saturating_mul(bits(&m));
                if work > MAX_EXPMOD_WORK {
                    return Err(Failure::too_big());
                }
                let base = if b.is_negative() {
                    a.mod_inverse(&m).ok_or_else(invalid)?
                } else {
                    a.mod_floor_positive(&m)
                };
                Ok(Big(base.modpow(&b.abs(), &m)))
            }
            Op::Invert => {
                if b.is_zero() {
                    return Err(Failure::divide_by_zero());
                }
                let inverse = a.mod_floor_positive(b).mod_inverse(b).ok_or_else(invalid)?;
                Ok(Big(inverse.mod_floor_positive(b)))
            }
            Op::Rep | Op::Seq => Err(Failure::usage("expr: bad operator")),
        }
    }
}

/// The remainder of a division by `m` in `0..|m|`.
trait ModFloorPositive {
    fn mod_floor_positive(&self, m: &BigInt) -> BigInt;
}

impl ModFloorPositive for BigInt {
    fn mod_floor_positive(&self, m: &BigInt) -> BigInt {
        let m = m.abs();
        let r = self % &m;
        if r.is_negative() {
            r + m
        } else {
            r
        }
    }
}

/// `ntest num`: true when the number is not zero.
pub fn ntest(w: &str) -> Result<bool, Failure> {
    Ok(!Big::literal(w)?.0.is_zero())
}

#[cfg(test)]
mod tests {
    use super::super::rpn::evaluate;
    use super::Big;

    fn expr(line: &str) -> Result<Vec<String>, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        evaluate::<Big>(&args, true).map_err(|f| format!("{}|{}", f.ename, f.msg))
    }

    fn one(v: &str) -> Result<Vec<String>, String> {
        Ok(vec![v.to_string()])
    }

    #[test]
    fn arbitrary_precision() {
        assert_eq!(expr("2 100 **"), one("1267650600228229401496703205376"));
        assert_eq!(expr("9223372036854775807 1 +"), one("9223372036854775808"));
        assert_eq!(expr("2 10 exp 1000 %"), one("24"));
        assert_eq!(expr("4 13 497 expmod"), one("445"));
        assert_eq!(expr("3 11 invert"), one("4"));
        assert_eq!(expr("255 bits"), one("8"));
        assert_eq!(expr("0 bits"), one("1"));
        assert_eq!(expr("1 _ 2 _ and"), one("-2"));
        assert_eq!(expr("1 _ 2 or"), one("-1"));
        assert_eq!(expr("5 _ 1 >>"), one("-2"));
        assert_eq!(expr("1 64 <<"), one("18446744073709551616"));
    }

    #[test]
    fn radixes() {
        assert_eq!(expr("-r 16 255"), one("16rff"));
        assert_eq!(expr("-r 16 0"), one("16r"));
        assert_eq!(expr("-r 16 256 _"), one("-16r100"));
        assert_eq!(expr("-r 8 8"), one("8r10"));
        assert_eq!(expr("-r 64 1"), one("64rAQ=="));
        assert_eq!(expr("64rAQ== 16rff +"), one("256"));
        assert_eq!(expr("3r12"), one("5"));
        // A digit 0-9 counts even when not below the radix, as in the original.
        assert_eq!(expr("2r19"), one("11"));
        assert_eq!(expr("-r 36 35 _"), one("-36rz"));
        // The original drops a decimal literal's minus sign.
        assert_eq!(expr("-5"), one("5"));
    }

    #[test]
    fn bounds_and_failures() {
        assert_eq!(
            expr("1 0 %"),
            Err("divide by zero|expr: division by zero".into())
        );
        assert_eq!(
            expr("2 99999999 **"),
            Err("too big|expr: result too big".into())
        );
        assert_eq!(
            expr("1 99999999 <<"),
            Err("too big|expr: result too big".into())
        );
        assert_eq!(expr("12abc"), Err("usage|expr: bad number 12abc".into()));
        assert_eq!(
            expr("2 4 invert"),
            Err("invalid argument|expr: invalid argument".into())
        );
        assert_eq!(expr("-r 0 1"), Err("usage|expr: invalid radix 0".into()));
        assert_eq!(expr("-r 1 1"), Err("usage|expr: invalid radix 1".into()));
        assert_eq!(
            expr("bits"),
            Err("empty stack|expr: empty stack on op 'bits'".into())
        );
        assert_eq!(expr("x1"), Err("usage|expr: unknown operator 'x1'".into()));
    }
}
