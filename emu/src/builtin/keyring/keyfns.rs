//! The Keyring functions on keys and certificates: text and attribute forms,
//! `sign`, `verify`, `signm`, `verifym`, key generation and `dhparams` (whose
//! searches for primes run off the interpreter, so other progs go on meanwhile).

use super::certs::{self, text, Cert, KeyObjects};
use super::digest::Hasher;
use super::handle::Handles;
use super::ipint::{self, IPints};
use super::keys::{Alg, Values};
use super::primes;
use crate::builtin::sys::frame::Frame;
use dis::vm::{Machine, Prog, Trap, NIL};
use num_bigint_dig::{BigInt, Sign};

/// What the key functions work with.
pub struct Context<'a> {
    pub keys: &'a KeyObjects,
    pub ipints: &'a IPints,
    pub digests: &'a Handles<Hasher>,
}

fn ret_text(vm: &mut Machine, fr: Frame, s: &str) -> Result<(), Trap> {
    let v = vm.new_string(s)?;
    fr.ret_ptr(vm, v)
}

/// Runs key function `name`; None if it is not one.
pub fn call(
    vm: &mut Machine,
    p: &mut Prog,
    cx: &Context,
    name: &str,
    fr: Frame,
) -> Option<Result<(), Trap>> {
    let k = cx.keys;
    let r = match name {
        "sktostr" | "sktoattr" => (|| {
            let (key, owner) = k.sk(vm, fr.ptr(vm, 0)?)?;
            let t = if name == "sktostr" {
                certs::key_to_text(&key, &owner)
            } else {
                certs::key_to_attrs(&key, &owner, false)
            };
            ret_text(vm, fr, &t)
        })(),
        "pktostr" | "pktoattr" => (|| {
            let (key, owner) = k.pk(vm, fr.ptr(vm, 0)?)?;
            let t = if name == "pktostr" {
                certs::key_to_text(&key, &owner)
            } else {
                certs::key_to_attrs(&key, &owner, true)
            };
            ret_text(vm, fr, &t)
        })(),
        "certtostr" | "certtoattr" => (|| {
            let c = k.cert(vm, fr.ptr(vm, 0)?)?;
            let t = if name == "certtostr" {
                certs::cert_to_text(&c)
            } else {
                certs::cert_to_attrs(&c)
            };
            ret_text(vm, fr, &t)
        })(),
        "strtosk" | "strtopk" => (|| {
            let s = text(vm, fr.ptr(vm, 0)?)?;
            let o = match certs::key_from_text(&s, name == "strtopk") {
                Some((key, owner)) if name == "strtosk" => k.new_sk(vm, key, &owner)?,
                Some((key, owner)) => k.new_pk(vm, key, &owner)?,
                None => NIL,
            };
            fr.ret_ptr(vm, o)
        })(),
        "strtocert" => (|| {
            let s = text(vm, fr.ptr(vm, 0)?)?;
            let o = match certs::cert_from_text(&s) {
                Some(c) => k.new_cert(vm, c, None)?,
                None => NIL,
            };
            fr.ret_ptr(vm, o)
        })(),
        "sign" => (|| {
            let args = (
                fr.ptr(vm, 0)?,
                fr.word(vm, 4)?,
                fr.ptr(vm, 8)?,
                fr.ptr(vm, 12)?,
            );
            let o = k.sign(vm, cx.digests, args)?;
            fr.ret_ptr(vm, o)
        })(),
        "verify" => (|| {
            let args = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?, fr.ptr(vm, 8)?);
            let ok = k.verify(vm, cx.digests, args)?;
            fr.ret_word(vm, i32::from(ok))
        })(),
        "signm" => (|| {
            let sk = fr.ptr(vm, 0)?;
            let (key, owner) = k.sk(vm, sk)?;
            let m = fr.ptr(vm, 4)?;
            if m == NIL {
                return fr.ret_ptr(vm, NIL);
            }
            let m = ipint::value(vm, cx.ipints, m)?;
            let ha = text(vm, fr.ptr(vm, 8)?)?;
            let Some(sig) = key.sign(&m) else {
                return fr.ret_ptr(vm, NIL);
            };
            let c = Cert {
                sig,
                ha,
                signer: owner,
                exp: 0,
            };
            let sa = vm.mem.u(sk)?;
            let o = k.new_cert(vm, c, Some(sa))?;
            fr.ret_ptr(vm, o)
        })(),
        "verifym" => (|| {
            let c = k.cert(vm, fr.ptr(vm, 4)?)?;
            let (key, _) = k.pk(vm, fr.ptr(vm, 0)?)?;
            let m = fr.ptr(vm, 8)?;
            if key.alg != c.sig.alg || m == NIL {
                return fr.ret_word(vm, 0);
            }
            let m = ipint::value(vm, cx.ipints, m)?;
            fr.ret_word(vm, i32::from(key.verify(&c.sig, &m)))
        })(),
        "genSK" => (|| {
            let alg = text(vm, fr.ptr(vm, 0)?)?;
            let owner = text(vm, fr.ptr(vm, 4)?)?;
            let Some(alg) = Alg::named(&alg) else {
                return fr.ret_ptr(vm, NIL);
            };
            let bits = primes::check_size(fr.word(vm, 8)?)?;
            let keys = k.clone();
            vm.block_on(
                p,
                move || Values::generate(alg, bits),
                move |vm, _p, sk| {
                    let o = keys.new_sk(vm, sk, &owner)?;
                    fr.ret_ptr(vm, o)
                },
            )
        })(),
        "genSKfromPK" => (|| {
            let (pk, _) = k.pk(vm, fr.ptr(vm, 0)?)?;
            let owner = text(vm, fr.ptr(vm, 4)?)?;
            let keys = k.clone();
            vm.block_on(
                p,
                move || pk.generate_like(),
                move |vm, _p, sk| {
                    let o = keys.new_sk(vm, sk, &owner)?;
                    fr.ret_ptr(vm, o)
                },
            )
        })(),
        "sktopk" => (|| {
            let o = k.sk_to_pk(vm, fr.ptr(vm, 0)?)?;
            fr.ret_ptr(vm, o)
        })(),
        "dhparams" => dhparams(vm, p, cx.ipints, fr),
        _ => return None,
    };
    Some(r)
}

/// `dhparams(nbits)`: a generator and a prime modulus for Diffie-Hellman (the
/// searches run off the interpreter).
pub fn dhparams(vm: &mut Machine, p: &mut Prog, ipints: &IPints, fr: Frame) -> Result<(), Trap> {
    let bits = fr.word(vm, 0)?;
    let size = if bits == 1024 {
        1024
    } else {
        primes::check_size(bits)?
    };
    let ipints = ipints.clone();
    vm.block_on(
        p,
        move || {
            if size == 1024 {
                let (q, p, _) = primes::dsa_primes();
                (q, p)
            } else {
                let (p, alpha) = primes::safe_prime(size, 0);
                (alpha, p)
            }
        },
        move |vm, _p, (alpha, p)| {
            let ret = fr.ret(vm)?;
            let a = ipint::make(vm, &ipints, BigInt::from_biguint(Sign::Plus, alpha))?;
            vm.put_ptr(ret, a)?;
            let p = ipint::make(vm, &ipints, BigInt::from_biguint(Sign::Plus, p))?;
            vm.put_ptr(ret + 4, p)
        },
    )
}
