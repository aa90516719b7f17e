//! `$Math`'s functions of one or two reals that return a real, computed by the
//! `libm` crate (a port of the same fdlibm algorithms the original uses), each with
//! the floating-point exceptions it raises.

use super::fp;

/// Whether a function has a pole at finite arguments (an infinite result from
/// finite arguments is then a zero divide, not an overflow).
fn has_pole(name: &str, args: &[f64]) -> bool {
    match name {
        "log" | "log10" | "log1p" | "atanh" | "y0" | "y1" | "yn" => true,
        "pow" => args[0] == 0.0,
        _ => false,
    }
}

/// Whether `r` is surely the exact value (so no inexact exception).
fn exact(name: &str, args: &[f64], r: f64) -> bool {
    match name {
        "ceil" | "floor" | "fabs" | "copysign" | "fmod" | "remainder" | "fmin" | "fmax"
        | "nextafter" => true,
        "rint" => r == args[0],
        "sqrt" => r.mul_add(r, -args[0]) == 0.0,
        "fdim" => r == 0.0 || r + args[1] == args[0],
        _ => r == 0.0 || r.abs() == 1.0 || args.iter().any(|a| a.is_infinite()),
    }
}

/// Function `name` of `x` (and `y` for the functions of two arguments) in rounding
/// mode `control`, with the exceptions raised; None if `name` is not one of them.
pub fn eval(name: &str, x: f64, y: f64, control: i32) -> Option<(f64, i32)> {
    let r = match name {
        "acos" => libm::acos(x),
        "acosh" => libm::acosh(x),
        "asin" => libm::asin(x),
        "asinh" => libm::asinh(x),
        "atan" => libm::atan(x),
        "atan2" => libm::atan2(x, y),
        "atanh" => libm::atanh(x),
        "cbrt" => libm::cbrt(x),
        "ceil" => libm::ceil(x),
        "copysign" => libm::copysign(x, y),
        "cos" => libm::cos(x),
        "cosh" => libm::cosh(x),
        "erf" => libm::erf(x),
        "erfc" => libm::erfc(x),
        "exp" => libm::exp(x),
        "expm1" => libm::expm1(x),
        "fabs" => libm::fabs(x),
        "fdim" => {
            if x > y {
                x - y
            } else {
                0.0
            }
        }
        "fmax" => {
            if x > y {
                x
            } else {
                y
            }
        }
        "fmin" => {
            if x < y {
                x
            } else {
                y
            }
        }
        "floor" => libm::floor(x),
        "fmod" => libm::fmod(x, y),
        "hypot" => libm::hypot(x, y),
        "j0" => libm::j0(x),
        "j1" => libm::j1(x),
        "log" => libm::log(x),
        "log10" => libm::log10(x),
        "log1p" => libm::log1p(x),
        "nextafter" => libm::nextafter(x, y),
        "pow" => libm::pow(x, y),
        "remainder" => libm::remainder(x, y),
        "rint" => fp::rint(x, control),
        "sin" => libm::sin(x),
        "sinh" => libm::sinh(x),
        "sqrt" => libm::sqrt(x),
        "tan" => libm::tan(x),
        "tanh" => libm::tanh(x),
        "y0" => libm::y0(x),
        "y1" => libm::y1(x),
        _ => return None,
    };
    let args = [x, y];
    let args = if matches!(
        name,
        "atan2"
            | "copysign"
            | "fdim"
            | "fmax"
            | "fmin"
            | "fmod"
            | "hypot"
            | "nextafter"
            | "pow"
            | "remainder"
    ) {
        &args[..]
    } else {
        &args[..1]
    };
    let f = fp::flags(args, r, has_pole(name, args), exact(name, args, r));
    Some((r, f))
}

/// `jn(n, x)` or `yn(n, x)`, with the exceptions raised.
pub fn bessel_n(name: &str, n: i32, x: f64) -> (f64, i32) {
    let r = if name == "jn" {
        libm::jn(n, x)
    } else {
        libm::yn(n, x)
    };
    (r, fp::flags(&[x], r, name == "yn", exact(name, &[x], r)))
}

