//! Expressions: where a value is (`value`), computing one into a place
//! (`value_to`), assignable places (`lvalue`), and conditions as branches (`cond`).

use super::func::{offset, Func};
use super::layout::{self, Class};
use super::{unsupported, Label, Result};
use crate::ast::{BinOp, Expr, ExprKind, InitElem, Qual, UnOp};
use crate::types::{MemberKind, Type, TypeId};
use crate::value::Const;
use dis::isa::Opcode;
use dis::object::Operand;

/// Does the operand fit the middle operand field?
fn mid_ok(op: Operand) -> bool {
    match op {
        Operand::Imm(v) => (-32768..32768).contains(&v),
        Operand::Fp(o) | Operand::Mp(o) => (0..65536).contains(&o),
        _ => false,
    }
}

pub(crate) fn arith(op: BinOp, class: Class) -> Option<Opcode> {
    use Class::*;
    use Opcode as O;
    Some(match (op, class) {
        (BinOp::Add, Byte) => O::Addb,
        (BinOp::Add, Word) => O::Addw,
        (BinOp::Add, Big) => O::Addl,
        (BinOp::Add, Real) => O::Addf,
        (BinOp::Add, Ptr) => O::Addc,
        (BinOp::Sub, Byte) => O::Subb,
        (BinOp::Sub, Word) => O::Subw,
        (BinOp::Sub, Big) => O::Subl,
        (BinOp::Sub, Real) => O::Subf,
        (BinOp::Mul, Byte) => O::Mulb,
        (BinOp::Mul, Word) => O::Mulw,
        (BinOp::Mul, Big) => O::Mull,
        (BinOp::Mul, Real) => O::Mulf,
        (BinOp::Div, Byte) => O::Divb,
        (BinOp::Div, Word) => O::Divw,
        (BinOp::Div, Big) => O::Divl,
        (BinOp::Div, Real) => O::Divf,
        (BinOp::Mod, Byte) => O::Modb,
        (BinOp::Mod, Word) => O::Modw,
        (BinOp::Mod, Big) => O::Modl,
        (BinOp::And, Byte) => O::Andb,
        (BinOp::And, Word) => O::Andw,
        (BinOp::And, Big) => O::Andl,
        (BinOp::Or, Byte) => O::Orb,
        (BinOp::Or, Word) => O::Orw,
        (BinOp::Or, Big) => O::Orl,
        (BinOp::Xor, Byte) => O::Xorb,
        (BinOp::Xor, Word) => O::Xorw,
        (BinOp::Xor, Big) => O::Xorl,
        (BinOp::Shl, Byte) => O::Shlb,
        (BinOp::Shl, Word) => O::Shlw,
        (BinOp::Shl, Big) => O::Shll,
        (BinOp::Shr, Byte) => O::Shrb,
        (BinOp::Shr, Word) => O::Shrw,
        (BinOp::Shr, Big) => O::Shrl,
        (BinOp::Power, Word) => O::Expw,
        (BinOp::Power, Big) => O::Expl,
        (BinOp::Power, Real) => O::Expf,
        _ => return Option::None,
    })
}

/// The branch taken when `S rel M` holds, for values of a class.
fn compare(op: BinOp, class: Class) -> Option<Opcode> {
    use Class::*;
    use Opcode as O;
    let i = match op {
        BinOp::Eq => 0,
        BinOp::Ne => 1,
        BinOp::Lt => 2,
        BinOp::Le => 3,
        BinOp::Gt => 4,
        BinOp::Ge => 5,
        _ => return Option::None,
    };
    let table: [Opcode; 6] = match class {
        Byte => [O::Beqb, O::Bneb, O::Bltb, O::Bleb, O::Bgtb, O::Bgeb],
        Word => [O::Beqw, O::Bnew, O::Bltw, O::Blew, O::Bgtw, O::Bgew],
        Big => [O::Beql, O::Bnel, O::Bltl, O::Blel, O::Bgtl, O::Bgel],
        Real => [O::Beqf, O::Bnef, O::Bltf, O::Blef, O::Bgtf, O::Bgef],
        Ptr => [O::Beqc, O::Bnec, O::Bltc, O::Blec, O::Bgtc, O::Bgec],
        _ => return Option::None,
    };
    Some(table[i])
}

fn negate(op: BinOp) -> BinOp {
    match op {
        BinOp::Eq => BinOp::Ne,
        BinOp::Ne => BinOp::Eq,
        BinOp::Lt => BinOp::Ge,
        BinOp::Ge => BinOp::Lt,
        BinOp::Gt => BinOp::Le,
        BinOp::Le => BinOp::Gt,
        other => other,
    }
}

