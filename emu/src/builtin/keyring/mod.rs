//! The `$Keyring` built-in module (`module/keyring.m`): big integers
//! ([`ipint`]), digests ([`digest`]), ciphers ([`cipher`]), keys and
//! certificates ([`keys`], [`certs`], [`keyfns`]), messages on connections
//! ([`msgio`]) and authentication ([`auth`]); and `$IPints`
//! ([`ipints`]), the big integers on their own with prime generation. Each hidden
//! state is a native-handle object ([`handle`]).

mod algadts;
mod auth;
mod certs;
mod cipher;
mod digest;
mod handle;
mod ipint;
pub mod ipints;
mod keyfns;
mod keys;
mod msgio;
mod primes;
mod table;
mod text;

use crate::builtin::sys::frame::Frame;
use cipher::{check_len, opt_bytes, BlockState, Kind, Rc4State};
use digest::{Alg, Hasher};
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap, NIL};
use handle::Handles;
use ipint::IPints;
use table::FUNCTIONS;

/// The exception of an IPint argument that is not one.
const WRONG_IPINT: &str = "type not constructed correctly";
/// The exception of a cipher state argument that is not one.
const WRONG_STATE: &str = "type not constructed correctly: bad encryption state";

/// The objects of the module's hidden-state adts.
struct Objects {
    ipints: IPints,
    digests: Handles<Hasher>,
    aes: Handles<BlockState>,
    des: Handles<BlockState>,
    idea: Handles<BlockState>,
    blowfish: Handles<BlockState>,
    rc4: Handles<Rc4State>,
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
            digests: Handles::register(vm, "type not constructed correctly: DigestState"),
            aes: Handles::register(vm, WRONG_STATE),
            des: Handles::register(vm, WRONG_STATE),
            idea: Handles::register(vm, WRONG_STATE),
            blowfish: Handles::register(vm, WRONG_STATE),
            rc4: Handles::register(vm, WRONG_STATE),
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
        if let Some(alg) = Alg::named(name) {
            let args = (
                fr.ptr(vm, 0)?,
                fr.word(vm, 4)?,
                fr.ptr(vm, 8)?,
                fr.ptr(vm, 12)?,
            );
            let obj = digest::digest(vm, &o.digests, alg, args)?;
            return fr.ret_ptr(vm, obj);
        }
        let cx = keyfns::Context {
            keys: &o.keys,
            ipints: &o.ipints,
            digests: &o.digests,
        };
        if let Some(r) = keyfns::call(vm, &cx, name, fr) {
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
        match name {
            "hmac_md5" | "hmac_sha1" => {
                let args = (
                    fr.ptr(vm, 0)?,
                    fr.word(vm, 4)?,
                    fr.ptr(vm, 8)?,
                    fr.ptr(vm, 12)?,
                    fr.ptr(vm, 16)?,
                );
                let obj = digest::hmac(vm, &o.digests, name == "hmac_sha1", args)?;
                fr.ret_ptr(vm, obj)
            }
            "DigestState.copy" => {
                let obj = digest::copy(vm, &o.digests, fr.ptr(vm, 0)?)?;
                fr.ret_ptr(vm, obj)
            }
            "aessetup" | "dessetup" | "ideasetup" | "blowfishsetup" => {
                let (kind, objects) = match name {
                    "aessetup" => (Kind::Aes, &o.aes),
                    "dessetup" => (Kind::Des, &o.des),
                    "ideasetup" => (Kind::Idea, &o.idea),
                    _ => (Kind::Blowfish, &o.blowfish),
                };
                let key = opt_bytes(vm, fr.ptr(vm, 0)?)?;
                let ivec = opt_bytes(vm, fr.ptr(vm, 4)?)?;
                let state = cipher::setup(kind, key.as_deref(), ivec.as_deref())?;
                let obj = objects.make(vm, state)?;
                fr.ret_ptr(vm, obj)
            }
            "aescbc" | "desecb" | "descbc" | "ideaecb" | "ideacbc" | "blowfishcbc" => {
                let objects = match name.as_bytes()[0] {
                    b'a' => &o.aes,
                    b'd' => &o.des,
                    b'i' => &o.idea,
                    _ => &o.blowfish,
                };
                let (state, buf) = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?);
                let (n, decrypt) = (fr.word(vm, 8)?, fr.word(vm, 12)? != 0);
                if buf == NIL {
                    return Ok(());
                }
                let len = vm.array_len(buf)? as usize;
                let ecb = name.ends_with("ecb");
                let block = if name == "aescbc" { 16 } else { 8 };
                let n = check_len(n, len, block, name != "aescbc")?;
                objects.check(vm, state)?;
                let at = vm.array_data(buf)?;
                let mut bytes = vm.mem.slice(at, n as u32)?.to_vec();
                objects.with(vm, state, |s| {
                    if ecb {
                        s.ecb(&mut bytes, decrypt)
                    } else {
                        s.cbc(&mut bytes, decrypt)
                    }
                })?;
                vm.mem.slice_mut(at, n as u32)?.copy_from_slice(&bytes);
                Ok(())
            }
            "rc4setup" => {
                let seed = fr.ptr(vm, 0)?;
                if seed == NIL {
                    return fr.ret_ptr(vm, NIL);
                }
                let state = cipher::rc4_setup(vm.array_bytes(seed)?)?;
                let obj = o.rc4.make(vm, state)?;
                fr.ret_ptr(vm, obj)
            }
            "rc4" => {
                let (state, buf, n) = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?, fr.word(vm, 8)?);
                if buf == NIL {
                    return Ok(());
                }
                let n = check_len(n, vm.array_len(buf)? as usize, 1, false)?;
                o.rc4.check(vm, state)?;
                let at = vm.array_data(buf)?;
                let mut bytes = vm.mem.slice(at, n as u32)?.to_vec();
                o.rc4.with(vm, state, |s| s.apply(&mut bytes))?;
                vm.mem.slice_mut(at, n as u32)?.copy_from_slice(&bytes);
                Ok(())
            }
            "rc4skip" | "rc4back" => {
                let (state, n) = (fr.ptr(vm, 0)?, i64::from(fr.word(vm, 4)?));
                let n = if name == "rc4back" { -n } else { n };
                o.rc4.with(vm, state, |s| s.skip(n))
            }
            _ => raise(&format!("Keyring->{name} not implemented")),
        }
    }
}
