//! The pick adts of `module/crypt.m` (`PK`, `SK`, `PKsig`, each picking `RSA`,
//! `Elgamal` or `DSA`) as plain Dis objects: a tag word, then the fields, all
//! `IPints->IPint`s except an `SK`'s first, its `PK`; converted to and from the
//! key values of `keyring::keys`.

use crate::builtin::keyring::ipint::{self, IPints};
use crate::builtin::keyring::keys::{Alg, Values};
use dis::vm::trap::{raise, EXC_NIL};
use dis::vm::types::Kind;
use dis::vm::{Machine, Trap, NIL};
use num_bigint_dig::BigInt;

/// The exception of a key whose parts do not agree.
const WRONG_KEY: &str = "type not constructed correctly";

/// The most fields a pick variant has (`SK.RSA`).
const MAX_FIELDS: usize = 7;

/// Type ids of tagged objects of 1 to [`MAX_FIELDS`] pointer fields.
#[derive(Clone, Copy)]
pub struct KeyTypes([u32; MAX_FIELDS]);

impl KeyTypes {
    pub fn register(vm: &mut Machine) -> KeyTypes {
        let mut ids = [0; MAX_FIELDS];
        for (i, id) in ids.iter_mut().enumerate() {
            let ptrs: Vec<u32> = (1..=i as u32 + 1).map(|w| 4 * w).collect();
            *id = vm.types.add(4 * (i as u32 + 2), &ptrs, Kind::Plain);
        }
        KeyTypes(ids)
    }
}

/// The pick tag of an algorithm (its variant's place in the adts).
fn tag(alg: Alg) -> i32 {
    match alg {
        Alg::Rsa => 0,
        Alg::Elgamal => 1,
        Alg::Dsa => 2,
    }
}

fn alg_of(vm: &Machine, obj: u32) -> Result<Alg, Trap> {
    if obj == NIL {
        return raise(EXC_NIL);
    }
    match vm.mem.w(obj)? {
        0 => Ok(Alg::Rsa),
        1 => Ok(Alg::Elgamal),
        2 => Ok(Alg::Dsa),
        _ => raise(WRONG_KEY),
    }
}

fn field(vm: &Machine, ips: &IPints, obj: u32, i: usize) -> Result<BigInt, Trap> {
    let v = ipint::value(vm, ips, vm.mem.u(obj + 4 + 4 * i as u32)?)?;
    Ok((*v).clone())
}

/// A new tagged object of `alg` whose fields are `ptrs`, which already hold their
/// references.
fn object(vm: &mut Machine, t: KeyTypes, alg: Alg, ptrs: &[u32]) -> Result<u32, Trap> {
    let o = vm.alloc(4 * (ptrs.len() as u32 + 1), t.0[ptrs.len() - 1])?;
    vm.mem.set_w(o, tag(alg))?;
    for (i, p) in ptrs.iter().enumerate() {
        vm.put_ptr(o + 4 + 4 * i as u32, *p)?;
    }
    Ok(o)
}

fn ipints(vm: &mut Machine, ips: &IPints, values: &[BigInt]) -> Result<Vec<u32>, Trap> {
    values
        .iter()
        .map(|v| ipint::make(vm, ips, v.clone()))
        .collect()
}

/// The values of a `PK` (or `PKsig` when `sig`) object.
pub fn read_public(vm: &Machine, ips: &IPints, obj: u32, sig: bool) -> Result<Values, Trap> {
    let alg = alg_of(vm, obj)?;
    let n = if sig {
        alg.sig_attrs().len()
    } else {
        alg.pk_attrs().len()
    };
    let v = (0..n)
        .map(|i| field(vm, ips, obj, i))
        .collect::<Result<_, _>>()?;
    Ok(Values { alg, v })
}

/// The values of an `SK` object, its public ones first.
pub fn read_secret(vm: &Machine, ips: &IPints, obj: u32) -> Result<Values, Trap> {
    let alg = alg_of(vm, obj)?;
    let pk = vm.mem.u(obj + 4)?;
    let mut key = read_public(vm, ips, pk, false)?;
    if key.alg != alg {
        return raise(WRONG_KEY);
    }
    let rest = alg.sk_attrs().len() - alg.pk_attrs().len();
    for i in 0..rest {
        key.v.push(field(vm, ips, obj, i + 1)?);
    }
    Ok(key)
}

/// A new `PK` (or `PKsig`) object for `key`.
pub fn new_public(vm: &mut Machine, ips: &IPints, t: KeyTypes, key: &Values) -> Result<u32, Trap> {
    let ptrs = ipints(vm, ips, &key.v)?;
    object(vm, t, key.alg, &ptrs)
}

/// A new `SK` object for `key`, with a new `PK` for its public values.
pub fn new_secret(vm: &mut Machine, ips: &IPints, t: KeyTypes, key: &Values) -> Result<u32, Trap> {
    let pk = new_public(vm, ips, t, &key.public())?;
    let mut ptrs = vec![pk];
    ptrs.extend(ipints(vm, ips, &key.v[key.alg.pk_attrs().len()..])?);
    object(vm, t, key.alg, &ptrs)
}
