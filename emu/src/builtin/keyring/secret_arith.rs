//! Modular arithmetic on secret values (private exponents, signing nonces,
//! the Diffie-Hellman exponent) in constant time, with `crypto-bigint`'s
//! fixed-width boxed integers: exponentiation by Montgomery multiplication
//! over an odd modulus, products, differences and inverses whose running
//! time depends on the widths of the operands, never on their values.
//!
//! Values come and go as `num_bigint_dig::BigInt` (what `IPint` holds); each
//! is widened to the modulus's width (or the exponent's own, when a key made
//! by hand has a longer one). Where the modulus does not allow the
//! constant-time form (zero, or even for an exponentiation) a caller uses
//! the plain formula instead: no key the system generates has such a
//! modulus.

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, NonZero, Odd};
use iptext::magnitude_bytes;
use num_bigint_dig::{BigInt, ModInverse, Sign};
use num_integer::Integer;
use num_traits::{Signed, Zero};

/// A modulus and the width all values modulo it are held at.
pub struct Modulus {
    bits: u32,
    value: BigInt,
    m: NonZero<BoxedUint>,
    /// The Montgomery parameters, for an odd modulus.
    monty: Option<BoxedMontyParams>,
}

/// `v`, not negative and below 2^bits, at width `bits`.
fn fixed(v: &BigInt, bits: u32) -> BoxedUint {
    let bytes = magnitude_bytes(v);
    BoxedUint::from_be_slice_truncated(&bytes, bits)
}

fn int(v: &BoxedUint) -> BigInt {
    BigInt::from_bytes_be(Sign::Plus, &v.to_be_bytes())
}

impl Modulus {
    /// The modulus `m` (positive), or None for zero or a negative value.
    pub fn new(m: &BigInt) -> Option<Modulus> {
        if !m.is_positive() {
            return None;
        }
        let bits = u32::try_from(m.bits()).ok()?;
        let value = m.clone();
        let m = NonZero::new(fixed(m, bits)).into_option()?;
        let monty = Odd::new((*m).clone())
            .into_option()
            .map(BoxedMontyParams::new);
        Some(Modulus {
            bits,
            value,
            m,
            monty,
        })
    }

    /// `a` reduced, at the modulus's width: a division whose time is set by
    /// the length of `a`; only public values are ever negative.
    fn reduce(&self, a: &BigInt) -> BoxedUint {
        if a.is_negative() {
            return fixed(&a.mod_floor(&self.value), self.bits);
        }
        let width = self.bits.max(u32::try_from(a.bits()).unwrap_or(u32::MAX));
        fixed(a, width).rem(&self.m)
    }

    /// `base` to the power `exp` (its magnitude) modulo an odd modulus, or
    /// None when the modulus is even.
    pub fn pow(&self, base: &BigInt, exp: &BigInt) -> Option<BigInt> {
        let params = self.monty.as_ref()?;
        let width = self.bits.max(u32::try_from(exp.bits()).ok()?);
        let e = fixed(exp, width);
        let b = BoxedMontyForm::new(self.reduce(base), params);
        Some(int(&b.pow(&e).retrieve()))
    }

    /// `a * b` modulo the modulus.
    pub fn mul(&self, a: &BigInt, b: &BigInt) -> BigInt {
        int(&self.reduce(a).mul_mod(&self.reduce(b), &self.m))
    }

    /// `a - b` modulo the modulus.
    pub fn sub(&self, a: &BigInt, b: &BigInt) -> BigInt {
        int(&self.reduce(a).sub_mod(&self.reduce(b), &self.m))
    }

    /// `a + b` modulo the modulus.
    pub fn add(&self, a: &BigInt, b: &BigInt) -> BigInt {
        int(&self.reduce(a).add_mod(&self.reduce(b), &self.m))
    }

    /// `a`'s inverse modulo the modulus (odd or even), if there is one.
    pub fn inverse(&self, a: &BigInt) -> Option<BigInt> {
        if self.value.bits() <= 1 {
            return None;
        }
        self.reduce(a)
            .invert_mod(&self.m)
            .into_option()
            .map(|v| int(&v))
    }

    /// `a` modulo the modulus.
    pub fn rem(&self, a: &BigInt) -> BigInt {
        int(&self.reduce(a))
    }
}

/// `base ** exp mod m`: in constant time for a positive odd modulus, else
/// by the plain formula (0 for a zero modulus). A negative exponent raises
/// the base's inverse (0 when there is none), as the original's `mpexp`.
pub fn pow(base: &BigInt, exp: &BigInt, m: &BigInt) -> BigInt {
    if m.is_zero() {
        return BigInt::zero();
    }
    let inverted;
    let base = if exp.is_negative() {
        match base.mod_floor(m).mod_inverse(m) {
            Some(inv) => {
                inverted = inv;
                &inverted
            }
            None => return BigInt::zero(),
        }
    } else {
        base
    };
    let exp = exp.abs();
    match Modulus::new(m).and_then(|md| md.pow(base, &exp)) {
        Some(v) => v,
        None => base.mod_floor(m).modpow(&exp, m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::RandBigInt;

    fn random(bits: usize) -> BigInt {
        BigInt::from(rand::rng().gen_biguint(bits))
    }

    #[test]
    fn agrees_with_the_plain_formulas() {
        for bits in [1usize, 7, 64, 65, 200, 521] {
            for _ in 0..20 {
                let m = random(bits) + 1;
                let md = Modulus::new(&m).unwrap();
                let (a, b, e) = (random(bits + 9), random(bits), random(bits + 3));
                let plain = a.mod_floor(&m).modpow(&e, &m);
                assert_eq!(pow(&a, &e, &m), plain);
                assert_eq!(md.pow(&a, &e).is_some(), m.is_odd());
                assert_eq!(md.mul(&a, &b), (&a * &b).mod_floor(&m));
                assert_eq!(md.sub(&b, &a), (&b - &a).mod_floor(&m));
                assert_eq!(md.add(&a, &b), (&a + &b).mod_floor(&m));
                let inv = if m > BigInt::from(1) {
                    a.mod_floor(&m).mod_inverse(&m).map(|i| i.mod_floor(&m))
                } else {
                    None
                };
                assert_eq!(md.inverse(&a), inv, "{a} mod {m}");
            }
        }
    }

    #[test]
    fn zero_and_negative_moduli_have_no_form() {
        assert!(Modulus::new(&BigInt::zero()).is_none());
        assert!(Modulus::new(&BigInt::from(-7)).is_none());
        assert_eq!(
            pow(&BigInt::from(3), &BigInt::from(5), &BigInt::zero()),
            0.into()
        );
        let minus7 = BigInt::from(-7);
        let plain = BigInt::from(3)
            .mod_floor(&minus7)
            .modpow(&2.into(), &minus7);
        assert_eq!(pow(&3.into(), &2.into(), &minus7), plain);
        assert_eq!(pow(&3.into(), &BigInt::from(-1), &7.into()), 5.into());
        assert_eq!(pow(&7.into(), &BigInt::from(-1), &7.into()), 0.into());
    }
}
