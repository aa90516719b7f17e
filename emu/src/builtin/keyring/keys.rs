//! The signature algorithms of the original (`rsa`, `elgamal`, `dsa`) as values:
//! secret and public keys and signatures, their text forms (one base-64 integer
//! a line, as `%U` writes them: a leading zero byte when the top bit is set), the
//! attribute form's values, key generation, signing and verifying. The schemes
//! are the original's raw ones (RSA without padding over a digest integer,
//! ElGamal and DSA over it). What involves a secret (RSA's private exponents,
//! the ElGamal and DSA secrets and nonces) is computed in constant time by
//! [`secret_arith`]; verifying, with public values only, by `num_bigint_dig`.

use super::primes;
use super::secret_arith::{self, Modulus};
use iptext::{dec64, enc64, magnitude_bytes};
use num_bigint_dig::{BigInt, BigUint, ModInverse, RandBigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

/// A signature algorithm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Alg {
    Rsa,
    Elgamal,
    Dsa,
}

impl Alg {
    /// The algorithm of a name (`rsa`, `elgamal`, `dsa`).
    pub fn named(name: &str) -> Option<Alg> {
        match name {
            "rsa" => Some(Alg::Rsa),
            "elgamal" => Some(Alg::Elgamal),
            "dsa" => Some(Alg::Dsa),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Alg::Rsa => "rsa",
            Alg::Elgamal => "elgamal",
            Alg::Dsa => "dsa",
        }
    }

    /// Names of a secret key's values in the attribute form (`!` marks secrets).
    pub fn sk_attrs(self) -> &'static [&'static str] {
        match self {
            Alg::Rsa => &["n", "ek", "!dk", "!p", "!q", "!kp", "!kq", "!c2"],
            Alg::Elgamal => &["p", "alpha", "key", "!secret"],
            Alg::Dsa => &["p", "q", "alpha", "key", "!secret"],
        }
    }

    /// Names of a public key's values.
    pub fn pk_attrs(self) -> &'static [&'static str] {
        let sk = self.sk_attrs();
        &sk[..sk.iter().take_while(|n| !n.starts_with('!')).count()]
    }

    /// Names of a signature's values.
    pub fn sig_attrs(self) -> &'static [&'static str] {
        match self {
            Alg::Rsa => &["val"],
            _ => &["r", "s"],
        }
    }
}

/// A key or signature: its algorithm and its integers in the order of the text form.
#[derive(Clone, Debug, PartialEq)]
pub struct Values {
    pub alg: Alg,
    pub v: Vec<BigInt>,
}

/// A secret key (RSA: n ek dk p q kp kq c2; ElGamal: p alpha key secret; DSA:
/// p q alpha key secret).
pub type SecretKey = Values;
/// A public key (RSA: n ek; ElGamal: p alpha key; DSA: p q alpha key).
pub type PublicKey = Values;
/// A signature (RSA: val; ElGamal and DSA: r s).
pub type Signature = Values;

/// Base 64 of a value as `%U` writes it.
pub fn b64z(v: &BigInt) -> String {
    let mut bytes = magnitude_bytes(v);
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    enc64(&bytes)
}

/// The text form: one `%U` line per value.
pub fn to_text(values: &[BigInt]) -> String {
    values.iter().map(|v| b64z(v) + "\n").collect()
}

/// Reads `count` base-64 lines from `text`; None if a line is empty or missing.
/// Returns the values and the text after them.
pub fn from_text(text: &str, count: usize) -> Option<(Vec<BigInt>, &str)> {
    let mut rest = text;
    let mut values = Vec::with_capacity(count);
    for _ in 0..count {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if line.is_empty() {
            return None;
        }
        values.push(BigInt::from_bytes_be(Sign::Plus, &dec64(line.as_bytes())));
        rest = after;
    }
    Some((values, rest))
}

