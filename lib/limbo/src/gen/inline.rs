//! Inlining of small functions, by the original compiler's rules.
//!
//! A function of this module qualifies when its body is `return e;`,
//! `if(c) return a; else return b;` or `if(c) return a; return b;` (both results of
//! one type), it has a result, declares no locals, is not polymorphic, assigns nothing
//! (no `=`, `:=`, `++`, `--`, send or receive), does not name itself, is small (under
//! 100 nodes of the original's tree, counted here on ours), is never taken as a value
//! nor satisfies a `for` constraint, and inlining it does not lead back to itself
//! through other inlined functions.
//!
//! Before a function's code is generated, each call of such a function in its body
//! becomes the callee's result expression (a `Choice` for the conditional forms) with
//! the arguments put for the parameters. An argument that may have an effect, for a
//! parameter not used exactly once, is computed into a temporary first (a `Comma`
//! binding the parameter; those of later parameters are computed first); any other is
//! written where its parameter is, as many times as it is used. Constants are folded
//! again afterwards.
//!
//! As in the original, a function outside the module's interface that is inlined, or
//! that no code names (calls or takes as a value), is not generated at all; the
//! imports its body names are listed all the same.

use super::call::method_of;
use super::func::Func;
use super::{bare, Gen, Result};
use crate::ast::{
    BinOp, DeclKind, Expr, ExprKind, FnDef, InitElem, Program, Qual, Stmt, StmtKind, UnOp,
};
use crate::check::{fold, VarId};
use crate::types::{Type, TypeId};
use dis::object::Operand;
use std::collections::{HashMap, HashSet};

/// The original's limit on the size of an inlined function (nodes of its tree).
const MAX_NODES: usize = 100;

/// A function whose calls are replaced by its result.
#[derive(Clone)]
struct Inlinable {
    /// The parameters in order: the variable of each named one, and its type.
    params: Vec<(Option<VarId>, TypeId)>,
    body: Expr,
}

/// The module's inlined functions, by index in `Gen::functions`.
#[derive(Default)]
pub(super) struct Inlines {
    fns: HashMap<usize, Inlinable>,
    /// Functions outside the interface inlined or never named: never generated.
    omitted: HashSet<usize>,
}

impl Inlines {
    /// Whether function `index` is inlined everywhere and needs no code of its own.
    pub fn omits(&self, index: usize) -> bool {
        self.omitted.contains(&index)
    }
}

/// The sub-expressions of an expression kind, borrowed as `$kind` is (shared or
/// to change): one list of cases for [`children`] and [`children_mut`].
macro_rules! sub_expressions {
    ($kind:expr, $list:ty, $as_deref:ident) => {{
        let mut out: $list = Vec::new();
        match $kind {
            ExprKind::Ident(_)
            | ExprKind::Nil
            | ExprKind::Int(_)
            | ExprKind::Real(_)
            | ExprKind::Str(_)
            | ExprKind::Type(_) => {}
            ExprKind::Tuple(xs) | ExprKind::ListInit(xs) => out.extend(xs),
            ExprKind::Call(b, xs) | ExprKind::Index(b, xs) => {
                out.push(b);
                out.extend(xs);
            }
            ExprKind::Dot(b, _)
            | ExprKind::Arrow(b, _)
            | ExprKind::Unary(_, b)
            | ExprKind::Cast(_, b)
            | ExprKind::Load(_, b)
            | ExprKind::ArrayAlloc(b, _) => out.push(b),
            ExprKind::MethodVia(a, b)
            | ExprKind::Binary(_, a, b)
            | ExprKind::Assign(_, a, b)
            | ExprKind::Declare(a, b)
            | ExprKind::Send(a, b)
            | ExprKind::Comma(_, a, b) => {
                out.push(a);
                out.push(b);
            }
            ExprKind::Slice(b, lo, hi) => {
                out.push(b);
                out.extend(lo.$as_deref());
                out.extend(hi.$as_deref());
            }
            ExprKind::ArrayInit(n, elems) => {
                out.extend(n.$as_deref());
                for InitElem { quals, value } in elems {
                    for q in quals {
                        match q {
                            Qual::Expr(x) => out.push(x),
                            Qual::Range(a, b) => {
                                out.push(a);
                                out.push(b);
                            }
                            Qual::Star(_) => {}
                        }
                    }
                    out.push(value);
                }
            }
            ExprKind::ChanAlloc(n, _) => out.extend(n.$as_deref()),
            ExprKind::Choice(c, a, b) => {
                out.push(c);
                out.push(a);
                out.push(b);
            }
        }
        out
    }};
}

