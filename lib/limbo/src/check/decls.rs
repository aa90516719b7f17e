//! Declarations: the passes over the top level (names of adts and modules
//! first, then declarations in order, then function signatures, then bodies),
//! adt and module bodies, and declarations inside functions.

use super::{Checker, FnCtx, FnInfo, Sym, VarKind};
use crate::ast::*;
use crate::types::{AdtInfo, Field, MemberKind, ModInfo, ModMember, Type, TypeId, VariantGroup};
use crate::value::Const;

/// Where a declaration appears.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum DeclCtx {
    Top,
    Module,
    Local,
}

impl Checker<'_> {
    pub(crate) fn program(&mut self, decls: &mut [Decl]) {
        self.prebind(decls, None);
        self.prebind_synonyms(decls);
        self.early_module_bodies(decls);
        self.prebind_synonyms(decls);
        self.prebind_imported_types(decls);
        for d in decls.iter_mut() {
            match &mut d.kind {
                DeclKind::Fn(_) | DeclKind::Init(_) => {}
                DeclKind::Implement(names) => {
                    let names = names.clone();
                    self.implement(&names);
                }
                DeclKind::Module(m) => {
                    let names = m.names.clone();
                    if !self.early_modules.contains(&d.span) {
                        self.decl(d, DeclCtx::Top);
                    }
                    self.bind_if_implemented(&names);
                }
                _ => self.decl(d, DeclCtx::Top),
            }
        }
        self.check_adt_cycles(0);
        let mut sigs = Vec::new();
        for d in decls.iter_mut() {
            if let DeclKind::Fn(f) = &d.kind {
                let before = self.functions.len();
                let t = self.fn_signature(f);
                sigs.push((t, (self.functions.len() > before).then_some(before)));
            }
        }
        // Globals initialised at the top level are visible in every function body,
        // also in those above them.
        for d in decls.iter_mut() {
            match &mut d.kind {
                DeclKind::Init(e) => {
                    self.expr(e);
                    match &e.kind {
                        ExprKind::Assign(None, _, rhs) | ExprKind::Declare(_, rhs) => {
                            self.global_init(rhs)
                        }
                        _ => self.error(
                            d.span,
                            "only assignments and declarations are allowed at the top level",
                        ),
                    }
                }
                DeclKind::Var {
                    init: Some(_),
                    names,
                    ..
                } => {
                    let names = names.clone();
                    self.var_init(d, &names);
                }
                _ => {}
            }
        }
        let mut sigs = sigs.into_iter();
        for d in decls.iter_mut() {
            if let DeclKind::Fn(f) = &mut d.kind {
                if let Some((t, index)) = sigs.next() {
                    self.fn_body(f, t, index);
                }
            }
        }
        self.report_open_ends();
        if self.implements.is_empty() {
            if let Some(d) = decls.iter().find(|d| matches!(d.kind, DeclKind::Fn(_))) {
                self.error(d.span, "no implementation module");
            }
        }
        self.check_defined();
    }

    /// Enter the names of adts and modules of one scope before anything refers to them.
    pub(super) fn prebind(&mut self, decls: &[Decl], module: Option<crate::types::ModId>) {
        for d in decls {
            match &d.kind {
                DeclKind::Adt(a) => {
                    for name in &a.names {
                        let early = module.and_then(|m| self.types.module(m).member(&name.name));
                        let t = match early {
                            Some(member) if member.kind == MemberKind::Type => member.ty,
                            _ => self.new_adt_type(name, a, module),
                        };
                        self.declare(name, Sym::Type(t));
                    }
                }
                DeclKind::Module(m) if module.is_none() => {
                    for name in &m.names {
                        let id = self.types.new_module(ModInfo {
                            name: name.name.clone(),
                            members: Vec::new(),
                        });
                        let t = self.types.mk_module(id);
                        self.declare(name, Sym::Type(t));
                        self.modules.push((name.name.clone(), id));
                    }
                }
                _ => {}
            }
        }
    }

    /// A new adt named `name` declared by `a` (in interface `module`, if any).
    fn new_adt_type(
        &mut self,
        name: &Ident,
        a: &AdtDecl,
        module: Option<crate::types::ModId>,
    ) -> TypeId {
        let id = self.types.new_adt(AdtInfo {
            name: name.name.clone(),
            module,
            span: name.span,
            ..AdtInfo::default()
        });
        let poly: Vec<TypeId> = a.poly.iter().map(|p| self.types.mk_poly(&p.name)).collect();
        self.types.adt_mut(id).poly = poly.clone();
        // Declarations above it may name its variants (`ref Layobject.Stack`).
        self.types.adt_mut(id).tags = pick_tags(a);
        self.types.mk_adt(id, poly)
    }

    /// The adts of a module interface are its members before anything else is
    /// checked, so that interfaces naming each other's adts (`Dat->Reffont` in one,
    /// `Acme->...` in the other) check in any order. `module_body` reuses them.
    fn prebind_module_adts(&mut self, m: &ModuleDecl) {
        for name in &m.names {
            let Some(id) = self.module_type_named(&name.name) else {
                continue;
            };
            let mut members = Vec::new();
            for d in &m.members {
                let DeclKind::Adt(a) = &d.kind else { continue };
                for n in &a.names {
                    let known = self.types.module(id).member(&n.name).cloned();
                    let member = match known {
                        Some(member) if member.kind == MemberKind::Type => member,
                        _ => ModMember {
                            name: n.name.clone(),
                            ty: self.new_adt_type(n, a, Some(id)),
                            kind: MemberKind::Type,
                            span: n.span,
                        },
                    };
                    members.push(member);
                }
            }
            self.types.module_mut(id).members = members;
        }
    }

    /// Type synonyms of one scope may be used before their declaration (as a module
    /// interface often does): bind every synonym whose type resolves already, again
    /// and again while that binds more. The rest are declared in order as usual.
    pub(super) fn prebind_synonyms(&mut self, decls: &[Decl]) {
        let mut pending: Vec<&Decl> = decls
            .iter()
            .filter(|d| matches!(d.kind, DeclKind::Type { .. }))
            .collect();
        loop {
            let before = pending.len();
            pending.retain(|d| {
                let DeclKind::Type { names, ty } = &d.kind else {
                    return false;
                };
                if names.iter().any(|n| self.local_sym(&n.name).is_some()) {
                    return true;
                }
                let mark = self.diags.len();
                let t = self.resolve_type(ty);
                if self.diags.len() > mark {
                    self.diags.truncate(mark);
                    return true;
                }
                for n in names {
                    self.declare(n, Sym::Type(t));
                }
                self.early_synonyms.push(d.span);
                false
            });
            if pending.len() == before {
                break;
            }
        }
    }

    /// Module interfaces may name each other's types in any order (`draw.m`'s
    /// `ref Sys->FD` before `sys.m` is included): check every interface that checks
    /// without error already, again and again while that checks more. The rest
    /// are checked in order as usual, where their errors are reported.
    fn early_module_bodies(&mut self, decls: &mut [Decl]) {
        let mut pending: Vec<&mut Decl> = decls
            .iter_mut()
            .filter(|d| matches!(d.kind, DeclKind::Module(_)))
            .collect();
        for d in &pending {
            if let DeclKind::Module(m) = &d.kind {
                self.prebind_module_adts(m);
            }
        }
        loop {
            let before = pending.len();
            pending.retain_mut(|d| {
                let DeclKind::Module(m) = &mut d.kind else {
                    return false;
                };
                let (diags, vars) = (self.diags.len(), self.vars.len());
                self.module_body(m);
                if self.diags.len() == diags {
                    self.early_modules.push(d.span);
                    for n in &m.names {
                        if let Some(id) = self.module_type_named(&n.name) {
                            self.early_module_types.push(id);
                        }
                    }
                    return false;
                }
                self.diags.truncate(diags);
                self.vars.truncate(vars);
                self.prebind_module_adts(m);
                true
            });
            if pending.len() == before {
                break;
            }
        }
    }

    pub(super) fn implement(&mut self, names: &[Ident]) {
        for n in names {
            match self.lookup(&n.name).cloned() {
                Some(Sym::Type(t)) => match self.types.get(t).clone() {
                    Type::Module(m) => {
                        self.implements.push(m);
                        // Only a complete interface: one that failed its early
                        // check holds its adts alone until its turn comes.
                        if self.early_module_types.contains(&m) {
                            self.bind_if_implemented(std::slice::from_ref(n));
                        }
                    }
                    _ => {
                        let msg = format!("{} is not a module", n.name);
                        self.error(n.span, msg);
                    }
                },
                _ => {
                    let msg = format!("{} is not a module", n.name);
                    self.error(n.span, msg);
                }
            }
        }
    }

    /// The members of an implemented module become names of the top level once it is declared.
    pub(super) fn bind_if_implemented(&mut self, names: &[Ident]) {
        for n in names {
            let Some(m) = self.module_type_named(&n.name) else {
                continue;
            };
            if !self.implements.contains(&m) || self.bound_modules.contains(&m) {
                continue;
            }
            self.bound_modules.push(m);
            for member in self.types.module(m).members.clone() {
                if let Some(prev) = self.top_sym(&member.name) {
                    // A name of two implemented modules is one name when it is of
                    // one kind in both (`PATH: con` of attrdb.m's Attrindex and
                    // Attrhash), as in the original.
                    let same_kind = |x: &ModMember| {
                        std::mem::discriminant(&x.kind) == std::mem::discriminant(&member.kind)
                    };
                    let shared = self.bound_modules.iter().any(|o| {
                        *o != m
                            && self
                                .types
                                .module(*o)
                                .member(&member.name)
                                .is_some_and(same_kind)
                    });
                    let clash = !shared
                        && match (&prev, &member.kind) {
                            (Sym::Fn(t), MemberKind::Fn) | (Sym::Var(t, _), MemberKind::Data) => {
                                !self.types.equal(*t, member.ty)
                            }
                            _ => true,
                        };
                    if clash {
                        let msg = format!(
                            "{} of module {} conflicts with an earlier declaration",
                            member.name, n.name
                        );
                        self.error(n.span, msg);
                    }
                    continue;
                }
                let sym = match member.kind {
                    MemberKind::Fn => Sym::Fn(member.ty),
                    MemberKind::Data => {
                        let v = self.new_var(&member.name, member.ty, VarKind::Global, n.span);
                        Sym::Var(member.ty, v)
                    }
                    MemberKind::Con(c) => Sym::Con(member.ty, c),
                    MemberKind::Type => Sym::Type(member.ty),
                    MemberKind::Exception => Sym::Exception(member.ty),
                };
                self.bind_at(&member.name, sym, member.span.start.line);
            }
        }
    }

    /// A declaration at the top level, in a module declaration, or inside a function.
    pub(crate) fn decl(&mut self, d: &mut Decl, ctx: DeclCtx) {
        let span = d.span;
        match &mut d.kind {
            DeclKind::Var { names, ty, init } => {
                let t = self.resolve_type(ty);
                if matches!(self.types.get(t), Type::Fn(_)) {
                    if ctx == DeclCtx::Local {
                        self.error(
                            span,
                            "function declarations are only allowed at the top level",
                        );
                    }
                    for n in names.iter() {
                        self.declare(n, Sym::Fn(t));
                    }
                    return;
                }
                if ctx == DeclCtx::Local {
                    if let Some(e) = init {
                        let it = self.value(e);
                        if !self.assign_compatible(t, it) {
                            let msg = format!(
                                "type clash in initialization: {} given for {}",
                                self.show(it),
                                self.show(t)
                            );
                            self.error(e.span, msg);
                        }
                    }
                }
                let kind = match ctx {
                    DeclCtx::Top => VarKind::Global,
                    DeclCtx::Module => VarKind::Interface,
                    DeclCtx::Local => VarKind::Local,
                };
                let given = u32::from(init.is_some());
                for n in names.iter() {
                    let v = self.declare_var(n, t, kind);
                    self.use_var(v, given);
                }
            }
            DeclKind::Con { names, value } => {
                for (i, n) in names.iter().enumerate() {
                    self.iota = Some(i as i64);
                    let t = self.value(value);
                    self.iota = None;
                    match value.konst.clone() {
                        Some(c) => self.declare(n, Sym::Con(t, c)),
                        None => {
                            if !self.types.is_unknown(t) {
                                let msg = format!("{} is not a constant expression", n.name);
                                self.error(value.span, msg);
                            }
                            self.declare(n, Sym::Con(TypeId::UNKNOWN, Const::Int(0)));
                        }
                    }
                }
            }
            DeclKind::Type { .. } if self.early_synonyms.contains(&span) => {}
            DeclKind::Type { names, ty } if ctx == DeclCtx::Top => {
                // prep.b's unused `Prepedit: type Edit[string];` of a plain adt
                let wrong = self.wrong_instantiation(ty);
                let t = match &wrong {
                    Some(_) => TypeId::UNKNOWN,
                    None => self.resolve_type(ty),
                };
                for n in names.iter() {
                    self.declare(n, Sym::Type(t));
                    if let Some(msg) = &wrong {
                        self.unverified_synonyms
                            .insert(n.name.clone(), (ty.span, msg.clone()));
                    }
                }
            }
            DeclKind::Type { names, ty } => {
                let t = self.resolve_type(ty);
                for n in names.iter() {
                    self.declare(n, Sym::Type(t));
                }
            }
            DeclKind::Import { names, from } => {
                let types_bound = self.early_imports.contains(&span);
                self.import(names, from, types_bound)
            }
            DeclKind::Exception { names, params } => {
                let ps: Vec<TypeId> = params.iter().map(|p| self.resolve_type(p)).collect();
                for n in names.iter() {
                    let t = self.types.mk_exception(ps.clone());
                    self.declare(n, Sym::Exception(t));
                }
            }
            DeclKind::Adt(a) => {
                if ctx == DeclCtx::Local {
                    self.prebind(std::slice::from_ref(d), None);
                    let DeclKind::Adt(a) = &d.kind else { return };
                    let first_new = self.types.adts.len() - a.names.len();
                    self.adt_body(a);
                    self.check_adt_cycles(first_new);
                    return;
                }
                self.adt_body(a);
            }
            DeclKind::Module(m) => self.module_body(m),
            DeclKind::Implement(_) => self.error(span, "implement must be at the top level"),
            DeclKind::Fn(_) | DeclKind::Init(_) => {}
        }
    }

    pub(super) fn var_init(&mut self, d: &mut Decl, names: &[Ident]) {
        let DeclKind::Var { init: Some(e), .. } = &mut d.kind else {
            return;
        };
        let it = self.value(e);
        self.global_init(e);
        let want = names.first().and_then(|n| match self.lookup(&n.name) {
            Some(Sym::Var(t, _)) => Some(*t),
            _ => None,
        });
        if let Some(t) = want {
            if !self.assign_compatible(t, it) {
                let msg = format!(
                    "type clash in initialization: {} given for {}",
                    self.show(it),
                    self.show(t)
                );
                self.error(e.span, msg);
            }
        }
    }

    /// A module-level initialiser must be a constant, or an array, tuple or adt
    /// built from constants (arrays nested inside too).
    pub(super) fn global_init(&mut self, e: &Expr) {
        fn constant(types: &crate::types::Types, e: &Expr) -> bool {
            match &e.kind {
                _ if e.konst.is_some() => true,
                ExprKind::Tuple(items) => items.iter().all(|x| constant(types, x)),
                ExprKind::Call(f, args) if super::is_type_expr(types, f) => {
                    args.iter().all(|x| constant(types, x))
                }
                ExprKind::ArrayAlloc(size, _) => size.konst.is_some(),
                ExprKind::ArrayInit(size, elems) => {
                    size.as_ref().is_none_or(|s| s.konst.is_some())
                        && elems.iter().all(|el| {
                            constant(types, &el.value)
                                && el.quals.iter().all(|q| match q {
                                    Qual::Expr(x) => x.konst.is_some(),
                                    Qual::Range(a, b) => a.konst.is_some() && b.konst.is_some(),
                                    Qual::Star(_) => true,
                                })
                        })
                }
                _ => false,
            }
        }
        if !constant(&self.types, e) && !self.types.is_unknown(e.ty) {
            let msg = format!("global initializer {} is not constant", self.v(e));
            self.error(e.span, msg);
        }
    }

    /// Type names imported at the top level may be used above their import (a
    /// member function's `text: Text` before `Text: import parser;`, and `parser`
    /// declared further down still): bind the types of every such import from a
    /// module, or from module data declared at the top level, before anything
    /// else is checked. The import in its turn binds the rest.
    fn prebind_imported_types(&mut self, decls: &[Decl]) {
        for d in decls {
            let DeclKind::Import { names, from } = &d.kind else {
                continue;
            };
            let ExprKind::Ident(source) = &from.kind else {
                continue;
            };
            let Some(m) = self.module_type_named(source).or_else(|| {
                decls.iter().find_map(|v| match &v.kind {
                    DeclKind::Var {
                        names: vars,
                        ty,
                        init: None,
                    } if vars.iter().any(|n| n.name == *source) => match &ty.kind {
                        TypeExprKind::Named(id, args) if args.is_empty() => {
                            self.module_type_named(&id.name)
                        }
                        _ => None,
                    },
                    _ => None,
                })
            }) else {
                continue;
            };
            let types: Vec<(&Ident, TypeId)> = names
                .iter()
                .filter_map(|n| {
                    let member = self.types.module(m).member(&n.name)?;
                    (member.kind == MemberKind::Type).then_some((n, member.ty))
                })
                .collect();
            if types.is_empty() || names.iter().any(|n| self.top_sym(&n.name).is_some()) {
                continue;
            }
            for (n, t) in types {
                self.declare(n, Sym::Type(t));
            }
            self.early_imports.push(d.span);
        }
    }

    /// `names: import from;` (with `types_bound`, its names were bound already).
    pub(super) fn import(&mut self, names: &[Ident], from: &mut Expr, types_bound: bool) {
        let span = from.span;
        let (mt, via_value, from_var) = match &from.kind {
            ExprKind::Ident(n) => match self.lookup(n).cloned() {
                Some(Sym::Type(t)) => (t, false, None),
                Some(Sym::Var(t, v)) => {
                    from.var = Some(v);
                    self.use_name(v, span);
                    (t, true, Some(v))
                }
                // data imported from another module variable (`bufio: import mashlib;`)
                Some(Sym::Imported {
                    from: via,
                    ty,
                    is_fn: false,
                }) => {
                    from.via = via;
                    (ty, true, None)
                }
                _ => {
                    let msg = format!("{n} is not a module");
                    self.error(span, msg);
                    return;
                }
            },
            _ => {
                let t = self.value(from);
                (t, true, None)
            }
        };
        let Type::Module(m) = self.types.get(mt).clone() else {
            if !self.types.is_unknown(mt) {
                let msg = format!("{} is not a module", self.show(mt));
                self.error(span, msg);
            }
            return;
        };
        for n in names {
            let Some(member) = self.types.module(m).member(&n.name).cloned() else {
                let msg = format!(
                    "{} is not a member of {}",
                    n.name,
                    self.types.module(m).name
                );
                self.error(n.span, msg);
                continue;
            };
            let sym = match member.kind {
                MemberKind::Fn | MemberKind::Data => {
                    if !via_value {
                        let msg = format!(
                            "importing {} needs a module variable, not the module type",
                            n.name
                        );
                        self.error(n.span, msg);
                    }
                    Sym::Imported {
                        from: from_var,
                        ty: member.ty,
                        is_fn: member.kind == MemberKind::Fn,
                    }
                }
                MemberKind::Con(c) => Sym::Con(member.ty, c),
                MemberKind::Type if types_bound => continue,
                MemberKind::Type => Sym::Type(member.ty),
                MemberKind::Exception => Sym::Exception(member.ty),
            };
            self.declare(n, sym);
        }
    }

    /// "no return at end" for the functions whose end control can reach, of those
    /// the original compiles: exported ones (members of an implemented module, and
    /// member functions of its adts) and ones named somewhere in the program. It
    /// drops the others unread.
    fn report_open_ends(&mut self) {
        for (end, name) in std::mem::take(&mut self.open_ends) {
            let exported = self.implements.iter().any(|m| {
                let info = self.types.module(*m);
                match name.split_once('.') {
                    None => info.member(&name).is_some(),
                    Some((adt, _)) => info.member(adt).is_some_and(|x| x.kind == MemberKind::Type),
                }
            });
            if exported || self.named_functions.contains(&name) {
                self.error(end, format!("no return at end of function {name}"));
            }
        }
    }

    /// A definition must be the first of its function and agree with its declaration.
    fn match_declaration(
        &mut self,
        at: &Ident,
        name: &str,
        declared: TypeId,
        defined: TypeId,
        declared_line: u32,
    ) {
        if let Some(prev) = self.functions.iter().find(|x| x.name == name) {
            let msg = format!(
                "redeclaration of function {name}, previously declared on line {}",
                prev.span.start.line
            );
            self.error(at.span, msg);
        } else if !self.types.equal(declared, defined) {
            let msg = format!(
                "type mismatch: {name} defined as {} declared as {} on line {declared_line}",
                self.show(defined),
                self.show(declared)
            );
            self.error(at.span, msg);
        }
    }

    /// Every function of an implemented module, and every member function of an
    /// adt declared here or in an implemented module, needs a definition.
    fn check_defined(&mut self) {
        let defined = |c: &Self, name: &str| c.functions.iter().any(|f| f.name == name);
        let mut missing: Vec<(crate::diag::Span, String)> = Vec::new();
        for m in &self.implements {
            for member in &self.types.module(*m).members {
                if member.kind == MemberKind::Fn && !defined(self, &member.name) {
                    missing.push((member.span, member.name.clone()));
                }
            }
        }
        let used = self.used_adts();
        for info in &self.types.adts {
            if info.module.is_some_and(|m| !self.implements.contains(&m)) {
                continue;
            }
            // the original verifies (and so checks) only the adts it uses
            let any_defined = info
                .methods
                .iter()
                .any(|(n, _)| defined(self, &format!("{}.{n}", info.name)));
            if info.module.is_none() && !any_defined && !used.contains(&info.name) {
                continue;
            }
            for (name, _) in &info.methods {
                let qualified = format!("{}.{name}", info.name);
                if !defined(self, &qualified) {
                    missing.push((info.span, qualified));
                }
            }
        }
        missing.sort_by_key(|(s, _)| (s.file, s.start));
        missing.dedup();
        for (span, name) in missing {
            self.error(span, format!("function {name} not defined"));
        }
    }

    /// The names of types used outside adt declarations, and of those that the
    /// adts so used name in turn (acme's Acid0.b declares an adt `Win` of
    /// functions never defined, named by another adt that nothing uses).
    fn used_adts(&self) -> std::collections::HashSet<String> {
        let mut used = std::collections::HashSet::new();
        let mut work: Vec<&String> = self
            .type_uses
            .iter()
            .filter(|(within, _)| within.is_none())
            .map(|(_, n)| n)
            .collect();
        while let Some(n) = work.pop() {
            if used.insert(n.clone()) {
                work.extend(
                    self.type_uses
                        .iter()
                        .filter(|(within, _)| within.as_ref() == Some(n))
                        .map(|(_, x)| x),
                );
            }
        }
        used
    }

    /// An adt may not hold itself by value: it would have no finite size.
    pub(super) fn check_adt_cycles(&mut self, from: usize) {
        for i in from..self.types.adts.len() {
            let a = crate::types::AdtId(i as u32);
            let name = self.types.adt(a).name.clone();
            let mut reports: Vec<(crate::diag::Span, String)> = Vec::new();
            if let Some(f) = self.types.value_cycle_field(a) {
                reports.push((
                    f.span,
                    format!(
                        "illegal type cycle without a reference in field {} of {name}",
                        f.name
                    ),
                ));
            }
            for f in self.types.spurious_cyclic_fields(a) {
                reports.push((
                    f.span,
                    format!("spurious cyclic qualifier for field {} of {name}", f.name),
                ));
            }
            for (span, msg) in reports {
                self.error(span, msg);
            }
        }
    }

    pub(crate) fn adt_body(&mut self, a: &AdtDecl) {
        for name in &a.names {
            let Some(Sym::Type(t)) = self.local_sym(&name.name) else {
                continue;
            };
            let Type::Adt(id, _) = self.types.get(t).clone() else {
                continue;
            };
            self.push_scope();
            let outer = self.declaring_adt.replace(name.name.clone());
            let poly = self.types.adt(id).poly.clone();
            for (p, pt) in a.poly.iter().zip(&poly) {
                self.declare(p, Sym::Type(*pt));
            }
            let constraints = self.resolve_constraints(&a.constraints);
            // The body may be checked again (see `early_module_bodies`): start afresh.
            let declared = self.types.adt(id);
            let mut info = AdtInfo {
                name: declared.name.clone(),
                poly: declared.poly.clone(),
                module: declared.module,
                span: declared.span,
                constraints,
                ..AdtInfo::default()
            };
            // Member functions may name the pick tags declared below them.
            self.types.adt_mut(id).tags = pick_tags(a);
            let mut names_seen: Vec<String> = Vec::new();
            for m in &a.members {
                match m {
                    AdtMember::Field {
                        names, cyclic, ty, ..
                    } => {
                        let ft = self.resolve_type(ty);
                        for n in names {
                            if names_seen.contains(&n.name) {
                                let msg =
                                    format!("redeclaration of {} in adt {}", n.name, info.name);
                                self.error(n.span, msg);
                                continue;
                            }
                            names_seen.push(n.name.clone());
                            if let Type::Fn(f) = self.types.get(ft).clone() {
                                self.check_self_param(ft, t, n);
                                // a member function takes the adt's `for` constraint
                                // functions as hidden arguments, after its own
                                let ft = if info.constraints.is_empty() {
                                    ft
                                } else {
                                    let mut f = *f;
                                    f.constraints.extend(info.constraints.iter().cloned());
                                    self.types.mk_fn(f)
                                };
                                info.methods.push((n.name.clone(), ft));
                            } else {
                                info.fields.push(Field {
                                    name: n.name.clone(),
                                    ty: ft,
                                    cyclic: *cyclic,
                                    span: n.span,
                                });
                            }
                        }
                    }
                    AdtMember::Con { names, value, .. } => {
                        let mut value = value.clone();
                        for (i, n) in names.iter().enumerate() {
                            self.iota = Some(i as i64);
                            let ct = self.value(&mut value);
                            self.iota = None;
                            match value.konst.clone() {
                                Some(c) => info.consts.push((n.name.clone(), ct, c)),
                                None => {
                                    let msg = format!("{} is not a constant expression", n.name);
                                    self.error(value.span, msg);
                                }
                            }
                        }
                    }
                    AdtMember::Pick { variants, .. } => {
                        info.is_pick = true;
                        for v in variants {
                            let mut group = VariantGroup::default();
                            for f in &v.fields {
                                if let AdtMember::Field {
                                    names, cyclic, ty, ..
                                } = f
                                {
                                    let ft = self.resolve_type(ty);
                                    for n in names {
                                        group.fields.push(Field {
                                            name: n.name.clone(),
                                            ty: ft,
                                            cyclic: *cyclic,
                                            span: n.span,
                                        });
                                    }
                                }
                            }
                            let g = info.groups.len();
                            info.groups.push(group);
                            for n in &v.names {
                                if info.tags.iter().any(|(x, _)| *x == n.name) {
                                    let msg = format!("redeclaration of pick tag {}", n.name);
                                    self.error(n.span, msg);
                                }
                                info.tags.push((n.name.clone(), g));
                            }
                        }
                    }
                }
            }
            *self.types.adt_mut(id) = info;
            self.declaring_adt = outer;
            self.pop_scope();
        }
    }

    /// A member function's `self` parameter must come first and be of its adt.
    pub(super) fn check_self_param(&mut self, ft: TypeId, adt: TypeId, n: &Ident) {
        let Some(f) = self.types.fn_type(ft).cloned() else {
            return;
        };
        for (i, p) in f.params.iter().enumerate() {
            if !p.is_self {
                continue;
            }
            let inner = match self.types.get(p.ty) {
                Type::Ref(x) => *x,
                _ => p.ty,
            };
            if i != 0 || !self.types.equal(inner, adt) {
                let msg = format!(
                    "self parameter of {} must be the first and have its adt's type",
                    n.name
                );
                self.error(n.span, msg);
            }
        }
    }

    pub(super) fn module_body(&mut self, m: &mut ModuleDecl) {
        for name in m.names.clone() {
            let Some(id) = self.module_type_named(&name.name) else {
                continue;
            };
            self.push_scope();
            let outer = self.declaring_module.replace((id, self.scopes.len() - 1));
            self.prebind(&m.members, Some(id));
            self.prebind_synonyms(&m.members);
            // Module-typed data first: a member's type may name one declared
            // further down (`prepareio: fn(in, out: ref sys->FD)` before `sys: Sys`).
            let early: Vec<bool> = m.members.iter().map(|d| self.is_module_datum(d)).collect();
            for (d, _) in m.members.iter_mut().zip(&early).filter(|(_, e)| **e) {
                self.decl(d, DeclCtx::Module);
            }
            let mut members = Vec::new();
            for (d, early) in m.members.iter_mut().zip(early) {
                if !early {
                    self.decl(d, DeclCtx::Module);
                }
                let names: Vec<Ident> = match &d.kind {
                    DeclKind::Var { names, .. }
                    | DeclKind::Con { names, .. }
                    | DeclKind::Type { names, .. }
                    | DeclKind::Exception { names, .. } => names.clone(),
                    DeclKind::Adt(a) => a.names.clone(),
                    DeclKind::Import { .. } => {
                        self.error(d.span, "import is not allowed in a module declaration");
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                for n in names {
                    let Some(member) = self.local_sym(&n.name).and_then(|s| s.as_member(&n)) else {
                        continue;
                    };
                    members.push(member);
                }
            }
            self.types.module_mut(id).members = members;
            self.declaring_module = outer;
            self.pop_scope();
        }
    }

    /// Is `d` data of a module type named by a plain, already declared name?
    fn is_module_datum(&self, d: &Decl) -> bool {
        let DeclKind::Var { ty, init: None, .. } = &d.kind else {
            return false;
        };
        let TypeExprKind::Named(id, args) = &ty.kind else {
            return false;
        };
        args.is_empty()
            && matches!(self.lookup(&id.name), Some(Sym::Type(t)) if matches!(self.types.get(*t), Type::Module(_)))
    }

    /// Resolve a function definition's signature and match it with its declaration.
    pub(super) fn fn_signature(&mut self, f: &FnDef) -> TypeId {
        let (last, poly_names) = match f.name.last() {
            Some(x) => (x.0.clone(), x.1.clone()),
            None => return TypeId::UNKNOWN,
        };
        if f.name.len() == 1 {
            let sig = self.resolve_sig(&FnSig {
                poly: poly_names,
                ..f.sig.clone()
            });
            if sig.varargs {
                let msg = format!(
                    "cannot define functions with a '*' argument, such as {}",
                    last.name
                );
                self.error(f.span, msg);
            }
            let t = self.types.mk_fn(sig);
            let declared_line = self.top_line(&last.name);
            match self.top_sym(&last.name) {
                Some(Sym::Fn(decl)) => {
                    self.match_declaration(&last, &last.name, decl, t, declared_line)
                }
                Some(_) => {
                    let msg = format!(
                        "redeclaration of function {}, previously declared on line {declared_line}",
                        last.name
                    );
                    self.error(last.span, msg);
                }
                None => self.bind_at(&last.name, Sym::Fn(t), last.span.start.line),
            }
            self.functions.push(FnInfo {
                name: last.name.clone(),
                ty: t,
                span: f.span,
                params: Vec::new(),
                locals: Vec::new(),
            });
            return t;
        }
        let (adt_id, adt_poly) = &f.name[0];
        let Some(Sym::Type(at)) = self.lookup(&adt_id.name).cloned() else {
            let msg = format!("{} is not declared", adt_id.name);
            self.error(adt_id.span, msg);
            return TypeId::UNKNOWN;
        };
        let Type::Adt(a, _) = self.types.get(at).clone() else {
            let msg = format!("{} is not an adt", adt_id.name);
            self.error(adt_id.span, msg);
            return TypeId::UNKNOWN;
        };
        let Some((_, decl)) = self
            .types
            .adt(a)
            .methods
            .iter()
            .find(|(n, _)| *n == last.name)
            .cloned()
        else {
            let msg = format!("{} is not a member function of {}", last.name, adt_id.name);
            self.error(last.span, msg);
            return TypeId::UNKNOWN;
        };
        self.push_scope();
        for (p, pt) in adt_poly.iter().zip(self.types.adt(a).poly.clone()) {
            self.declare(p, Sym::Type(pt));
        }
        let sig = self.resolve_sig(&FnSig {
            poly: poly_names,
            ..f.sig.clone()
        });
        self.pop_scope();
        let t = self.types.mk_fn(sig);
        let qualified = format!("{}.{}", adt_id.name, last.name);
        let declared_line = self.types.adt(a).span.start.line;
        self.match_declaration(&last, &qualified, decl, t, declared_line);
        self.functions.push(FnInfo {
            name: qualified,
            ty: decl,
            span: f.span,
            params: Vec::new(),
            locals: Vec::new(),
        });
        decl
    }

    pub(super) fn fn_body(&mut self, f: &mut FnDef, t: TypeId, index: Option<usize>) {
        let Some(ft) = self.types.fn_type(t).cloned() else {
            return;
        };
        self.push_scope();
        let mut constraints = ft.constraints.clone();
        if f.name.len() > 1 {
            if let Some(Sym::Type(at)) = self.lookup(&f.name[0].0.name).cloned() {
                if let Type::Adt(a, _) = self.types.get(at).clone() {
                    for (p, pt) in f.name[0]
                        .1
                        .clone()
                        .iter()
                        .zip(self.types.adt(a).poly.clone())
                    {
                        self.bind(&p.name, Sym::Type(pt));
                    }
                    for c in self.types.adt(a).constraints.clone() {
                        if !constraints.contains(&c) {
                            constraints.push(c);
                        }
                    }
                }
            }
        }
        for p in &ft.poly {
            if let Type::Poly(_, name) = self.types.get(*p).clone() {
                self.bind(&name, Sym::Type(*p));
            }
        }
        let mut params = Vec::new();
        for (p, pt) in f.sig.params.iter().zip(&ft.params) {
            if let Some(name) = &p.name {
                params.push(self.declare_var(name, pt.ty, VarKind::Param));
            }
        }
        self.fnctx = Some(FnCtx {
            ret: ft.ret,
            constraints,
            ..FnCtx::default()
        });
        self.push_scope();
        self.stmts(&mut f.body);
        self.pop_scope();
        // A body with errors may have lost its return statement to error recovery.
        if ft.ret != TypeId::NONE
            && !self.diags.has_error_in(f.span)
            && super::stmt::falls_through(&f.body)
        {
            let end = crate::diag::Span {
                start: f.span.end,
                ..f.span
            };
            let name = f
                .name
                .iter()
                .map(|(n, _)| n.name.clone())
                .collect::<Vec<_>>()
                .join(".");
            self.open_ends.push((end, name));
        }
        self.check_raises(f, &ft.raises);
        let locals = self.fnctx.take().map(|c| c.locals).unwrap_or_default();
        if let Some(info) = index.and_then(|i| self.functions.get_mut(i)) {
            info.params = params;
            info.locals = locals;
        }
        self.pop_scope();
    }
}

/// The pick tags of an adt declaration, in order, with their variant groups.
fn pick_tags(a: &AdtDecl) -> Vec<(String, usize)> {
    let variants = a.members.iter().flat_map(|m| match m {
        AdtMember::Pick { variants, .. } => variants.as_slice(),
        _ => &[],
    });
    variants
        .enumerate()
        .flat_map(|(g, v)| v.names.iter().map(move |n| (n.name.clone(), g)))
        .collect()
}
