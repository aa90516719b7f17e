//! What names denote: variables, constants, types (with instantiation),
//! members of adts, tuples and modules, and constraint functions.

use super::{Checker, Sym};
use crate::ast::*;
use crate::types::{Type, TypeId};
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
    /// What a name-like expression denotes.
    pub(crate) fn den(&mut self, e: &mut Expr) -> Den {
        let span = e.span;
        if matches!(e.kind, ExprKind::MethodVia(..)) || self.reached_through_module(e) {
            let d = self.method_via(e);
            match d {
                Den::Val(t) | Den::Type(t) | Den::Method(t) => e.ty = t,
            }
            return d;
        }
        let d = match &mut e.kind {
            ExprKind::Ident(name) => {
                if name == "iota" {
                    // in a `con` declaration iota is the counter, whatever else is named so
                    if let Some(v) = self.iota {
                        e.konst = Some(Const::Int(v));
                        e.ty = TypeId::INT;
                        return Den::Val(TypeId::INT);
                    }
                }
                match self.lookup(name).cloned() {
                    Some(Sym::Type(t)) => {
                        let name = name.clone();
                        self.use_type_name(&name);
                        Den::Type(t)
                    }
                    Some(Sym::Con(t, c)) => {
                        e.konst = Some(c);
                        Den::Val(t)
                    }
                    Some(Sym::Var(t, v)) => {
                        e.var = Some(v);
                        self.use_name(v, span);
                        Den::Val(t)
                    }
                    Some(Sym::Fn(t)) => {
                        self.named_functions.insert(name.clone());
                        Den::Val(t)
                    }
                    Some(Sym::Exception(t)) => Den::Val(t),
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
                    let t = self.index(e);
                    e.ty = t;
                    return Den::Val(t);
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
                    Den::Val(t) => {
                        // a constant member read through a value (`l.EOF`) is constant,
                        // and so is a member of a constant (`(Draw->GREY1).desc`)
                        e.konst = self
                            .adt_const_of(t, &name.name)
                            .or_else(|| self.member_of_constant(base, t, &name.name));
                        self.value_member(t, &name, span)
                    }
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

    /// Is `e` a member chain `m->x.….f` whose `x` is no member of module `m`? The
    /// original's grammar binds `.` tighter than `->`, so that names the member
    /// function `f` of the local value `x.…`, called through `m`. Decided from the
    /// declared types alone (no messages), before anything is checked.
    fn reached_through_module(&mut self, e: &Expr) -> bool {
        if !matches!(e.kind, ExprKind::Dot(..)) {
            return false;
        }
        let mut x = e;
        while let ExprKind::Dot(base, _) = &x.kind {
            x = base;
        }
        let ExprKind::Arrow(m, name) = &x.kind else {
            return false;
        };
        let Some(t) = self.quiet_type(m) else {
            return false;
        };
        match self.types.get(t) {
            Type::Module(mid) => self.types.module(*mid).member(&name.name).is_none(),
            _ => false,
        }
    }

    /// The type of a path of names and fields (`g`, `g.bufio`) from declarations
    /// alone, or None where it takes more than that.
    fn quiet_type(&mut self, e: &Expr) -> Option<TypeId> {
        match &e.kind {
            ExprKind::Ident(n) => match self.lookup(n)? {
                Sym::Var(t, _) | Sym::Type(t) => Some(*t),
                Sym::Imported { ty, .. } => Some(*ty),
                _ => None,
            },
            ExprKind::Dot(base, name) => {
                let mut t = self.quiet_type(base)?;
                if let Type::Ref(inner) = self.types.get(t) {
                    t = *inner;
                }
                let fields = self.types.fields_of(t)?;
                fields
                    .into_iter()
                    .find(|f| f.name == name.name)
                    .map(|f| f.ty)
            }
            _ => None,
        }
    }

    /// `m->x.….f` (see `reached_through_module`): rewritten once to
    /// `MethodVia(m, x.….f)`, then checked: `f` must be a member function of an adt
    /// that module `m` declares.
    fn method_via(&mut self, e: &mut Expr) -> Den {
        let span = e.span;
        if let ExprKind::Dot(..) = e.kind {
            let mut chain = std::mem::replace(&mut e.kind, ExprKind::Nil);
            let mut x = &mut chain;
            while let ExprKind::Dot(base, _) = x {
                x = &mut base.kind;
            }
            let ExprKind::Arrow(m, name) = std::mem::replace(x, ExprKind::Nil) else {
                unreachable!("reached_through_module found the arrow");
            };
            let name_span = name.span;
            *x = ExprKind::Ident(name.name);
            let mut local = crate::parser::mk_expr(chain, span);
            fix_root_span(&mut local, name_span);
            e.kind = ExprKind::MethodVia(m, Box::new(local));
        }
        let ExprKind::MethodVia(m, local) = &mut e.kind else {
            return Den::Val(TypeId::UNKNOWN);
        };
        let mt = self.value(m);
        let d = self.den(local);
        let ExprKind::Dot(base, _) = &local.kind else {
            let msg = format!("{} is not a member of {}", self.v(local), self.v(m));
            self.error(span, msg);
            return Den::Val(TypeId::UNKNOWN);
        };
        let adt_module = match self.types.get(base.ty) {
            Type::Ref(inner) => self.adt_module(*inner),
            _ => self.adt_module(base.ty),
        };
        match (d, self.types.get(mt)) {
            (Den::Method(t), Type::Module(mid)) if adt_module == Some(*mid) => Den::Method(t),
            (_, Type::Unknown) => Den::Val(TypeId::UNKNOWN),
            _ if self.types.is_unknown(local.ty) => Den::Val(TypeId::UNKNOWN),
            _ => {
                let msg = format!("{} is not a member of {}", self.v(local), self.v(m));
                self.error(span, msg);
                Den::Val(TypeId::UNKNOWN)
            }
        }
    }

    /// Member `name` of `base`, a constant tuple or adt value of type `t`.
    fn member_of_constant(&mut self, base: &Expr, t: TypeId, name: &str) -> Option<Const> {
        let Some(Const::Tuple(values)) = &base.konst else {
            return None;
        };
        let index = match self.types.get(t) {
            Type::Tuple(_) => name.strip_prefix('t')?.parse::<usize>().ok()?,
            Type::Adt(..) => self
                .types
                .fields_of(t)?
                .iter()
                .position(|f| f.name == name)?,
            _ => return None,
        };
        values.get(index).cloned()
    }

    /// The value of constant member `name` of the adt (or ref adt) type `t`.
    fn adt_const_of(&self, t: TypeId, name: &str) -> Option<Const> {
        self.types.adt_const(t, name).map(|(_, c)| c)
    }

    /// The module declaring an adt type, if any.
    fn adt_module(&self, t: TypeId) -> Option<crate::types::ModId> {
        match self.types.get(t) {
            Type::Adt(a, _) | Type::Variant(a, _, _) => self.types.adt(*a).module,
            _ => None,
        }
    }

    pub(super) fn instantiate(
        &mut self,
        t: TypeId,
        args: Vec<TypeId>,
        span: crate::diag::Span,
    ) -> TypeId {
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
    pub(super) fn type_member(
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
                    self.named_functions
                        .insert(format!("{}.{}", info.name, name.name));
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
    pub(super) fn value_member(&mut self, t: TypeId, name: &Ident, span: crate::diag::Span) -> Den {
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
                    self.named_functions
                        .insert(format!("{}.{}", info.name, name.name));
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
    pub(super) fn module_member(
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
        let Some(member) = self.module_member_named(m, name) else {
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
}

/// Gives the innermost expression of a member chain (the name that followed `->`) its own span.
fn fix_root_span(e: &mut Expr, span: crate::diag::Span) {
    match &mut e.kind {
        ExprKind::Dot(base, _) => fix_root_span(base, span),
        _ => e.span = span,
    }
}
