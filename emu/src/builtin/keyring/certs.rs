//! The key adts as Dis objects: `SigAlg` {name}, `SK` and `PK` {sa, owner} and
//! `Certificate` {sa, ha, signer, exp}, each with its key or signature hidden
//! beside it; their text and attribute forms; signing, verifying and key
//! generation as the Keyring functions do them.

use super::digest::{self, Hasher};
use super::handle::Handles;
use super::keys::{self, Alg, Values};
use crate::kernel::error::quote;
use dis::vm::{Machine, Trap, NIL};
use num_bigint_dig::{BigInt, Sign};

/// The objects of the key adts.
#[derive(Clone)]
pub struct KeyObjects {
    pub sigalgs: Handles<Alg>,
    pub sks: Handles<Values>,
    pub pks: Handles<Values>,
    pub certs: Handles<Values>,
}

const WRONG_SA: &str = "type not constructed correctly: bad signature algorithm";

impl KeyObjects {
    pub fn register(vm: &mut Machine) -> KeyObjects {
        KeyObjects {
            sigalgs: Handles::register_adt(vm, 4, &[0], WRONG_SA),
            sks: Handles::register_adt(
                vm,
                8,
                &[0, 4],
                "type not constructed correctly: bad secret key",
            ),
            pks: Handles::register_adt(
                vm,
                8,
                &[0, 4],
                "type not constructed correctly: bad public key",
            ),
            certs: Handles::register_adt(
                vm,
                16,
                &[0, 4, 8],
                "type not constructed correctly: bad certificate",
            ),
        }
    }

    /// A new `SigAlg` for `alg`.
    fn sigalg(&self, vm: &mut Machine, alg: Alg) -> Result<u32, Trap> {
        let o = self.sigalgs.make(vm, alg)?;
        let name = vm.new_string(alg.name())?;
        vm.put_ptr(o, name)?;
        Ok(o)
    }

    /// The algorithm of the `sa` field of the object at `obj`, which must match `alg`.
    fn check_sa(&self, vm: &Machine, obj: u32, alg: Alg) -> Result<(), Trap> {
        let sa = vm.mem.u(obj)?;
        if self.sigalgs.get(vm, sa)? != alg {
            return dis::vm::trap::raise(WRONG_SA);
        }
        Ok(())
    }

    /// A key object (of `handles`: SK or PK) for `key` owned by `owner`, its
    /// `sa` a new SigAlg or `share_sa` (given a new reference).
    fn key_object(
        &self,
        vm: &mut Machine,
        handles: &Handles<Values>,
        key: Values,
        owner: &str,
        share_sa: Option<u32>,
    ) -> Result<u32, Trap> {
        let alg = key.alg;
        let sa = match share_sa {
            Some(sa) => {
                vm.inc(sa)?;
                sa
            }
            None => self.sigalg(vm, alg)?,
        };
        let o = handles.make(vm, key)?;
        vm.put_ptr(o, sa)?;
        let owner = vm.new_string(owner)?;
        vm.put_ptr(o + 4, owner)?;
        Ok(o)
    }

    pub fn new_sk(&self, vm: &mut Machine, sk: Values, owner: &str) -> Result<u32, Trap> {
        self.key_object(vm, &self.sks, sk, owner, None)
    }

    pub fn new_pk(&self, vm: &mut Machine, pk: Values, owner: &str) -> Result<u32, Trap> {
        self.key_object(vm, &self.pks, pk, owner, None)
    }

    /// The key and owner of SK object `obj`.
    pub fn sk(&self, vm: &Machine, obj: u32) -> Result<(Values, String), Trap> {
        let key = self.sks.get(vm, obj)?;
        self.check_sa(vm, obj, key.alg)?;
        Ok((key, text(vm, vm.mem.u(obj + 4)?)?))
    }

    /// The key and owner of PK object `obj`.
    pub fn pk(&self, vm: &Machine, obj: u32) -> Result<(Values, String), Trap> {
        let key = self.pks.get(vm, obj)?;
        self.check_sa(vm, obj, key.alg)?;
        Ok((key, text(vm, vm.mem.u(obj + 4)?)?))
    }