/// The sub-expressions of `e`.
fn children(e: &Expr) -> Vec<&Expr> {
    sub_expressions!(&e.kind, Vec<&Expr>, as_deref)
}

/// The sub-expressions of `e`, to change.
fn children_mut(e: &mut Expr) -> Vec<&mut Expr> {
    sub_expressions!(&mut e.kind, Vec<&mut Expr>, as_deref_mut)
}

fn qual_exprs(q: &Qual) -> Vec<&Expr> {
    match q {
        Qual::Expr(e) => vec![e],
        Qual::Range(a, b) => vec![a, b],
        Qual::Star(_) => Vec::new(),
    }
}

/// Every expression directly in statement `s` (not in the statements inside it).
fn stmt_exprs(s: &Stmt) -> Vec<&Expr> {
    match &s.kind {
        StmtKind::Expr(e) | StmtKind::Spawn(e) | StmtKind::Return(Some(e)) => vec![e],
        StmtKind::Raise(Some(e)) => vec![e],
        StmtKind::Decl(d) => match &d.kind {
            DeclKind::Var { init: Some(e), .. } | DeclKind::Init(e) => vec![e],
            _ => Vec::new(),
        },
        StmtKind::If(c, _, _) => vec![c],
        StmtKind::For {
            init, cond, step, ..
        } => [init, cond, step]
            .into_iter()
            .flatten()
            .map(|b| &**b)
            .collect(),
        StmtKind::While { cond, .. } | StmtKind::DoWhile { cond, .. } => {
            cond.iter().map(|b| &**b).collect()
        }
        StmtKind::Case { subject, .. } | StmtKind::Pick { subject, .. } => vec![subject],
        StmtKind::Alt { arms, .. } => arms
            .iter()
            .flat_map(|a| a.quals.iter().flat_map(qual_exprs))
            .collect(),
        _ => Vec::new(),
    }
}

/// The statements directly inside statement `s`.
fn stmt_children(s: &Stmt) -> Vec<&Stmt> {
    match &s.kind {
        StmtKind::Block(b) => b.iter().collect(),
        StmtKind::If(_, a, b) => std::iter::once(&**a).chain(b.as_deref()).collect(),
        StmtKind::For { body, .. }
        | StmtKind::While { body, .. }
        | StmtKind::DoWhile { body, .. } => vec![body],
        StmtKind::Case { arms, .. } | StmtKind::Pick { arms, .. } | StmtKind::Alt { arms, .. } => {
            arms.iter().flat_map(|a| &a.body).collect()
        }
        StmtKind::Handle { body, arms, .. } => body
            .iter()
            .chain(arms.iter().flat_map(|a| &a.body))
            .collect(),
        _ => Vec::new(),
    }
}

/// Call `f` on every expression of the statements, outermost first.
fn each_expr<'e>(body: &'e [Stmt], f: &mut impl FnMut(&'e Expr)) {
    fn walk<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr)) {
        f(e);
        for c in children(e) {
            walk(c, f);
        }
    }
    for s in body {
        for e in stmt_exprs(s) {
            walk(e, f);
        }
        for c in stmt_children(s) {
            each_expr(std::slice::from_ref(c), f);
        }
    }
}

