//! Places values are stored to: variables, fields, elements, module data
//! through a handle; assignments, compound assignments and tuple destructuring.

use super::func::{offset, Func};
use super::layout::{self, Class};
use super::opcodes::arith;
use super::{unsupported, Result};
use crate::ast::{BinOp, Expr, ExprKind, UnOp};
use crate::types::{MemberKind, Type, TypeId};
use dis::isa::Opcode;
use dis::object::Operand;

impl Func<'_, '_> {
    /// The place an assignable expression (or a variable, field or element) denotes.
    pub fn lvalue(&mut self, e: &Expr) -> Result<Operand> {
        match &e.kind {
            ExprKind::Ident(name) => {
                let Some(v) = e.var else {
                    // module data imported by name: `mouse: import dat;`
                    let Some(mv) = e.via else {
                        return unsupported(e.span, "this name as a value");
                    };
                    let mt = self.g.var(mv).ty;
                    let modref = self.var_place(mv, e)?;
                    return self.module_data(mt, modref, name, e);
                };
                if let Some(op) = self.slot(v) {
                    return Ok(op);
                }
                if let Some(op) = self.g.mp.global(v) {
                    return Ok(op);
                }
                unsupported(e.span, "this variable")
            }
            ExprKind::Dot(base, name) => {
                let bt = base.ty;
                let (inner, by_ref) = match self.g.types.get(bt).clone() {
                    Type::Ref(i) => (i, true),
                    _ => (bt, false),
                };
                let Some(off) = self.member_offset(inner, &name.name) else {
                    return unsupported(e.span, "this member");
                };
                if by_ref {
                    let p = self.value(base)?;
                    Ok(self.deref_spent(p, off))
                } else {
                    let b = self.value(base)?;
                    let b = match b {
                        Operand::Imm(_) => {
                            let t = self.temp(bt);
                            self.mov(bt, b, t);
                            t
                        }
                        other => other,
                    };
                    Ok(offset(b, off))
                }
            }
            ExprKind::Unary(UnOp::Deref, x) => {
                let p = self.value(x)?;
                Ok(self.deref_spent(p, 0))
            }
            ExprKind::Index(base, idx) => {
                let Type::Array(el) = self.g.types.get(base.ty).clone() else {
                    return unsupported(e.span, "indexing this type");
                };
                let arr = self.value(base)?;
                let Some(i) = idx.first() else {
                    return unsupported(e.span, "empty index");
                };
                let iv = self.value(i)?;
                Ok(self.element(arr, el, iv))
            }
            ExprKind::Arrow(m, name) => {
                let mv = self.value(m)?;
                self.module_data(m.ty, mv, &name.name, e)
            }
            _ => {
                let tmp = self.temp(e.ty);
                self.value_to(e, tmp)?;
                Ok(tmp)
            }
        }
    }

    /// The offset of member `name` of an adt or tuple type.
    fn member_offset(&mut self, t: TypeId, name: &str) -> Option<i32> {
        let names: Vec<String> = match self.g.types.fields_of(t) {
            Some(fs) => fs.iter().map(|f| f.name.clone()).collect(),
            None => match self.g.types.get(t) {
                Type::Tuple(ts) => (0..ts.len()).map(|i| format!("t{i}")).collect(),
                _ => return None,
            },
        };
        let k = names.iter().position(|n| n == name)?;
        self.g.types.member_offsets(t).get(k).map(|o| *o as i32)
    }

    /// The place `e` names when reaching it takes no code: a variable, or a member
    /// of an object a local variable refers to.
    pub(super) fn named_place(&mut self, e: &Expr) -> Option<Operand> {
        match &e.kind {
            ExprKind::Ident(_) => {
                let v = e.var?;
                self.slot(v).or_else(|| self.g.mp.global(v))
            }
            ExprKind::Dot(base, name) => {
                let Type::Ref(inner) = self.g.types.get(base.ty).clone() else {
                    return None;
                };
                let f = match (self.slot(base.var?)?, &base.kind) {
                    (Operand::Fp(f), ExprKind::Ident(_)) => f,
                    _ => return None,
                };
                let off = self.member_offset(inner, &name.name)?;
                Some(Operand::IndFp(f, off))
            }
            _ => None,
        }
    }

