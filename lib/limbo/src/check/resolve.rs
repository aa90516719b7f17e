//! Resolving written types (`TypeExpr`) to type-table entries, including
//! function signatures with type parameters and `for` constraints.

use super::{Checker, Sym};
use crate::ast::*;
use crate::types::{FnType, ParamType, Type, TypeId};
use crate::value::Const;

impl Checker<'_> {
    pub(crate) fn resolve_type(&mut self, t: &TypeExpr) -> TypeId {
        match &t.kind {
            TypeExprKind::Basic(b) => match b {
                BasicType::Int => TypeId::INT,
                BasicType::Big => TypeId::BIG,
                BasicType::Byte => TypeId::BYTE,
                BasicType::Real => TypeId::REAL,
                BasicType::String => TypeId::STRING,
            },
            TypeExprKind::Named(id, args) => {
                let base = match self.lookup(&id.name).cloned() {
                    Some(Sym::Type(ty)) => {
                        self.use_type_name(&id.name);
                        ty
                    }
                    Some(Sym::Var(ty, _)) if matches!(self.types.get(ty), Type::Module(_)) => ty,
                    Some(_) => {
                        let msg = format!("{} is not a type", id.name);
                        self.error(id.span, msg);
                        return TypeId::UNKNOWN;
                    }
                    None => {
                        let msg = format!("{} is not declared", id.name);
                        self.error(id.span, msg);
                        return TypeId::UNKNOWN;
                    }
                };
                self.with_args(base, args, t)
            }
            TypeExprKind::Dot(base, id, args) => {
                let bt = self.resolve_type(base);
                let member = match self.types.get(bt).clone() {
                    Type::Adt(a, targs) => {
                        match self.types.adt(a).tags.iter().find(|(n, _)| *n == id.name) {
                            Some((_, g)) => self.types.mk_variant(a, *g, targs),
                            None => {
                                let msg = format!(
                                    "{} is not a pick tag of {}",
                                    id.name,
                                    self.types.adt(a).name
                                );
                                self.error(id.span, msg);
                                return TypeId::UNKNOWN;
                            }
                        }
                    }
                    Type::Unknown => return TypeId::UNKNOWN,
                    _ => {
                        let msg = format!("{} is not an adt", self.show(bt));
                        self.error(base.span, msg);
                        return TypeId::UNKNOWN;
                    }
                };
                self.with_args(member, args, t)
            }
            TypeExprKind::Arrow(base, id, args) => {
                let bt = self.resolve_type(base);
                let member = match self.types.get(bt).clone() {
                    Type::Module(m) => match self.module_member_named(m, id) {
                        Some(mm) if mm.kind == crate::types::MemberKind::Type => mm.ty,
                        Some(_) => {
                            let msg = format!("{} is not a type", id.name);
                            self.error(id.span, msg);
                            return TypeId::UNKNOWN;
                        }
                        None => {
                            let msg = format!(
                                "{} is not a member of {}",
                                id.name,
                                self.types.module(m).name
                            );
                            self.error(id.span, msg);
                            return TypeId::UNKNOWN;
                        }
                    },
                    Type::Unknown => return TypeId::UNKNOWN,
                    _ => {
                        let msg = format!("{} is not a module", self.show(bt));
                        self.error(base.span, msg);
                        return TypeId::UNKNOWN;
                    }
                };
                self.with_args(member, args, t)
            }
            TypeExprKind::Ref(inner) => {
                let it = self.resolve_type(inner);
                if !matches!(
                    self.types.get(it),
                    Type::Adt(..) | Type::Variant(..) | Type::Fn(_) | Type::Unknown
                ) {
                    let msg = format!(
                        "ref of {} is not allowed: ref needs an adt or fn type",
                        self.show(it)
                    );
                    self.error(t.span, msg);
                    return TypeId::UNKNOWN;
                }
                self.types.mk_ref(it)
            }
            TypeExprKind::Chan(inner) => {
                let it = self.resolve_type(inner);
                self.types.mk_chan(it)
            }
            TypeExprKind::Array(inner) => {
                let it = self.resolve_type(inner);
                self.types.mk_array(it)
            }
            TypeExprKind::List(inner) => {
                let it = self.resolve_type(inner);
                self.types.mk_list(it)
            }
            TypeExprKind::Tuple(items) => {
                let ts = items.iter().map(|i| self.resolve_type(i)).collect();
                self.types.mk_tuple(ts)
            }
            TypeExprKind::Fn(sig) => {
                let f = self.resolve_sig(sig);
                self.types.mk_fn(f)
            }
            TypeExprKind::Fixed(scale, max) => {
                let mut scale = (**scale).clone();
                let s = self.const_real(&mut scale);
                let m = match max {
                    Some(m) => {
                        let mut m = (**m).clone();
                        self.const_real(&mut m)
                    }
                    None => 0.0,
                };
                if s <= 0.0 {
                    self.error(t.span, "fixed point scale must be a positive constant");
                }
                let ty = self.types.mk_fixed(s, m);
                if let Type::Fixed(f) = self.types.get(ty) {
                    if s > 0.0 && f.bits().is_none() {
                        self.error(t.span, "cannot fit fixed type into an int");
                    }
                }
                ty
            }
        }
    }

    pub(super) fn const_real(&mut self, e: &mut Expr) -> f64 {
        self.expr(e);
        match e.konst {
            Some(Const::Real(r)) => r,
            Some(Const::Int(v)) => v as f64,
            _ => {
                self.error(e.span, "fixed point scale must be a constant");
                1.0
            }
        }
    }

    /// The error of instantiating `ty` if it names an adt with a number of type
    /// arguments other than its type parameters'.
    pub(super) fn wrong_instantiation(&self, ty: &TypeExpr) -> Option<String> {
        let TypeExprKind::Named(id, args) = &ty.kind else {
            return None;
        };
        let Some(Sym::Type(base)) = self.lookup(&id.name) else {
            return None;
        };
        let Type::Adt(a, _) = self.types.get(*base) else {
            return None;
        };
        let info = self.types.adt(*a);
        (!args.is_empty() && info.poly.len() != args.len())
            .then(|| format!("wrong number of type arguments for {}", info.name))
    }

    pub(super) fn with_args(&mut self, base: TypeId, args: &[TypeArg], t: &TypeExpr) -> TypeId {
        if args.is_empty() {
            return base;
        }
        let Type::Adt(a, _) = self.types.get(base).clone() else {
            let msg = format!("{} is not a polymorphic adt", self.show(base));
            self.error(t.span, msg);
            return TypeId::UNKNOWN;
        };
        let targs: Vec<TypeId> = args.iter().map(|x| self.resolve_type(&x.ty)).collect();
        if targs.len() != self.types.adt(a).poly.len() {
            let msg = format!(
                "wrong number of type arguments for {}",
                self.types.adt(a).name
            );
            self.error(t.span, msg);
            return TypeId::UNKNOWN;
        }
        for &x in &targs {
            if !self.types.is_pointer(x) && !self.types.is_unknown(x) {
                let msg = format!("{} is not a pointer type", self.show(x));
                self.error(t.span, msg);
            }
        }
        self.types.mk_adt(a, targs)
    }

    /// Resolve a function signature; its type parameters are fresh `Poly` types.
    pub(crate) fn resolve_sig(&mut self, sig: &FnSig) -> FnType {
        self.push_scope();
        let mut poly = Vec::new();
        for p in &sig.poly {
            let t = self.types.mk_poly(&p.name);
            self.declare(p, Sym::Type(t));
            poly.push(t);
        }
        let f = self.resolve_sig_in_scope(sig, poly);
        self.pop_scope();
        f
    }

    /// Resolve a signature whose type parameters are already bound in scope.
    pub(crate) fn resolve_sig_in_scope(&mut self, sig: &FnSig, poly: Vec<TypeId>) -> FnType {
        let mut params = Vec::new();
        for p in &sig.params {
            let ty = self.resolve_type(&p.ty);
            params.push(ParamType {
                name: p.name.as_ref().map(|n| n.name.clone()),
                ty,
                is_self: p.is_self,
            });
        }
        let ret = match &sig.ret {
            Some(r) => self.resolve_type(r),
            None => TypeId::NONE,
        };
        let constraints = self.resolve_constraints(&sig.constraints);
        for r in &sig.raises {
            match self.lookup(&r.name) {
                Some(Sym::Exception(_)) => {}
                None => {
                    let msg = format!("{} is not declared", r.name);
                    self.error(r.span, msg);
                }
                Some(_) => {
                    let msg = format!("{}: illegal raises expression", r.name);
                    self.error(r.span, msg);
                }
            }
        }
        if sig.varargs && !poly.is_empty() {
            self.error(
                sig.span,
                "polymorphic functions cannot take a variable number of arguments",
            );
        }
        FnType {
            params,
            ret,
            varargs: sig.varargs,
            poly,
            raises: sig.raises.iter().map(|r| r.name.clone()).collect(),
            constraints,
        }
    }

    /// `for { T => f: fn(...); }`: the member functions each type parameter must have.
    pub(crate) fn resolve_constraints(
        &mut self,
        cs: &[Constraint],
    ) -> Vec<(TypeId, String, TypeId)> {
        let mut out = Vec::new();
        for c in cs {
            for name in &c.names {
                let Some(Sym::Type(p)) = self.lookup(&name.name).cloned() else {
                    let msg = format!("{} is not a type parameter", name.name);
                    self.error(name.span, msg);
                    continue;
                };
                if !matches!(self.types.get(p), Type::Poly(..)) {
                    let msg = format!("{} is not a type parameter", name.name);
                    self.error(name.span, msg);
                    continue;
                }
                for m in &c.members {
                    if let AdtMember::Field { names, ty, .. } = m {
                        let ft = self.resolve_type(ty);
                        for n in names {
                            out.push((p, n.name.clone(), ft));
                        }
                    }
                }
            }
        }
        out
    }
}
