//! The `$Math` built-in module (`module/math.m`): the elementary functions
//! ([`elem`]), the floating-point control and status words ([`fp`]), the
//! functions on arrays of numbers ([`vectors`]) and the IEEE bit conversions; the
//! export table is [`table`].

mod elem;
mod fp;
mod table;
mod vectors;

use crate::builtin::sys::frame::Frame;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use table::FUNCTIONS;
use vectors::External;

/// The Math module.
#[derive(Default)]
pub struct Math {
    fp: fp::FpWords,
}

/// Where a tuple result's second member (a real, 8-aligned after an int) lies.
const TUPLE_REAL: u32 = 8;

impl Math {
    fn ret_real(
        &mut self,
        vm: &mut Machine,
        pid: u32,
        fr: Frame,
        (r, flags): (f64, i32),
    ) -> Result<(), Trap> {
        self.fp.raise_flags(pid, flags);
        let ret = fr.ret(vm)?;
        vm.mem.set_f(ret, r)
    }

    fn ret_pair(vm: &mut Machine, fr: Frame, (i, r): (i32, f64)) -> Result<(), Trap> {
        let ret = fr.ret(vm)?;
        vm.mem.set_w(ret, i)?;
        vm.mem.set_f(ret + TUPLE_REAL, r)
    }
}

impl Builtin for Math {
    fn path(&self) -> &str {
        "$Math"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let name = FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        let fr = Frame(frame);
        let pid = p.pid;
        let real = |vm: &Machine, off| vm.mem.f(frame + 32 + off);
        match name {
            "getFPcontrol" => return fr.ret_word(vm, self.fp.control(pid)),
            "getFPstatus" => return fr.ret_word(vm, self.fp.status(pid)),
            "FPcontrol" | "FPstatus" => {
                let (r, mask) = (fr.word(vm, 0)?, fr.word(vm, 4)?);
                let old = if name == "FPcontrol" {
                    self.fp.set_control(pid, r, mask)
                } else {
                    self.fp.set_status(pid, r, mask)
                };
                return fr.ret_word(vm, old);
            }
            "finite" => return fr.ret_word(vm, i32::from(real(vm, 0)?.is_finite())),
            "isnan" => return fr.ret_word(vm, i32::from(real(vm, 0)?.is_nan())),
            "ilogb" => return fr.ret_word(vm, elem::ilogb(real(vm, 0)?)),
            "modf" => return Self::ret_pair(vm, fr, elem::modf(real(vm, 0)?)),
            "lgamma" => {
                let x = real(vm, 0)?;
                let (sign, r) = elem::lgamma(x);
                self.fp.raise_flags(pid, fp::flags(&[x], r, true, r == 0.0));
                return Self::ret_pair(vm, fr, (sign, r));
            }
            "scalbn" => {
                let (x, n) = (real(vm, 0)?, fr.word(vm, 8)?);
                let r = libm::scalbn(x, n);
                let flags = fp::flags(&[x], r, false, true);
                return self.ret_real(vm, pid, fr, (r, flags));
            }
            "pow10" => {
                let n = fr.word(vm, 0)?;
                let r = libm::pow(10.0, f64::from(n));
                let flags = fp::flags(&[10.0], r, false, (0..=22).contains(&n));
                return self.ret_real(vm, pid, fr, (r, flags));
            }
            "jn" | "yn" => {
                let (n, x) = (fr.word(vm, 0)?, real(vm, 8)?);
                return self.ret_real(vm, pid, fr, elem::bessel_n(name, n, x));
            }
            "bits32real" => {
                let r = f64::from(f32::from_bits(fr.word(vm, 0)? as u32));
                return self.ret_real(vm, pid, fr, (r, 0));
            }
            "bits64real" => {
                let r = f64::from_bits(fr.big(vm, 0)? as u64);
                return self.ret_real(vm, pid, fr, (r, 0));
            }
            "realbits32" => return fr.ret_word(vm, (real(vm, 0)? as f32).to_bits() as i32),
            "realbits64" => {
                let ret = fr.ret(vm)?;
                return vm.mem.set_l(ret, real(vm, 0)?.to_bits() as i64);
            }
            _ => {}
        }
        if let Some(kind) = name
            .strip_prefix("export_")
            .or(name.strip_prefix("import_"))
        {
            let kind = match kind {
                "int" => External::Int,
                "real32" => External::Real32,
                _ => External::Real,
            };
            let (b, x) = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?);
            return vectors::convert(vm, kind, b, x, name.starts_with("export_"));
        }
        match name {
            "dot" => {
                let (x, y) = (
                    vectors::reals(vm, fr.ptr(vm, 0)?)?,
                    vectors::reals(vm, fr.ptr(vm, 4)?)?,
                );
                let r = vectors::dot(&x, &y)?;
                self.ret_real(vm, pid, fr, (r, 0))
            }
            "norm1" | "norm2" => {
                let x = vectors::reals(vm, fr.ptr(vm, 0)?)?;
                let r = if name == "norm1" {
                    vectors::norm1(&x)
                } else {
                    vectors::norm2(&x)
                };
                self.ret_real(vm, pid, fr, (r, 0))
            }
            "iamax" => {
                let x = vectors::reals(vm, fr.ptr(vm, 0)?)?;
                fr.ret_word(vm, vectors::iamax(&x))
            }
            "sort" => vectors::sort(vm, fr.ptr(vm, 0)?, fr.ptr(vm, 4)?),
            "gemm" => {
                let g = vectors::Gemm {
                    transa: fr.word(vm, 0)?,
                    transb: fr.word(vm, 4)?,
                    m: fr.word(vm, 8)?,
                    n: fr.word(vm, 12)?,
                    k: fr.word(vm, 16)?,
                    alpha: real(vm, 24)?,
                    a: fr.ptr(vm, 32)?,
                    lda: fr.word(vm, 36)?,
                    b: fr.ptr(vm, 40)?,
                    ldb: fr.word(vm, 44)?,
                    beta: real(vm, 48)?,
                    c: fr.ptr(vm, 56)?,
                    ldc: fr.word(vm, 60)?,
                };
                vectors::gemm(vm, &g)
            }
            _ => {
                let (x, y) = (real(vm, 0)?, real(vm, 8).unwrap_or(0.0));
                let control = self.fp.control(pid);
                match elem::eval(name, x, y, control) {
                    Some(r) => self.ret_real(vm, pid, fr, r),
                    None => dis::vm::trap::raise(&format!("Math->{name} not implemented")),
                }
            }
        }
    }
}