/// Can evaluating the expression change state (so its value must be kept at once)?
fn contains_effect(e: &Expr) -> bool {
    e.konst.is_none() && !matches!(e.kind, ExprKind::Ident(_))
}

/// The tag name of a variant type written as `Adt.Tag`.
fn variant_name(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Dot(_, n) => Some(n.name.as_str()),
        _ => None,
    }
}

/// Does the expression name a type (rather than denote a value)?
pub(crate) fn is_type_expr(types: &crate::types::Types, e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Type(_) => true,
        ExprKind::Ident(_) => {
            e.var.is_none()
                && e.via.is_none()
                && e.konst.is_none()
                && matches!(
                    types.get(e.ty),
                    Type::Adt(..) | Type::Variant(..) | Type::Tuple(_) | Type::Module(_)
                )
        }
        ExprKind::Index(b, _) => is_type_expr(types, b),
        ExprKind::Dot(b, _) => {
            is_type_expr(types, b) && matches!(types.get(e.ty), Type::Adt(..) | Type::Variant(..))
        }
        ExprKind::Arrow(b, name) => match types.get(b.ty) {
            Type::Module(m) => types
                .module(*m)
                .member(&name.name)
                .is_some_and(|x| x.kind == MemberKind::Type),
            _ => false,
        },
        _ => false,
    }
}

impl Func<'_, '_> {
    pub fn class(&self, t: TypeId) -> Class {
        layout::class(self.g.types, t)
    }

    /// Make an operand usable as a middle operand (moving it to a temporary if needed).
    pub fn mid(&mut self, t: TypeId, op: Operand) -> Operand {
        if mid_ok(op) {
            return op;
        }
        let tmp = self.temp(t);
        self.mov(t, op, tmp);
        tmp
    }

    /// The location `k` bytes into the object a pointer value points at.
    pub fn deref(&mut self, ptr: Operand, k: i32) -> Operand {
        match ptr {
            Operand::Fp(o) if (0..65536).contains(&o) => Operand::IndFp(o, k),
            Operand::Mp(o) if (0..65536).contains(&o) => Operand::IndMp(o, k),
            other => {
                let tmp = self.temp(TypeId::STRING);
                self.g.emit(Opcode::Movp, other, Operand::None, tmp);
                match tmp {
                    Operand::Fp(o) => Operand::IndFp(o, k),
                    _ => tmp,
                }
            }
        }
    }

    /// The location `k` bytes into the object whose address is in an address word.
    pub fn at_address(&mut self, addr: Operand, k: i32) -> Operand {
        match addr {
            Operand::Fp(o) => Operand::IndFp(o, k),
            other => {
                let tmp = self.addr_temp();
                self.g.emit(Opcode::Movw, other, Operand::None, tmp);
                self.at_address(tmp, k)
            }
        }
    }

    pub fn konst(&mut self, t: TypeId, c: &Const, span: crate::diag::Span) -> Result<Operand> {
        let class = self.class(t);
        Ok(match (c, class) {
            (Const::Int(v), Class::Byte) => Operand::Imm(*v as u8 as i32),
            (Const::Int(v), Class::Word) => self.g.mp.word(*v as i32),
            (Const::Int(v), Class::Big) => self.g.mp.big(*v),
            (Const::Int(v), Class::Real) => self.g.mp.real(*v as f64),
            (Const::Real(v), Class::Real) => self.g.mp.real(*v),
            (Const::Real(v), Class::Word) => self.g.mp.word(*v as i32),
            (Const::Str(s), Class::Ptr) => self.g.mp.string(s),
            (Const::Nil, _) => self.g.mp.nil(),
            (Const::Tuple(items), Class::Block) => {
                let tmp = self.temp(t);
                let tys = self.member_types(t);
                let offs = self.g.types.member_offsets(t);
                for ((c, mt), off) in items.iter().zip(tys).zip(offs) {
                    let v = self.konst(mt, c, span)?;
                    self.mov(mt, v, offset(tmp, off as i32));
                }
                tmp
            }
            _ => return unsupported(span, "this constant"),
        })
    }

