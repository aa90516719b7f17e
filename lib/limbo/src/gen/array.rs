//! Arrays and strings: element addresses, slices, and array initialisers.

use super::func::Func;
use super::layout::Class;
use super::{unsupported, Result};
use crate::ast::{Expr, InitElem, Qual};
use crate::types::{Type, TypeId};
use crate::value::Const;
use dis::isa::Opcode;
use dis::object::Operand;

impl Func<'_, '_> {
    pub fn slice(
        &mut self,
        e: &Expr,
        base: &Expr,
        lo: Option<&Expr>,
        hi: Option<&Expr>,
        dst: Operand,
    ) -> Result<()> {
        let t = e.ty;
        // as the original: the bounds first, then the value sliced goes to the
        // destination itself (`s = s[i:]` has it there already), sliced where it is
        let in_place = self.named_place(base) == Some(dst);
        let b = if in_place { dst } else { self.value(base)? };
        let lo = match lo {
            Some(l) => self.value(l)?,
            None => Operand::Imm(0),
        };
        let hi = match hi {
            Some(h) => self.value(h)?,
            None => {
                let n = self.temp(TypeId::INT);
                let op = if t == TypeId::STRING {
                    Opcode::Lenc
                } else {
                    Opcode::Lena
                };
                self.g.emit(op, b, Operand::None, n);
                n
            }
        };
        let hi = self.mid(TypeId::INT, hi);
        let op = match self.g.types.get(t) {
            Type::String => Opcode::Slicec,
            Type::Array(_) => Opcode::Slicea,
            _ => return unsupported(e.span, "slice of this type"),
        };
        // the base goes to the destination last (the bounds may read it), and is
        // sliced there, as the original does: `a = a[1:]` slices `a` in place
        self.mov(t, b, dst);
        self.g.emit(op, lo, hi, dst);
        self.free_temp(lo, TypeId::INT);
        self.free_temp(hi, TypeId::INT);
        Ok(())
    }

    /// The address of element `i` of an array, in an address temporary.
    pub fn element(&mut self, arr: Operand, el: TypeId, idx: Operand) -> Operand {
        let op = match self.class(el) {
            Class::Byte => Opcode::Indb,
            Class::Word => Opcode::Indw,
            Class::Big => Opcode::Indl,
            Class::Real => Opcode::Indf,
            _ => Opcode::Indx,
        };
        // an index computed into a temporary leaves its address there, as the
        // original shares the index's temporary with the address's
        let a = if self.spent_temp(idx, TypeId::INT) {
            idx
        } else {
            self.addr_temp()
        };
        self.g.emit(op, arr, a, idx);
        self.anchor(a, arr);
        self.free_base(arr);
        if a != idx {
            self.free_temp(idx, TypeId::INT);
        }
        self.at_address(a, 0)
    }

    pub fn array_init(
        &mut self,
        e: &Expr,
        n: Option<&Expr>,
        elems: &[InitElem],
        dst: Operand,
    ) -> Result<()> {
        let Type::Array(el) = self.g.types.get(e.ty).clone() else {
            return unsupported(e.span, "array initialiser of a non-array type");
        };
        // made in a frame word it goes to, as the original makes it (an assignment
        // gives a temporary: the elements may read the variable assigned)
        let direct = matches!(dst, Operand::Fp(_));
        let arr = if direct { dst } else { self.fixed_temp(e.ty) };
        let count = match n {
            Some(n) => self.value(n)?,
            None => Operand::Imm(implied_length(elems) as i32),
        };
        let d = self.g.type_desc(el);
        self.g.emit(Opcode::Newaz, count, Operand::Imm(d), arr);
        // a `* =>` arm fills every slot first; the other arms then overwrite theirs
        for x in elems {
            if x.quals.iter().any(|q| matches!(q, Qual::Star(_))) {
                // the original fills from the highest index down
                let i = self.fixed_temp(TypeId::INT);
                self.g.emit(Opcode::Lena, arr, Operand::None, i);
                let top = self.g.new_label();
                let end = self.g.new_label();
                self.g.place(top);
                self.g.emit(Opcode::Subw, Operand::Imm(1), Operand::None, i);
                self.g.branch(Opcode::Bltw, i, Operand::Imm(0), end);
                let place = self.element(arr, el, i);
                self.value_to(&x.value, place)?;
                self.g.jmp(top);
                self.g.place(end);
            }
        }
        let mut next = 0i64;
        for x in elems {
            if x.quals.is_empty() {
                let place = self.element(arr, el, Operand::Imm(next as i32));
                self.value_to(&x.value, place)?;
                next += 1;
                continue;
            }
            for q in &x.quals {
                match q {
                    Qual::Expr(i) => {
                        let iv = self.value(i)?;
                        let place = self.element(arr, el, iv);
                        self.value_to(&x.value, place)?;
                        next = i.konst.as_ref().and_then(Const::as_int).unwrap_or(next) + 1;
                    }
                    Qual::Range(a, b) => {
                        let (Some(a), Some(b)) = (
                            a.konst.as_ref().and_then(Const::as_int),
                            b.konst.as_ref().and_then(Const::as_int),
                        ) else {
                            return unsupported(e.span, "a non-constant range");
                        };
                        for k in a..=b {
                            let place = self.element(arr, el, Operand::Imm(k as i32));
                            self.value_to(&x.value, place)?;
                        }
                        next = b + 1;
                    }
                    Qual::Star(_) => {}
                }
            }
        }
        if !direct {
            self.mov(e.ty, arr, dst);
            let words = self.pointer_words(e.ty, arr);
            self.nil_words(&words);
        }
        Ok(())
    }
}

/// The length of `array[] of {elems}`: one past the highest index it sets.
pub(super) fn implied_length(elems: &[InitElem]) -> i64 {
    let mut next = 0i64;
    let mut max = 0i64;
    for x in elems {
        if x.quals.is_empty() {
            next += 1;
        }
        for q in &x.quals {
            match q {
                Qual::Expr(i) => next = i.konst.as_ref().and_then(Const::as_int).unwrap_or(0) + 1,
                Qual::Range(_, j) => {
                    next = j.konst.as_ref().and_then(Const::as_int).unwrap_or(0) + 1
                }
                Qual::Star(_) => {}
            }
        }
        max = max.max(next);
    }
    max
}
