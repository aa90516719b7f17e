//! Constant folding of operators and conversions, with the wrap-around of each
//! integer width.

use crate::ast::{BinOp, UnOp};
use crate::types::{Type, TypeId, Types};
use crate::value::Const;
use dis::convert::real_to_string;

/// Wrap an integer to the width of its type.
pub(crate) fn wrap(types: &Types, t: TypeId, v: i64) -> i64 {
    match types.get(t) {
        Type::Int | Type::Fixed(_) => v as i32 as i64,
        Type::Byte => v as u8 as i64,
        _ => v,
    }
}

pub(crate) fn unary(types: &Types, op: UnOp, t: TypeId, c: &Const) -> Option<Const> {
    match (op, c) {
        (UnOp::Neg, Const::Int(v)) => Some(Const::Int(wrap(types, t, v.wrapping_neg()))),
        (UnOp::Neg, Const::Real(v)) => Some(Const::Real(-v)),
        (UnOp::Plus, _) => Some(c.clone()),
        (UnOp::Not, Const::Int(v)) => Some(Const::Int(i64::from(*v == 0))),
        (UnOp::Compl, Const::Int(v)) => Some(Const::Int(wrap(types, t, !v))),
        (UnOp::Len, Const::Str(s)) => Some(Const::Int(s.chars().count() as i64)),
        _ => None,
    }
}

/// Fold `a op b` where `lt` is the operand type and `t` the result type.
pub(crate) fn binary(
    types: &Types,
    op: BinOp,
    lt: TypeId,
    t: TypeId,
    a: &Const,
    b: &Const,
) -> Result<Option<Const>, String> {
    // the original folds no arithmetic on fixed-point values
    if types.is_unknown(t) || matches!(types.get(lt), Type::Fixed(_)) {
        return Ok(None);
    }
    Ok(match (a, b) {
        (Const::Int(x), Const::Int(y)) => int_op(types, op, lt, t, *x, *y)?,
        (Const::Real(x), Const::Real(y)) => real_op(op, *x, *y),
        (Const::Real(x), Const::Int(y)) if op == BinOp::Power => {
            Some(Const::Real(x.powi(*y as i32)))
        }
        (Const::Str(x), Const::Str(y)) => str_op(op, x, y),
        _ => None,
    })
}

fn int_op(
    types: &Types,
    op: BinOp,
    lt: TypeId,
    t: TypeId,
    x: i64,
    y: i64,
) -> Result<Option<Const>, String> {
    let byte = matches!(types.get(lt), Type::Byte);
    let width = match types.get(lt) {
        Type::Big => 64,
        Type::Byte => 8,
        _ => 32,
    };
    let v = match op {
        BinOp::Add => x.wrapping_add(y),
        BinOp::Sub => x.wrapping_sub(y),
        BinOp::Mul => x.wrapping_mul(y),
        BinOp::Div | BinOp::Mod => {
            if y == 0 {
                return Err("divide by zero in constant expression".to_string());
            }
            if op == BinOp::Div {
                x.wrapping_div(y)
            } else {
                x.wrapping_rem(y)
            }
        }
        BinOp::Power => {
            if y < 0 {
                return Ok(None);
            }
            // Square and multiply; wrapping at every step gives the exact wrapped power.
            let (mut r, mut base, mut e) = (1i64, x, y as u64);
            while e > 0 {
                if e & 1 == 1 {
                    r = wrap(types, lt, r.wrapping_mul(base));
                }
                base = wrap(types, lt, base.wrapping_mul(base));
                e >>= 1;
            }
            r
        }
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        // the original folds a count outside the operand's width as no shift at all
        BinOp::Shl => {
            let s = shift_count(y, width);
            x.wrapping_shl(s)
        }
        BinOp::Shr => {
            let s = shift_count(y, width);
            if byte {
                ((x as u8) >> s.min(7)) as i64
            } else if width == 32 {
                ((x as i32) >> s) as i64
            } else {
                x >> s
            }
        }
        BinOp::Lt => i64::from(x < y),
        BinOp::Gt => i64::from(x > y),
        BinOp::Le => i64::from(x <= y),
        BinOp::Ge => i64::from(x >= y),
        BinOp::Eq => i64::from(x == y),
        BinOp::Ne => i64::from(x != y),
        BinOp::AndAnd => i64::from(x != 0 && y != 0),
        BinOp::OrOr => i64::from(x != 0 || y != 0),
        BinOp::Cons => return Ok(None),
    };
    Ok(Some(Const::Int(wrap(types, t, v))))
}

/// A folded shift's count: out of `0..width` it counts as 0.
fn shift_count(y: i64, width: u32) -> u32 {
    if (0..i64::from(width)).contains(&y) {
        y as u32
    } else {
        0
    }
}