/// Whether the expression may have an effect, as the original judges an argument:
/// calls, assignments, allocation, conversions, division, indexing, `len`, `load`.
/// Reading a field, through a reference or not, has none.
fn has_effect(e: &Expr) -> bool {
    if e.konst.is_some() {
        return false;
    }
    let own = match &e.kind {
        ExprKind::Call(..)
        | ExprKind::MethodVia(..)
        | ExprKind::Index(..)
        | ExprKind::Assign(..)
        | ExprKind::Declare(..)
        | ExprKind::Send(..)
        | ExprKind::Cast(..)
        | ExprKind::Load(..)
        | ExprKind::ArrayAlloc(..)
        | ExprKind::ArrayInit(..)
        | ExprKind::ListInit(..)
        | ExprKind::ChanAlloc(..)
        | ExprKind::Comma(..) => true,
        ExprKind::Unary(op, _) => matches!(
            op,
            UnOp::PreInc
                | UnOp::PreDec
                | UnOp::PostInc
                | UnOp::PostDec
                | UnOp::Recv
                | UnOp::Len
                | UnOp::Ref
        ),
        ExprKind::Binary(op, _, _) => matches!(op, BinOp::Div | BinOp::Mod | BinOp::Cons),
        _ => false,
    };
    own || children(e).into_iter().any(has_effect)
}

/// Whether the expression assigns (what keeps a function from being inlined).
fn assigns(e: &Expr) -> bool {
    let own = match &e.kind {
        ExprKind::Assign(..) | ExprKind::Declare(..) | ExprKind::Send(..) => true,
        ExprKind::Unary(op, _) => matches!(
            op,
            UnOp::PreInc | UnOp::PreDec | UnOp::PostInc | UnOp::PostDec | UnOp::Recv
        ),
        _ => false,
    };
    own || children(e).into_iter().any(assigns)
}

/// How many times variable `v` is named in `e`.
pub(super) fn occurs(v: VarId, e: &Expr) -> usize {
    let own = usize::from(matches!(e.kind, ExprKind::Ident(_)) && e.var == Some(v));
    own + children(e).into_iter().map(|c| occurs(v, c)).sum::<usize>()
}

/// The size of the original's tree for the expression (list links counted).
fn nodes(e: &Expr) -> usize {
    if e.konst.is_some() {
        return 1;
    }
    let links = match &e.kind {
        ExprKind::Call(_, xs) | ExprKind::Tuple(xs) | ExprKind::ListInit(xs) => xs.len(),
        ExprKind::Dot(..) | ExprKind::Arrow(..) => 1,
        _ => 0,
    };
    1 + links + children(e).into_iter().map(nodes).sum::<usize>()
}

/// Put `a` for every use of variable `v` in `e`.
fn replace(v: VarId, a: &Expr, e: &mut Expr) {
    if matches!(e.kind, ExprKind::Ident(_)) && e.var == Some(v) {
        *e = a.clone();
        return;
    }
    for c in children_mut(e) {
        replace(v, a, c);
    }
}

/// `return e;` as a statement's result, if it is one.
fn returned(s: &Stmt) -> Option<&Expr> {
    match &s.kind {
        StmtKind::Return(Some(e)) => Some(e),
        _ => None,
    }
}

/// The result expression of a body of one of the three inlined forms, and the size
/// of the original's tree for the body.
fn result_of(body: &[Stmt]) -> Option<(Expr, usize)> {
    let choice = |c: &Expr, a: &Expr, b: &Expr| {
        (a.ty == b.ty).then(|| {
            let e = Expr {
                kind: ExprKind::Choice(
                    Box::new(c.clone()),
                    Box::new(a.clone()),
                    Box::new(b.clone()),
                ),
                span: c.span,
                ty: a.ty,
                konst: None,
                var: None,
                via: None,
            };
            // the `if`, its two returns and the list links holding them
            (e, 5 + nodes(c) + nodes(a) + nodes(b))
        })
    };
    match body {
        [s] => match &s.kind {
            StmtKind::Return(Some(e)) => Some((e.clone(), 2 + nodes(e))),
            StmtKind::If(c, a, Some(b)) => choice(c, returned(a)?, returned(b)?),
            _ => None,
        },
        [first, second] => match &first.kind {
            StmtKind::If(c, a, None) => choice(c, returned(a)?, returned(second)?),
            _ => None,
        },
        _ => None,
    }
}

