//! The per-algorithm adts of `module/keyring.m` (`RSApk`, `RSAsk`, `RSAsig`,
//! `DSApk`, `DSAsk`, `DSAsig`, `EGpk`, `EGsk`, `EGsig`): plain Dis objects whose
//! fields are IPints, and their member functions over [`super::keys`].

use super::ipint::{self, IPints};
use super::keys::{self, Alg, Values};
use super::primes;
use crate::builtin::sys::frame::Frame;
use dis::vm::trap::raise;
use dis::vm::types::Kind;
use dis::vm::{Machine, Trap, NIL};
use num_bigint_dig::BigInt;

/// Type ids of the adts that native code makes.
#[derive(Clone, Copy)]
pub struct AlgTypes {
    rsapk: u32,
    rsask: u32,
    sig1: u32,
    pair: u32,
    dsapk: u32,
    egpk: u32,
}

fn ptr_type(vm: &mut Machine, words: u32) -> u32 {
    let ptrs: Vec<u32> = (0..words).map(|i| i * 4).collect();
    vm.types.add(words * 4, &ptrs, Kind::Plain)
}

impl AlgTypes {
    pub fn register(vm: &mut Machine) -> AlgTypes {
        AlgTypes {
            rsapk: ptr_type(vm, 2),
            rsask: ptr_type(vm, 7),
            sig1: ptr_type(vm, 1),
            pair: ptr_type(vm, 2),
            dsapk: ptr_type(vm, 4),
            egpk: ptr_type(vm, 3),
        }
    }
}

/// The IPints held in `n` consecutive fields of the object at `obj`.
fn fields(vm: &Machine, ips: &IPints, obj: u32, n: u32) -> Result<Vec<BigInt>, Trap> {
    if obj == NIL {
        return raise(dis::vm::trap::EXC_NIL);
    }
    (0..n)
        .map(|i| Ok((*ipint::value(vm, ips, vm.mem.u(obj + 4 * i)?)?).clone()))
        .collect()
}

/// A new object of type `ty` whose fields are new IPints for `values`.
fn object(vm: &mut Machine, ips: &IPints, ty: u32, values: Vec<BigInt>) -> Result<u32, Trap> {
    let o = vm.alloc(4 * values.len() as u32, ty)?;
    for (i, v) in values.into_iter().enumerate() {
        let x = ipint::make(vm, ips, v)?;
        vm.put_ptr(o + 4 * i as u32, x)?;
    }
    Ok(o)
}

/// A secret-key object: `{pk: ref XXpk, rest...}` with the public part made
/// separately (`pub_len` values of type `pk_ty`).
fn sk_object(
    vm: &mut Machine,
    ips: &IPints,
    (sk_ty, pk_ty, pub_len): (u32, u32, usize),
    mut values: Vec<BigInt>,
) -> Result<u32, Trap> {
    let rest = values.split_off(pub_len);
    let pk = object(vm, ips, pk_ty, values)?;
    let words = 1 + rest.len() as u32;
    let o = vm.alloc(4 * words, sk_ty)?;
    vm.put_ptr(o, pk)?;
    for (i, v) in rest.into_iter().enumerate() {
        let x = ipint::make(vm, ips, v)?;
        vm.put_ptr(o + 4 + 4 * i as u32, x)?;
    }
    Ok(o)
}

/// The values of a secret-key object (`pub_len` public values first).
fn sk_values(
    vm: &Machine,
    ips: &IPints,
    obj: u32,
    pub_len: u32,
    rest: u32,
) -> Result<Vec<BigInt>, Trap> {
    if obj == NIL {
        return raise(dis::vm::trap::EXC_NIL);
    }
    let mut v = fields(vm, ips, vm.mem.u(obj)?, pub_len)?;
    for i in 0..rest {
        v.push((*ipint::value(vm, ips, vm.mem.u(obj + 4 + 4 * i)?)?).clone());
    }
    Ok(v)
}

