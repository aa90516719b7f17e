//! A first `$Math`: the elementary functions of `module/math.m` that take and return
//! reals (the rest of the module comes with its own issue).

use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};

/// Signature of `fn(x: real): real`.
const SIG_R_R: u32 = 0xa1d1fe48;
/// Signature of `fn(x, y: real): real`.
const SIG_RR_R: u32 = 0xf293f6cf;

const fn unary(name: &'static str) -> NativeFn {
    NativeFn::new(name, SIG_R_R, 40, &[])
}

const fn binary(name: &'static str) -> NativeFn {
    NativeFn::new(name, SIG_RR_R, 48, &[])
}

const FUNCTIONS: &[NativeFn] = &[
    unary("acos"),
    unary("acosh"),
    unary("asin"),
    unary("asinh"),
    unary("atan"),
    binary("atan2"),
    unary("atanh"),
    unary("cbrt"),
    unary("ceil"),
    unary("cos"),
    unary("cosh"),
    unary("exp"),
    unary("expm1"),
    unary("fabs"),
    unary("floor"),
    binary("fmod"),
    binary("hypot"),
    unary("log"),
    unary("log10"),
    unary("log1p"),
    binary("pow"),
    unary("rint"),
    unary("sin"),
    unary("sinh"),
    unary("sqrt"),
    unary("tan"),
    unary("tanh"),
];

/// The Math module.
pub struct Math;

impl Builtin for Math {
    fn path(&self) -> &str {
        "$Math"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn call(&mut self, vm: &mut Machine, _p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let x = vm.mem.f(frame + 32)?;
        let y = vm.mem.f(frame + 40).unwrap_or(0.0);
        let name = FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        let r = match name {
            "acos" => x.acos(),
            "acosh" => x.acosh(),
            "asin" => x.asin(),
            "asinh" => x.asinh(),
            "atan" => x.atan(),
            "atan2" => x.atan2(y),
            "atanh" => x.atanh(),
            "cbrt" => x.cbrt(),
            "ceil" => x.ceil(),
            "cos" => x.cos(),
            "cosh" => x.cosh(),
            "exp" => x.exp(),
            "expm1" => x.exp_m1(),
            "fabs" => x.abs(),
            "floor" => x.floor(),
            "fmod" => x % y,
            "hypot" => x.hypot(y),
            "log" => x.ln(),
            "log10" => x.log10(),
            "log1p" => x.ln_1p(),
            "pow" => x.powf(y),
            "rint" => x.round_ties_even(),
            "sin" => x.sin(),
            "sinh" => x.sinh(),
            "sqrt" => x.sqrt(),
            "tan" => x.tan(),
            _ => x.tanh(),
        };
        let ret = vm.mem.u(frame + 16)?;
        vm.mem.set_f(ret, r)
    }
}
