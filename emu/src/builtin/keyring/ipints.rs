//! The `$IPints` built-in module (`module/ipints.m`): the `IPint` adt of
//! [`super::ipint`] on its own, with primality testing and prime generation.

use super::handle::Handles;
use super::ipint::{self, IPints as Objects};
use super::primes;
use super::table::IPINTS_FUNCTIONS;
use crate::builtin::sys::frame::Frame;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use num_bigint_dig::{BigInt, Sign};
use num_traits::Signed;

/// The IPints module.
#[derive(Default)]
pub struct IPintsModule {
    objects: Option<Objects>,
}

impl Builtin for IPintsModule {
    fn path(&self) -> &str {
        "$IPints"
    }

    fn functions(&self) -> &[NativeFn] {
        IPINTS_FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        self.objects = Some(Handles::register(vm, "type not constructed correctly"));
    }

    fn call(&mut self, vm: &mut Machine, _p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
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
                let r = !n.is_negative() && primes::is_prime(&super::text::magnitude(&n), nrep);
                fr.ret_word(vm, i32::from(r))
            }
            "genprime" | "genstrongprime" => {
                let bits = primes::check_size(fr.word(vm, 0)?)?;
                let nrep = fr.word(vm, 4)?;
                let p = if name == "genprime" {
                    primes::prime(bits)
                } else {
                    primes::strong_prime(bits, nrep)
                };
                let obj = ipint::make(vm, ips, int(p))?;
                fr.ret_ptr(vm, obj)
            }
            "gensafeprime" => {
                let bits = primes::check_size(fr.word(vm, 0)?)?;
                let (p, alpha) = primes::safe_prime(bits, fr.word(vm, 4)?);
                let ret = fr.ret(vm)?;
                let p = ipint::make(vm, ips, int(p))?;
                vm.put_ptr(ret, p)?;
                let a = ipint::make(vm, ips, int(alpha))?;
                vm.put_ptr(ret + 4, a)
            }
            "DSAprimes" => {
                let (q, p, seed) = primes::dsa_primes();
                let ret = fr.ret(vm)?;
                let q = ipint::make(vm, ips, int(q))?;
                vm.put_ptr(ret, q)?;
                let p = ipint::make(vm, ips, int(p))?;
                vm.put_ptr(ret + 4, p)?;
                let s = vm.new_byte_array(&seed)?;
                vm.put_ptr(ret + 8, s)
            }
            _ => match name.strip_prefix("IPint.") {
                Some(method) => ipint::call(vm, ips, method, fr),
                None => raise(&format!("IPints->{name} not implemented")),
            },
        }
    }
}