    /// The place of data member `name` of the module of type `mt` loaded at `modref`.
    pub(super) fn module_data(
        &mut self,
        mt: TypeId,
        modref: Operand,
        name: &str,
        e: &Expr,
    ) -> Result<Operand> {
        let Type::Module(mid) = self.g.types.get(mt).clone() else {
            return unsupported(e.span, "-> on a non-module");
        };
        let info = self.g.types.module(mid).clone();
        let mut off = 0u32;
        let mut found = None;
        for x in info.members.iter().filter(|x| x.kind == MemberKind::Data) {
            off = layout::round(off, layout::align(self.g.types, x.ty));
            if x.name == name {
                found = Some(off);
                break;
            }
            off += layout::size(self.g.types, x.ty);
        }
        let Some(off) = found else {
            return unsupported(e.span, "this module member as a value");
        };
        self.g.use_import(mid, ".mp", mt);
        // a module reference's first word is the address of its data
        let data = self.deref(modref, 0);
        let addr = self.addr_temp();
        self.g.emit(Opcode::Movw, data, Operand::None, addr);
        Ok(self.at_address(addr, off as i32))
    }

    /// Assignment and declaration expressions; returns the place assigned.
    pub fn assign(&mut self, e: &Expr) -> Result<Operand> {
        let (op, l, r) = match &e.kind {
            ExprKind::Assign(op, l, r) => (*op, l, r),
            ExprKind::Declare(l, r) => (None, l, r),
            _ => return unsupported(e.span, "this assignment"),
        };
        if let Some(op) = op {
            if let ExprKind::Index(b, i) = &l.kind {
                if b.ty == TypeId::STRING {
                    let sv = self.lvalue(b)?;
                    let Some(i) = i.first() else {
                        return unsupported(e.span, "empty index");
                    };
                    let iv = self.value(i)?;
                    let iv = self.mid(TypeId::INT, iv);
                    let c = self.temp(TypeId::INT);
                    self.g.emit(Opcode::Indc, sv, iv, c);
                    let Some(opc) = arith(op, Class::Word) else {
                        return unsupported(e.span, "this compound assignment");
                    };
                    let rv = self.value(r)?;
                    self.g.emit(opc, rv, Operand::None, c);
                    self.g.emit(Opcode::Insc, c, iv, sv);
                    return Ok(c);
                }
            }
            let loc = self.lvalue(l)?;
            if matches!(op, BinOp::Mul | BinOp::Div)
                && matches!(self.g.types.get(l.ty), Type::Fixed(_))
            {
                let rv = self.value(r)?;
                self.fixed_arith_values(op, e.span, loc, rv, (l.ty, r.ty, l.ty), loc)?;
                return Ok(loc);
            }
            let class = self.class(l.ty);
            let Some(opc) = arith(op, class) else {
                return unsupported(e.span, "this compound assignment");
            };
            let rv = self.value(r)?;
            self.g.emit(opc, rv, Operand::None, loc);
            return Ok(loc);
        }
        match &l.kind {
            ExprKind::Tuple(items) => {
                let var_ty = r.var.map(|v| self.g.var(v).ty).unwrap_or(r.ty);
                if matches!(
                    self.g.types.get(var_ty),
                    Type::Exception(_) | Type::AnyException
                ) {
                    // a declared exception object: its values from offset 8
                    let values = self.g.types.mk_tuple(items.iter().map(|x| x.ty).collect());
                    let p = self.value(r)?;
                    let at = self.deref(p, 8);
                    let tmp = self.temp(values);
                    self.mov(values, at, tmp);
                    self.destructure(items, values, tmp)?;
                    return Ok(tmp);
                }
                let aliased = items.iter().any(|x| self.names_any(x, r));
                if !aliased {
                    if let Some(block) = self.tuple_block(items) {
                        // the names of one tuple declaration, laid out as the tuple:
                        // the value goes there whole
                        self.value_to(r, block)?;
                        return Ok(block);
                    }
                }
                if let (false, ExprKind::Ident(_), Some(_)) = (aliased, &r.kind, r.var) {
                    let from = self.lvalue(r)?;
                    self.destructure(items, r.ty, from)?;
                    return Ok(from);
                }
                let tmp = self.temp(r.ty);
                self.value_to(r, tmp)?;
                self.destructure(items, r.ty, tmp)?;
                Ok(tmp)
            }
            ExprKind::Nil => {
                self.value(r)?;
                Ok(Operand::None)
            }
            ExprKind::Index(b, i) if b.ty == TypeId::STRING => {
                let (s, iv) = self.char_place(b, i, e)?;
                let cv = self.value(r)?;
                self.g.emit(Opcode::Insc, cv, iv, s);
                Ok(cv)
            }
            ExprKind::Slice(b, Some(lo), None) => {
                let arr = self.value(b)?;
                let lo = self.value(lo)?;
                let lo = self.mid(TypeId::INT, lo);
                let src = self.value(r)?;
                self.g.emit(Opcode::Slicela, src, lo, arr);
                Ok(src)
            }
            _ => {
                let loc = self.lvalue(l)?;
                let builds = matches!(r.kind, ExprKind::Tuple(_) | ExprKind::ArrayInit(..))
                    || self.constructor_args(r).is_some();
                if builds
                    && r.konst.is_none()
                    && matches!(e.kind, ExprKind::Assign(..))
                    && (l.var.is_none() || self.names_any(l, r))
                {
                    // the new value may read the old one (`p = Point(p.y, p.x)`): it is
                    // built aside, not member by member over the old; a variable not
                    // named in the value is built in place, as the original does
                    let tmp = self.temp(r.ty);
                    self.value_to(r, tmp)?;
                    self.mov(r.ty, tmp, loc);
                } else {
                    self.value_to(r, loc)?;
                }
                Ok(loc)
            }
        }
    }

