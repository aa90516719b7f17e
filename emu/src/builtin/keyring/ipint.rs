//! `IPint`, the integer of any size shared by `$Keyring` and `$IPints`: objects
//! that hold a signed `num_bigint_dig::BigInt`, and the adt's member functions
//! with the original's conventions (sign and magnitude; bitwise operations on
//! magnitudes in 32-bit digits; `mod` never negative for a positive modulus;
//! `expmod` in constant time for an odd modulus, as its exponent may be a
//! program's secret).
//! Results are bounded in size so a program cannot exhaust the host's memory.

use super::handle::Handles;
use super::secret_arith;
use crate::builtin::sys::frame::Frame;
use dis::vm::trap::{raise, EXC_HEAP, EXC_NIL, EXC_ZERODIV};
use dis::vm::{Machine, Trap, NIL};
use iptext::{from_text, magnitude, magnitude_bytes, to_text};
use num_bigint_dig::{BigInt, BigUint, ModInverse, RandBigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::rc::Rc;

/// The largest value, in bits, any operation may make.
pub const MAX_BITS: u64 = 1 << 22;

/// An IPint's value.
pub type Value = Rc<BigInt>;

/// The live IPint objects.
pub type IPints = Handles<Value>;

/// The value of IPint argument `obj` (nil raises the nil-dereference exception).
pub fn value(vm: &Machine, ips: &IPints, obj: u32) -> Result<Value, Trap> {
    ips.get(vm, obj)
}

/// A new IPint object for `v`, or the heap exception if it is too large.
pub fn make(vm: &mut Machine, ips: &IPints, v: BigInt) -> Result<u32, Trap> {
    if v.bits() as u64 > MAX_BITS {
        return raise(EXC_HEAP);
    }
    ips.make(vm, Rc::new(v))
}

/// A random number below 2^bits (0 for no bits).
pub fn random_bits(bits: i32) -> Result<BigInt, Trap> {
    if i64::from(bits) > MAX_BITS as i64 {
        return raise(EXC_HEAP);
    }
    let bits = bits.max(0) as usize;
    Ok(BigInt::from(rand::rng().gen_biguint(bits)))
}

fn check_bits(bits: u64) -> Result<(), Trap> {
    if bits > MAX_BITS {
        return raise(EXC_HEAP);
    }
    Ok(())
}

/// `base` to the power `exp`, modulo `m` when given (a negative exponent needs a
/// modulus and an inverse).
pub fn expmod(base: &BigInt, exp: &BigInt, m: Option<&BigInt>) -> Result<BigInt, Trap> {
    match m {
        Some(m) if m.is_zero() => raise(EXC_ZERODIV),
        Some(m) => {
            let m = m.abs();
            let b = if exp.is_negative() {
                match base.mod_inverse(&m) {
                    Some(inv) => inv,
                    None => return raise("invalid argument"),
                }
            } else {
                base.mod_floor(&m)
            };
            Ok(secret_arith::pow(&b, &exp.abs(), &m))
        }
        None => {
            let Some(e) = exp.to_u64().filter(|_| !exp.is_negative()) else {
                return raise("invalid argument");
            };
            check_bits((base.bits() as u64).saturating_mul(e))?;
            Ok(num_traits::pow(base.clone(), e as usize))
        }
    }
}

/// `base`'s inverse modulo `m`.
pub fn invert(base: &BigInt, m: &BigInt) -> Result<BigInt, Trap> {
    if m.is_zero() {
        return raise(EXC_ZERODIV);
    }
    match base.mod_floor(m).mod_inverse(m) {
        Some(inv) => Ok(inv.mod_floor(m)),
        None => raise("invalid argument"),
    }
}

/// The 32-bit digits of a magnitude, least significant first.
fn digits(v: &BigInt) -> Vec<u32> {
    magnitude(v)
        .to_bytes_le()
        .chunks(4)
        .map(|c| c.iter().rev().fold(0u32, |a, &b| a << 8 | u32::from(b)))
        .collect()
}

fn from_digits(sign: Sign, d: &[u32]) -> BigInt {
    BigInt::from_biguint(sign, BigUint::from_slice(d))
}

fn sign_of(v: &BigInt) -> Sign {
    if v.is_negative() {
        Sign::Minus
    } else {
        Sign::Plus
    }
}

/// `a.and(b)`: the magnitudes' and, with a's sign.
fn and(a: &BigInt, b: &BigInt) -> BigInt {
    let (x, y) = (digits(a), digits(b));
    let d: Vec<u32> = x
        .iter()
        .zip(y.iter().chain(std::iter::repeat(&0)))
        .map(|(p, q)| p & q)
        .collect();
    from_digits(sign_of(a), &d)
}

/// `or` and `xor`: the magnitudes combined, with the sign of the one with more
/// digits (the first when equal).
fn combine(a: &BigInt, b: &BigInt, op: fn(u32, u32) -> u32) -> BigInt {
    let (mut x, mut y) = (digits(a), digits(b));
    let mut sign = sign_of(a);
    if y.len() > x.len() {
        std::mem::swap(&mut x, &mut y);
        sign = sign_of(b);
    }
    if y.is_empty() {
        return from_digits(sign, &x);
    }
    for (p, q) in x.iter_mut().zip(y) {
        *p = op(*p, q);
    }
    from_digits(sign, &x)
}

/// `not`: each digit of the magnitude complemented; positive.
fn not(a: &BigInt) -> BigInt {
    let d: Vec<u32> = digits(a).iter().map(|p| !p).collect();
    from_digits(Sign::Plus, &d)
}

/// `cmp` as the original answers it: the difference of the signs when they
/// differ, else of the magnitudes' lengths in 32-bit digits, else -1, 0 or 1.
fn compare(a: &BigInt, b: &BigInt) -> i32 {
    let sign = |v: &BigInt| if v.is_negative() { -1 } else { 1 };
    if sign(a) != sign(b) {
        return sign(a) - sign(b);
    }
    let (x, y) = if a.is_negative() { (b, a) } else { (a, b) };
    let (dx, dy) = (digits(x), digits(y));
    if dx.len() != dy.len() {
        return dx.len() as i32 - dy.len() as i32;
    }
    magnitude(x).cmp(&magnitude(y)) as i32
}

/// `iptoint`: the value clamped to the int range.
fn to_int(v: &BigInt) -> i32 {
    v.to_i32()
        .unwrap_or(if v.is_negative() { i32::MIN } else { i32::MAX })
}

/// The big-endian magnitude in a byte array argument (nil raises).
fn bytes_arg(vm: &Machine, a: u32) -> Result<BigInt, Trap> {
    if a == NIL {
        return raise(EXC_NIL);
    }
    Ok(BigInt::from_bytes_be(Sign::Plus, vm.array_bytes(a)?))
}

/// Runs member function `name` of `IPint` (without `IPint.`), except `random`,
/// whose arguments differ between the two modules.
pub fn call(vm: &mut Machine, ips: &IPints, name: &str, fr: Frame) -> Result<(), Trap> {
    let arg = |vm: &Machine, off: u32| -> Result<Value, Trap> { value(vm, ips, fr.ptr(vm, off)?) };
    let result: BigInt = match name {
        "iptob64" | "iptob64z" | "iptostr" => {
            let v = arg(vm, 0)?;
            let text = match name {
                "iptob64" => to_text(&v, 64),
                "iptostr" => to_text(&v, fr.word(vm, 4)?),
                _ => {
                    let mut bytes = magnitude_bytes(&v);
                    if bytes[0] & 0x80 != 0 {
                        bytes.insert(0, 0);
                    }
                    iptext::enc64(&bytes)
                }
            };
            let s = vm.new_string(&text)?;
            return fr.ret_ptr(vm, s);
        }
        "iptobytes" | "iptobebytes" => {
            let bytes = magnitude_bytes(&*arg(vm, 0)?);
            let a = vm.new_byte_array(&bytes)?;
            return fr.ret_ptr(vm, a);
        }
        "b64toip" | "strtoip" => {
            let s = fr.ptr(vm, 0)?;
            let text = if s == NIL {
                String::new()
            } else {
                vm.str_text(s)?
            };
            let base = if name == "b64toip" {
                64
            } else {
                fr.word(vm, 4)?
            };
            let Some(v) = from_text(&text, base) else {
                return fr.ret_ptr(vm, NIL);
            };
            v
        }
        "bytestoip" | "bebytestoip" => bytes_arg(vm, fr.ptr(vm, 0)?)?,
        "inttoip" => BigInt::from(fr.word(vm, 0)?),
        "iptoint" | "bits" => {
            let obj = fr.ptr(vm, 0)?;
            if obj == NIL {
                return fr.ret_word(vm, 0);
            }
            let v = value(vm, ips, obj)?;
            let r = if name == "bits" {
                (v.bits() as i32).max(1)
            } else {
                to_int(&v)
            };
            return fr.ret_word(vm, r);
        }
        "eq" | "cmp" => {
            let (a, b) = (arg(vm, 0)?, arg(vm, 4)?);
            let r = match name {
                "eq" => i32::from(a == b),
                _ => compare(&a, &b),
            };
            return fr.ret_word(vm, r);
        }
        "div" => {
            let (a, b) = (arg(vm, 0)?, arg(vm, 4)?);
            if b.is_zero() {
                return raise(EXC_ZERODIV);
            }
            let (q, r) = (&*a / &*b, &*a % &*b);
            let ret = fr.ret(vm)?;
            let q = make(vm, ips, q)?;
            vm.put_ptr(ret, q)?;
            let r = make(vm, ips, r)?;
            return vm.put_ptr(ret + 4, r);
        }
        "expmod" => {
            let (b, e) = (arg(vm, 0)?, arg(vm, 4)?);
            let m = match fr.ptr(vm, 8)? {
                NIL => None,
                m => Some(value(vm, ips, m)?),
            };
            expmod(&b, &e, m.as_deref())?
        }
        "invert" => invert(&*arg(vm, 0)?, &*arg(vm, 4)?)?,
        "add" => &*arg(vm, 0)? + &*arg(vm, 4)?,
        "sub" => &*arg(vm, 0)? - &*arg(vm, 4)?,
        "mul" => {
            let (a, b) = (arg(vm, 0)?, arg(vm, 4)?);
            check_bits(a.bits() as u64 + b.bits() as u64)?;
            &*a * &*b
        }
        "mod" => {
            let (a, m) = (arg(vm, 0)?, arg(vm, 4)?);
            if m.is_zero() {
                return raise(EXC_ZERODIV);
            }
            let r = &*a % &*m;
            if r.is_negative() {
                r + &*m
            } else {
                r
            }
        }
        "neg" => -&*arg(vm, 0)?,
        "copy" => (*arg(vm, 0)?).clone(),
        "shl" | "shr" => {
            let v = arg(vm, 0)?;
            let n = fr.word(vm, 4)?;
            let left = (name == "shl") == (n >= 0);
            let n = n.unsigned_abs() as usize;
            if left {
                check_bits(v.bits() as u64 + n as u64)?;
                &*v << n
            } else {
                // The magnitude shifts; the sign stays (zero is positive).
                BigInt::from_biguint(sign_of(&v), magnitude(&v) >> n)
            }
        }
        "and" => and(&*arg(vm, 0)?, &*arg(vm, 4)?),
        "ori" => combine(&*arg(vm, 0)?, &*arg(vm, 4)?, |p, q| p | q),
        "xor" => combine(&*arg(vm, 0)?, &*arg(vm, 4)?, |p, q| p ^ q),
        "not" => not(&*arg(vm, 0)?),
        _ => return raise("invalid argument"),
    };
    let o = make(vm, ips, result)?;
    fr.ret_ptr(vm, o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitwise_operations_work_on_magnitudes() {
        let a = BigInt::from(-0b1100);
        let b = BigInt::from(0b1010);
        assert_eq!(and(&a, &b), BigInt::from(-0b1000));
        assert_eq!(combine(&a, &b, |p, q| p | q), BigInt::from(-0b1110));
        assert_eq!(combine(&b, &a, |p, q| p ^ q), BigInt::from(0b0110));
        assert_eq!(not(&BigInt::from(1)), BigInt::from(0xffff_fffeu32));
        assert_eq!(to_int(&(BigInt::from(1) << 40)), i32::MAX);
    }

    #[test]
    fn modular_arithmetic() {
        let m = BigInt::from(97);
        assert_eq!(invert(&BigInt::from(3), &m).unwrap(), BigInt::from(65));
        assert_eq!(
            expmod(&BigInt::from(3), &BigInt::from(96), Some(&m)).unwrap(),
            BigInt::from(1)
        );
        assert!(expmod(&BigInt::from(2), &BigInt::from(1u64 << 40), None).is_err());
    }
}
