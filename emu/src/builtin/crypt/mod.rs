//! The `$Crypt` built-in module (`module/crypt.m`): the digests and ciphers it
//! shares with `$Keyring` (`keyring::symmetric`), and RSA, ElGamal and DSA keys as
//! the pick adts of [`keyadts`] over `$IPints`' own IPint objects, computed by
//! `keyring::keys` (key searches run off the interpreter). The export table is
//! [`table`].

mod keyadts;
mod table;

use crate::builtin::keyring::ipint::{self, IPints};
use crate::builtin::keyring::ipints::SharedIPints;
use crate::builtin::keyring::keys::{self, Alg, Values};
use crate::builtin::keyring::symmetric::Symmetric;
use crate::builtin::keyring::{keyfns, primes};
use crate::builtin::sys::frame::Frame;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap, NIL};
use keyadts::KeyTypes;
use num_bigint_dig::BigInt;
use table::FUNCTIONS;

/// The module's objects, made when it is attached to a machine.
struct Objects {
    ipints: IPints,
    symmetric: Symmetric,
    types: KeyTypes,
}

/// The Crypt module.
pub struct Crypt {
    shared: SharedIPints,
    objects: Option<Objects>,
}

impl Crypt {
    /// The module whose IPints are those of `$IPints`, `shared`.
    pub fn new(shared: SharedIPints) -> Crypt {
        Crypt {
            shared,
            objects: None,
        }
    }
}

/// The kinds of key generation, which run off the interpreter.
enum Generate {
    Rsa(usize, usize),
    Elgamal(usize, i32),
    Dsa(Option<Vec<BigInt>>),
    Named(Alg, usize),
    Like(Values),
}

impl Generate {
    fn run(self) -> Values {
        match self {
            Generate::Rsa(nlen, elen) => keys::rsa_gen(nlen, elen),
            Generate::Elgamal(nlen, nrep) => keys::eg_gen(nlen, nrep),
            Generate::Dsa(old) => keys::dsa_gen(old.as_deref()),
            Generate::Named(alg, bits) => Values::generate(alg, bits),
            Generate::Like(pk) => pk.generate_like(),
        }
    }
}

impl Objects {
    fn int(&self, vm: &Machine, obj: u32) -> Result<BigInt, Trap> {
        Ok((*ipint::value(vm, &self.ipints, obj)?).clone())
    }

    /// Starts `job` and, when it ends, returns its key as a new `SK`.
    fn generate(
        &self,
        vm: &mut Machine,
        p: &mut Prog,
        fr: Frame,
        job: Generate,
    ) -> Result<(), Trap> {
        let (ips, types) = (self.ipints.clone(), self.types);
        vm.block_on(
            p,
            move || job.run(),
            move |vm, _p, key| {
                let o = keyadts::new_secret(vm, &ips, types, &key)?;
                fr.ret_ptr(vm, o)
            },
        )
    }

    fn keys(&self, vm: &mut Machine, p: &mut Prog, name: &str, fr: Frame) -> Result<(), Trap> {
        let ips = &self.ipints;
        match name {
            "rsagen" => {
                let nlen = primes::check_size(fr.word(vm, 0)?)?;
                let elen = fr.word(vm, 4)?.clamp(2, 64) as usize;
                self.generate(vm, p, fr, Generate::Rsa(nlen, elen))
            }
            "eggen" => {
                let nlen = primes::check_size(fr.word(vm, 0)?)?;
                self.generate(vm, p, fr, Generate::Elgamal(nlen, fr.word(vm, 4)?))
            }
            "dsagen" => {
                let old = fr.ptr(vm, 0)?;
                let old = if old == NIL {
                    None
                } else {
                    let pk = keyadts::read_public(vm, ips, old, false)?;
                    if pk.alg != Alg::Dsa {
                        return raise("type not constructed correctly");
                    }
                    Some(pk.v)
                };
                self.generate(vm, p, fr, Generate::Dsa(old))
            }
            "genSK" => {
                let alg = vm.str_text(fr.ptr(vm, 0)?)?;
                let Some(alg) = Alg::named(&alg) else {
                    return fr.ret_ptr(vm, NIL);
                };
                let bits = primes::check_size(fr.word(vm, 4)?)?;
                self.generate(vm, p, fr, Generate::Named(alg, bits))
            }
            "genSKfromPK" => {
                let pk = keyadts::read_public(vm, ips, fr.ptr(vm, 0)?, false)?;
                self.generate(vm, p, fr, Generate::Like(pk))
            }
            "rsafill" => {
                let v = (0..5)
                    .map(|i| self.int(vm, fr.ptr(vm, 4 * i)?))
                    .collect::<Result<Vec<_>, _>>()?;
                let [n, ek, dk, p, q] = <[BigInt; 5]>::try_from(v).unwrap_or_default();
                let o = match keys::rsa_fill(n, ek, dk, p, q) {
                    Some(key) => keyadts::new_secret(vm, ips, self.types, &key)?,
                    None => NIL,
                };
                fr.ret_ptr(vm, o)
            }
            "rsadecrypt" | "rsaencrypt" => {
                let k = fr.ptr(vm, 0)?;
                let m = self.int(vm, fr.ptr(vm, 4)?)?;
                let r = if name == "rsadecrypt" {
                    keys::rsa_decrypt(&keyadts::read_secret(vm, ips, k)?.v, &m)
                } else {
                    keys::rsa_encrypt(&keyadts::read_public(vm, ips, k, false)?.v, &m)
                };
                let o = ipint::make(vm, ips, r)?;
                fr.ret_ptr(vm, o)
            }
            "sign" => {
                let sk = keyadts::read_secret(vm, ips, fr.ptr(vm, 0)?)?;
                let m = self.int(vm, fr.ptr(vm, 4)?)?;
                let o = match sk.sign(&m) {
                    Some(sig) => keyadts::new_public(vm, ips, self.types, &sig)?,
                    None => NIL,
                };
                fr.ret_ptr(vm, o)
            }
            "verify" => {
                let pk = keyadts::read_public(vm, ips, fr.ptr(vm, 0)?, false)?;
                let sig = keyadts::read_public(vm, ips, fr.ptr(vm, 4)?, true)?;
                let m = self.int(vm, fr.ptr(vm, 8)?)?;
                fr.ret_word(vm, i32::from(pk.verify(&sig, &m)))
            }
            "sktopk" => {
                let sk = keyadts::read_secret(vm, ips, fr.ptr(vm, 0)?)?;
                let o = keyadts::new_public(vm, ips, self.types, &sk.public())?;
                fr.ret_ptr(vm, o)
            }
            "dhparams" => keyfns::dhparams(vm, p, ips, fr),
            _ => raise(&format!("Crypt->{name} not implemented")),
        }
    }
}

impl Builtin for Crypt {
    fn path(&self) -> &str {
        "$Crypt"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        self.objects = Some(Objects {
            ipints: self.shared.get(vm),
            symmetric: Symmetric::register(vm),
            types: KeyTypes::register(vm),
        });
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let Some(o) = &self.objects else {
            return raise("module not loaded");
        };
        let name = FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        let fr = Frame(frame);
        match o.symmetric.call(vm, name, fr) {
            Some(r) => r,
            None => o.keys(vm, p, name, fr),
        }
    }
}
