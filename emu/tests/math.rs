//! `$Math` on `emu`: a program compiled by our compiler calls every group of the
//! module's functions and prints what it gets; the transcript holds the values of
//! the original's manual pages and a C library, with the floating-point control
//! and status words and the exceptions of arguments that do not fit.

mod harness;

use harness::compile_and_run;

#[test]
fn every_group_of_math_functions_gives_the_originals_results() {
    let out = compile_and_run("math_module", include_str!("programs/math_module.b"));
    assert_eq!(
        out,
        "\
pi 400921fb54442d18 eps 3cb0000000000000\n\
control 15\n\
old 15 now 0\n\
up 3 down -3 zero -2 near 2\n\
status 1 1 2\n\
ilogb 3 -2 scalbn 48\n\
copysign -2 finite 0 1 isnan 1\n\
nextafter 1\n\
fdim 3 0 fmin -1 fmax 1\n\
remainder -1 fmod 3\n\
modf -3 -.75\n\
lgamma -1 1.2655121235\n\
erf 0 erfc 3ff0000000000000 j0 1 y0 0.0882569642 jn 0.1149034849\n\
pow10 1000 pow 1024 hypot 5 cbrt 3\n\
sin 3feaed548f090cee atan2 4002d97c7f3321d2\n\
dot -2 norm1 8 norm2 5.0990195136 iamax 1\n\
sort 1 2 0\n\
gemm 33 44 41 56\n\
gemm T 17 39 23 53\n\
export_int 00000001fffffffe back 1 -2\n\
export_real 3ff8000000000000 back 1.5\n\
export_real32 3f800000bf000000 back 1 -.5\n\
bits32real 1 realbits32 40000000 bits64real 1.5\n\
dot: invalid math argument\n\
import: invalid math argument\n\
sort: invalid math argument\n\
gemm: invalid math argument\n\
gemm: array bounds error\n\
"
    );
}
