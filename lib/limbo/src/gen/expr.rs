//! Expressions: where a value is (`value`) and computing one into a place
//! (`value_to`): constants, operators, lists, channels, `ref`, receives.

use super::func::{offset, Func};
use super::layout::{self, Class};
use super::opcodes::arith;
use super::{unsupported, Result};
use crate::ast::{BinOp, Expr, ExprKind, UnOp};
use crate::check::is_type_expr;
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

/// The frame word an operand `n(o(fp))` reaches its object through.
fn base_of(op: Operand) -> Option<i32> {
    match op {
        Operand::IndFp(o, _) => Some(o),
        _ => None,
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

impl Func<'_, '_> {
    /// `ref *r` for `r` a ref of a pick adt: the variant is known only at run time,
    /// so a test of the tag per variant picks the object's size and descriptor.
    fn pick_copy(
        &mut self,
        a: crate::types::AdtId,
        targs: Vec<TypeId>,
        r: &Expr,
        t: TypeId,
        dst: Operand,
    ) -> Result<()> {
        let p = self.value(r)?;
        let tag = self.temp(TypeId::INT);
        let w = self.deref(p, 0);
        self.g.emit(Opcode::Movw, w, Operand::None, tag);
        let tmp = self.temp(t);
        let done = self.g.new_label();
        let tags = self.g.types.adt(a).tags.clone();
        for (k, (_, group)) in tags.iter().enumerate() {
            let next = self.g.new_label();
            self.g
                .branch(Opcode::Bnew, Operand::Imm(k as i32), tag, next);
            let vt = self.g.types.mk_variant(a, *group, targs.clone());
            let d = self.g.type_desc(vt);
            self.g
                .emit(Opcode::New, Operand::Imm(d), Operand::None, tmp);
            let from = self.deref(p, 0);
            let to = self.deref(tmp, 0);
            self.mov(vt, from, to);
            self.g.jmp(done);
            self.g.place(next);
        }
        self.g.place(done);
        self.mov(t, tmp, dst);
        Ok(())
    }

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
        self.free_base(op);
        tmp
    }

    /// The location `k` bytes into the object a pointer value points at.
    pub fn deref(&mut self, ptr: Operand, k: i32) -> Operand {
        match ptr {
            Operand::Fp(o) if (0..65536).contains(&o) => Operand::IndFp(o, k),
            Operand::Mp(o) if (0..65536).contains(&o) => Operand::IndMp(o, k),
            other => {
                let tmp = self.ptr_temp();
                self.g.emit(Opcode::Movp, other, Operand::None, tmp);
                match tmp {
                    Operand::Fp(o) => Operand::IndFp(o, k),
                    _ => tmp,
                }
            }
        }
    }

    /// `deref` of a pointer value used up by it: the temporary the value is reached
    /// through is free, and the pointer may take its place, as the original's
    /// registers of an address chain do (`movp 4(40(fp)), 40(fp)`).
    pub fn deref_spent(&mut self, ptr: Operand, k: i32) -> Operand {
        self.free_base(ptr);
        self.deref(ptr, k)
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
        self.g.types.adt_const(t, name)
    }

    /// Member types of a tuple, adt or variant.
    pub fn member_types(&mut self, t: TypeId) -> Vec<TypeId> {
        super::layout::member_types(self.g.types, t)
    }

    /// Evaluate for effect only.
    pub fn effect(&mut self, e: &Expr) -> Result<()> {
        match &e.kind {
            ExprKind::Assign(..) | ExprKind::Declare(..) => {
                self.assign(e)?;
            }
            ExprKind::Unary(UnOp::PreInc | UnOp::PostInc | UnOp::PreDec | UnOp::PostDec, x) => {
                match &x.kind {
                    ExprKind::Index(b, i) if b.ty == TypeId::STRING => self.string_step(e, b, i)?,
                    _ => {
                        let loc = self.lvalue(x)?;
                        self.step(e, x.ty, loc)?;
                    }
                }
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

    /// `s[i]++` and `s[i]--`: the character is read, stepped and stored back.
    fn string_step(&mut self, e: &Expr, s: &Expr, index: &[Expr]) -> Result<()> {
        let up = matches!(&e.kind, ExprKind::Unary(UnOp::PreInc | UnOp::PostInc, _));
        let sv = self.lvalue(s)?;
        let Some(i) = index.first() else {
            return unsupported(e.span, "empty index");
        };
        let iv = self.value(i)?;
        let iv = self.mid(TypeId::INT, iv);
        let c = self.temp(TypeId::INT);
        self.g.emit(Opcode::Indc, sv, iv, c);
        let op = if up { Opcode::Addw } else { Opcode::Subw };
        self.g.emit(op, Operand::Imm(1), Operand::None, c);
        self.g.emit(Opcode::Insc, c, iv, sv);
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
            // module data imported by name is read where it is, not copied first
            ExprKind::Ident(_)
                if e.via.is_some()
                    && !matches!(self.g.types.get(e.ty), Type::Fn(_))
                    && self.class(e.ty) != Class::None =>
            {
                self.lvalue(e)
            }
            ExprKind::Comma(v, x, rest) => self.bound(*v, x, |f| f.value(rest)),
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
            // the tag is read where it is, the object's first word
            ExprKind::Unary(UnOp::Tagof, x) => {
                let v = self.value(x)?;
                Ok(self.deref_spent(v, 0))
            }
            ExprKind::Binary(op, l, r) if self.in_operand(*op, e.ty) => {
                self.arith_to(e, *op, (l, r), None)
            }
            _ => {
                let tmp = self.temp(e.ty);
                // an operation of one operand may build that operand in its result's
                // temporary, as the original does
                let one = matches!(
                    &e.kind,
                    ExprKind::Cast(..) | ExprKind::Unary(UnOp::Len | UnOp::Hd | UnOp::Tl, _)
                );
                let outer = std::mem::replace(&mut self.hint, one.then_some(tmp));
                let r = self.value_to(e, tmp);
                self.hint = outer;
                r?;
                Ok(tmp)
            }
        }
    }

    /// `l op r` computed by one instruction into `dst`, or when there is none where
    /// an operand computed for it was (as the original puts it: no temporary more to
    /// set to nil afterwards) or else in a temporary; returns where it is. As the
    /// original orders them, the simpler operand of an operator that commutes goes
    /// in the middle, and a result replacing an operand takes the two-operand form.
    fn arith_to(
        &mut self,
        e: &Expr,
        op: BinOp,
        (l, r): (&Expr, &Expr),
        dst: Option<Operand>,
    ) -> Result<Operand> {
        let t = e.ty;
        let Some(opc) = arith(op, self.class(t)) else {
            return unsupported(e.span, "this operator");
        };
        let (lr, rr) = (self.access(l), self.access(r));
        let mut lv = self.value(l)?;
        let mut rv = self.value(r)?;
        let used = [(lv, l.ty), (rv, r.ty)];
        let commutes = matches!(
            op,
            BinOp::Add | BinOp::Mul | BinOp::And | BinOp::Or | BinOp::Xor
        ) && t != TypeId::STRING;
        let found = [lv, rv].into_iter().find(|v| self.is_temp_of(*v, t));
        let dst = match (dst, found) {
            (Some(d), _) => d,
            (None, Some(v)) => v,
            (None, None) => {
                // the temporaries the operands are reached through are free once the
                // instruction reads them, and the result may take one, as the
                // original's does; when the left operand goes to the result first,
                // that of the right one is still to be read
                let (a, b) = if commutes && rr < lr {
                    (rv, lv)
                } else {
                    (lv, rv)
                };
                if mid_ok(a) {
                    self.free_base(a);
                    self.free_base(b);
                } else if base_of(a) != base_of(b) {
                    self.free_base(a);
                }
                self.temp(t)
            }
        };
        if commutes && (rv == dst || rr < lr) && lv != dst {
            (lv, rv) = (rv, lv);
        }
        if lv == dst {
            self.g.emit(opc, rv, Operand::None, dst);
        } else if !mid_ok(lv) && rv != dst && self.spent_temp(dst, t) {
            // an operand not fit for the middle goes to the result's temporary
            // first, as the original builds it there, and the two-operand form follows
            self.mov(t, lv, dst);
            if base_of(lv).map(Operand::Fp) != Some(dst) {
                self.free_base(lv);
            }
            self.g.emit(opc, rv, Operand::None, dst);
        } else {
            let lv = self.mid(t, lv);
            self.g.emit(opc, rv, lv, dst);
        }
        self.free_used(&used, dst);
        Ok(dst)
    }

    /// Free the temporaries among the operands `used` (with their types) an
    /// instruction writing `dst` has just read.
    fn free_used(&mut self, used: &[(Operand, TypeId)], dst: Operand) {
        for &(v, t) in used {
            // (the result may have taken the temporary an operand was reached through)
            if v != dst && base_of(v).map(Operand::Fp) != Some(dst) {
                self.free_temp(v, t);
            }
        }
    }

    /// Whether `op` on values of type `t` is one instruction reading both operands
    /// before writing its result (so the result may replace an operand).
    fn in_operand(&self, op: BinOp, t: TypeId) -> bool {
        let fixed_scaled =
            matches!(op, BinOp::Mul | BinOp::Div) && matches!(self.g.types.get(t), Type::Fixed(_));
        !fixed_scaled && !op.is_truth() && op != BinOp::Cons && arith(op, self.class(t)).is_some()
    }

    /// Whether `op` is a place in the frame, module data or an object (whose
    /// members are places too).
    fn is_place(op: Operand) -> bool {
        matches!(
            op,
            Operand::Fp(_) | Operand::Mp(_) | Operand::IndFp(..) | Operand::IndMp(..)
        )
    }

    /// Compute the value of `e` into `dst`.
    pub fn value_to(&mut self, e: &Expr, dst: Operand) -> Result<()> {
        let adt_const =
            matches!(&e.kind, ExprKind::Dot(b, n) if self.adt_const(b.ty, &n.name).is_some());
        if let (Some(Const::Tuple(items)), false) = (&e.konst, adt_const) {
            if self.class(e.ty) == Class::Block && Self::is_place(dst) {
                // a tuple of constants is written member by member where it goes
                let tys = self.member_types(e.ty);
                let offs = self.g.types.member_offsets(e.ty);
                for ((c, mt), off) in items.iter().zip(tys).zip(offs) {
                    let v = self.konst(mt, c, e.span)?;
                    self.mov(mt, v, offset(dst, off as i32));
                }
                return Ok(());
            }
        }
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
                if let Some(block) = self.tuple_block(items) {
                    self.mov(t, block, dst);
                    return Ok(());
                }
                let tys = self.member_types(t);
                let offs = self.g.types.member_offsets(t);
                // built in its place, as the original does: an assignment whose
                // value reads the place builds it aside first
                let tmp = if Self::is_place(dst) {
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
                // the original reserves a word for the import table's address here,
                // unused when `load` names the table itself
                let table = self.temp(TypeId::INT);
                self.free_temp(table, TypeId::INT);
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
                self.free_base(v);
                Ok(())
            }
            ExprKind::Send(c, v) => self.send(c, v),
            ExprKind::Comma(v, x, rest) => self.bound(*v, x, |f| f.value_to(rest, dst)),
            ExprKind::Choice(c, a, b) => self.choice_to(c, a, b, dst),
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
        // a word constant is sent from the instruction itself, as the original does
        let val = if matches!(val, Operand::Imm(_)) && self.class(v.ty) != Class::Word {
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
            _ if op.is_truth() => self.truth_to(e, true, dst),
            BinOp::Cons => {
                let Type::List(el) = self.g.types.get(t).clone() else {
                    return unsupported(e.span, ":: on a non-list");
                };
                // `l = x :: l` puts the cell on the list where it is, as the original does
                let in_place = self.named_place(r) == Some(dst);
                let tmp = if in_place { dst } else { self.temp(t) };
                let hv = self.value(l)?;
                let hv = if matches!(hv, Operand::Imm(_)) {
                    let x = self.temp(el);
                    self.mov(el, hv, x);
                    x
                } else {
                    hv
                };
                if !in_place {
                    self.value_to(r, tmp)?;
                }
                self.cons(el, hv, tmp);
                self.mov(t, tmp, dst);
                Ok(())
            }
            BinOp::Mul | BinOp::Div if matches!(self.g.types.get(t), Type::Fixed(_)) => {
                self.fixed_arith(op, l, r, t, dst)
            }
            _ => {
                self.arith_to(e, op, (l, r), Some(dst))?;
                Ok(())
            }
        }
    }

    /// The truth of condition `c` (`when` true) or of its negation as 1 or 0 in `dst`,
    /// written there directly as the original does: a branch past the 1 to the 0.
    fn truth_to(&mut self, c: &Expr, when: bool, dst: Operand) -> Result<()> {
        let other = self.g.new_label();
        let done = self.g.new_label();
        self.cond(c, !when, other)?;
        self.g
            .emit(Opcode::Movw, Operand::Imm(1), Operand::None, dst);
        self.g.jmp(done);
        self.g.place(other);
        self.g
            .emit(Opcode::Movw, Operand::Imm(0), Operand::None, dst);
        self.g.place(done);
        Ok(())
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
            UnOp::Not => self.truth_to(x, false, dst),
            UnOp::PreInc | UnOp::PreDec => {
                let loc = self.lvalue(x)?;
                self.step(e, t, loc)?;
                self.mov(t, loc, dst);
                Ok(())
            }
            UnOp::PostInc | UnOp::PostDec => {
                // the old value goes straight where it is wanted, as the original does
                let loc = self.lvalue(x)?;
                self.mov(t, loc, dst);
                self.step(e, t, loc)?;
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
                if let (Type::Adt(a, targs), ExprKind::Unary(UnOp::Deref, r)) =
                    (self.g.types.get(inner).clone(), &x.kind)
                {
                    if !self.g.types.adt(a).tags.is_empty() {
                        return self.pick_copy(a, targs, r, t, dst);
                    }
                }
                let d = self.g.type_desc(inner);
                if is_type_expr(self.g.types, x)
                    && !matches!(self.g.types.get(inner), Type::Variant(..))
                {
                    // `ref T`: a new zero-filled value, made where it goes
                    self.g
                        .emit(Opcode::New, Operand::Imm(d), Operand::None, dst);
                    return Ok(());
                }
                let tmp = self.temp(t);
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
                        // a copy of one variant's value, its tag word included
                        self.value_to(x, place)?;
                    }
                } else if let Some(args) = self.constructor_args(x) {
                    // built in the new object itself, as the original does
                    self.construct_into(inner, args, place)?;
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
                if let Some((done, place)) = self.received {
                    if std::ptr::eq(done, e) {
                        self.mov(t, place, dst);
                        return Ok(());
                    }
                }
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
}