    /// Does the expression name a function (of this module or a loaded one)?
    pub fn names_function(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Ident(n) => {
                e.var.is_none() && e.via.is_none() && self.g.function_index(n).is_some()
            }
            ExprKind::Arrow(m, n) => match self.g.types.get(m.ty) {
                Type::Module(mid) => self
                    .g
                    .types
                    .module(*mid)
                    .member(&n.name)
                    .is_some_and(|x| x.kind == MemberKind::Fn),
                _ => false,
            },
            _ => false,
        }
    }

    /// A constant declared in the adt of a value (or reference) of type `t`.
    pub fn adt_const(&self, t: TypeId, name: &str) -> Option<(TypeId, Const)> {
        let inner = match self.g.types.get(t) {
            Type::Ref(i) => *i,
            _ => t,
        };
        match self.g.types.get(inner) {
            Type::Adt(a, _) | Type::Variant(a, _, _) => self
                .g
                .types
                .adt(*a)
                .consts
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, t, c)| (*t, c.clone())),
            _ => None,
        }
    }

    /// Member types of a tuple, adt or variant.
    pub fn member_types(&mut self, t: TypeId) -> Vec<TypeId> {
        match self.g.types.get(t).clone() {
            Type::Tuple(ts) => ts,
            _ => self
                .g
                .types
                .fields_of(t)
                .unwrap_or_default()
                .iter()
                .map(|f| f.ty)
                .collect(),
        }
    }

    /// Evaluate for effect only.
    pub fn effect(&mut self, e: &Expr) -> Result<()> {
        match &e.kind {
            ExprKind::Assign(..) | ExprKind::Declare(..) => {
                self.assign(e)?;
            }
            ExprKind::Unary(UnOp::PreInc | UnOp::PostInc | UnOp::PreDec | UnOp::PostDec, x) => {
                let loc = self.lvalue(x)?;
                self.step(e, x.ty, loc)?;
            }
            ExprKind::Call(..) => {
                self.call(e, None)?;
            }
            ExprKind::Send(c, v) => self.send(c, v)?,
            _ => {
                self.value(e)?;
            }
        }
        Ok(())
    }

    /// `++`/`--` on a place.
    fn step(&mut self, e: &Expr, t: TypeId, loc: Operand) -> Result<()> {
        let up = matches!(&e.kind, ExprKind::Unary(UnOp::PreInc | UnOp::PostInc, _));
        let class = self.class(t);
        let op = arith(if up { BinOp::Add } else { BinOp::Sub }, class);
        let Some(op) = op else {
            return unsupported(e.span, "++/-- on this type");
        };
        let one = self.konst(t, &Const::Int(1), e.span)?;
        self.g.emit(op, one, Operand::None, loc);
        Ok(())
    }

    /// Where the value of `e` is (a variable, a constant, or a temporary holding it).
    pub fn value(&mut self, e: &Expr) -> Result<Operand> {
        if let Some(c) = &e.konst {
            if !matches!(c, Const::Tuple(_)) || self.class(e.ty) == Class::Block {
                return self.konst(e.ty, c, e.span);
            }
        }
        match &e.kind {
            ExprKind::Ident(_) if e.var.is_some() => self.lvalue(e),
            ExprKind::Dot(b, name) if self.adt_const(b.ty, &name.name).is_some() => {
                let (t, c) = self
                    .adt_const(b.ty, &name.name)
                    .unwrap_or((e.ty, Const::Nil));
                self.konst(t, &c, e.span)
            }
            ExprKind::Dot(..) | ExprKind::Index(..) | ExprKind::Unary(UnOp::Deref, _)
                if !matches!(self.g.types.get(e.ty), Type::Fn(_))
                    && !(matches!(&e.kind, ExprKind::Index(b, _) if b.ty == TypeId::STRING)) =>
            {
                self.lvalue(e)
            }
            ExprKind::Arrow(..) if !self.names_function(e) && self.class(e.ty) != Class::None => {
                self.lvalue(e)
            }
            _ => {
                let tmp = self.temp(e.ty);
                self.value_to(e, tmp)?;
                Ok(tmp)
            }
        }
    }

    /// Compute the value of `e` into `dst`.
    pub fn value_to(&mut self, e: &Expr, dst: Operand) -> Result<()> {
        let adt_const =
            matches!(&e.kind, ExprKind::Dot(b, n) if self.adt_const(b.ty, &n.name).is_some());
        if e.konst.is_some() || adt_const {
            let v = self.value(e)?;
            self.mov(e.ty, v, dst);
            return Ok(());
        }
        let t = e.ty;
        match &e.kind {
            ExprKind::Binary(op, l, r) => self.binary(e, *op, l, r, dst),
            ExprKind::Unary(op, x) => self.unary(e, *op, x, dst),
            ExprKind::Call(..) => {
                self.call(e, Some(dst))?;
                Ok(())
            }
            ExprKind::Assign(..) | ExprKind::Declare(..) => {
                let loc = self.assign(e)?;
                self.mov(t, loc, dst);
                Ok(())
            }
            ExprKind::Tuple(items) => {
                let tys = self.member_types(t);
                let offs = self.g.types.member_offsets(t);
                let tmp = if matches!(dst, Operand::Fp(_) | Operand::Mp(_)) {
                    dst
                } else {
                    self.temp(t)
                };
                for ((x, _), off) in items.iter().zip(tys).zip(offs) {
                    self.value_to(x, offset(tmp, off as i32))?;
                }
                self.mov(t, tmp, dst);
                Ok(())
            }
            ExprKind::Cast(_, x) => self.cast(e, x, dst),
            ExprKind::Load(_, path) => {
                let p = self.value(path)?;
                let Type::Module(m) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, "load of a non-module type");
                };
                self.g.use_table(m);
                let pc = self.g.emit(Opcode::Load, p, Operand::Imm(0), dst);
                self.g.fix(pc, super::Slot::Mid, super::Fix::Table(m));
                Ok(())
            }
            ExprKind::Slice(base, lo, hi) => self.slice(e, base, lo.as_deref(), hi.as_deref(), dst),
            ExprKind::ArrayAlloc(n, _) => {
                let Type::Array(el) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, "array of a non-array type");
                };
                let n = self.value(n)?;
                let d = self.g.type_desc(el);
                self.g.emit(Opcode::Newaz, n, Operand::Imm(d), dst);
                Ok(())
            }
            ExprKind::ArrayInit(n, elems) => self.array_init(e, n.as_deref(), elems, dst),
            ExprKind::ListInit(items) => {
                let Type::List(el) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, "list of a non-list type");
                };
                let mut vals = Vec::new();
                for x in items {
                    let v = self.value(x)?;
                    let v = if contains_effect(x) || matches!(v, Operand::Imm(_)) {
                        let k = self.temp(el);
                        self.mov(el, v, k);
                        k
                    } else {
                        v
                    };
                    vals.push(v);
                }
                let tmp = self.temp(t);
                let nil = self.g.mp.nil();
                self.g.emit(Opcode::Movp, nil, Operand::None, tmp);
                for v in vals.into_iter().rev() {
                    self.cons(el, v, tmp);
                }
                self.mov(t, tmp, dst);
                Ok(())
            }
            ExprKind::ChanAlloc(n, _) => {
                let Type::Chan(el) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, "chan of a non-channel type");
                };
                let buf = match n {
                    Some(n) => {
                        let v = self.value(n)?;
                        self.mid(TypeId::INT, v)
                    }
                    None => Operand::Imm(0),
                };
                let (op, src) = match self.class(el) {
                    Class::Byte => (Opcode::Newcb, Operand::None),
                    Class::Word => (Opcode::Newcw, Operand::None),
                    Class::Real => (Opcode::Newcf, Operand::None),
                    Class::Big => (Opcode::Newcl, Operand::None),
                    Class::Ptr => (Opcode::Newcp, Operand::None),
                    _ => {
                        let mut ptrs = Vec::new();
                        layout::pointers(self.g.types, el, 0, &mut ptrs);
                        if ptrs.is_empty() {
                            let size = layout::size(self.g.types, el) as i32;
                            (Opcode::Newcm, Operand::Imm(size))
                        } else {
                            (Opcode::Newcmp, Operand::Imm(self.g.type_desc(el)))
                        }
                    }
                };
                self.g.emit(op, src, buf, dst);
                Ok(())
            }
            ExprKind::Ident(_) | ExprKind::Dot(..) | ExprKind::Index(..) | ExprKind::Arrow(..) => {
                if let ExprKind::Index(b, i) = &e.kind {
                    if b.ty == TypeId::STRING {
                        let s = self.value(b)?;
                        let Some(i) = i.first() else {
                            return unsupported(e.span, "empty index");
                        };
                        let iv = self.value(i)?;
                        let iv = self.mid(TypeId::INT, iv);
                        self.g.emit(Opcode::Indc, s, iv, dst);
                        return Ok(());
                    }
                }
                if self.names_function(e) {
                    return self.fn_value(e, dst);
                }
                if let (Type::Exception(params), None) = (self.g.types.get(t).clone(), e.var) {
                    return self.exception_value(e, &params, &[], dst);
                }
                let v = self.lvalue(e)?;
                self.mov(t, v, dst);
                Ok(())
            }
            ExprKind::Send(c, v) => self.send(c, v),
            _ => unsupported(e.span, "this expression"),
        }
    }

    pub fn cons(&mut self, el: TypeId, v: Operand, list: Operand) {
        let op = match self.class(el) {
            Class::Byte => Opcode::Consb,
            Class::Word => Opcode::Consw,
            Class::Big => Opcode::Consl,
            Class::Real => Opcode::Consf,
            Class::Ptr => Opcode::Consp,
            _ => {
                let mut ptrs = Vec::new();
                layout::pointers(self.g.types, el, 0, &mut ptrs);
                if ptrs.is_empty() {
                    let size = layout::size(self.g.types, el) as i32;
                    self.g.emit(Opcode::Consm, v, Operand::Imm(size), list);
                } else {
                    let d = self.g.type_desc(el);
                    self.g.emit(Opcode::Consmp, v, Operand::Imm(d), list);
                }
                return;
            }
        };
        self.g.emit(op, v, Operand::None, list);
    }

    fn send(&mut self, c: &Expr, v: &Expr) -> Result<()> {
        let ch = self.value(c)?;
        let val = self.value(v)?;
        let val = if matches!(val, Operand::Imm(_)) {
            let t = self.temp(v.ty);
            self.mov(v.ty, val, t);
            t
        } else {
            val
        };
        self.g.emit(Opcode::Send, val, Operand::None, ch);
        Ok(())
    }

    fn binary(&mut self, e: &Expr, op: BinOp, l: &Expr, r: &Expr, dst: Operand) -> Result<()> {
        let t = e.ty;
        match op {
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::AndAnd
            | BinOp::OrOr => {
                let tmp = self.temp(TypeId::INT);
                let done = self.g.new_label();
                self.g
                    .emit(Opcode::Movw, Operand::Imm(1), Operand::None, tmp);
                self.cond(e, true, done)?;
                self.g
                    .emit(Opcode::Movw, Operand::Imm(0), Operand::None, tmp);
                self.g.place(done);
                self.mov(t, tmp, dst);
                Ok(())
            }
            BinOp::Cons => {
                let Type::List(el) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, ":: on a non-list");
                };
                let tmp = self.temp(t);
                let hv = self.value(l)?;
                let hv = if matches!(hv, Operand::Imm(_)) {
                    let x = self.temp(el);
                    self.mov(el, hv, x);
                    x
                } else {
                    hv
                };
                self.value_to(r, tmp)?;
                self.cons(el, hv, tmp);
                self.mov(t, tmp, dst);
                Ok(())
            }
            _ => {
                let class = self.class(t);
                let Some(opc) = arith(op, class) else {
                    return unsupported(e.span, "this operator");
                };
                let lv = self.value(l)?;
                let rv = self.value(r)?;
                let lv = self.mid(t, lv);
                self.g.emit(opc, rv, lv, dst);
                Ok(())
            }
        }
    }

    fn unary(&mut self, e: &Expr, op: UnOp, x: &Expr, dst: Operand) -> Result<()> {
        let t = e.ty;
        match op {
            UnOp::Neg => {
                let v = self.value(x)?;
                match self.class(t) {
                    Class::Real => {
                        self.g.emit(Opcode::Negf, v, Operand::None, dst);
                    }
                    class => {
                        let zero = self.konst(t, &Const::Int(0), e.span)?;
                        let zero = self.mid(t, zero);
                        let Some(opc) = arith(BinOp::Sub, class) else {
                            return unsupported(e.span, "negation of this type");
                        };
                        self.g.emit(opc, v, zero, dst);
                    }
                }
                Ok(())
            }
            UnOp::Plus => self.value_to(x, dst),
            UnOp::Compl => {
                let v = self.value(x)?;
                let ones = self.konst(t, &Const::Int(-1), e.span)?;
                let Some(opc) = arith(BinOp::Xor, self.class(t)) else {
                    return unsupported(e.span, "~ on this type");
                };
                let v = self.mid(t, v);
                self.g.emit(opc, ones, v, dst);
                Ok(())
            }
            UnOp::Not => {
                let tmp = self.temp(TypeId::INT);
                let done = self.g.new_label();
                self.g
                    .emit(Opcode::Movw, Operand::Imm(1), Operand::None, tmp);
                self.cond(x, false, done)?;
                self.g
                    .emit(Opcode::Movw, Operand::Imm(0), Operand::None, tmp);
                self.g.place(done);
                self.mov(t, tmp, dst);
                Ok(())
            }
            UnOp::PreInc | UnOp::PreDec => {
                let loc = self.lvalue(x)?;
                self.step(e, t, loc)?;
                self.mov(t, loc, dst);
                Ok(())
            }
            UnOp::PostInc | UnOp::PostDec => {
                let loc = self.lvalue(x)?;
                let tmp = self.temp(t);
                self.mov(t, loc, tmp);
                self.step(e, t, loc)?;
                self.mov(t, tmp, dst);
                Ok(())
            }
            UnOp::Len => {
                let v = self.value(x)?;
                let opc = match self.g.types.get(x.ty) {
                    Type::String => Opcode::Lenc,
                    Type::Array(_) => Opcode::Lena,
                    Type::List(_) => Opcode::Lenl,
                    _ => return unsupported(e.span, "len of this type"),
                };
                self.g.emit(opc, v, Operand::None, dst);
                Ok(())
            }
            UnOp::Hd => {
                let v = self.value(x)?;
                let opc = match self.class(t) {
                    Class::Byte => Opcode::Headb,
                    Class::Word => Opcode::Headw,
                    Class::Big => Opcode::Headl,
                    Class::Real => Opcode::Headf,
                    Class::Ptr => Opcode::Headp,
                    _ => {
                        let mut ptrs = Vec::new();
                        layout::pointers(self.g.types, t, 0, &mut ptrs);
                        if ptrs.is_empty() {
                            let size = layout::size(self.g.types, t) as i32;
                            self.g.emit(Opcode::Headm, v, Operand::Imm(size), dst);
                        } else {
                            let d = self.g.type_desc(t);
                            self.g.emit(Opcode::Headmp, v, Operand::Imm(d), dst);
                        }
                        return Ok(());
                    }
                };
                self.g.emit(opc, v, Operand::None, dst);
                Ok(())
            }
            UnOp::Tl => {
                let v = self.value(x)?;
                self.g.emit(Opcode::Tail, v, Operand::None, dst);
                Ok(())
            }
            UnOp::Ref => {
                let Type::Ref(inner) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, "ref of this type");
                };
                let tmp = self.temp(t);
                let d = self.g.type_desc(inner);
                self.g
                    .emit(Opcode::New, Operand::Imm(d), Operand::None, tmp);
                let place = self.deref(tmp, 0);
                if let Type::Variant(a, g, _) = self.g.types.get(inner).clone() {
                    let named = match &x.kind {
                        ExprKind::Call(c, _) => variant_name(c),
                        _ => variant_name(x),
                    };
                    let tags = &self.g.types.adt(a).tags;
                    let tag = named
                        .and_then(|n| tags.iter().position(|(t, _)| t == n))
                        .or_else(|| tags.iter().position(|(_, x)| *x == g))
                        .unwrap_or(0);
                    self.g
                        .emit(Opcode::Movw, Operand::Imm(tag as i32), Operand::None, place);
                    if let ExprKind::Call(_, args) = &x.kind {
                        self.construct_into(inner, args, place)?;
                    } else if !is_type_expr(self.g.types, x) {
                        return unsupported(e.span, "ref of a pick value");
                    }
                } else if is_type_expr(self.g.types, x) {
                    // `ref T`: a new zero-filled value
                } else {
                    self.value_to(x, place)?;
                }
                self.mov(t, tmp, dst);
                Ok(())
            }
            UnOp::Deref => {
                let v = self.lvalue(e)?;
                self.mov(t, v, dst);
                Ok(())
            }
            UnOp::Recv => {
                let ch = self.value(x)?;
                if let Type::Array(_) = self.g.types.get(x.ty) {
                    // an alt of one receive on the whole array gives (index, value)
                    let table = self.raw_temp(16);
                    let pair = self.temp(t);
                    self.g
                        .emit(Opcode::Movw, Operand::Imm(0), Operand::None, table);
                    self.g.emit(
                        Opcode::Movw,
                        Operand::Imm(1),
                        Operand::None,
                        offset(table, 4),
                    );
                    self.g
                        .emit(Opcode::Movw, ch, Operand::None, offset(table, 8));
                    self.g
                        .emit(Opcode::Lea, pair, Operand::None, offset(table, 12));
                    let res = self.temp(TypeId::INT);
                    self.g.emit(Opcode::Alt, table, Operand::None, res);
                    self.mov(t, pair, dst);
                    return Ok(());
                }
                let tmp = if matches!(dst, Operand::Fp(_) | Operand::Mp(_)) {
                    dst
                } else {
                    self.temp(t)
                };
                self.g.emit(Opcode::Recv, ch, Operand::None, tmp);
                self.mov(t, tmp, dst);
                Ok(())
            }
            UnOp::Tagof => {
                let v = self.value(x)?;
                let w = self.deref(v, 0);
                self.g.emit(Opcode::Movw, w, Operand::None, dst);
                Ok(())
            }
        }
    }

    /// Fill the fields of an adt value at `place` from constructor arguments.
    pub fn construct_into(&mut self, t: TypeId, args: &[Expr], place: Operand) -> Result<()> {
        let tys = self.member_types(t);
        let offs = self.g.types.member_offsets(t);
        for ((a, _), off) in args.iter().zip(tys).zip(offs) {
            self.value_to(a, offset(place, off as i32))?;
        }
        Ok(())
    }

    fn cast(&mut self, e: &Expr, x: &Expr, dst: Operand) -> Result<()> {
        let (from, to) = (x.ty, e.ty);
        let v = self.value(x)?;
        use Type as T;
        let ops: &[Opcode] = match (self.g.types.get(from).clone(), self.g.types.get(to).clone()) {
            (T::Int, T::Real) => &[Opcode::Cvtwf],
            (T::Real, T::Int) => &[Opcode::Cvtfw],
            (T::Int, T::Big) => &[Opcode::Cvtwl],
            (T::Big, T::Int) => &[Opcode::Cvtlw],
            (T::Big, T::Real) => &[Opcode::Cvtlf],
            (T::Real, T::Big) => &[Opcode::Cvtfl],
            (T::Int, T::String) => &[Opcode::Cvtwc],
            (T::Big, T::String) => &[Opcode::Cvtlc],
            (T::Real, T::String) => &[Opcode::Cvtfc],
            (T::String, T::Int) => &[Opcode::Cvtcw],
            (T::String, T::Big) => &[Opcode::Cvtcl],
            (T::String, T::Real) => &[Opcode::Cvtcf],
            (T::Byte, T::Int) => &[Opcode::Cvtbw],
            (T::Int, T::Byte) => &[Opcode::Cvtwb],
            (T::String, T::Array(_)) => &[Opcode::Cvtca],
            (T::Array(_), T::String) => &[Opcode::Cvtac],
            (T::Byte, T::String) => &[Opcode::Cvtbw, Opcode::Cvtwc],
            (T::Byte, T::Real) => &[Opcode::Cvtbw, Opcode::Cvtwf],
            (T::Byte, T::Big) => &[Opcode::Cvtbw, Opcode::Cvtwl],
            (T::Real, T::Byte) => &[Opcode::Cvtfw, Opcode::Cvtwb],
            (T::Big, T::Byte) => &[Opcode::Cvtlw, Opcode::Cvtwb],
            (T::String, T::Byte) => &[Opcode::Cvtcw, Opcode::Cvtwb],
            _ => {
                if layout::size(self.g.types, from) == layout::size(self.g.types, to) {
                    self.mov(to, v, dst);
                    return Ok(());
                }
                return unsupported(e.span, "this conversion");
            }
        };
        if ops.len() == 1 {
            self.g.emit(ops[0], v, Operand::None, dst);
        } else {
            let w = self.temp(TypeId::INT);
            self.g.emit(ops[0], v, Operand::None, w);
            self.g.emit(ops[1], w, Operand::None, dst);
        }
        Ok(())
    }

    fn slice(
        &mut self,
        e: &Expr,
        base: &Expr,
        lo: Option<&Expr>,
        hi: Option<&Expr>,
        dst: Operand,
    ) -> Result<()> {
        let t = e.ty;
        let tmp = self.temp(t);
        self.value_to(base, tmp)?;
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
                self.g.emit(op, tmp, Operand::None, n);
                n
            }
        };
        let hi = self.mid(TypeId::INT, hi);
        let op = match self.g.types.get(t) {
            Type::String => Opcode::Slicec,
            Type::Array(_) => Opcode::Slicea,
            _ => return unsupported(e.span, "slice of this type"),
        };
        self.g.emit(op, lo, hi, tmp);
        self.mov(t, tmp, dst);
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
        let a = self.addr_temp();
        self.g.emit(op, arr, a, idx);
        self.at_address(a, 0)
    }

    fn array_init(
        &mut self,
        e: &Expr,
        n: Option<&Expr>,
        elems: &[InitElem],
        dst: Operand,
    ) -> Result<()> {
        let Type::Array(el) = self.g.types.get(e.ty).clone() else {
            return unsupported(e.span, "array initialiser of a non-array type");
        };
        let arr = self.fixed_temp(e.ty);
        let count = match n {
            Some(n) => self.value(n)?,
            None => {
                let mut next = 0i64;
                let mut max = 0i64;
                for x in elems {
                    if x.quals.is_empty() {
                        next += 1;
                    }
                    for q in &x.quals {
                        match q {
                            Qual::Expr(i) => {
                                next = i.konst.as_ref().and_then(Const::as_int).unwrap_or(0) + 1
                            }
                            Qual::Range(_, j) => {
                                next = j.konst.as_ref().and_then(Const::as_int).unwrap_or(0) + 1
                            }
                            Qual::Star(_) => {}
                        }
                    }
                    max = max.max(next);
                }
                Operand::Imm(max as i32)
            }
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
        self.mov(e.ty, arr, dst);
        Ok(())
    }

    /// The place an assignable expression (or a variable, field or element) denotes.
    pub fn lvalue(&mut self, e: &Expr) -> Result<Operand> {
        match &e.kind {
            ExprKind::Ident(_) => {
                let Some(v) = e.var else {
                    return unsupported(e.span, "this name as a value");
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
                let fields = self.g.types.fields_of(inner);
                let (names, offs): (Vec<String>, Vec<u32>) = match fields {
                    Some(fs) => (
                        fs.iter().map(|f| f.name.clone()).collect(),
                        self.g.types.member_offsets(inner),
                    ),
                    None => match self.g.types.get(inner).clone() {
                        Type::Tuple(ts) => (
                            (0..ts.len()).map(|i| format!("t{i}")).collect(),
                            self.g.types.member_offsets(inner),
                        ),
                        _ => return unsupported(e.span, "this member"),
                    },
                };
                let Some(k) = names.iter().position(|n| *n == name.name) else {
                    return unsupported(e.span, "this member");
                };
                let off = offs[k] as i32;
                if by_ref {
                    let p = self.value(base)?;
                    Ok(self.deref(p, off))
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
                Ok(self.deref(p, 0))
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
                let Type::Module(mid) = self.g.types.get(m.ty).clone() else {
                    return unsupported(e.span, "-> on a non-module");
                };
                let info = self.g.types.module(mid).clone();
                let mut off = 0u32;
                let mut found = None;
                for x in info.members.iter().filter(|x| x.kind == MemberKind::Data) {
                    off = layout::round(off, layout::align(self.g.types, x.ty));
                    if x.name == name.name {
                        found = Some(off);
                        break;
                    }
                    off += layout::size(self.g.types, x.ty);
                }
                let Some(off) = found else {
                    return unsupported(e.span, "this module member as a value");
                };
                self.g.use_import(mid, ".mp", m.ty);
                // a module reference's first word is the address of its data
                let mv = self.value(m)?;
                let data = self.deref(mv, 0);
                let addr = self.addr_temp();
                self.g.emit(Opcode::Movw, data, Operand::None, addr);
                Ok(self.at_address(addr, off as i32))
            }
            _ => {
                let tmp = self.temp(e.ty);
                self.value_to(e, tmp)?;
                Ok(tmp)
            }
        }
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
                let s = self.lvalue(b)?;
                let Some(i) = i.first() else {
                    return unsupported(e.span, "empty index");
                };
                let iv = self.value(i)?;
                let iv = self.mid(TypeId::INT, iv);
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
                self.value_to(r, loc)?;
                Ok(loc)
            }
        }
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
                _ => {
                    let loc = self.lvalue(x)?;
                    self.mov(mt, from, loc);
                }
            }
        }
        Ok(())
    }

    /// Branch to `to` when `e` (an int condition) is `when`.
    pub fn cond(&mut self, e: &Expr, when: bool, to: Label) -> Result<()> {
        if let Some(Const::Int(v)) = &e.konst {
            if (*v != 0) == when {
                self.g.jmp(to);
            }
            return Ok(());
        }
        match &e.kind {
            ExprKind::Unary(UnOp::Not, x) => self.cond(x, !when, to),
            ExprKind::Binary(BinOp::AndAnd, l, r) => {
                if when {
                    let skip = self.g.new_label();
                    self.cond(l, false, skip)?;
                    self.cond(r, true, to)?;
                    self.g.place(skip);
                } else {
                    self.cond(l, false, to)?;
                    self.cond(r, false, to)?;
                }
                Ok(())
            }
            ExprKind::Binary(BinOp::OrOr, l, r) => {
                if when {
                    self.cond(l, true, to)?;
                    self.cond(r, true, to)?;
                } else {
                    let skip = self.g.new_label();
                    self.cond(l, true, skip)?;
                    self.cond(r, false, to)?;
                    self.g.place(skip);
                }
                Ok(())
            }
            ExprKind::Binary(
                op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge),
                l,
                r,
            ) => {
                let ot = if l.ty == TypeId::NIL { r.ty } else { l.ty };
                let mut class = self.class(ot);
                if class == Class::Ptr && ot != TypeId::STRING {
                    class = Class::Word;
                }
                if class == Class::Block {
                    return unsupported(e.span, "comparison of adt or tuple values");
                }
                let op = if when { *op } else { negate(*op) };
                let Some(opc) = compare(op, class) else {
                    return unsupported(e.span, "this comparison");
                };
                let rv = self.value(r)?;
                let rv = self.mid(ot, rv);
                let lv = self.value(l)?;
                self.g.branch(opc, lv, rv, to);
                Ok(())
            }
            _ => {
                let v = self.value(e)?;
                let opc = if when { Opcode::Bnew } else { Opcode::Beqw };
                self.g.branch(opc, v, Operand::Imm(0), to);
                Ok(())
            }
        }
    }
}