impl Gen<'_> {
    /// Run `generate` (a function's generation) for what it imports alone: the
    /// original lists the imports an inlined function names even when it generates
    /// no code for it; its code, frame and symbols are dropped.
    pub(super) fn imports_only(
        &mut self,
        generate: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let code = self.code.len();
        let fixups = self.fixups.len();
        let handlers = self.handlers.len();
        let functions = self.symbols.functions.len();
        let (max_frame, next_block) = (self.max_frame, self.next_block);
        let descs: Vec<(i32, usize)> = (self.descs.iter()).map(|d| (d.size, d.map.len())).collect();
        let labels = self.labels.len();
        generate(self)?;
        // labels placed in the code dropped are placed nowhere
        for l in &mut self.labels[labels..] {
            *l = None;
        }
        self.code.truncate(code);
        self.symbols.spans.truncate(code);
        self.fixups.truncate(fixups);
        self.handlers.truncate(handlers);
        self.symbols.functions.truncate(functions);
        (self.max_frame, self.next_block) = (max_frame, next_block);
        // its frame descriptor is empty again (and so left out)
        for (d, (size, map)) in self.descs.iter_mut().zip(descs) {
            d.size = size;
            d.map.truncate(map);
        }
        Ok(())
    }

    /// Which functions of the program are inlined.
    pub(super) fn find_inlines(&self, program: &Program) -> Inlines {
        let defs: Vec<&FnDef> = program
            .decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Fn(f) => Some(f),
                _ => None,
            })
            .take(self.functions.len())
            .collect();
        // functions taken as values, and names of functions satisfying constraints
        let mut values: HashSet<usize> = HashSet::new();
        let mut constrained: HashSet<String> = HashSet::new();
        let mut callees: HashSet<*const Expr> = HashSet::new();
        // functions named anywhere (but in their own definition's name)
        let mut named: HashSet<usize> = HashSet::new();
        let mut note = |e: &Expr| match &e.kind {
            ExprKind::Call(f, _) => {
                callees.insert(&**f as *const Expr);
                named.extend(self.callee(e).map(|(j, _)| j));
                if let Some(ft) = self.types.fn_type(f.ty) {
                    constrained.extend(ft.constraints.iter().map(|(_, n, _)| n.clone()));
                }
            }
            ExprKind::Ident(name) if e.var.is_none() && e.via.is_none() => {
                if let Some(i) = self.function_index(name) {
                    named.insert(i);
                    if !callees.contains(&(e as *const Expr)) {
                        values.insert(i);
                    }
                }
            }
            _ => {}
        };
        for d in &defs {
            each_expr(&d.body, &mut note);
        }
        let mut fns: HashMap<usize, Inlinable> = HashMap::new();
        for (i, def) in defs.iter().enumerate() {
            if values.contains(&i) {
                continue;
            }
            if let Some(inl) = self.inlinable(i, def, &constrained) {
                fns.insert(i, inl);
            }
        }
        // in the original's order, drop those whose inlining comes back to them
        for i in 0..defs.len() {
            if let Some(inl) = fns.get(&i) {
                if self.reaches(&fns, &inl.body, &mut vec![i]) {
                    fns.remove(&i);
                }
            }
        }
        let interface: HashSet<String> = (self.implements.iter())
            .flat_map(|m| self.interface_functions(*m))
            .map(|(n, _)| n)
            .collect();
        let omitted = (0..defs.len())
            .filter(|i| fns.contains_key(i) || !named.contains(i))
            .filter(|i| {
                let name = &self.functions[*i].name;
                !interface.contains(name) && !constrained.contains(bare(name))
            })
            .collect();
        Inlines { fns, omitted }
    }

    /// Function `i` as an inlined function, if it qualifies (but for its values and
    /// its calls of other inlined functions).
    fn inlinable(&self, i: usize, def: &FnDef, constrained: &HashSet<String>) -> Option<Inlinable> {
        let info = &self.functions[i];
        let ft = self.types.fn_type(info.ty)?;
        let poly = !ft.poly.is_empty() || def.name.iter().any(|(_, p)| !p.is_empty());
        let method = info.name.contains('.');
        if poly
            || ft.ret == TypeId::NONE
            || !info.locals.is_empty()
            || (method && constrained.contains(bare(&info.name)))
        {
            return None;
        }
        let (body, size) = result_of(&def.body)?;
        let name_nodes = if method { 3 } else { 1 };
        if 1 + name_nodes + size >= MAX_NODES || assigns(&body) || self.names(&body, i) {
            return None;
        }
        let mut named = info.params.iter();
        let params = (ft.params.iter().enumerate())
            .map(|(k, p)| {
                let has_name = def.sig.params.get(k).is_some_and(|d| d.name.is_some());
                (
                    if has_name {
                        named.next().copied()
                    } else {
                        None
                    },
                    p.ty,
                )
            })
            .collect();
        Some(Inlinable { params, body })
    }

    /// Whether `e` names function `i` (calls it or takes its value).
    fn names(&self, e: &Expr, i: usize) -> bool {
        let own = match &e.kind {
            ExprKind::Ident(name) if e.var.is_none() && e.via.is_none() => {
                self.function_index(name) == Some(i)
            }
            ExprKind::Call(..) => self.callee(e).is_some_and(|(j, _)| j == i),
            _ => false,
        };
        own || children(e).into_iter().any(|c| self.names(c, i))
    }

    /// Whether inlining `e` leads back to a function of `stack` (the function
    /// checked, then those whose bodies are being looked through).
    fn reaches(&self, fns: &HashMap<usize, Inlinable>, e: &Expr, stack: &mut Vec<usize>) -> bool {
        if let Some((j, _)) = self.callee(e) {
            if stack.contains(&j) {
                return true;
            }
            if let Some(inl) = fns.get(&j) {
                stack.push(j);
                let found = self.reaches(fns, &inl.body, stack);
                stack.pop();
                if found {
                    return true;
                }
            }
        }
        children(e).into_iter().any(|c| self.reaches(fns, c, stack))
    }

    /// The function of this module that call `e` calls, and whether it passes the
    /// object the member function is called on as `self`.
    fn callee(&self, e: &Expr) -> Option<(usize, bool)> {
        let ExprKind::Call(f, _) = &e.kind else {
            return None;
        };
        match &f.kind {
            ExprKind::Ident(name)
                if f.var.is_none()
                    && f.via.is_none()
                    && !matches!(self.types.get(f.ty), Type::Ref(_)) =>
            {
                Some((self.function_index(name)?, false))
            }
            ExprKind::Dot(base, name) => {
                let (a, is_value) = method_of(self.types, base, &name.name)?;
                let fname = format!("{}.{}", self.types.adt(a).name, name.name);
                let i = self.function_index(&fname)?;
                let ft = self.types.fn_type(self.functions[i].ty)?;
                Some((i, is_value && ft.params.first().is_some_and(|p| p.is_self)))
            }
            _ => None,
        }
    }

    /// The function with the calls of inlined functions in its body replaced.
    pub(super) fn inline_calls(&self, inlines: &Inlines, def: &FnDef) -> FnDef {
        let mut def = def.clone();
        if !inlines.fns.is_empty() {
            for s in &mut def.body {
                self.inline_stmt(inlines, s);
            }
        }
        def
    }

    fn inline_stmt(&self, inlines: &Inlines, s: &mut Stmt) {
        let mut exprs: Vec<&mut Expr> = Vec::new();
        let mut stmts: Vec<&mut Stmt> = Vec::new();
        match &mut s.kind {
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Raise(Some(e)) => {
                exprs.push(e)
            }
            // the call spawned stays a call
            StmtKind::Spawn(e) => exprs.extend(children_mut(e)),
            StmtKind::Decl(d) => match &mut d.kind {
                DeclKind::Var { init: Some(e), .. } | DeclKind::Init(e) => exprs.push(e),
                _ => {}
            },
            StmtKind::Block(b) => stmts.extend(b),
            StmtKind::If(c, a, b) => {
                exprs.push(c);
                stmts.push(a);
                stmts.extend(b.as_deref_mut());
            }
            StmtKind::For {
                init,
                cond,
                step,
                body,
                ..
            } => {
                exprs.extend([init, cond, step].into_iter().flatten().map(|b| &mut **b));
                stmts.push(body);
            }
            StmtKind::While { cond, body, .. } | StmtKind::DoWhile { cond, body, .. } => {
                exprs.extend(cond.as_deref_mut());
                stmts.push(body);
            }
            StmtKind::Case { subject, arms, .. } | StmtKind::Pick { subject, arms, .. } => {
                exprs.push(subject);
                stmts.extend(arms.iter_mut().flat_map(|a| &mut a.body));
            }
            // the guards of an alt are left as they are
            StmtKind::Alt { arms, .. } => stmts.extend(arms.iter_mut().flat_map(|a| &mut a.body)),
            StmtKind::Handle { body, arms, .. } => {
                stmts.extend(body.iter_mut());
                stmts.extend(arms.iter_mut().flat_map(|a| &mut a.body));
            }
            _ => {}
        }
        for e in exprs {
            self.inline_expr(inlines, e);
        }
        for s in stmts {
            self.inline_stmt(inlines, s);
        }
    }

    /// Replace the calls of inlined functions in `e`, innermost first.
    fn inline_expr(&self, inlines: &Inlines, e: &mut Expr) {
        for c in children_mut(e) {
            self.inline_expr(inlines, c);
        }
        let Some((i, pass_self)) = self.callee(e) else {
            return;
        };
        let Some(inl) = inlines.fns.get(&i) else {
            return;
        };
        let ExprKind::Call(f, args) = &mut e.kind else {
            return;
        };
        let mut all: Vec<Expr> = Vec::new();
        if let (true, ExprKind::Dot(base, _)) = (pass_self, &f.kind) {
            all.push((**base).clone());
        }
        all.append(args);
        if all.len() != inl.params.len() {
            return;
        }
        let mut x = inl.body.clone();
        for ((p, t), mut a) in inl.params.iter().zip(all) {
            let uses = p.map_or(0, |v| occurs(v, &x));
            if has_effect(&a) && uses != 1 {
                let ty = x.ty;
                let span = x.span;
                x = Expr {
                    kind: ExprKind::Comma(*p, Box::new(a), Box::new(x)),
                    span,
                    ty,
                    konst: None,
                    var: None,
                    via: None,
                };
            } else if let Some(v) = p {
                a.ty = *t;
                replace(*v, &a, &mut x);
            }
        }
        self.inline_expr(inlines, &mut x);
        self.fold(&mut x);
        *e = x;
    }

    /// Fold again what substitution made constant.
    fn fold(&self, e: &mut Expr) {
        for c in children_mut(e) {
            self.fold(c);
        }
        if e.konst.is_some() {
            return;
        }
        e.konst = match &e.kind {
            ExprKind::Binary(op, l, r) => match (&l.konst, &r.konst) {
                (Some(a), Some(b)) => fold::binary(self.types, *op, l.ty, e.ty, a, b)
                    .ok()
                    .flatten(),
                _ => None,
            },
            ExprKind::Unary(op, x) => {
                (x.konst.as_ref()).and_then(|c| fold::unary(self.types, *op, e.ty, c))
            }
            ExprKind::Cast(_, x) => (x.konst.as_ref())
                .and_then(|c| fold::cast(self.types, x.ty, e.ty, c).ok().flatten()),
            _ => None,
        };
    }
}

impl Func<'_, '_> {
    /// Compute `x` into a temporary standing for variable `v` while `then` runs.
    pub(super) fn bound<R>(
        &mut self,
        v: Option<VarId>,
        x: &Expr,
        then: impl FnOnce(&mut Self) -> Result<R>,
    ) -> Result<R> {
        let tmp = self.temp(x.ty);
        self.value_to(x, tmp)?;
        let Operand::Fp(off) = tmp else {
            return then(self);
        };
        let old = v.and_then(|v| self.slots.insert(v, off as u32));
        let r = then(self);
        if let Some(v) = v {
            match old {
                Some(o) => self.slots.insert(v, o),
                None => self.slots.remove(&v),
            };
        }
        r
    }

    /// Compute `then` or `other` into `dst` as condition `c` holds or not.
    pub(super) fn choice_to(
        &mut self,
        c: &Expr,
        then: &Expr,
        other: &Expr,
        dst: Operand,
    ) -> Result<()> {
        let els = self.g.new_label();
        let end = self.g.new_label();
        self.cond(c, false, els)?;
        self.value_to(then, dst)?;
        self.g.jmp(end);
        self.g.place(els);
        self.value_to(other, dst)?;
        self.g.place(end);
        Ok(())
    }
}