/// Runs member function `name` of an algorithm adt; None if it is not one.
pub fn call(
    vm: &mut Machine,
    ips: &IPints,
    t: AlgTypes,
    name: &str,
    fr: Frame,
) -> Option<Result<(), Trap>> {
    let (adt, _) = name.split_once('.')?;
    if !matches!(adt, "RSApk" | "RSAsk" | "DSApk" | "DSAsk" | "EGpk" | "EGsk") {
        return None;
    }
    let m_arg = |vm: &Machine, off| -> Result<BigInt, Trap> {
        Ok((*ipint::value(vm, ips, fr.ptr(vm, off)?)?).clone())
    };
    let r = (|| match name {
        "RSApk.encrypt" => {
            let pk = fields(vm, ips, fr.ptr(vm, 0)?, 2)?;
            let c = keys::rsa_encrypt(&pk, &m_arg(vm, 4)?);
            let o = ipint::make(vm, ips, c)?;
            fr.ret_ptr(vm, o)
        }
        "RSApk.verify" | "DSApk.verify" | "EGpk.verify" => {
            let (alg, n, sn) = match adt {
                "RSApk" => (Alg::Rsa, 2, 1),
                "DSApk" => (Alg::Dsa, 4, 2),
                _ => (Alg::Elgamal, 3, 2),
            };
            let pk = fields(vm, ips, fr.ptr(vm, 0)?, n)?;
            let sig = fields(vm, ips, fr.ptr(vm, 4)?, sn)?;
            let m = m_arg(vm, 8)?;
            let ok = Values { alg, v: pk }.verify(&Values { alg, v: sig }, &m);
            fr.ret_word(vm, i32::from(ok))
        }
        "RSAsk.gen" => {
            let bits = primes::check_size(fr.word(vm, 0)?)?;
            let elen = fr.word(vm, 4)?.max(0) as usize;
            let sk = keys::rsa_gen(bits, elen);
            let o = sk_object(vm, ips, (t.rsask, t.rsapk, 2), sk.v)?;
            fr.ret_ptr(vm, o)
        }
        "RSAsk.fill" => {
            let (n, e, d) = (m_arg(vm, 0)?, m_arg(vm, 4)?, m_arg(vm, 8)?);
            let (p, q) = (m_arg(vm, 12)?, m_arg(vm, 16)?);
            let o = match keys::rsa_fill(n, e, d, p, q) {
                Some(sk) => sk_object(vm, ips, (t.rsask, t.rsapk, 2), sk.v)?,
                None => NIL,
            };
            fr.ret_ptr(vm, o)
        }
        "RSAsk.decrypt" | "RSAsk.sign" => {
            let sk = sk_values(vm, ips, fr.ptr(vm, 0)?, 2, 6)?;
            let r = keys::rsa_decrypt(&sk, &m_arg(vm, 4)?);
            let o = if name == "RSAsk.sign" {
                object(vm, ips, t.sig1, vec![r])?
            } else {
                ipint::make(vm, ips, r)?
            };
            fr.ret_ptr(vm, o)
        }
        "DSAsk.gen" => {
            let old = match fr.ptr(vm, 0)? {
                NIL => None,
                o => Some(fields(vm, ips, o, 4)?),
            };
            let sk = keys::dsa_gen(old.as_deref());
            let o = sk_object(vm, ips, (t.pair, t.dsapk, 4), sk.v)?;
            fr.ret_ptr(vm, o)
        }
        "EGsk.gen" => {
            let bits = primes::check_size(fr.word(vm, 0)?)?;
            let sk = keys::eg_gen(bits, fr.word(vm, 4)?);
            let o = sk_object(vm, ips, (t.pair, t.egpk, 3), sk.v)?;
            fr.ret_ptr(vm, o)
        }
        "DSAsk.sign" | "EGsk.sign" => {
            let (alg, n) = if adt == "DSAsk" {
                (Alg::Dsa, 4)
            } else {
                (Alg::Elgamal, 3)
            };
            let sk = sk_values(vm, ips, fr.ptr(vm, 0)?, n, 1)?;
            let Some(sig) = (Values { alg, v: sk }).sign(&m_arg(vm, 4)?) else {
                return raise("invalid argument");
            };
            let o = object(vm, ips, t.pair, sig.v)?;
            fr.ret_ptr(vm, o)
        }
        _ => raise(&format!("Keyring->{name} not implemented")),
    })();
    Some(r)
}