/// The attribute form of values: ` name=HEX` for each, the hex of the bytes
/// the text form holds.
pub fn attrs(names: &[&str], values: &[BigInt]) -> String {
    let mut out = String::new();
    for (name, v) in names.iter().zip(values) {
        let bytes = dec64(b64z(v).as_bytes());
        let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        out.push_str(&format!(" {name}={hex}"));
    }
    out
}

fn int(v: BigUint) -> BigInt {
    BigInt::from_biguint(Sign::Plus, v)
}

/// `a` mod `m`, never negative for positive `m` (0 for a zero modulus, which
/// only a key made by hand can have).
fn modulo(a: &BigInt, m: &BigInt) -> BigInt {
    if m.is_zero() {
        return BigInt::zero();
    }
    a.mod_floor(m)
}

fn inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    if m <= &BigInt::one() {
        return None;
    }
    modulo(a, m).mod_inverse(m).map(|i| modulo(&i, m))
}

/// How many random choices signing makes before it gives up on parameters
/// (made by hand) for which none will do.
const TRIES: usize = 1000;

/// `b ** e mod m` with a secret exponent (in constant time).
fn pow(b: &BigInt, e: &BigInt, m: &BigInt) -> BigInt {
    secret_arith::pow(b, e, m)
}

/// `b ** e mod m` with public values only.
fn public_pow(b: &BigInt, e: &BigInt, m: &BigInt) -> BigInt {
    if m.is_zero() {
        return BigInt::zero();
    }
    modulo(b, m).modpow(e, m)
}

/// A random value in [1, below).
fn random_below(below: &BigInt) -> BigInt {
    let below = iptext::magnitude(below);
    if below <= BigUint::one() {
        return BigInt::one();
    }
    int(rand::rng().gen_biguint_range(&BigUint::one(), &below))
}

/// An RSA key of `nlen` bits whose public exponent is a random odd number of
/// `elen` bits (at least 3) prime to phi.
pub fn rsa_gen(nlen: usize, elen: usize) -> SecretKey {
    loop {
        let p = int(primes::prime((nlen / 2).max(2)));
        let q = int(primes::prime((nlen - nlen / 2).max(2)));
        if p == q {
            continue;
        }
        let n = &p * &q;
        let phi = (&p - 1) * (&q - 1);
        let Some(phi_mod) = Modulus::new(&phi) else {
            continue;
        };
        let mut e = int(rand::rng().gen_biguint(elen.clamp(2, 64)));
        if e <= BigInt::from(2) {
            e = BigInt::from(3);
        }
        let d = loop {
            if let Some(d) = phi_mod.inverse(&e) {
                break d;
            }
            e += 1;
        };
        if let Some(k) = rsa_fill(n, e, d, p, q) {
            return k;
        }
    }
}

/// An RSA key from n, e, d, p and q, its CRT values computed.
pub fn rsa_fill(n: BigInt, e: BigInt, d: BigInt, p: BigInt, q: BigInt) -> Option<SecretKey> {
    let c2 = Modulus::new(&q)?.inverse(&p)?;
    let kp = secret_rem(&d, &(&p - 1));
    let kq = secret_rem(&d, &(&q - 1));
    Some(Values {
        alg: Alg::Rsa,
        v: vec![n, e, d, p, q, kp, kq, c2],
    })
}

/// A secret `a` mod `m` (0 for a zero modulus).
fn secret_rem(a: &BigInt, m: &BigInt) -> BigInt {
    match Modulus::new(m) {
        Some(m) if !a.is_negative() => m.rem(a),
        _ => modulo(a, m),
    }
}

/// RSA's secret operation by the Chinese remainder theorem: m^d mod n.
pub fn rsa_decrypt(sk: &[BigInt], m: &BigInt) -> BigInt {
    let (p, q, kp, kq, c2) = (&sk[3], &sk[4], &sk[5], &sk[6], &sk[7]);
    let v1 = pow(m, kp, p);
    let v2 = pow(m, kq, q);
    let h = match Modulus::new(q) {
        Some(qm) => qm.mul(&qm.sub(&v2, &v1), c2),
        None => modulo(&((v2 - &v1) * c2), q),
    };
    v1 + h * p
}

