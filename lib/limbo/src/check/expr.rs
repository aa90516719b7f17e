//! Expression checking: literals, operators, assignment and declaration,
//! indexing, allocation, and lvalues. Each expression gets its type and, when
//! constant, its folded value. Names are in `names`, calls in `call`.

use super::fold;
use super::names::Den;
use super::{Checker, Sym, VarId};
use crate::ast::*;
use crate::types::{Type, TypeId};
use crate::value::Const;

impl Checker<'_> {
    /// Check an expression that must produce a value.
    pub(crate) fn expr(&mut self, e: &mut Expr) -> TypeId {
        let t = self.expr_inner(e);
        e.ty = t;
        t
    }

    /// Check an expression whose value is used: a procedure call gives no value.
    pub(crate) fn value(&mut self, e: &mut Expr) -> TypeId {
        let t = self.expr(e);
        if t == TypeId::NONE {
            self.error(e.span, "expression has no value");
            return TypeId::UNKNOWN;
        }
        if let Type::Fn(f) = self.types.get(t) {
            if !f.poly.is_empty() {
                let msg = format!("cannot have a polymorphic function reference {}", self.v(e));
                self.error(e.span, msg);
                return TypeId::UNKNOWN;
            }
            let r = self.types.mk_ref(t);
            e.ty = r;
            return r;
        }
        t
    }

    /// The element type of an initialiser list so far (`el`) joined with the next element's (`t`):
    /// refs to different variants of one pick adt join to a ref of the adt.
    pub(super) fn join_element(&mut self, el: TypeId, t: TypeId) -> Option<TypeId> {
        if el == TypeId::NIL {
            return Some(t);
        }
        if self.assign_compatible(el, t) {
            return Some(el);
        }
        let adt_of = |c: &Self, x: TypeId| match c.types.get(x) {
            Type::Ref(i) => match c.types.get(*i) {
                Type::Adt(a, args) | Type::Variant(a, _, args) => Some((*a, args.clone())),
                _ => None,
            },
            _ => None,
        };
        match (adt_of(self, el), adt_of(self, t)) {
            (Some((a, aa)), Some((b, ba))) if a == b && aa == ba => {
                let base = self.types.mk_adt(a, aa);
                Some(self.types.mk_ref(base))
            }
            _ => None,
        }
    }

    pub(super) fn expr_inner(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        match &mut e.kind {
            ExprKind::Nil => {
                e.konst = Some(Const::Nil);
                TypeId::NIL
            }
            ExprKind::Int(v) => {
                let v = *v;
                e.konst = Some(Const::Int(v));
                if !(-0x7fff_ffff..=0x7fff_ffff).contains(&v) {
                    TypeId::BIG
                } else {
                    TypeId::INT
                }
            }
            ExprKind::Real(v) => {
                e.konst = Some(Const::Real(*v));
                TypeId::REAL
            }
            ExprKind::Str(s) => {
                e.konst = Some(Const::Str(s.clone()));
                TypeId::STRING
            }
            ExprKind::Ident(_)
            | ExprKind::Dot(..)
            | ExprKind::Arrow(..)
            | ExprKind::MethodVia(..)
            | ExprKind::Type(_) => match self.den(e) {
                Den::Val(t) => t,
                Den::Type(t) => {
                    let msg = format!("type {} used as a value", self.show(t));
                    self.error(span, msg);
                    TypeId::UNKNOWN
                }
                Den::Method(_) => {
                    self.error(span, "member function used as a value; call it");
                    TypeId::UNKNOWN
                }
            },
            ExprKind::Index(..) => self.index(e),
            ExprKind::Tuple(items) => {
                let mut tys = Vec::new();
                let mut consts = Vec::new();
                for it in items.iter_mut() {
                    tys.push(self.value(it));
                    consts.push(it.konst.clone());
                }
                if consts.iter().all(Option::is_some) {
                    e.konst = Some(Const::Tuple(consts.into_iter().flatten().collect()));
                }
                self.types.mk_tuple(tys)
            }
            ExprKind::Call(..) => self.call(e),
            ExprKind::Slice(base, lo, hi) => {
                let bt = self.value(base);
                for i in [lo, hi].into_iter().flatten() {
                    let it = self.value(i);
                    if !self.types.equal(it, TypeId::INT) {
                        let msg = format!("slice index {} is not an int", self.q(i));
                        self.error(i.span, msg);
                    }
                }
                match self.types.get(bt) {
                    Type::String | Type::Array(_) | Type::Unknown => bt,
                    _ => {
                        let msg = format!("cannot slice {}", self.q(base));
                        self.error(span, msg);
                        TypeId::UNKNOWN
                    }
                }
            }
            ExprKind::Unary(..) => self.unary(e),
            ExprKind::Binary(..) => self.binary(e),
            ExprKind::Assign(..) => self.assign(e),
            ExprKind::Declare(lhs, rhs) => {
                let rt = self.value(rhs);
                self.no_pick_value(rt, span);
                if rt == TypeId::NIL {
                    let msg = format!("cannot declare {} from {}", self.v(lhs), self.q(rhs));
                    self.error(span, msg);
                    self.declare_lhs(lhs, TypeId::UNKNOWN);
                    return TypeId::UNKNOWN;
                }
                self.declare_lhs(lhs, rt);
                rt
            }
            ExprKind::Send(c, v) => {
                let ct = self.value(c);
                let vt = self.value(v);
                match self.types.get(ct).clone() {
                    Type::Chan(el) => {
                        if !self.assign_compatible(el, vt) {
                            let msg = format!("type clash in {} <-= {}", self.q(c), self.q(v));
                            self.error(span, msg);
                        }
                        el
                    }
                    Type::Unknown => TypeId::UNKNOWN,
                    _ => {
                        let msg = format!("cannot send on {}", self.q(c));
                        self.error(span, msg);
                        TypeId::UNKNOWN
                    }
                }
            }
            ExprKind::Cast(te, operand) => {
                let to = self.resolve_type(te);
                let te_span = te.span;
                self.cast(to, operand, te_span, &mut e.konst)
            }
            ExprKind::Load(m, path) => {
                let pt = self.value(path);
                if !self.types.equal(pt, TypeId::STRING) {
                    let msg = format!("cannot load a module from {}", self.q(path));
                    self.error(path.span, msg);
                }
                match self.lookup(&m.name) {
                    Some(Sym::Type(t)) if matches!(self.types.get(*t), Type::Module(_)) => *t,
                    Some(_) => {
                        let msg = format!("{} is not a module", m.name);
                        self.error(m.span, msg);
                        TypeId::UNKNOWN
                    }
                    None => {
                        let msg = format!("{} is not declared", m.name);
                        self.error(m.span, msg);
                        TypeId::UNKNOWN
                    }
                }
            }
            ExprKind::ArrayAlloc(size, te) => {
                self.int_operand(size, "array size");
                let el = self.resolve_type(te);
                self.types.mk_array(el)
            }
            ExprKind::ArrayInit(size, elems) => {
                if let Some(s) = size {
                    self.int_operand(s, "array size");
                }
                let mut el = TypeId::NIL;
                for item in elems.iter_mut() {
                    for q in item.quals.iter_mut() {
                        self.index_qual(q);
                    }
                    let t = self.value(&mut item.value);
                    if let Some(j) = self.join_element(el, t) {
                        el = j;
                    } else {
                        let msg = format!(
                            "type clash in array initializer: {} and {}",
                            self.show(el),
                            self.show(t)
                        );
                        self.error(item.value.span, msg);
                    }
                }
                if el == TypeId::NIL {
                    self.error(span, "cannot tell the element type of an array of nil");
                    return TypeId::UNKNOWN;
                }
                let size = size
                    .as_ref()
                    .and_then(|s| s.konst.as_ref())
                    .and_then(Const::as_int);
                self.init_indices(elems, size);
                self.types.mk_array(el)
            }
            ExprKind::ListInit(items) => {
                let mut el = TypeId::NIL;
                for it in items.iter_mut() {
                    let t = self.value(it);
                    if let Some(j) = self.join_element(el, t) {
                        el = j;
                    } else {
                        let msg = format!(
                            "type clash in list initializer: {} and {}",
                            self.show(el),
                            self.show(t)
                        );
                        self.error(it.span, msg);
                    }
                }
                if el == TypeId::NIL {
                    self.error(span, "cannot tell the element type of a list of nil");
                    return TypeId::UNKNOWN;
                }
                self.types.mk_list(el)
            }
            ExprKind::ChanAlloc(size, te) => {
                if let Some(s) = size {
                    self.int_operand(s, "channel buffer size");
                }
                let el = self.resolve_type(te);
                self.types.mk_chan(el)
            }
            // made by the code generator from checked expressions
            ExprKind::Comma(..) | ExprKind::Choice(..) => e.ty,
        }
    }

    pub(super) fn int_operand(&mut self, e: &mut Expr, what: &str) {
        let t = self.value(e);
        if !self.types.equal(t, TypeId::INT) {
            let msg = format!("{what} {} is not an int", self.q(e));
            self.error(e.span, msg);
        }
    }

    /// Indices of an array initialiser are constants, in range, each slot set once.
    pub(super) fn init_indices(&mut self, elems: &[InitElem], size: Option<i64>) {
        let mut labels = super::arms::Labels::new("array index");
        let mut next = 0i64;
        for item in elems {
            // (first index, last index, text, span) of each slot or range this element sets.
            let mut slots: Vec<(i64, i64, String, crate::diag::Span)> = Vec::new();
            if item.quals.is_empty() {
                slots.push((next, next, next.to_string(), item.value.span));
            }
            for q in &item.quals {
                let int = |e: &Expr| e.konst.as_ref().and_then(Const::as_int);
                match q {
                    Qual::Star(s) => labels.star(self, *s),
                    Qual::Expr(e) => match int(e) {
                        Some(v) => slots.push((v, v, self.v(e), e.span)),
                        None => {
                            let msg = format!("array index {} is not constant", self.v(e));
                            self.error(e.span, msg);
                        }
                    },
                    Qual::Range(a, b) => match (int(a), int(b)) {
                        (Some(lo), Some(hi)) => {
                            slots.push((lo, hi, format!("{} to {}", self.v(a), self.v(b)), a.span))
                        }
                        _ => {
                            let msg =
                                format!("range {} to {} is not constant", self.v(a), self.v(b));
                            self.error(a.span, msg);
                        }
                    },
                }
            }
            for (lo, hi, text, span) in slots {
                next = hi.saturating_add(1);
                if lo < 0 || size.is_some_and(|n| hi >= n) {
                    let msg = format!("array index {text} out of bounds");
                    self.error(span, msg);
                    continue;
                }
                labels.add(self, Const::Int(lo), Const::Int(hi), text, span);
            }
        }
    }

    pub(super) fn index_qual(&mut self, q: &mut Qual) {
        match q {
            Qual::Expr(e) => self.int_operand(e, "array index"),
            Qual::Range(a, b) => {
                self.int_operand(a, "array index");
                self.int_operand(b, "array index");
            }
            Qual::Star(_) => {}
        }
    }

    pub(super) fn index(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let ExprKind::Index(base, args) = &mut e.kind else {
            return TypeId::UNKNOWN;
        };
        let bt = self.value(base);
        if args.len() != 1 {
            self.error(span, "only one index allowed");
            return TypeId::UNKNOWN;
        }
        let it = self.value(&mut args[0]);
        let r = match self.types.get(bt).clone() {
            Type::Array(el) => el,
            Type::String => TypeId::INT,
            Type::Unknown => TypeId::UNKNOWN,
            _ => {
                let msg = format!("cannot index {}", self.q(base));
                self.error(span, msg);
                return TypeId::UNKNOWN;
            }
        };
        if !self.types.equal(it, TypeId::INT) {
            let msg = format!("cannot index {} with {}", self.q(base), self.q(&args[0]));
            self.error(span, msg);
        }
        r
    }

    pub(super) fn unary(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let ExprKind::Unary(op, operand) = &mut e.kind else {
            return TypeId::UNKNOWN;
        };
        let op = *op;
        if op == UnOp::Tagof {
            return self.tagof(operand, &mut e.konst, span);
        }
        let t = match op {
            UnOp::PreInc | UnOp::PreDec | UnOp::PostInc | UnOp::PostDec => self.lvalue(operand),
            UnOp::Ref => match self.den(operand) {
                // `ref T` for an adt (or pick variant) type T: a new zero-filled value
                Den::Type(t) => match self.types.get(t) {
                    Type::Adt(..) | Type::Variant(..) => t,
                    _ => self.construct(t, &mut [], operand.span, &mut None).0,
                },
                Den::Val(t) => t,
                Den::Method(_) => {
                    self.error(span, "member function used as a value; call it");
                    TypeId::UNKNOWN
                }
            },
            _ => self.value(operand),
        };
        if self.types.is_unknown(t) {
            return TypeId::UNKNOWN;
        }
        let tt = self.types.get(t).clone();
        let bad = |c: &mut Self| {
            let q = c.q(operand);
            let msg = match op {
                UnOp::Hd | UnOp::Tl | UnOp::Deref => format!("cannot {} {q}", op.text()),
                UnOp::Len => format!("len requires an array, string or list in {q}"),
                UnOp::Recv => format!("cannot receive on {q}"),
                UnOp::Ref => format!("cannot make a ref from {q}"),
                _ => format!("cannot apply {} to {q}", op.text()),
            };
            c.error(span, msg);
            TypeId::UNKNOWN
        };
        let r = match op {
            // the original's grammar drops a unary plus: any operand stands
            UnOp::Plus => t,
            UnOp::Neg => {
                if !self.types.is_arith(t) {
                    return bad(self);
                }
                t
            }
            UnOp::Not => {
                if tt != Type::Int {
                    return bad(self);
                }
                t
            }
            UnOp::Compl => {
                if !self.types.is_integral(t) {
                    return bad(self);
                }
                t
            }
            UnOp::PreInc | UnOp::PreDec | UnOp::PostInc | UnOp::PostDec => {
                if !matches!(tt, Type::Int | Type::Big | Type::Byte | Type::Real) {
                    return bad(self);
                }
                t
            }
            UnOp::Deref => match tt {
                Type::Ref(inner)
                    if matches!(self.types.get(inner), Type::Adt(..) | Type::Variant(..)) =>
                {
                    inner
                }
                _ => return bad(self),
            },
            UnOp::Recv => match tt {
                Type::Chan(el) => el,
                Type::Array(c) => match self.types.get(c).clone() {
                    Type::Chan(el) => self.types.mk_tuple(vec![TypeId::INT, el]),
                    _ => return bad(self),
                },
                _ => return bad(self),
            },
            UnOp::Hd => match tt {
                Type::List(el) => el,
                _ => return bad(self),
            },
            UnOp::Tl => match tt {
                Type::List(_) => t,
                _ => return bad(self),
            },
            UnOp::Len => match tt {
                Type::String | Type::Array(_) | Type::List(_) => TypeId::INT,
                _ => return bad(self),
            },
            UnOp::Ref => match tt {
                // a value (`ref *r`) is copied with whatever variant it holds
                Type::Adt(a, _)
                    if self.types.adt(a).is_pick && super::is_type_expr(&self.types, operand) =>
                {
                    let msg = format!(
                        "instances of ref {} must be qualified with a pick tag",
                        self.show(t)
                    );
                    self.error(span, msg);
                    return TypeId::UNKNOWN;
                }
                Type::Adt(..) | Type::Variant(..) => self.types.mk_ref(t),
                _ => return bad(self),
            },
            UnOp::Tagof => TypeId::INT,
        };
        if let Some(c) = &operand.konst {
            e.konst = fold::unary(&self.types, op, r, c);
        }
        r
    }

    pub(super) fn tagof(
        &mut self,
        operand: &mut Expr,
        konst: &mut Option<Const>,
        span: crate::diag::Span,
    ) -> TypeId {
        match self.den(operand) {
            Den::Type(t) => match self.types.get(t).clone() {
                Type::Adt(a, _) if self.types.adt(a).is_pick => {
                    *konst = Some(Const::Int(self.types.adt(a).tags.len() as i64));
                }
                Type::Variant(a, g, _) => {
                    // tags declared together (`A or B =>`) share a variant type: the name decides
                    let named = match &operand.kind {
                        ExprKind::Dot(_, n) => Some(n.name.clone()),
                        _ => None,
                    };
                    let tags = &self.types.adt(a).tags;
                    let tag = named
                        .and_then(|n| tags.iter().position(|(t, _)| *t == n))
                        .or_else(|| tags.iter().position(|(_, tg)| *tg == g))
                        .unwrap_or(0);
                    *konst = Some(Const::Int(tag as i64));
                }
                Type::Unknown => {}
                _ => {
                    let msg = format!("tagof applied to a type {} that has no pick", self.show(t));
                    self.error(span, msg);
                }
            },
            Den::Val(t) => {
                let ok = match self.types.get(t) {
                    Type::Ref(inner) => match self.types.get(*inner) {
                        Type::Adt(a, _) | Type::Variant(a, _, _) => self.types.adt(*a).is_pick,
                        _ => false,
                    },
                    Type::Unknown => true,
                    _ => false,
                };
                if !ok {
                    let msg = format!("tagof applied to a value of type {}", self.show(t));
                    self.error(span, msg);
                }
            }
            Den::Method(_) => self.error(span, "tagof applied to a member function"),
        }
        TypeId::INT
    }

    pub(super) fn binary(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let ExprKind::Binary(op, l, r) = &mut e.kind else {
            return TypeId::UNKNOWN;
        };
        let op = *op;
        let lt = self.value(l);
        let rt = self.value(r);
        let t = match self.binary_type(op, lt, rt) {
            Some(t) => t,
            None => {
                let msg = format!("type clash in {} {} {}", self.q(l), op.text(), self.q(r));
                self.error(span, msg);
                TypeId::UNKNOWN
            }
        };
        if let (Some(a), Some(b)) = (&l.konst, &r.konst) {
            match fold::binary(&self.types, op, lt, t, a, b) {
                Ok(c) => e.konst = c,
                Err(msg) => self.error(span, msg),
            }
            if let (BinOp::Shl | BinOp::Shr, Const::Int(_), Const::Int(n)) = (op, a, b) {
                if let Some(msg) = fold::shift_warning(&self.types, lt, *n) {
                    self.diags.warning(span, msg);
                }
            }
        }
        t
    }

    /// The type of `l op r`, or None when the operand types clash.
    pub(crate) fn binary_type(&mut self, op: BinOp, lt: TypeId, rt: TypeId) -> Option<TypeId> {
        if self.types.is_unknown(lt) || self.types.is_unknown(rt) {
            return Some(TypeId::UNKNOWN);
        }
        let same = self.types.equal(lt, rt);
        let ltt = self.types.get(lt).clone();
        let ok = match op {
            BinOp::Add => same && (self.types.is_arith(lt) || ltt == Type::String),
            BinOp::Sub | BinOp::Mul | BinOp::Div => same && self.types.is_arith(lt),
            BinOp::Mod => same && self.types.is_integral(lt),
            BinOp::Power => {
                matches!(ltt, Type::Int | Type::Big | Type::Real)
                    && self.types.equal(rt, TypeId::INT)
            }
            BinOp::And | BinOp::Or | BinOp::Xor => same && self.types.is_integral(lt),
            BinOp::Shl | BinOp::Shr => {
                self.types.is_integral(lt) && self.types.equal(rt, TypeId::INT)
            }
            BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => {
                same && (self.types.is_arith(lt) || ltt == Type::String)
            }
            BinOp::Eq | BinOp::Ne => {
                (same
                    && (self.types.is_arith(lt)
                        || self.types.is_pointer(lt)
                        || matches!(ltt, Type::Ref(_))))
                    || (lt == TypeId::NIL && self.types.is_pointer(rt))
                    || (rt == TypeId::NIL && self.types.is_pointer(lt))
                    // a ref of an adt against a ref of one of its variants
                    || (matches!(ltt, Type::Ref(_))
                        && matches!(self.types.get(rt), Type::Ref(_))
                        && (self.assignable(lt, rt) || self.assignable(rt, lt)))
            }
            BinOp::AndAnd | BinOp::OrOr => ltt == Type::Int && self.types.equal(rt, TypeId::INT),
            BinOp::Cons => {
                if rt == TypeId::NIL {
                    return (lt != TypeId::NIL).then(|| self.types.mk_list(lt));
                }
                match self.types.get(rt).clone() {
                    Type::List(el) if self.assignable(el, lt) => return Some(rt),
                    Type::List(el) => {
                        return self.join_element(el, lt).map(|j| self.types.mk_list(j))
                    }
                    _ => false,
                }
            }
        };
        if !ok {
            return None;
        }
        Some(match op {
            BinOp::Lt
            | BinOp::Gt
            | BinOp::Le
            | BinOp::Ge
            | BinOp::Eq
            | BinOp::Ne
            | BinOp::AndAnd
            | BinOp::OrOr => TypeId::INT,
            _ => lt,
        })
    }

    pub(super) fn assign(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let ExprKind::Assign(op, l, r) = &mut e.kind else {
            return TypeId::UNKNOWN;
        };
        let op = *op;
        let lt = self.lvalue(l);
        let rt = self.value(r);
        self.no_pick_value(rt, span);
        if let ExprKind::Slice(_, _, Some(_)) = &l.kind {
            self.error(l.span, "slice assignment must not give an upper bound");
        }
        let ok = match op {
            None => self.assign_compatible(lt, rt),
            Some(bop) => self
                .binary_type(bop, lt, rt)
                .is_some_and(|t| self.types.is_unknown(t) || self.types.equal(t, lt)),
        };
        if !ok {
            let msg = format!(
                "type clash in {} {}= {}",
                self.q(l),
                op.map(BinOp::text).unwrap_or(""),
                self.q(r)
            );
            self.error(span, msg);
        }
        // As in the original, `l = r` has the type of r: `s = a[i] = ref Adt.Tag(...)`
        // gives s the variant. Only refs differ so and stay one representation.
        let refs = matches!(
            (self.types.get(lt), self.types.get(rt)),
            (Type::Ref(_), Type::Ref(_))
        );
        if op.is_none() && refs {
            rt
        } else {
            lt
        }
    }

    /// Assignment compatibility including tuple targets (with `nil` discards) and,
    /// as the original allows, a tuple and an adt without pick of the same member
    /// types in either direction, also as the elements of refs, lists, arrays and
    /// channels (`array of (string, int)` for `array of Pair`).
    pub(crate) fn assign_compatible(&mut self, dst: TypeId, src: TypeId) -> bool {
        if dst == TypeId::NIL || self.assignable(dst, src) {
            return true;
        }
        let (dt, st) = (self.types.get(dst).clone(), self.types.get(src).clone());
        match (&dt, &st) {
            (Type::Ref(d), Type::Ref(s))
            | (Type::List(d), Type::List(s))
            | (Type::Array(d), Type::Array(s))
            | (Type::Chan(d), Type::Chan(s)) => return self.assign_compatible(*d, *s),
            _ => {}
        }
        let one_tuple = matches!(dt, Type::Tuple(_)) || matches!(st, Type::Tuple(_));
        match (self.member_types(dst), self.member_types(src)) {
            (Some(d), Some(s)) if one_tuple && d.len() == s.len() => d
                .iter()
                .zip(&s)
                .all(|(a, b)| self.assign_compatible(*a, *b)),
            _ => false,
        }
    }

    /// The member types of a tuple or of an adt without pick.
    fn member_types(&mut self, t: TypeId) -> Option<Vec<TypeId>> {
        match self.types.get(t).clone() {
            Type::Tuple(ts) => Some(ts),
            Type::Adt(a, _) if !self.types.adt(a).is_pick => self
                .types
                .fields_of(t)
                .map(|f| f.iter().map(|f| f.ty).collect()),
            _ => None,
        }
    }

    /// Values of a pick adt exist only behind a ref.
    pub(super) fn no_pick_value(&mut self, t: TypeId, span: crate::diag::Span) {
        let pick = match self.types.get(t) {
            Type::Adt(a, _) => self.types.adt(*a).is_pick,
            Type::Variant(..) => true,
            _ => false,
        };
        if pick {
            let msg = format!("expressions cannot have type {}", self.show(t));
            self.error(span, msg);
        }
    }

    /// Check an expression that is assigned to; returns the type it holds (`NIL` for a discard).
    pub(crate) fn lvalue(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let t = match &mut e.kind {
            ExprKind::Nil => TypeId::NIL,
            ExprKind::Ident(name) => match self.lookup(name).cloned() {
                Some(Sym::Var(t, v)) => {
                    e.var = Some(v);
                    self.use_name(v, span);
                    t
                }
                Some(Sym::Imported {
                    ty,
                    is_fn: false,
                    from,
                }) => {
                    e.via = from;
                    ty
                }
                Some(_) => {
                    let msg = format!("cannot assign to {name}");
                    self.error(span, msg);
                    TypeId::UNKNOWN
                }
                None => {
                    let msg = format!("{name} is not declared");
                    self.error(span, msg);
                    TypeId::UNKNOWN
                }
            },
            ExprKind::Tuple(items) => {
                let tys = items.iter_mut().map(|i| self.lvalue(i)).collect();
                self.types.mk_tuple(tys)
            }
            ExprKind::Index(..) => self.index(e),
            ExprKind::Slice(base, lo, _) => {
                let bt = self.lvalue_base(base);
                if let Some(lo) = lo {
                    self.int_operand(lo, "slice index");
                }
                match self.types.get(bt) {
                    Type::Array(_) | Type::Unknown => bt,
                    _ => {
                        let msg = format!("cannot assign to a slice of {}", self.show(bt));
                        self.error(span, msg);
                        TypeId::UNKNOWN
                    }
                }
            }
            ExprKind::Dot(base, name) => {
                let name = name.clone();
                let bt = self.lvalue_base(base);
                match self.value_member(bt, &name, span) {
                    Den::Val(t) => t,
                    _ => {
                        let msg = format!("cannot assign to {}", name.name);
                        self.error(span, msg);
                        TypeId::UNKNOWN
                    }
                }
            }
            ExprKind::Unary(UnOp::Deref, _) | ExprKind::Arrow(..) => self.expr(e),
            _ => {
                self.error(span, "expression cannot be assigned to");
                self.expr(e);
                TypeId::UNKNOWN
            }
        };
        e.ty = t;
        t
    }

    /// The container of an element or field assignment: a ref is enough, a value must itself be assignable.
    pub(super) fn lvalue_base(&mut self, e: &mut Expr) -> TypeId {
        let t = self.value(e);
        if matches!(self.types.get(t), Type::Adt(..) | Type::Tuple(_))
            && !matches!(
                e.kind,
                ExprKind::Ident(_) | ExprKind::Dot(..) | ExprKind::Index(..)
            )
        {
            self.error(e.span, "cannot assign into a temporary value");
        }
        t
    }

    /// Declare the names on the left of `:=` with the types from `t`.
    pub(crate) fn declare_lhs(&mut self, lhs: &mut Expr, t: TypeId) {
        let span = lhs.span;
        lhs.ty = t;
        match &mut lhs.kind {
            ExprKind::Nil => {}
            ExprKind::Ident(name) => {
                let id = Ident {
                    name: name.clone(),
                    span,
                };
                let kind = if self.fnctx.is_none() {
                    super::VarKind::Global
                } else {
                    super::VarKind::Local
                };
                if let Some(line) = self.shadowed_line(&id.name) {
                    let msg = format!(
                        "redeclaration of {}, previously declared on line {line}",
                        id.name
                    );
                    self.diags.warning(span, msg);
                }
                let v = self.declare_var(&id, t, kind);
                self.use_var(v, 1);
                lhs.var = Some(v);
            }
            ExprKind::Tuple(items) => {
                let first = self.vars.len();
                self.declare_tuple(items, t, span);
                // the names of one tuple declaration are laid out together
                let head = VarId(first as u32);
                for info in self.vars.iter_mut().skip(first) {
                    if info.kind == super::VarKind::Local {
                        info.usage.tuple = Some(head);
                    }
                }
            }
            _ => self.error(span, "only names can be declared with :="),
        }
    }

    /// Declare the names of a tuple on the left of `:=` with the parts of `t`.
    fn declare_tuple(&mut self, items: &mut [Expr], t: TypeId, span: crate::diag::Span) {
        let parts: Option<Vec<TypeId>> = match self.types.get(t).clone() {
            Type::Tuple(ts) => Some(ts),
            Type::Adt(..) => self
                .types
                .fields_of(t)
                .map(|f| f.iter().map(|f| f.ty).collect()),
            Type::Unknown => Some(vec![TypeId::UNKNOWN; items.len()]),
            _ => None,
        };
        match parts {
            Some(ts) if ts.len() == items.len() => {
                for (it, et) in items.iter_mut().zip(ts) {
                    self.declare_lhs(it, et);
                }
            }
            _ => {
                let msg = format!(
                    "type clash in declaration: {} values for {} names",
                    self.show(t),
                    items.len()
                );
                self.error(span, msg);
                for it in items.iter_mut() {
                    self.declare_lhs(it, TypeId::UNKNOWN);
                }
            }
        }
    }
}
