//! The `$Keyring` built-in module (`module/keyring.m`): big integers
//! ([`ipint`]), digests ([`digest`]), ciphers ([`cipher`]), keys and
//! certificates ([`keys`], [`certs`], [`keyfns`]), messages on connections
//! ([`msgio`]) and authentication ([`auth`]), the digests and ciphers shared with
//! `$Crypt` being in [`symmetric`]; and `$IPints`
//! ([`ipints`]), the big integers on their own with prime generation. Each hidden
//! state is a native-handle object ([`handle`]); arithmetic on secrets runs in
//! constant time ([`secret_arith`]).

mod algadts;
mod auth;
mod certs;
pub(crate) mod cipher;
pub(crate) mod digest;
pub(crate) mod handle;
pub(crate) mod ipint;
pub mod ipints;
pub(crate) mod keyfns;
pub(crate) mod keys;
mod msgio;
pub(crate) mod primes;
pub(crate) mod secret_arith;
pub(crate) mod symmetric;
mod table;

use crate::builtin::sys::frame::Frame;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use handle::Handles;
use ipint::IPints;
use symmetric::Symmetric;
use table::FUNCTIONS;

/// The exception of an IPint argument that is not one.
const WRONG_IPINT: &str = "type not constructed correctly";

/// The objects of the module's hidden-state adts.
struct Objects {
    ipints: IPints,
    symmetric: Symmetric,
    keys: certs::KeyObjects,
    authinfo_type: u32,
    alg_types: algadts::AlgTypes,
}

/// The Keyring module.
#[derive(Default)]
pub struct Keyring {
    objects: Option<Objects>,
}

impl Builtin for Keyring {
    fn path(&self) -> &str {
        "$Keyring"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        self.objects = Some(Objects {
            ipints: Handles::register(vm, WRONG_IPINT),
            symmetric: Symmetric::register(vm),
            keys: certs::KeyObjects::register(vm),
            authinfo_type: auth::authinfo_type(vm),
            alg_types: algadts::AlgTypes::register(vm),
        });
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let Some(o) = &self.objects else {
            return raise("module not loaded");
        };
        let name = FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        let fr = Frame(frame);
        if let Some(method) = name.strip_prefix("IPint.") {
            if method == "random" {
                let v = ipint::random_bits(fr.word(vm, 4)?)?;
                let obj = ipint::make(vm, &o.ipints, v)?;
                return fr.ret_ptr(vm, obj);
            }
            return ipint::call(vm, &o.ipints, method, fr);
        }
        if let Some(r) = o.symmetric.call(vm, name, fr) {
            return r;
        }
        let cx = keyfns::Context {
            keys: &o.keys,
            ipints: &o.ipints,
            digests: &o.symmetric.digests,
        };
        if let Some(r) = keyfns::call(vm, p, &cx, name, fr) {
            return r;
        }
        if let Some(r) = algadts::call(vm, &o.ipints, o.alg_types, name, fr) {
            return r;
        }
        if let Some(r) = msgio::call(vm, p, name, fr) {
            return r;
        }
        let ax = auth::Context {
            keys: &o.keys,
            ipints: &o.ipints,
            authinfo_type: o.authinfo_type,
        };
        match name {
            "auth" => return ax.auth(vm, p, fr),
            "readauthinfo" => return ax.read(vm, p, fr),
            "writeauthinfo" => return ax.write(vm, p, fr),
            _ => {}
        }
        raise(&format!("Keyring->{name} not implemented"))
    }
}