/// RSA's public operation: m^e mod n.
pub fn rsa_encrypt(pk: &[BigInt], m: &BigInt) -> BigInt {
    public_pow(m, &pk[1], &pk[0])
}

/// An ElGamal key over a new safe prime of `nlen` bits.
pub fn eg_gen(nlen: usize, nrep: i32) -> SecretKey {
    let (p, alpha) = primes::safe_prime(nlen, nrep);
    let (p, alpha) = (int(p), int(alpha));
    let secret = int(rand::rng().gen_biguint(nlen.saturating_sub(1)));
    let key = pow(&alpha, &secret, &p);
    Values {
        alg: Alg::Elgamal,
        v: vec![p, alpha, key, secret],
    }
}

/// ElGamal signature (r, s) of m (None for unusable parameters).
pub fn eg_sign(sk: &[BigInt], m: &BigInt) -> Option<Vec<BigInt>> {
    let pm1 = &sk[0] - 1;
    (0..TRIES).find_map(|_| eg_sign_with(sk, m, &random_below(&pm1)))
}

/// ElGamal signature of m with nonce k (None when k is unusable).
pub fn eg_sign_with(sk: &[BigInt], m: &BigInt, k: &BigInt) -> Option<Vec<BigInt>> {
    let (p, alpha, secret) = (&sk[0], &sk[1], &sk[3]);
    let pm1 = Modulus::new(&(p - 1))?;
    if k <= &BigInt::one() {
        return None;
    }
    let kinv = pm1.inverse(k)?;
    let r = pow(alpha, k, p);
    let s = pm1.mul(&kinv, &pm1.sub(m, &pm1.mul(secret, &r)));
    Some(vec![r, s])
}

/// Whether (r, s) is an ElGamal signature of m.
pub fn eg_verify(pk: &[BigInt], sig: &[BigInt], m: &BigInt) -> bool {
    let (p, alpha, key) = (&pk[0], &pk[1], &pk[2]);
    let (r, s) = (&sig[0], &sig[1]);
    if r < &BigInt::one() || r >= p || s.is_negative() {
        return false;
    }
    let v1 = modulo(&(public_pow(key, r, p) * public_pow(r, s, p)), p);
    v1 == public_pow(alpha, m, p)
}

/// A DSA key: new primes, or those of `old` (p q alpha key).
pub fn dsa_gen(old: Option<&[BigInt]>) -> SecretKey {
    let (p, q, alpha) = match old {
        Some(pk) => (pk[0].clone(), pk[1].clone(), pk[2].clone()),
        None => {
            let (q, p, _) = primes::dsa_primes();
            let (q, p) = (int(q), int(p));
            let e = (&p - 1) / &q;
            let alpha = loop {
                let h = random_below(&(&p - 1));
                let a = public_pow(&h, &e, &p);
                if a > BigInt::one() {
                    break a;
                }
            };
            (p, q, alpha)
        }
    };
    let secret = random_below(&q);
    let key = pow(&alpha, &secret, &p);
    Values {
        alg: Alg::Dsa,
        v: vec![p, q, alpha, key, secret],
    }
}

/// DSA signature (r, s) of m (None for unusable parameters).
pub fn dsa_sign(sk: &[BigInt], m: &BigInt) -> Option<Vec<BigInt>> {
    (0..TRIES).find_map(|_| dsa_sign_with(sk, m, &random_below(&sk[1])))
}

/// DSA signature of m with nonce k (None when k is unusable).
pub fn dsa_sign_with(sk: &[BigInt], m: &BigInt, k: &BigInt) -> Option<Vec<BigInt>> {
    let (p, q, alpha, secret) = (&sk[0], &sk[1], &sk[2], &sk[4]);
    let qm = Modulus::new(q)?;
    let r = modulo(&pow(alpha, k, p), q);
    let kinv = qm.inverse(k)?;
    let s = qm.mul(&kinv, &qm.add(m, &qm.mul(secret, &r)));
    if r.is_zero() || s.is_zero() {
        return None;
    }
    Some(vec![r, s])
}

