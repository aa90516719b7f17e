//! Prime numbers for `$IPints` and key generation: primality tests and random
//! primes from `num_bigint_dig`, safe primes with a generator, primes whose
//! predecessor has a large prime factor, and DSA's pair of primes. Sizes are
//! bounded so a program cannot make the interpreter search for ever.

use dis::vm::trap::raise;
use dis::vm::Trap;
use num_bigint_dig::prime::probably_prime;
use num_bigint_dig::{BigUint, RandBigInt, RandPrime};
use num_traits::One;

/// The largest prime, in bits, a program may ask for.
pub const MAX_PRIME_BITS: i32 = 8192;

/// Checks a requested prime size.
pub fn check_size(bits: i32) -> Result<usize, Trap> {
    if !(2..=MAX_PRIME_BITS).contains(&bits) {
        return raise("invalid argument");
    }
    Ok(bits as usize)
}

/// Whether `n` is probably prime after `nrep` rounds (at least one).
pub fn is_prime(n: &BigUint, nrep: i32) -> bool {
    probably_prime(n, nrep.clamp(1, 100) as usize)
}

/// A random prime of exactly `bits` bits.
pub fn prime(bits: usize) -> BigUint {
    rand::rng().gen_prime(bits)
}

/// A prime `p` of `bits` bits with `p-1` divisible by a random prime of about
/// half its size.
pub fn strong_prime(bits: usize, nrep: i32) -> BigUint {
    if bits < 8 {
        return prime(bits);
    }
    let r = prime(bits / 2);
    let mut rng = rand::rng();
    loop {
        // p = 2kr + 1 with k chosen to give p its top bit.
        let low = (BigUint::one() << (bits - 1)) / (&r << 1usize);
        let high = (BigUint::one() << bits) / (&r << 1usize);
        if low >= high {
            return prime(bits);
        }
        let k = rng.gen_biguint_range(&low, &high);
        let p = ((k * &r) << 1usize) + 1u32;
        if p.bits() == bits && is_prime(&p, nrep) {
            return p;
        }
    }
}

/// A safe prime `p = 2q+1` of `bits` bits (q prime) and a generator of the
/// multiplicative group mod p.
pub fn safe_prime(bits: usize, nrep: i32) -> (BigUint, BigUint) {
    if bits < 3 {
        return (BigUint::from(5u32), BigUint::from(2u32));
    }
    let p = loop {
        let q = prime(bits - 1);
        let p = (&q << 1usize) + 1u32;
        if p.bits() == bits && is_prime(&p, nrep) {
            break p;
        }
    };
    (p.clone(), generator(&p))
}

/// A generator of the group of a safe prime `p`: an element whose square and
/// q-th power are both not one.
fn generator(p: &BigUint) -> BigUint {
    let q = (p - 1u32) >> 1usize;
    let one = BigUint::one();
    let mut rng = rand::rng();
    loop {
        let a = rng.gen_biguint_range(&BigUint::from(2u32), &(p - 1u32));
        if a.modpow(&BigUint::from(2u32), p) != one && a.modpow(&q, p) != one {
            return a;
        }
    }
}

/// DSA's primes: a 160-bit q and a 1024-bit p with q dividing p-1, and the 20
/// random bytes the search started from.
pub fn dsa_primes() -> (BigUint, BigUint, Vec<u8>) {
    let mut rng = rand::rng();
    let seed: Vec<u8> = (0..20).map(|_| rand::Rng::random::<u8>(&mut rng)).collect();
    let q = prime(160);
    let low = (BigUint::one() << 1023usize) / &q;
    let high = (BigUint::one() << 1024usize) / &q;
    loop {
        let k = rng.gen_biguint_range(&low, &high);
        let k = &k - (&k & BigUint::one()); // even, so p = kq+1 is odd
        let p = k * &q + 1u32;
        if p.bits() == 1024 && is_prime(&p, 20) {
            return (q, p, seed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_primes_have_their_structure() {
        let p = strong_prime(128, 20);
        assert_eq!(p.bits(), 128);
        assert!(is_prime(&p, 20));
        let (p, a) = safe_prime(64, 20);
        assert!(is_prime(&((&p - 1u32) >> 1usize), 20));
        assert!(a > BigUint::one() && a < p);
        assert!(!is_prime(&BigUint::from(561u32), 20)); // a Carmichael number
    }
}