    /// Whether a variable `l` names (`l` itself or the names of a tuple) is named in `e`.
    fn names_any(&self, l: &Expr, e: &Expr) -> bool {
        match (&l.kind, l.var) {
            (ExprKind::Tuple(items), _) => items.iter().any(|x| self.names_any(x, e)),
            (ExprKind::Ident(_), Some(v)) => super::inline::occurs(v, e) > 0,
            _ => false,
        }
    }

    /// The slot of the names `items` if they are, in order, all the names of one
    /// tuple declaration (laid out together as a value of the tuple's type).
    pub(super) fn tuple_block(&self, items: &[Expr]) -> Option<Operand> {
        let head = items.first()?.var?;
        let whole = items.len() > 1
            && items.iter().enumerate().all(|(i, x)| {
                matches!(x.kind, ExprKind::Ident(_))
                    && x.var.is_some_and(|v| {
                        v.0 == head.0 + i as u32 && self.g.var(v).usage.tuple == Some(head)
                    })
            })
            && self
                .g
                .vars
                .get((head.0 as usize) + items.len())
                .is_none_or(|next| next.usage.tuple != Some(head));
        if !whole {
            return None;
        }
        match self.slot(head)? {
            op @ Operand::Fp(_) => Some(op),
            _ => None,
        }
    }

    /// The string variable and the index of a character assigned, `s[i] = c`.
    fn char_place(&mut self, s: &Expr, index: &[Expr], e: &Expr) -> Result<(Operand, Operand)> {
        let place = self.lvalue(s)?;
        let Some(i) = index.first() else {
            return unsupported(e.span, "empty index");
        };
        let iv = self.value(i)?;
        Ok((place, self.mid(TypeId::INT, iv)))
    }

    /// Assign the members of a tuple value at `src` to the places `items` name.
    pub fn destructure(&mut self, items: &[Expr], t: TypeId, src: Operand) -> Result<()> {
        let tys = self.member_types(t);
        let offs = self.g.types.member_offsets(t);
        for ((x, mt), off) in items.iter().zip(tys).zip(offs) {
            let from = offset(src, off as i32);
            match &x.kind {
                ExprKind::Nil => {}
                ExprKind::Tuple(inner) => self.destructure(inner, mt, from)?,
                // a character of a string (brutus.b's `(c[1], dir) = kbdremap(char)`)
                ExprKind::Index(b, i) if b.ty == TypeId::STRING => {
                    let (s, iv) = self.char_place(b, i, x)?;
                    self.g.emit(Opcode::Insc, from, iv, s);
                }
                _ => {
                    let loc = self.lvalue(x)?;
                    self.mov(mt, from, loc);
                }
            }
        }
        Ok(())
    }
}