/// Whether (r, s) is a DSA signature of m.
pub fn dsa_verify(pk: &[BigInt], sig: &[BigInt], m: &BigInt) -> bool {
    let (p, q, alpha, key) = (&pk[0], &pk[1], &pk[2], &pk[3]);
    let (r, s) = (&sig[0], &sig[1]);
    let zero = BigInt::zero();
    if r <= &zero || r >= q || s <= &zero || s >= q {
        return false;
    }
    let Some(w) = inverse(s, q) else { return false };
    let u1 = modulo(&(m * &w), q);
    let u2 = modulo(&(r * &w), q);
    let v = modulo(
        &modulo(&(public_pow(alpha, &u1, p) * public_pow(key, &u2, p)), p),
        q,
    );
    &v == r
}

impl Values {
    /// The public key of a secret key.
    pub fn public(&self) -> PublicKey {
        let n = self.alg.pk_attrs().len();
        Values {
            alg: self.alg,
            v: self.v[..n].to_vec(),
        }
    }

    /// Signs digest integer m with this secret key (None when the key's
    /// parameters admit no signature).
    pub fn sign(&self, m: &BigInt) -> Option<Signature> {
        let v = match self.alg {
            Alg::Rsa => vec![rsa_decrypt(&self.v, m)],
            Alg::Elgamal => eg_sign(&self.v, m)?,
            Alg::Dsa => dsa_sign(&self.v, m)?,
        };
        Some(Values { alg: self.alg, v })
    }

    /// Whether `sig` signs m under this public key.
    pub fn verify(&self, sig: &Signature, m: &BigInt) -> bool {
        if sig.alg != self.alg {
            return false;
        }
        match self.alg {
            Alg::Rsa => &rsa_encrypt(&self.v, &sig.v[0]) == m,
            Alg::Elgamal => eg_verify(&self.v, &sig.v, m),
            Alg::Dsa => dsa_verify(&self.v, &sig.v, m),
        }
    }

    /// A new secret key of algorithm `alg` and size `bits`.
    pub fn generate(alg: Alg, bits: usize) -> SecretKey {
        match alg {
            Alg::Rsa => {
                // A modulus of exactly `bits` bits, where the sizes allow one.
                let mut k = rsa_gen(bits, 6);
                for _ in 0..TRIES {
                    if k.v[0].bits() == bits {
                        break;
                    }
                    k = rsa_gen(bits, 6);
                }
                k
            }
            Alg::Elgamal => eg_gen(bits, 0),
            Alg::Dsa => dsa_gen(None),
        }
    }

