//! The export table of `$Math`: every function of `module/math.m`, sorted by name,
//! with its link signature, frame size and frame pointer map, as the compiler
//! computes them from the interface (the test below checks that).

use dis::vm::NativeFn;

/// A table entry ([`NativeFn::new`], short for the table below).
use NativeFn as F;

/// The functions of `$Math`.
pub const FUNCTIONS: &[NativeFn] = &[
    F::new("FPcontrol", 0x6584767b, 40, &[]),
    F::new("FPstatus", 0x6584767b, 40, &[]),
    F::new("acos", 0xa1d1fe48, 40, &[]),
    F::new("acosh", 0xa1d1fe48, 40, &[]),
    F::new("asin", 0xa1d1fe48, 40, &[]),
    F::new("asinh", 0xa1d1fe48, 40, &[]),
    F::new("atan", 0xa1d1fe48, 40, &[]),
    F::new("atan2", 0xf293f6cf, 48, &[]),
    F::new("atanh", 0xa1d1fe48, 40, &[]),
    F::new("bits32real", 0x40a58596, 40, &[]),
    F::new("bits64real", 0x5463c72c, 40, &[]),
    F::new("cbrt", 0xa1d1fe48, 40, &[]),
    F::new("ceil", 0xa1d1fe48, 40, &[]),
    F::new("copysign", 0xf293f6cf, 48, &[]),
    F::new("cos", 0xa1d1fe48, 40, &[]),
    F::new("cosh", 0xa1d1fe48, 40, &[]),
    F::new("dot", 0xfeca4db6, 40, &[0x00, 0xc0]),
    F::new("erf", 0xa1d1fe48, 40, &[]),
    F::new("erfc", 0xa1d1fe48, 40, &[]),
    F::new("exp", 0xa1d1fe48, 40, &[]),
    F::new("expm1", 0xa1d1fe48, 40, &[]),
    F::new("export_int", 0x3f1d94ee, 40, &[0x00, 0xc0]),
    F::new("export_real", 0xd1fb0c8c, 40, &[0x00, 0xc0]),
    F::new("export_real32", 0xd1fb0c8c, 40, &[0x00, 0xc0]),
    F::new("fabs", 0xa1d1fe48, 40, &[]),
    F::new("fdim", 0xf293f6cf, 48, &[]),
    F::new("finite", 0x7b2e5f52, 40, &[]),
    F::new("floor", 0xa1d1fe48, 40, &[]),
    F::new("fmax", 0xf293f6cf, 48, &[]),
    F::new("fmin", 0xf293f6cf, 48, &[]),
    F::new("fmod", 0xf293f6cf, 48, &[]),
    F::new("gemm", 0x53b8cd34, 96, &[0x00, 0x00, 0xa2]),
    F::new("getFPcontrol", 0x616977e8, 32, &[]),
    F::new("getFPstatus", 0x616977e8, 32, &[]),
    F::new("hypot", 0xf293f6cf, 48, &[]),
    F::new("iamax", 0xa5fc2e4d, 40, &[0x00, 0x80]),
    F::new("ilogb", 0x7b2e5f52, 40, &[]),
    F::new("import_int", 0x3f1d94ee, 40, &[0x00, 0xc0]),
    F::new("import_real", 0xd1fb0c8c, 40, &[0x00, 0xc0]),
    F::new("import_real32", 0xd1fb0c8c, 40, &[0x00, 0xc0]),
    F::new("isnan", 0x7b2e5f52, 40, &[]),
    F::new("j0", 0xa1d1fe48, 40, &[]),
    F::new("j1", 0xa1d1fe48, 40, &[]),
    F::new("jn", 0xb61ffc5b, 48, &[]),
    F::new("lgamma", 0x6e97c646, 40, &[]),
    F::new("log", 0xa1d1fe48, 40, &[]),
    F::new("log10", 0xa1d1fe48, 40, &[]),
    F::new("log1p", 0xa1d1fe48, 40, &[]),
    F::new("modf", 0x6e97c646, 40, &[]),
    F::new("nextafter", 0xf293f6cf, 48, &[]),
    F::new("norm1", 0x1629207e, 40, &[0x00, 0x80]),
    F::new("norm2", 0x1629207e, 40, &[0x00, 0x80]),
    F::new("pow", 0xf293f6cf, 48, &[]),
    F::new("pow10", 0x40a58596, 40, &[]),
    F::new("realbits32", 0x7b2e5f52, 40, &[]),
    F::new("realbits64", 0x9589d476, 40, &[]),
    F::new("remainder", 0xf293f6cf, 48, &[]),
    F::new("rint", 0xa1d1fe48, 40, &[]),
    F::new("scalbn", 0x64fa84ba, 48, &[]),
    F::new("sin", 0xa1d1fe48, 40, &[]),
    F::new("sinh", 0xa1d1fe48, 40, &[]),
    F::new("sort", 0x0fc7c7b8, 40, &[0x00, 0xc0]),
    F::new("sqrt", 0xa1d1fe48, 40, &[]),
    F::new("tan", 0xa1d1fe48, 40, &[]),
    F::new("tanh", 0xa1d1fe48, 40, &[]),
    F::new("y0", 0xa1d1fe48, 40, &[]),
    F::new("y1", 0xa1d1fe48, 40, &[]),
    F::new("yn", 0xb61ffc5b, 48, &[]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::export_check::{compiled, table};

    #[test]
    fn the_table_is_what_the_compiler_makes_of_the_interface() {
        assert_eq!(table(FUNCTIONS), compiled("Math", &[], "math.m"));
    }
}
