//! The `$IPints` built-in module (`module/ipints.m`): the `IPint` adt of
//! [`super::ipint`] on its own, with primality testing and prime generation
//! (whose searches run off the interpreter, so other progs go on meanwhile).

use super::handle::Handles;
use super::ipint::{self, IPints as Objects};
use super::primes;
use super::table::IPINTS_FUNCTIONS;
use crate::builtin::sys::frame::Frame;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use num_bigint_dig::{BigInt, Sign};
use num_traits::Signed;
use std::cell::OnceCell;
use std::rc::Rc;

/// The IPint objects of `$IPints`, which `$Crypt` shares (its keys hold
/// `IPints->IPint`s): registered by whichever of the two modules attaches first.
#[derive(Clone, Default)]
pub struct SharedIPints(Rc<OnceCell<Objects>>);

impl SharedIPints {
    /// The objects, registered in `vm` on first use.
    pub fn get(&self, vm: &mut Machine) -> Objects {
        self.0
            .get_or_init(|| Handles::register(vm, "type not constructed correctly"))
            .clone()
    }
}

/// The IPints module.
pub struct IPintsModule {
    shared: SharedIPints,
    objects: Option<Objects>,
}

impl IPintsModule {
    /// The module whose IPints are `shared`.
    pub fn new(shared: SharedIPints) -> IPintsModule {
        IPintsModule {
            shared,
            objects: None,
        }
    }
}

impl Builtin for IPintsModule {
    fn path(&self) -> &str {
        "$IPints"
    }

    fn functions(&self) -> &[NativeFn] {
        IPINTS_FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        self.objects = Some(self.shared.get(vm));
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let Some(ips) = &self.objects else {
            return raise("module not loaded");
        };
        let name = IPINTS_FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        let fr = Frame(frame);
        let int = |v| BigInt::from_biguint(Sign::Plus, v);
        match name {
            "IPint.random" => {
                let v = ipint::random_bits(fr.word(vm, 0)?)?;
                let obj = ipint::make(vm, ips, v)?;
                fr.ret_ptr(vm, obj)
            }
            "probably_prime" => {
                let n = ipint::value(vm, ips, fr.ptr(vm, 0)?)?;
                let nrep = fr.word(vm, 4)?;
                let r = !n.is_negative() && primes::is_prime(&iptext::magnitude(&n), nrep);
                fr.ret_word(vm, i32::from(r))
            }
            "genprime" | "genstrongprime" => {
                let bits = primes::check_size(fr.word(vm, 0)?)?;
                let nrep = fr.word(vm, 4)?;
                let strong = name == "genstrongprime";
                let ips = ips.clone();
                vm.block_on(
                    p,
                    move || {
                        if strong {
                            primes::strong_prime(bits, nrep)
                        } else {
                            primes::prime(bits)
                        }
                    },
                    move |vm, _p, v| {
                        let obj = ipint::make(vm, &ips, int(v))?;
                        fr.ret_ptr(vm, obj)
                    },
                )
            }
            "gensafeprime" => {
                let bits = primes::check_size(fr.word(vm, 0)?)?;
                let nrep = fr.word(vm, 4)?;
                let ips = ips.clone();
                vm.block_on(
                    p,
                    move || primes::safe_prime(bits, nrep),
                    move |vm, _p, (sp, alpha)| {
                        let ret = fr.ret(vm)?;
                        let sp = ipint::make(vm, &ips, int(sp))?;
                        vm.put_ptr(ret, sp)?;
                        let a = ipint::make(vm, &ips, int(alpha))?;
                        vm.put_ptr(ret + 4, a)
                    },
                )
            }
            "DSAprimes" => {
                let ips = ips.clone();
                vm.block_on(p, primes::dsa_primes, move |vm, _p, (q, dp, seed)| {
                    let ret = fr.ret(vm)?;
                    let q = ipint::make(vm, &ips, int(q))?;
                    vm.put_ptr(ret, q)?;
                    let dp = ipint::make(vm, &ips, int(dp))?;
                    vm.put_ptr(ret + 4, dp)?;
                    let s = vm.new_byte_array(&seed)?;
                    vm.put_ptr(ret + 8, s)
                })
            }
            _ => match name.strip_prefix("IPint.") {
                Some(method) => ipint::call(vm, ips, method, fr),
                None => raise(&format!("IPints->{name} not implemented")),
            },
        }
    }
}
