//! Expression checking: names, operators, calls, constructors, conversions,
//! allocation, and lvalues. Each expression gets its type and, when constant,
//! its folded value.

use super::fold;
use super::{Checker, Sym};
use crate::ast::*;
use crate::types::{FnType, Type, TypeId};
use crate::value::Const;

/// What a name-like expression denotes.
#[derive(Clone, Debug)]
pub(crate) enum Den {
    Val(TypeId),
    Type(TypeId),
    /// `v.f` for a member function `f` called on the value `v` (self passed implicitly when declared).
    Method(TypeId),
}

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
        if matches!(self.types.get(t), Type::Fn(_)) {
            let r = self.types.mk_ref(t);
            e.ty = r;
            return r;
        }
        t
    }

    /// The element type of an initialiser list so far (`el`) joined with the next element's (`t`):
    /// refs to different variants of one pick adt join to a ref of the adt.
    fn join_element(&mut self, el: TypeId, t: TypeId) -> Option<TypeId> {
        if el == TypeId::NIL {
            return Some(t);
        }
        if self.assignable(el, t) {
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

    fn expr_inner(&mut self, e: &mut Expr) -> TypeId {
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
            ExprKind::Ident(_) | ExprKind::Dot(..) | ExprKind::Arrow(..) | ExprKind::Type(_) => {
                match self.den(e) {
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
                }
            }
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
        }
    }

    fn int_operand(&mut self, e: &mut Expr, what: &str) {
        let t = self.value(e);
        if !self.types.equal(t, TypeId::INT) {
            let msg = format!("{what} {} is not an int", self.q(e));
            self.error(e.span, msg);
        }
    }

    /// Indices of an array initialiser are constants, in range, each slot set once.
    fn init_indices(&mut self, elems: &[InitElem], size: Option<i64>) {
        let mut filled: Vec<(i64, i64)> = Vec::new();
        let mut next = 0i64;
        let mut stars = 0;
        for item in elems {
            let mut slots: Vec<(i64, i64, crate::diag::Span)> = Vec::new();
            if item.quals.is_empty() {
                slots.push((next, next, item.value.span));
            }
            for q in &item.quals {
                let (lo, hi, qspan) = match q {
                    Qual::Star(s) => {
                        stars += 1;
                        if stars > 1 {
                            self.error(*s, "only one * => allowed in an array initializer");
                        }
                        continue;
                    }
                    Qual::Expr(e) => (
                        e.konst.as_ref().and_then(Const::as_int),
                        e.konst.as_ref().and_then(Const::as_int),
                        e.span,
                    ),
                    Qual::Range(a, b) => (
                        a.konst.as_ref().and_then(Const::as_int),
                        b.konst.as_ref().and_then(Const::as_int),
                        a.span,
                    ),
                };
                match (lo, hi) {
                    (Some(lo), Some(hi)) => slots.push((lo, hi, qspan)),
                    _ => self.error(qspan, "array initializer index is not a constant"),
                }
            }
            for (lo, hi, qspan) in slots {
                if lo < 0 || hi < lo || size.is_some_and(|n| hi >= n) {
                    let msg = match size {
                        Some(n) => format!(
                            "array initializer index {lo} to {hi} out of range 0 to {}",
                            n - 1
                        ),
                        None => format!("array initializer index {lo} to {hi} out of range"),
                    };
                    self.error(qspan, msg);
                    continue;
                }
                if filled.iter().any(|(a, b)| lo <= *b && *a <= hi) {
                    let msg = format!("array initializer index {lo} initialized more than once");
                    self.error(qspan, msg);
                }
                filled.push((lo, hi));
                next = hi.saturating_add(1);
            }
        }
    }

    fn index_qual(&mut self, q: &mut Qual) {
        match q {
            Qual::Expr(e) => self.int_operand(e, "array index"),
            Qual::Range(a, b) => {
                self.int_operand(a, "array index");
                self.int_operand(b, "array index");
            }
            Qual::Star(_) => {}
        }
    }

    /// What a name-like expression denotes.
    pub(crate) fn den(&mut self, e: &mut Expr) -> Den {
        let span = e.span;
        let d = match &mut e.kind {
            ExprKind::Ident(name) => {
                if name == "iota" {
                    if let (Some(v), None) = (self.iota, self.lookup("iota")) {
                        e.konst = Some(Const::Int(v));
                        e.ty = TypeId::INT;
                        return Den::Val(TypeId::INT);
                    }
                }
                match self.lookup(name).cloned() {
                    Some(Sym::Type(t)) => Den::Type(t),
                    Some(Sym::Con(t, c)) => {
                        e.konst = Some(c);
                        Den::Val(t)
                    }
                    Some(Sym::Var(t, v)) => {
                        e.var = Some(v);
                        Den::Val(t)
                    }
                    Some(Sym::Fn(t)) | Some(Sym::Exception(t)) => Den::Val(t),
                    Some(Sym::Imported { ty, from, .. }) => {
                        e.via = from;
                        Den::Val(ty)
                    }
                    None => {
                        let msg = format!("{name} is not declared");
                        self.error(span, msg);
                        Den::Val(TypeId::UNKNOWN)
                    }
                }
            }
            ExprKind::Type(te) => Den::Type(self.resolve_type(te)),
            ExprKind::Index(base, args) => {
                let Den::Type(bt) = self.den(base) else {
                    return Den::Val(self.index(e));
                };
                let mut targs = Vec::new();
                for a in args.iter_mut() {
                    match self.den(a) {
                        Den::Type(t) => targs.push(t),
                        _ => {
                            self.error(a.span, "type argument expected");
                            targs.push(TypeId::UNKNOWN);
                        }
                    }
                }
                Den::Type(self.instantiate(bt, targs, span))
            }
            ExprKind::Dot(base, name) => {
                let name = name.clone();
                match self.den(base) {
                    Den::Type(t) => self.type_member(t, &name, span, &mut e.konst),
                    Den::Val(t) => self.value_member(t, &name, span),
                    Den::Method(_) => {
                        self.error(span, "member function used as a value; call it");
                        Den::Val(TypeId::UNKNOWN)
                    }
                }
            }
            ExprKind::Arrow(base, name) => {
                let name = name.clone();
                let (bt, via_type) = match self.den(base) {
                    Den::Type(t) => (t, true),
                    Den::Val(t) => (t, false),
                    Den::Method(_) => (TypeId::UNKNOWN, false),
                };
                let d = self.module_member(bt, &name, span, &mut e.konst);
                let is_value_member = match self.types.get(bt) {
                    Type::Module(m) => self.types.module(*m).member(&name.name).is_some_and(|x| {
                        matches!(
                            x.kind,
                            crate::types::MemberKind::Fn | crate::types::MemberKind::Data
                        )
                    }),
                    _ => false,
                };
                if via_type && is_value_member && !self.types.is_unknown(bt) {
                    let msg = format!(
                        "{} is not a value: {} is a module interface",
                        self.v(base),
                        self.v(base)
                    );
                    self.error(span, msg);
                }
                d
            }
            _ => Den::Val(self.expr(e)),
        };
        match d {
            Den::Val(t) | Den::Type(t) | Den::Method(t) => e.ty = t,
        }
        d
    }

    fn instantiate(&mut self, t: TypeId, args: Vec<TypeId>, span: crate::diag::Span) -> TypeId {
        match self.types.get(t).clone() {
            Type::Adt(a, _) => {
                let want = self.types.adt(a).poly.len();
                if want != args.len() {
                    let msg = format!(
                        "{} needs {} type arguments, given {}",
                        self.types.adt(a).name,
                        want,
                        args.len()
                    );
                    self.error(span, msg);
                    return TypeId::UNKNOWN;
                }
                for &x in &args {
                    if !self.types.is_pointer(x) && !self.types.is_unknown(x) {
                        let msg = format!("{} is not a pointer type", self.show(x));
                        self.error(span, msg);
                    }
                }
                self.types.mk_adt(a, args)
            }
            Type::Unknown => TypeId::UNKNOWN,
            _ => {
                let msg = format!("{} is not a polymorphic adt", self.show(t));
                self.error(span, msg);
                TypeId::UNKNOWN
            }
        }
    }

    /// `T.name` for a type T: variant, member function, constant, or constraint function.
    fn type_member(
        &mut self,
        t: TypeId,
        name: &Ident,
        span: crate::diag::Span,
        konst: &mut Option<Const>,
    ) -> Den {
        match self.types.get(t).clone() {
            Type::Adt(a, args) => {
                let info = self.types.adt(a).clone();
                if let Some((_, g)) = info.tags.iter().find(|(n, _)| *n == name.name) {
                    return Den::Type(self.types.mk_variant(a, *g, args));
                }
                if let Some((_, ft)) = info.methods.iter().find(|(n, _)| *n == name.name) {
                    let map = self.types.adt_bindings(a, &args);
                    return Den::Val(self.types.subst(*ft, &map));
                }
                if let Some((_, ct, c)) = info.consts.iter().find(|(n, _, _)| *n == name.name) {
                    *konst = Some(c.clone());
                    return Den::Val(*ct);
                }
                let msg = format!("{} is not a member of {}", name.name, info.name);
                self.error(span, msg);
                Den::Val(TypeId::UNKNOWN)
            }
            Type::Poly(..) => {
                let found = self.fnctx.as_ref().and_then(|f| {
                    f.constraints
                        .iter()
                        .find(|(p, n, _)| *p == t && *n == name.name)
                        .map(|(_, _, ft)| *ft)
                });
                match found {
                    Some(ft) => Den::Val(ft),
                    None => {
                        let msg = format!("{} is not a member of {}", name.name, self.show(t));
                        self.error(span, msg);
                        Den::Val(TypeId::UNKNOWN)
                    }
                }
            }
            Type::Unknown => Den::Val(TypeId::UNKNOWN),
            _ => {
                let msg = format!("{} is not a member of {}", name.name, self.show(t));
                self.error(span, msg);
                Den::Val(TypeId::UNKNOWN)
            }
        }
    }

    /// `v.name` for a value v: field, tuple member, or member function.
    fn value_member(&mut self, t: TypeId, name: &Ident, span: crate::diag::Span) -> Den {
        let base = match self.types.get(t) {
            Type::Ref(inner) => *inner,
            _ => t,
        };
        match self.types.get(base).clone() {
            Type::Adt(a, args) | Type::Variant(a, _, args) => {
                if let Some(f) = self
                    .types
                    .fields_of(base)
                    .unwrap_or_default()
                    .into_iter()
                    .find(|f| f.name == name.name)
                {
                    return Den::Val(f.ty);
                }
                let info = self.types.adt(a).clone();
                if let Some((_, ft)) = info.methods.iter().find(|(n, _)| *n == name.name) {
                    let map = self.types.adt_bindings(a, &args);
                    return Den::Method(self.types.subst(*ft, &map));
                }
                if let Some((_, ct, _)) = info.consts.iter().find(|(n, _, _)| *n == name.name) {
                    return Den::Val(*ct);
                }
                let msg = format!("{} is not a member of {}", name.name, self.show(base));
                self.error(span, msg);
                Den::Val(TypeId::UNKNOWN)
            }
            Type::Tuple(ts) => {
                let idx = name
                    .name
                    .strip_prefix('t')
                    .and_then(|n| n.parse::<usize>().ok());
                match idx.and_then(|i| ts.get(i)) {
                    Some(et) => Den::Val(*et),
                    None => {
                        let msg = format!("{} is not a member of {}", name.name, self.show(base));
                        self.error(span, msg);
                        Den::Val(TypeId::UNKNOWN)
                    }
                }
            }
            Type::Poly(..) => {
                let found = self.fnctx.as_ref().and_then(|f| {
                    f.constraints
                        .iter()
                        .find(|(p, n, _)| *p == base && *n == name.name)
                        .map(|(_, _, ft)| *ft)
                });
                match found {
                    Some(ft) => Den::Method(ft),
                    None => {
                        let msg = format!("{} is not a member of {}", name.name, self.show(base));
                        self.error(span, msg);
                        Den::Val(TypeId::UNKNOWN)
                    }
                }
            }
            Type::Unknown => Den::Val(TypeId::UNKNOWN),
            _ => {
                let msg = format!("{} is not a member of {}", name.name, self.show(t));
                self.error(span, msg);
                Den::Val(TypeId::UNKNOWN)
            }
        }
    }

    /// `m->name` for a module value or module type.
    fn module_member(
        &mut self,
        t: TypeId,
        name: &Ident,
        span: crate::diag::Span,
        konst: &mut Option<Const>,
    ) -> Den {
        let m = match self.types.get(t) {
            Type::Module(m) => *m,
            Type::Unknown => return Den::Val(TypeId::UNKNOWN),
            _ => {
                let msg = format!("{} is not a module", self.show(t));
                self.error(span, msg);
                return Den::Val(TypeId::UNKNOWN);
            }
        };
        let Some(member) = self.types.module(m).member(&name.name).cloned() else {
            let msg = format!(
                "{} is not a member of {}",
                name.name,
                self.types.module(m).name
            );
            self.error(span, msg);
            return Den::Val(TypeId::UNKNOWN);
        };
        use crate::types::MemberKind;
        match member.kind {
            MemberKind::Type => Den::Type(member.ty),
            MemberKind::Con(c) => {
                *konst = Some(c);
                Den::Val(member.ty)
            }
            MemberKind::Fn | MemberKind::Data | MemberKind::Exception => Den::Val(member.ty),
        }
    }

    fn index(&mut self, e: &mut Expr) -> TypeId {
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

    fn unary(&mut self, e: &mut Expr) -> TypeId {
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
                Den::Type(t) => self.construct(t, &mut [], operand.span, &mut None),
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
            UnOp::Neg | UnOp::Plus => {
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
                Type::Adt(a, _) if self.types.adt(a).is_pick => {
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

    fn tagof(
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
                    let tag = self
                        .types
                        .adt(a)
                        .tags
                        .iter()
                        .position(|(_, tg)| *tg == g)
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

    fn binary(&mut self, e: &mut Expr) -> TypeId {
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

    fn assign(&mut self, e: &mut Expr) -> TypeId {
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
        lt
    }

    /// Assignment compatibility including tuple targets (with `nil` discards) and tuple/adt exchange.
    pub(crate) fn assign_compatible(&mut self, dst: TypeId, src: TypeId) -> bool {
        if dst == TypeId::NIL || self.assignable(dst, src) {
            return true;
        }
        let (dt, st) = (self.types.get(dst).clone(), self.types.get(src).clone());
        let dl: Option<Vec<TypeId>> = match &dt {
            Type::Tuple(ts) => Some(ts.clone()),
            Type::Adt(..) => self
                .types
                .fields_of(dst)
                .map(|f| f.iter().map(|f| f.ty).collect()),
            _ => None,
        };
        let sl: Option<Vec<TypeId>> = match &st {
            Type::Tuple(ts) => Some(ts.clone()),
            Type::Adt(..) => self
                .types
                .fields_of(src)
                .map(|f| f.iter().map(|f| f.ty).collect()),
            _ => None,
        };
        let one_tuple = matches!(dt, Type::Tuple(_)) || matches!(st, Type::Tuple(_));
        match (dl, sl) {
            (Some(d), Some(s)) if one_tuple && d.len() == s.len() => d
                .iter()
                .zip(&s)
                .all(|(a, b)| self.assign_compatible(*a, *b)),
            _ => false,
        }
    }

    /// Values of a pick adt exist only behind a ref.
    fn no_pick_value(&mut self, t: TypeId, span: crate::diag::Span) {
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
    fn lvalue_base(&mut self, e: &mut Expr) -> TypeId {
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
                lhs.var = Some(self.declare_var(&id, t, kind));
            }
            ExprKind::Tuple(items) => {
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
            _ => self.error(span, "only names can be declared with :="),
        }
    }

    fn cast(
        &mut self,
        to: TypeId,
        operand: &mut Expr,
        span: crate::diag::Span,
        konst: &mut Option<Const>,
    ) -> TypeId {
        let from = self.value(operand);
        if self.types.is_unknown(from) || self.types.is_unknown(to) {
            return to;
        }
        let (ft, tt) = (self.types.get(from).clone(), self.types.get(to).clone());
        let byte_array = |c: &Self, t: &Type| matches!(t, Type::Array(e) if *e == TypeId::BYTE || c.types.equal(*e, TypeId::BYTE));
        let ok = self.types.equal(from, to)
            || (self.types.is_arith(from) && self.types.is_arith(to))
            || (self.types.is_arith(from) && tt == Type::String)
            || (ft == Type::String && self.types.is_arith(to))
            || (ft == Type::String && byte_array(self, &tt))
            || (byte_array(self, &ft) && tt == Type::String)
            || (from == TypeId::NIL && (tt == Type::String || byte_array(self, &tt)));
        if !ok {
            let msg = format!("cannot make a {} from {}", self.show(to), self.q(operand));
            self.error(span, msg);
            return to;
        }
        if let Some(c) = &operand.konst {
            match fold::cast(&self.types, from, to, c) {
                Ok(v) => *konst = v,
                Err(msg) => self.error(operand.span, msg),
            }
        }
        to
    }

    fn call(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let ExprKind::Call(callee, args) = &mut e.kind else {
            return TypeId::UNKNOWN;
        };
        let den = self.den(callee);
        let callee_text = callee_name(callee);
        match den {
            Den::Type(t) => self.construct(t, args, span, &mut e.konst),
            Den::Val(t) => {
                let ft = match self.types.get(t).clone() {
                    Type::Fn(f) => *f,
                    Type::Ref(inner) => match self.types.get(inner).clone() {
                        Type::Fn(f) => *f,
                        _ => return self.not_callable(t, span),
                    },
                    Type::Exception(params) => return self.exception_value(t, &params, args, span),
                    Type::Unknown => {
                        for a in args.iter_mut() {
                            self.expr(a);
                        }
                        return TypeId::UNKNOWN;
                    }
                    _ => return self.not_callable(t, span),
                };
                self.call_args(&ft, false, args, span, &callee_text)
            }
            Den::Method(t) => match self.types.get(t).clone() {
                Type::Fn(f) => {
                    let implicit_self = f.params.first().is_some_and(|p| p.is_self);
                    self.call_args(&f, implicit_self, args, span, &callee_text)
                }
                _ => self.not_callable(t, span),
            },
        }
    }

    fn not_callable(&mut self, t: TypeId, span: crate::diag::Span) -> TypeId {
        let msg = format!("cannot call a value of type {}", self.show(t));
        self.error(span, msg);
        TypeId::UNKNOWN
    }

    fn exception_value(
        &mut self,
        t: TypeId,
        params: &[TypeId],
        args: &mut [Expr],
        span: crate::diag::Span,
    ) -> TypeId {
        if params.len() != args.len() {
            let msg = format!(
                "exception takes {} values, given {}",
                params.len(),
                args.len()
            );
            self.error(span, msg);
        }
        for (a, p) in args.iter_mut().zip(
            params
                .iter()
                .copied()
                .chain(std::iter::repeat(TypeId::UNKNOWN)),
        ) {
            let at = self.value(a);
            if !self.assignable(p, at) {
                let msg = format!(
                    "type clash in exception value: {} for {}",
                    self.show(at),
                    self.show(p)
                );
                self.error(a.span, msg);
            }
        }
        t
    }

    /// `T(args)`: an adt or variant value, or a conversion to a named type.
    fn construct(
        &mut self,
        t: TypeId,
        args: &mut [Expr],
        span: crate::diag::Span,
        konst: &mut Option<Const>,
    ) -> TypeId {
        match self.types.get(t).clone() {
            Type::Adt(..) | Type::Variant(..) => {
                let fields = self.types.fields_of(t).unwrap_or_default();
                if fields.len() != args.len() {
                    let msg = format!(
                        "wrong number of values for {}: {} given, {} needed",
                        self.show(t),
                        args.len(),
                        fields.len()
                    );
                    self.error(span, msg);
                }
                let mut consts = Vec::new();
                for (a, f) in args.iter_mut().zip(
                    fields
                        .iter()
                        .map(|f| f.ty)
                        .chain(std::iter::repeat(TypeId::UNKNOWN)),
                ) {
                    let at = self.value(a);
                    if !self.assign_compatible(f, at) {
                        let msg = format!(
                            "type clash in {} value: {} given for {}",
                            self.show(t),
                            self.show(at),
                            self.show(f)
                        );
                        self.error(a.span, msg);
                    }
                    consts.push(a.konst.clone());
                }
                if consts.iter().all(Option::is_some) {
                    *konst = Some(Const::Tuple(consts.into_iter().flatten().collect()));
                }
                t
            }
            Type::Unknown => {
                for a in args.iter_mut() {
                    self.expr(a);
                }
                TypeId::UNKNOWN
            }
            _ => {
                if args.len() != 1 {
                    let msg = format!("conversion to {} takes one value", self.show(t));
                    self.error(span, msg);
                    for a in args.iter_mut() {
                        self.expr(a);
                    }
                    return t;
                }
                self.cast(t, &mut args[0], span, konst)
            }
        }
    }

    /// Check call arguments against a function type, inferring type parameters.
    fn call_args(
        &mut self,
        f: &FnType,
        implicit_self: bool,
        args: &mut [Expr],
        span: crate::diag::Span,
        name: &str,
    ) -> TypeId {
        let params: Vec<_> = f
            .params
            .iter()
            .skip(usize::from(implicit_self))
            .cloned()
            .collect();
        let mut arg_types = Vec::new();
        for a in args.iter_mut() {
            arg_types.push(self.value(a));
        }
        if args.len() < params.len() {
            self.error(span, format!("{name}: too few function arguments"));
        } else if args.len() > params.len() && !f.varargs {
            self.error(span, format!("{name}: too many function arguments"));
        }
        let mut bindings: Vec<(TypeId, TypeId)> = Vec::new();
        for (i, (p, at)) in params.iter().zip(&arg_types).enumerate() {
            let ok = if f.poly.is_empty() {
                self.assignable(p.ty, *at)
            } else {
                self.unify(p.ty, *at, &mut bindings)
            };
            if !ok {
                let msg = format!(
                    "type clash in argument {} of {name}: {} for a parameter of type {}",
                    i + 1,
                    self.q(&args[i]),
                    self.show(p.ty)
                );
                self.error(args[i].span, msg);
            }
        }
        for (_, bound) in &bindings {
            if !self.types.is_pointer(*bound) && !self.types.is_unknown(*bound) {
                let msg = format!("{} is not a pointer type", self.show(*bound));
                self.error(span, msg);
            }
        }
        for (p, member, want) in &f.constraints {
            let Some(&(_, bound)) = bindings.iter().find(|(x, _)| x == p) else {
                continue;
            };
            self.check_constraint(bound, member, *want, &bindings, span);
        }
        if f.varargs && !params.is_empty() && args.len() >= params.len() {
            let fmt_index = params.len() - 1;
            self.check_format(
                &args[fmt_index],
                &args[params.len()..],
                &arg_types[params.len()..],
                name,
            );
        }
        self.types.subst(f.ret, &bindings)
    }

    /// A type bound to a parameter with a `for` constraint must have the member function it names.
    fn check_constraint(
        &mut self,
        bound: TypeId,
        member: &str,
        want: TypeId,
        bindings: &[(TypeId, TypeId)],
        span: crate::diag::Span,
    ) {
        let adt = match self.types.get(bound) {
            Type::Ref(inner) => *inner,
            _ => bound,
        };
        let found = match self.types.get(adt).clone() {
            Type::Adt(a, args) => self
                .types
                .adt(a)
                .methods
                .iter()
                .find(|(n, _)| n == member)
                .map(|(_, t)| (*t, a, args)),
            Type::Unknown | Type::Poly(..) => return,
            _ => None,
        };
        let want = self.types.subst(want, bindings);
        let ok = match found {
            Some((t, a, args)) => {
                let map = self.types.adt_bindings(a, &args);
                let have = self.types.subst(t, &map);
                self.types.equal(have, want)
            }
            None => false,
        };
        if !ok {
            let msg = format!(
                "{} has no member function {member} of type {}",
                self.show(bound),
                self.show(want)
            );
            self.error(span, msg);
        }
    }

    /// Match a parameter type containing type parameters against an argument type.
    fn unify(&mut self, p: TypeId, a: TypeId, b: &mut Vec<(TypeId, TypeId)>) -> bool {
        if self.types.is_unknown(a) {
            return true;
        }
        let pt = self.types.get(p).clone();
        if let Type::Poly(..) = pt {
            if let Some((_, bound)) = b.iter().find(|(x, _)| *x == p) {
                let bound = *bound;
                if bound == TypeId::NIL && a != TypeId::NIL {
                    b.retain(|(x, _)| *x != p);
                    b.push((p, a));
                    return self.types.is_pointer(a);
                }
                return self.assignable(bound, a);
            }
            b.push((p, a));
            return true;
        }
        let at = self.types.get(a).clone();
        match (pt, at) {
            (Type::Ref(x), Type::Ref(y))
            | (Type::Array(x), Type::Array(y))
            | (Type::List(x), Type::List(y))
            | (Type::Chan(x), Type::Chan(y)) => self.unify(x, y, b),
            (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => {
                xs.iter().zip(&ys).all(|(x, y)| self.unify(*x, *y, b))
            }
            (Type::Adt(x, xa), Type::Adt(y, ya)) if x == y && xa.len() == ya.len() => {
                xa.iter().zip(&ya).all(|(p, q)| self.unify(*p, *q, b))
            }
            (Type::Ref(x), Type::Fn(_)) => self.unify(x, a, b),
            (Type::Fn(f), Type::Fn(g)) if f.params.len() == g.params.len() => {
                f.params
                    .iter()
                    .zip(&g.params)
                    .all(|(p, q)| self.unify(p.ty, q.ty, b))
                    && self.unify(f.ret, g.ret, b)
            }
            _ => {
                let ps = self.types.subst(p, b);
                self.assignable(ps, a)
            }
        }
    }
}

/// A short name for the callee of a call, for messages.
fn callee_name(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Dot(b, n) => format!("{}.{}", callee_name(b), n.name),
        ExprKind::Arrow(b, n) => format!("{}->{}", callee_name(b), n.name),
        _ => "function".to_string(),
    }
}