    /// The signature, hash algorithm, signer and expiry of certificate `obj`.
    pub fn cert(&self, vm: &Machine, obj: u32) -> Result<Cert, Trap> {
        let sig = self.certs.get(vm, obj)?;
        self.check_sa(vm, obj, sig.alg)?;
        Ok(Cert {
            sig,
            ha: text(vm, vm.mem.u(obj + 4)?)?,
            signer: text(vm, vm.mem.u(obj + 8)?)?,
            exp: vm.mem.w(obj + 12)?,
        })
    }

    /// A new certificate object.
    pub fn new_cert(&self, vm: &mut Machine, c: Cert, share_sa: Option<u32>) -> Result<u32, Trap> {
        let sa = match share_sa {
            Some(sa) => {
                vm.inc(sa)?;
                sa
            }
            None => self.sigalg(vm, c.sig.alg)?,
        };
        let o = self.certs.make(vm, c.sig)?;
        vm.put_ptr(o, sa)?;
        let ha = vm.new_string(&c.ha)?;
        vm.put_ptr(o + 4, ha)?;
        let signer = vm.new_string(&c.signer)?;
        vm.put_ptr(o + 8, signer)?;
        vm.mem.set_w(o + 12, c.exp)?;
        Ok(o)
    }

    /// `sktopk`: the public key of an SK, sharing its SigAlg.
    pub fn sk_to_pk(&self, vm: &mut Machine, sk: u32) -> Result<u32, Trap> {
        let (key, owner) = self.sk(vm, sk)?;
        let sa = vm.mem.u(sk)?;
        self.key_object(vm, &self.pks, key.public(), &owner, Some(sa))
    }

    /// `sign(sk, exp, state, ha)` (nil for a nil state or an unknown hash).
    pub fn sign(
        &self,
        vm: &mut Machine,
        digests: &Handles<Hasher>,
        (sk, exp, state, ha): (u32, i32, u32, u32),
    ) -> Result<u32, Trap> {
        let (key, owner) = self.sk(vm, sk)?;
        let ha = text(vm, ha)?;
        if state == NIL {
            return Ok(NIL);
        }
        let Some(alg) = hash_alg(&ha) else {
            return Ok(NIL);
        };
        let extra = format!("{owner} {exp}");
        let d = digests.with(vm, state, |h| digest::conclude(h, alg, extra.as_bytes()))?;
        let m = BigInt::from_bytes_be(Sign::Plus, &d);
        let Some(sig) = key.sign(&m) else {
            return Ok(NIL);
        };
        let c = Cert {
            sig,
            ha,
            signer: owner,
            exp,
        };
        let sa = vm.mem.u(sk)?;
        self.new_cert(vm, c, Some(sa))
    }

    /// `verify(pk, cert, state)`.
    pub fn verify(
        &self,
        vm: &mut Machine,
        digests: &Handles<Hasher>,
        (pk, cert, state): (u32, u32, u32),
    ) -> Result<bool, Trap> {
        let c = self.cert(vm, cert)?;
        let (key, _) = self.pk(vm, pk)?;
        if key.alg != c.sig.alg || state == NIL {
            return Ok(false);
        }
        let Some(alg) = hash_alg(&c.ha) else {
            return Ok(false);
        };
        let extra = format!("{} {}", c.signer, c.exp);
        let d = digests.with(vm, state, |h| digest::conclude(h, alg, extra.as_bytes()))?;
        Ok(key.verify(&c.sig, &BigInt::from_bytes_be(Sign::Plus, &d)))
    }
}

/// A certificate's contents.
pub struct Cert {
    pub sig: Values,
    pub ha: String,
    pub signer: String,
    pub exp: i32,
}

/// The digest a certificate's hash-algorithm name means (`sha` is sha1).
fn hash_alg(ha: &str) -> Option<digest::Alg> {
    match ha {
        "sha" | "sha1" => Some(digest::Alg::Sha1),
        "md5" => Some(digest::Alg::Md5),
        "md4" => Some(digest::Alg::Md4),
        _ => None,
    }
}

