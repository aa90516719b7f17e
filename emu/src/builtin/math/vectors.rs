//! `$Math`'s functions on arrays: the BLAS-like `dot`, `norm1`, `norm2`, `iamax`
//! and `gemm`, the permutation `sort`, and the big-endian `import_*`/`export_*`
//! conversions between numbers and bytes.

use dis::vm::trap::{raise, EXC_BOUNDS, EXC_NIL};
use dis::vm::{Machine, Trap, NIL};
use std::cmp::Ordering;

/// The original's exception for arguments that do not fit together.
pub const EXC_MATHIA: &str = "invalid math argument";

/// Address of element 0 and length of array `a`, whose elements must be `size`
/// bytes (nil raises the nil-dereference exception).
fn elems(vm: &Machine, a: u32, size: u32) -> Result<(u32, u32), Trap> {
    if a == NIL {
        return raise(EXC_NIL);
    }
    if vm.types.get(vm.array_elem(a)?).size != size {
        return raise(EXC_MATHIA);
    }
    Ok((vm.array_data(a)?, vm.array_len(a)?))
}

/// The elements of array of real `a`.
pub fn reals(vm: &Machine, a: u32) -> Result<Vec<f64>, Trap> {
    let (at, n) = elems(vm, a, 8)?;
    (0..n).map(|i| vm.mem.f(at + 8 * i)).collect()
}

fn set_reals(vm: &mut Machine, a: u32, x: &[f64]) -> Result<(), Trap> {
    let (at, _) = elems(vm, a, 8)?;
    for (i, v) in x.iter().enumerate() {
        vm.mem.set_f(at + 8 * i as u32, *v)?;
    }
    Ok(())
}

fn ints(vm: &Machine, a: u32) -> Result<Vec<i32>, Trap> {
    let (at, n) = elems(vm, a, 4)?;
    (0..n).map(|i| vm.mem.w(at + 4 * i)).collect()
}

fn set_ints(vm: &mut Machine, a: u32, x: &[i32]) -> Result<(), Trap> {
    let (at, _) = elems(vm, a, 4)?;
    for (i, v) in x.iter().enumerate() {
        vm.mem.set_w(at + 4 * i as u32, *v)?;
    }
    Ok(())
}

/// Sum of `x[i]*y[i]`.
pub fn dot(x: &[f64], y: &[f64]) -> Result<f64, Trap> {
    if x.len() != y.len() {
        return raise(EXC_MATHIA);
    }
    Ok(x.iter().zip(y).fold(0.0, |s, (a, b)| s + a * b))
}

/// Sum of `|x[i]|`.
pub fn norm1(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |s, a| s + a.abs())
}

/// Square root of the sum of `x[i]^2`.
pub fn norm2(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |s, a| s + a * a).sqrt()
}

/// The first index of an element of greatest magnitude (0 for none).
pub fn iamax(x: &[f64]) -> i32 {
    let mut best = (0, x.first().map_or(0.0, |a| a.abs()));
    for (i, a) in x.iter().enumerate().skip(1) {
        if best.1 < a.abs() {
            best = (i, a.abs());
        }
    }
    best.0 as i32
}

/// `sort(x, pi)`: reorders permutation `pi` so that `x[pi[i]]` ascends.
pub fn sort(vm: &mut Machine, x: u32, pi: u32) -> Result<(), Trap> {
    let xs = reals(vm, x)?;
    let mut p = ints(vm, pi)?;
    if p.iter().any(|&i| i < 0 || i as usize >= xs.len()) {
        return raise(EXC_MATHIA);
    }
    p.sort_by(|&a, &b| {
        let (a, b) = (xs[a as usize], xs[b as usize]);
        a.partial_cmp(&b).unwrap_or(Ordering::Equal)
    });
    set_ints(vm, pi, &p)
}

/// Which kind of numbers an import or export converts.
#[derive(Clone, Copy)]
pub enum External {
    Int,
    Real32,
    Real,
}