/// The original's `ilogb`: the binary exponent, with `0x80000001` for zero and
/// `0x7fffffff` for infinities and NaN.
pub fn ilogb(x: f64) -> i32 {
    if x == 0.0 {
        return i32::MIN + 1;
    }
    if !x.is_finite() {
        return i32::MAX;
    }
    libm::ilogb(x)
}

/// `modf(x)`: the integer part (as the original converts it to an int: out of
/// range or NaN gives `0x80000000`) and the fractional part.
pub fn modf(x: f64) -> (i32, f64) {
    let (frac, int) = libm::modf(x);
    let i = if int.is_nan() || !(-2147483648.0..2147483648.0).contains(&int) {
        i32::MIN
    } else {
        int as i32
    };
    (i, frac)
}

/// `lgamma(x)`: the sign of Γ(x) and log|Γ(x)|.
pub fn lgamma(x: f64) -> (i32, f64) {
    let (r, sign) = libm::lgamma_r(x);
    (sign, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str, x: f64, y: f64) -> f64 {
        eval(name, x, y, fp::RND_NR).expect(name).0
    }

    /// Whether `a` is within two units in the last place of `b`.
    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 2.0 * f64::EPSILON * b.abs()
    }

    #[test]
    fn results_agree_with_a_c_library() {
        assert_eq!(v("sqrt", 2.0, 0.0), std::f64::consts::SQRT_2);
        assert_eq!(v("atan2", 1.0, -1.0), 3.0 * std::f64::consts::FRAC_PI_4);
        assert!(close(v("erf", 0.5, 0.0), 0.5204998778130465));
        assert!(close(v("erfc", 0.5, 0.0), 0.4795001221869535));
        assert!(close(v("j0", 1.0, 0.0), 0.7651976865579666));
        assert!(close(v("y1", 2.0, 0.0), -0.10703243154093756));
        assert!(close(bessel_n("jn", 2, 1.0).0, 0.11490348493190049));
        let (sign, l) = lgamma(-0.5);
        assert!(sign == -1 && close(l, 1.265512123484645));
        assert!(close(lgamma(5.0).1, 24f64.ln()));
        assert_eq!(v("remainder", 7.0, 4.0), -1.0);
        assert_eq!(v("fmod", 7.0, 4.0), 3.0);
        assert_eq!(v("nextafter", 1.0, 2.0), 1.0 + f64::EPSILON);
        assert_eq!(v("copysign", 3.0, -0.0), -3.0);
        assert_eq!(v("fdim", 2.0, 5.0), 0.0);
        assert_eq!(v("fmax", f64::NAN, 1.0), 1.0, "the original's comparison");
    }

    #[test]
    fn ilogb_and_modf_give_the_originals_ints() {
        assert_eq!(ilogb(8.0), 3);
        assert_eq!(ilogb(-0.3), -2);
        assert_eq!(ilogb(0.0), i32::MIN + 1);
        assert_eq!(ilogb(f64::NAN), i32::MAX);
        assert_eq!(modf(-3.75), (-3, -0.75));
        assert_eq!(modf(1e10).0, i32::MIN);
    }

    #[test]
    fn exceptions_are_raised_as_the_ieee_standard_names_them() {
        assert_eq!(eval("sqrt", -1.0, 0.0, 0).map(|r| r.1), Some(fp::INVAL));
        assert_eq!(eval("log", 0.0, 0.0, 0).map(|r| r.1), Some(fp::ZDIV));
        assert_eq!(
            eval("exp", 1000.0, 0.0, 0).map(|r| r.1),
            Some(fp::OVFL | fp::INEX)
        );
        assert_eq!(eval("sqrt", 4.0, 0.0, 0).map(|r| r.1), Some(0));
        assert_eq!(eval("sin", 1.0, 0.0, 0).map(|r| r.1), Some(fp::INEX));
    }
}
