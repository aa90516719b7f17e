//! Calls (with argument checking, type-parameter inference and `for`
//! constraints), adt and exception constructors, and conversions.

use super::fold;
use super::names::Den;
use super::Checker;
use crate::ast::*;
use crate::types::{FnType, Type, TypeId};
use crate::value::Const;

impl Checker<'_> {
    pub(super) fn call(&mut self, e: &mut Expr) -> TypeId {
        let span = e.span;
        let ExprKind::Call(callee, args) = &mut e.kind else {
            return TypeId::UNKNOWN;
        };
        let den = self.den(callee);
        let callee_text = callee_name(callee);
        match den {
            Den::Type(t) => {
                let (t, itself) = self.construct(t, args, span, &mut e.konst);
                if itself {
                    // `T(v)` for a v of adt type T is v (geodesy.b's `ref Mercator(tmps[i])`)
                    if let Some(v) = args.pop() {
                        *e = v;
                    }
                }
                t
            }
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

    pub(super) fn not_callable(&mut self, t: TypeId, span: crate::diag::Span) -> TypeId {
        let msg = format!("cannot call a value of type {}", self.show(t));
        self.error(span, msg);
        TypeId::UNKNOWN
    }

    pub(super) fn exception_value(
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

    /// `T(args)`: an adt or variant value, or a conversion to a named type; true
    /// with it when that is a conversion of a value of adt type `T` (the value).
    pub(super) fn construct(
        &mut self,
        t: TypeId,
        args: &mut [Expr],
        span: crate::diag::Span,
        konst: &mut Option<Const>,
    ) -> (TypeId, bool) {
        let t = match self.types.get(t).clone() {
            Type::Adt(..) | Type::Variant(..) => {
                let fields = self.types.fields_of(t).unwrap_or_default();
                let given: Vec<TypeId> = args.iter_mut().map(|a| self.value(a)).collect();
                let fits = fields.len() == given.len()
                    && fields
                        .iter()
                        .zip(&given)
                        .all(|(f, at)| self.assign_compatible(f.ty, *at));
                // not the values of one: a conversion, from a value of the type alone
                if !fits && given.len() == 1 && self.types.equal(given[0], t) {
                    return (t, true);
                }
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
                for ((a, f), at) in args
                    .iter_mut()
                    .zip(
                        fields
                            .iter()
                            .map(|f| f.ty)
                            .chain(std::iter::repeat(TypeId::UNKNOWN)),
                    )
                    .zip(given)
                {
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
                    return (t, false);
                }
                self.cast(t, &mut args[0], span, konst)
            }
        };
        (t, false)
    }

    pub(super) fn cast(
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

    /// Check call arguments against a function type, inferring type parameters.
    pub(super) fn call_args(
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
                self.assign_compatible(p.ty, *at)
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
    pub(super) fn check_constraint(
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
                let name = format!("{}.{member}", self.types.adt(a).name);
                self.named_functions.insert(name);
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
    pub(super) fn unify(&mut self, p: TypeId, a: TypeId, b: &mut Vec<(TypeId, TypeId)>) -> bool {
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
        if matches!(at, Type::Poly(..)) && self.types.is_pointer(p) {
            // as the original unifies: a value of the caller's own type parameter
            // passes for any pointer type (eval.b's `blocksig0(m, e.ctxt, cmd)`)
            return true;
        }
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