/// `export_T(b, x)` or `import_T(b, x)`: numbers of `x` to and from their
/// big-endian forms in `b`, whose length must match.
pub fn convert(vm: &mut Machine, kind: External, b: u32, x: u32, export: bool) -> Result<(), Trap> {
    let width = if matches!(kind, External::Real) { 8 } else { 4 };
    let (bat, blen) = elems(vm, b, 1)?;
    let n = match kind {
        External::Int => elems(vm, x, 4)?.1,
        _ => elems(vm, x, 8)?.1,
    };
    if u64::from(blen) != u64::from(n) * width {
        return raise(EXC_MATHIA);
    }
    if export {
        let bytes: Vec<u8> = match kind {
            External::Int => ints(vm, x)?.iter().flat_map(|v| v.to_be_bytes()).collect(),
            External::Real32 => reals(vm, x)?
                .iter()
                .flat_map(|v| (*v as f32).to_be_bytes())
                .collect(),
            External::Real => reals(vm, x)?.iter().flat_map(|v| v.to_be_bytes()).collect(),
        };
        vm.mem.slice_mut(bat, blen)?.copy_from_slice(&bytes);
        return Ok(());
    }
    let bytes = vm.mem.slice(bat, blen)?.to_vec();
    match kind {
        External::Int => {
            let v: Vec<i32> = bytes
                .chunks_exact(4)
                .map(|c| i32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            set_ints(vm, x, &v)
        }
        External::Real32 => {
            let v: Vec<f64> = bytes
                .chunks_exact(4)
                .map(|c| f64::from(f32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect();
            set_reals(vm, x, &v)
        }
        External::Real => {
            let v: Vec<f64> = bytes
                .chunks_exact(8)
                .map(|c| f64::from_be_bytes(c.try_into().unwrap_or([0; 8])))
                .collect();
            set_reals(vm, x, &v)
        }
    }
}

/// The arguments of `gemm`.
pub struct Gemm {
    pub transa: i32,
    pub transb: i32,
    pub m: i32,
    pub n: i32,
    pub k: i32,
    pub alpha: f64,
    pub a: u32,
    pub lda: i32,
    pub b: u32,
    pub ldb: i32,
    pub beta: f64,
    pub c: u32,
    pub ldc: i32,
}

/// Checks that a `rows` by `cols` matrix with leading dimension `ld` fits in
/// `len` elements.
fn fits(rows: i32, cols: i32, ld: i32, len: usize) -> Result<(), Trap> {
    let need = if rows == 0 || cols == 0 {
        0
    } else {
        i64::from(ld) * i64::from(cols - 1) + i64::from(rows)
    };
    if ld < rows.max(1) || need > len as i64 {
        return raise(EXC_BOUNDS);
    }
    Ok(())
}

/// `c := alpha*a'*b' + beta*c` on column-major matrices, `a'` being `a` or its
/// transpose as `transa` is `'N'` or `'T'` (or `'C'`), likewise `b'`; a nil `a` or
/// `b` stands for the identity.
pub fn gemm(vm: &mut Machine, g: &Gemm) -> Result<(), Trap> {
    let trans = |t: i32| match u8::try_from(t) {
        Ok(b'N') => Ok(false),
        Ok(b'T' | b'C') => Ok(true),
        _ => raise(EXC_MATHIA),
    };
    let (ta, tb) = (trans(g.transa)?, trans(g.transb)?);
    if g.m < 0 || g.n < 0 || g.k < 0 {
        return raise(EXC_MATHIA);
    }
    let matrix = |vm: &Machine, x: u32, rows, cols, ld| -> Result<Option<Vec<f64>>, Trap> {
        if x == NIL {
            return Ok(None);
        }
        let v = reals(vm, x)?;
        fits(rows, cols, ld, v.len())?;
        Ok(Some(v))
    };
    let (ar, ac) = if ta { (g.k, g.m) } else { (g.m, g.k) };
    let (br, bc) = if tb { (g.n, g.k) } else { (g.k, g.n) };
    let a = matrix(vm, g.a, ar, ac, g.lda)?;
    let b = matrix(vm, g.b, br, bc, g.ldb)?;
    let mut c = reals(vm, g.c)?;
    fits(g.m, g.n, g.ldc, c.len())?;
    let at = |x: &Option<Vec<f64>>, t: bool, ld: i32, i: usize, j: usize| -> f64 {
        let (r, s) = if t { (j, i) } else { (i, j) };
        match x {
            Some(v) => v[r + s * ld as usize],
            None => f64::from(u8::from(i == j)),
        }
    };
    let (m, n, k) = (g.m as usize, g.n as usize, g.k as usize);
    for j in 0..n {
        for i in 0..m {
            let mut sum = 0.0;
            if g.alpha != 0.0 {
                for l in 0..k {
                    sum += at(&a, ta, g.lda, i, l) * at(&b, tb, g.ldb, l, j);
                }
            }
            let cij = &mut c[i + j * g.ldc as usize];
            *cij = if g.beta == 0.0 {
                g.alpha * sum
            } else {
                g.alpha * sum + g.beta * *cij
            };
        }
    }
    set_reals(vm, g.c, &c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blas_results() {
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).ok(), Some(32.0));
        assert!(dot(&[1.0], &[]).is_err());
        assert_eq!(norm1(&[-1.0, 2.0, -3.0]), 6.0);
        assert_eq!(norm2(&[3.0, -4.0]), 5.0);
        assert_eq!(iamax(&[1.0, -7.0, 7.0, 2.0]), 1);
        assert_eq!(iamax(&[]), 0);
    }

    #[test]
    fn a_matrix_that_does_not_fit_is_a_bounds_error() {
        assert!(fits(2, 3, 2, 6).is_ok());
        assert!(fits(2, 3, 2, 5).is_err());
        assert!(fits(3, 1, 2, 9).is_err(), "leading dimension below rows");
        assert!(fits(0, 0, 1, 0).is_ok());
    }
}