    /// A new secret key with the parameters of public key `self`.
    pub fn generate_like(&self) -> SecretKey {
        match self.alg {
            Alg::Rsa => rsa_gen(self.v[0].bits(), self.v[1].bits()),
            Alg::Elgamal => {
                let (p, alpha) = (self.v[0].clone(), self.v[1].clone());
                let secret = int(rand::rng().gen_biguint(p.bits().saturating_sub(1)));
                let key = pow(&alpha, &secret, &p);
                Values {
                    alg: Alg::Elgamal,
                    v: vec![p, alpha, key, secret],
                }
            }
            Alg::Dsa => dsa_gen(Some(&self.v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_forgeries_do_not() {
        let m = BigInt::from(0x1234_5678u32);
        for sk in [rsa_gen(256, 6), eg_gen(64, 0)] {
            let pk = sk.public();
            let sig = sk.sign(&m).unwrap();
            assert!(pk.verify(&sig, &m), "{:?}", sk.alg);
            assert!(!pk.verify(&sig, &(&m + 1)), "{:?}", sk.alg);
        }
    }

    /// The signing formulas as plain `num_bigint_dig` arithmetic.
    mod plain {
        use super::super::{inverse, modulo, public_pow as pow};
        use num_bigint_dig::BigInt;
        use num_traits::{One, Zero};

        pub fn rsa(sk: &[BigInt], m: &BigInt) -> BigInt {
            let (p, q, kp, kq, c2) = (&sk[3], &sk[4], &sk[5], &sk[6], &sk[7]);
            let v1 = pow(m, kp, p);
            let v2 = pow(m, kq, q);
            v1.clone() + modulo(&((v2 - v1) * c2), q) * p
        }

        pub fn eg(sk: &[BigInt], m: &BigInt, k: &BigInt) -> Option<Vec<BigInt>> {
            let (p, alpha, secret) = (&sk[0], &sk[1], &sk[3]);
            let pm1 = p - 1;
            if k <= &BigInt::one() {
                return None;
            }
            let kinv = inverse(k, &pm1)?;
            let r = pow(alpha, k, p);
            let s = modulo(&(kinv * (m - modulo(&(secret * &r), &pm1))), &pm1);
            Some(vec![r, s])
        }

        pub fn dsa(sk: &[BigInt], m: &BigInt, k: &BigInt) -> Option<Vec<BigInt>> {
            let (p, q, alpha, secret) = (&sk[0], &sk[1], &sk[2], &sk[4]);
            let r = modulo(&pow(alpha, k, p), q);
            let kinv = inverse(k, q)?;
            let s = modulo(&(kinv * (m + secret * &r)), q);
            (!r.is_zero() && !s.is_zero()).then(|| vec![r, s])
        }
    }

    #[test]
    fn constant_time_signing_equals_the_plain_formulas() {
        let dsa = dsa_gen(None);
        for round in 0..6 {
            let rsa = rsa_gen(256 + 64 * round, 6);
            let eg = eg_gen(64 + 16 * round, 0);
            let dsa = if round == 0 {
                dsa.clone()
            } else {
                dsa_gen(Some(&dsa.v))
            };
            for _ in 0..8 {
                let m = int(rand::rng().gen_biguint(160));
                assert_eq!(rsa_decrypt(&rsa.v, &m), plain::rsa(&rsa.v, &m));
                assert_eq!(rsa_decrypt(&rsa.v, &m), m.modpow(&rsa.v[2], &rsa.v[0]));
                let k = random_below(&(&eg.v[0] - 1));
                assert_eq!(eg_sign_with(&eg.v, &m, &k), plain::eg(&eg.v, &m, &k));
                let k = random_below(&dsa.v[1]);
                let sig = dsa_sign_with(&dsa.v, &m, &k);
                assert_eq!(sig, plain::dsa(&dsa.v, &m, &k));
                let sig = Values {
                    alg: Alg::Dsa,
                    v: sig.unwrap(),
                };
                assert!(dsa.public().verify(&sig, &m));
            }
            assert_eq!(eg.v[2], public_pow(&eg.v[1], &eg.v[3], &eg.v[0]));
            assert_eq!(dsa.v[3], public_pow(&dsa.v[2], &dsa.v[4], &dsa.v[0]));
            let phi = (&rsa.v[3] - 1) * (&rsa.v[4] - 1);
            assert_eq!(inverse(&rsa.v[1], &phi).as_ref(), Some(&rsa.v[2]));
            assert_eq!(inverse(&rsa.v[3], &rsa.v[4]).as_ref(), Some(&rsa.v[7]));
        }
    }

    #[test]
    fn key_text_reads_back() {
        let sk = rsa_gen(128, 6);
        let text = to_text(&sk.v);
        let (v, rest) = from_text(&text, 8).unwrap();
        assert_eq!(v, sk.v);
        assert_eq!(rest, "");
        assert_eq!(b64z(&BigInt::from(0x80)), "AIA=");
        assert_eq!(attrs(&["n"], &[BigInt::from(0x80)]), " n=0080");
    }
}