/// The warning for folding a shift of a value of type `t` by `count`, if out of range.
pub(crate) fn shift_warning(types: &Types, t: TypeId, count: i64) -> Option<String> {
    let width = match types.get(t) {
        Type::Big => 64,
        Type::Byte => 8,
        _ => 32,
    };
    (shift_count(count, width) == 0 && count != 0)
        .then(|| format!("shift amount {} out of range", count as i32))
}

fn real_op(op: BinOp, x: f64, y: f64) -> Option<Const> {
    Some(match op {
        BinOp::Add => Const::Real(x + y),
        BinOp::Sub => Const::Real(x - y),
        BinOp::Mul => Const::Real(x * y),
        BinOp::Div => Const::Real(x / y),
        BinOp::Lt => Const::Int(i64::from(x < y)),
        BinOp::Gt => Const::Int(i64::from(x > y)),
        BinOp::Le => Const::Int(i64::from(x <= y)),
        BinOp::Ge => Const::Int(i64::from(x >= y)),
        BinOp::Eq => Const::Int(i64::from(x == y)),
        BinOp::Ne => Const::Int(i64::from(x != y)),
        _ => return None,
    })
}

fn str_op(op: BinOp, x: &str, y: &str) -> Option<Const> {
    let c = x.chars().cmp(y.chars());
    Some(match op {
        BinOp::Add => Const::Str(format!("{x}{y}")),
        BinOp::Lt => Const::Int(i64::from(c.is_lt())),
        BinOp::Gt => Const::Int(i64::from(c.is_gt())),
        BinOp::Le => Const::Int(i64::from(c.is_le())),
        BinOp::Ge => Const::Int(i64::from(c.is_ge())),
        BinOp::Eq => Const::Int(i64::from(c.is_eq())),
        BinOp::Ne => Const::Int(i64::from(c.is_ne())),
        _ => return None,
    })
}

/// Round half away from zero, as the original's real to int conversion does.
fn round_away(r: f64) -> i64 {
    let v = if r < 0.0 { r - 0.5 } else { r + 0.5 };
    v.trunc() as i64
}

/// Fold a conversion of a constant.
pub(crate) fn cast(
    types: &Types,
    from: TypeId,
    to: TypeId,
    c: &Const,
) -> Result<Option<Const>, String> {
    let (ft, tt) = (types.get(from), types.get(to));
    if let Type::Fixed(f) = tt {
        // a constant becomes the nearest multiple of the unit
        let r = match (c, ft) {
            (_, Type::Fixed(_)) => return Ok(None),
            (Const::Int(v), _) => *v as f64,
            (Const::Real(r), _) => *r,
            (Const::Str(s), _) => match s.trim_start().parse::<f64>() {
                Ok(v) => v,
                Err(_) => {
                    return Err(format!(
                        "cannot convert constant string \"{s}\" to {}",
                        types.show(to)
                    ))
                }
            },
            _ => return Ok(None),
        };
        return Ok(Some(Const::Int(wrap(types, to, round_away(r / f.unit())))));
    }
    if matches!(ft, Type::Fixed(_)) {
        return Ok(None);
    }
    Ok(match (c, tt) {
        (Const::Int(v), Type::Int | Type::Big | Type::Byte) => {
            Some(Const::Int(wrap(types, to, *v)))
        }
        (Const::Int(v), Type::Real) => Some(Const::Real(*v as f64)),
        (Const::Int(v), Type::String) => Some(Const::Str(v.to_string())),
        (Const::Real(r), Type::Int | Type::Big | Type::Byte) => {
            Some(Const::Int(wrap(types, to, round_away(*r))))
        }
        (Const::Real(r), Type::Real) => Some(Const::Real(*r)),
        (Const::Real(r), Type::String) => Some(Const::Str(real_to_string(*r))),
        (Const::Str(s), Type::String) => Some(Const::Str(s.clone())),
        (Const::Str(s), Type::Int | Type::Big | Type::Byte) => {
            match s.trim_start().parse::<i64>() {
                Ok(v) => Some(Const::Int(wrap(types, to, v))),
                Err(_) => {
                    return Err(format!(
                        "cannot convert constant string \"{s}\" to {}",
                        types.show(to)
                    ))
                }
            }
        }
        (Const::Str(s), Type::Real) => match s.trim_start().parse::<f64>() {
            Ok(v) => Some(Const::Real(v)),
            Err(_) => return Err(format!("cannot convert constant string \"{s}\" to real")),
        },
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use dis::convert::real_to_string;

    /// Folding uses the runtime's `cvtfc` text; these are the cases the two once
    /// disagreed on.
    #[test]
    fn folded_reals_print_as_the_runtime_prints_them() {
        for (r, s) in [
            (-0.0, "-0"),
            (0.0, "0"),
            (0.1 * 3.0, ".30000000000000004"),
            (1e6, "1e+06"),
        ] {
            assert_eq!(real_to_string(r), s, "{r}");
        }
    }
}