/// The text of a string argument (nil: empty).
pub fn text(vm: &Machine, s: u32) -> Result<String, Trap> {
    if s == NIL {
        Ok(String::new())
    } else {
        vm.str_text(s)
    }
}

/// `sktostr`/`pktostr`: algorithm, owner, then the values, a line each.
pub fn key_to_text(key: &Values, owner: &str) -> String {
    format!("{}\n{}\n{}", key.alg.name(), owner, keys::to_text(&key.v))
}

/// `certtostr`.
pub fn cert_to_text(c: &Cert) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}",
        c.sig.alg.name(),
        c.ha,
        c.signer,
        c.exp,
        keys::to_text(&c.sig.v)
    )
}

/// The first line of `s` and the text after it.
fn line(s: &str) -> (&str, &str) {
    s.split_once('\n').unwrap_or((s, ""))
}

/// The algorithm named on the first line.
fn alg_line(s: &str) -> Option<(Alg, &str)> {
    let (name, rest) = line(s);
    Some((Alg::named(name)?, rest))
}

/// `strtosk` (`public`: `strtopk`): the key and owner, or None.
pub fn key_from_text(s: &str, public: bool) -> Option<(Values, String)> {
    let (alg, rest) = alg_line(s)?;
    let (owner, rest) = line(rest);
    let count = if public {
        alg.pk_attrs().len()
    } else {
        alg.sk_attrs().len()
    };
    let (v, _) = keys::from_text(rest, count)?;
    Some((Values { alg, v }, owner.to_string()))
}

/// `strtocert`.
pub fn cert_from_text(s: &str) -> Option<Cert> {
    let (alg, rest) = alg_line(s)?;
    let (ha, rest) = line(rest);
    let (signer, rest) = line(rest);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let exp = rest[..digits].parse::<u64>().unwrap_or(0) as u32 as i32;
    let rest = rest.get(digits + 1..).unwrap_or("");
    let (v, _) = keys::from_text(rest, alg.sig_attrs().len())?;
    Some(Cert {
        sig: Values { alg, v },
        ha: ha.to_string(),
        signer: signer.to_string(),
        exp,
    })
}

/// `sktoattr` (`public`: `pktoattr`).
pub fn key_to_attrs(key: &Values, owner: &str, public: bool) -> String {
    let mut out = format!("alg={}", quote(key.alg.name(), false));
    if !owner.is_empty() {
        out += &format!(" owner={}", quote(owner, false));
    }
    let names = if public {
        key.alg.pk_attrs()
    } else {
        key.alg.sk_attrs()
    };
    out + &keys::attrs(names, &key.v)
}

/// `certtoattr`.
pub fn cert_to_attrs(c: &Cert) -> String {
    let ha = if c.ha == "sha" { "sha1" } else { &c.ha };
    format!(
        "sigalg={}-{} signer={} expires={}{}",
        quote(c.sig.alg.name(), false),
        quote(ha, false),
        quote(&c.signer, false),
        c.exp as u32,
        keys::attrs(c.sig.alg.sig_attrs(), &c.sig.v)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back() {
        let sk = keys::rsa_gen(128, 6);
        let t = key_to_text(&sk, "me");
        assert!(t.starts_with("rsa\nme\n"));
        assert_eq!(key_from_text(&t, false), Some((sk.clone(), "me".into())));
        let c = Cert {
            sig: sk.sign(&BigInt::from(5)).unwrap(),
            ha: "sha1".into(),
            signer: "me".into(),
            exp: 0,
        };
        let t = cert_to_text(&c);
        let back = cert_from_text(&t).unwrap();
        assert_eq!(
            (back.sig, back.ha, back.signer, back.exp),
            (c.sig.clone(), c.ha.clone(), c.signer.clone(), 0)
        );
        assert!(cert_to_attrs(&c).starts_with("sigalg=rsa-sha1 signer=me expires=0 val="));
        assert_eq!(key_from_text("nosuch\nme\nAA==\n", true), None);
    }
}
