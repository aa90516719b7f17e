//! The arms of case, alt and pick statements and of exception handlers: their
//! qualifiers (constant, of the right type, each at most once, no overlaps),
//! the variables they bind, and their bodies, each in a scope of its own.

use super::names::Den;
use super::{Checker, Sym, VarKind};
use crate::ast::*;
use crate::diag::Span;
use crate::types::{Type, TypeId};
use crate::value::Const;
use std::collections::BTreeMap;

/// The constant labels of one statement (or array initialiser), to find overlaps.
pub(super) struct Labels {
    /// What the labels are called in messages: "case qualifier", "array index", ...
    title: &'static str,
    /// Labels that overlap no other, by their low end: (high end, text, line).
    disjoint: BTreeMap<Key, (Key, String, u32)>,
    /// Labels found to overlap an earlier one (an error), searched one by one.
    overlapping: Vec<(Key, Key, String, u32)>,
    star: Option<u32>,
}

/// A label's value in the order labels sort: integers, or strings by character.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Str(String),
    /// A value labels cannot have (checked elsewhere): overlaps nothing.
    Other,
}

impl Key {
    fn of(c: Const) -> Key {
        match c {
            Const::Int(v) => Key::Int(v),
            Const::Str(s) => Key::Str(s),
            _ => Key::Other,
        }
    }
}

impl Labels {
    pub(super) fn new(title: &'static str) -> Labels {
        Labels {
            title,
            disjoint: BTreeMap::new(),
            overlapping: Vec::new(),
            star: None,
        }
    }

    /// Record the label `lo` to `hi` written as `text`; report an empty range or an
    /// overlap. Each label costs a logarithmic search, so long initialisers stay linear.
    pub(super) fn add(
        &mut self,
        c: &mut Checker<'_>,
        lo: Const,
        hi: Const,
        text: String,
        span: Span,
    ) {
        let (lo, hi) = (Key::of(lo), Key::of(hi));
        if lo == Key::Other || hi == Key::Other {
            return;
        }
        if hi < lo {
            let msg = format!("unmatchable {} {text}", self.title);
            c.error(span, msg);
            return;
        }
        // The disjoint labels are sorted by both ends: only the last one starting
        // at or below `hi` can reach `lo`.
        let below = self
            .disjoint
            .range(..=hi.clone())
            .next_back()
            .filter(|(_, (end, _, _))| *end >= lo)
            .map(|(_, (_, other, line))| (other, *line));
        let earlier = self
            .overlapping
            .iter()
            .filter(|(a, b, _, _)| *a <= hi && *b >= lo)
            .map(|(_, _, other, line)| (other, *line));
        let first = below
            .into_iter()
            .chain(earlier)
            .min_by_key(|(_, line)| *line);
        let line = span.start.line;
        match first {
            Some((other, other_line)) => {
                let msg = format!(
                    "{} '{text}' overlaps with '{other}' on line {other_line}",
                    self.title
                );
                c.error(span, msg);
                self.overlapping.push((lo, hi, text, line));
            }
            None => {
                self.disjoint.insert(lo, (hi, text, line));
            }
        }
    }

    /// Record a `*`; report a second one.
    pub(super) fn star(&mut self, c: &mut Checker<'_>, span: Span) {
        if let Some(line) = self.star {
            let msg = format!("{} * duplicated on line {line}", self.title);
            c.error(span, msg);
        }
        self.star = Some(span.start.line);
    }
}

/// Does an expression contain a send or receive anywhere?
fn has_comm(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Send(..) | ExprKind::Unary(UnOp::Recv, _) => true,
        ExprKind::Unary(_, x)
        | ExprKind::Cast(_, x)
        | ExprKind::Dot(x, _)
        | ExprKind::Arrow(x, _)
        | ExprKind::Load(_, x) => has_comm(x),
        ExprKind::Binary(_, a, b) | ExprKind::Assign(_, a, b) | ExprKind::Declare(a, b) => {
            has_comm(a) || has_comm(b)
        }
        ExprKind::Call(f, args) => has_comm(f) || args.iter().any(has_comm),
        ExprKind::Index(b, args) => has_comm(b) || args.iter().any(has_comm),
        ExprKind::Tuple(items) | ExprKind::ListInit(items) => items.iter().any(has_comm),
        ExprKind::Slice(b, lo, hi) => {
            has_comm(b)
                || lo.as_deref().is_some_and(has_comm)
                || hi.as_deref().is_some_and(has_comm)
        }
        _ => false,
    }
}

/// How a qualifier is quoted in messages.
fn qual_text(q: &Qual) -> String {
    match q {
        Qual::Expr(e) => crate::show::expr_text(e),
        Qual::Range(a, b) => format!(
            "{} to {}",
            crate::show::expr_text(a),
            crate::show::expr_text(b)
        ),
        Qual::Star(_) => "*".to_string(),
    }
}

fn qual_span(q: &Qual) -> Span {
    match q {
        Qual::Expr(e) | Qual::Range(e, _) => e.span,
        Qual::Star(s) => *s,
    }
}

impl Checker<'_> {
    /// Warn about an arm without statements.
    fn empty_arm(&mut self, arm: &Arm, what: &str) {
        if arm.body.is_empty() {
            let text: Vec<String> = arm.quals.iter().map(qual_text).collect();
            let msg = format!("no body for {what} {}", text.join(" or "));
            self.diags.warning(arm.span, msg);
        }
    }

    fn arm_body(&mut self, body: &mut [Stmt]) {
        self.push_scope();
        self.stmts(body);
        self.pop_scope();
    }

    pub(super) fn case(&mut self, subject: &mut Expr, arms: &mut [Arm], label: &Option<Ident>) {
        let st = self.value(subject);
        let subject_ok = matches!(self.types.get(st), Type::Int | Type::Big | Type::String);
        if !subject_ok && !self.types.is_unknown(st) {
            let msg = format!(
                "case argument {} is not an int or big or string",
                self.q(subject)
            );
            self.error(subject.span, msg);
        }
        let mut labels = Labels::new("case qualifier");
        self.with_breakable(label, false, |c| {
            for arm in arms.iter_mut() {
                c.empty_arm(arm, "case qualifier");
                for q in arm.quals.iter_mut() {
                    let (text, span) = (qual_text(q), qual_span(q));
                    let bounds = match q {
                        Qual::Star(s) => {
                            labels.star(c, *s);
                            continue;
                        }
                        Qual::Expr(e) => {
                            let t = c.value(e);
                            if subject_ok && !c.types.is_unknown(t) && t != st {
                                let msg = format!(
                                    "case qualifier {} clashes with {}",
                                    c.q(e),
                                    c.q(subject)
                                );
                                c.error(e.span, msg);
                                None
                            } else if e.konst.is_none() && !c.types.is_unknown(t) {
                                let msg = format!("case qualifier {text} is not constant");
                                c.error(e.span, msg);
                                None
                            } else {
                                e.konst.clone().map(|k| (k.clone(), k))
                            }
                        }
                        Qual::Range(a, b) => {
                            let (ta, tb) = (c.value(a), c.value(b));
                            if ta != tb || !matches!(c.types.get(ta), Type::Int | Type::String) {
                                let msg = format!(
                                    "range {} to {} is not an int or string range",
                                    c.q(a),
                                    c.q(b)
                                );
                                c.error(a.span, msg);
                                None
                            } else if subject_ok && ta != st {
                                let msg = format!(
                                    "case qualifier {text} of type {} clashes with {}",
                                    c.show(ta),
                                    c.q(subject)
                                );
                                c.error(a.span, msg);
                                None
                            } else if let (Some(lo), Some(hi)) = (a.konst.clone(), b.konst.clone())
                            {
                                Some((lo, hi))
                            } else {
                                let msg = format!("case range {text} is not constant");
                                c.error(a.span, msg);
                                None
                            }
                        }
                    };
                    if let Some((lo, hi)) = bounds {
                        labels.add(c, lo, hi, text, span);
                    }
                }
                c.arm_body(&mut arm.body);
            }
        });
    }

    pub(super) fn alt(&mut self, arms: &mut [Arm], label: &Option<Ident>) {
        let mut labels = Labels::new("alt guard");
        self.with_breakable(label, false, |c| {
            for arm in arms.iter_mut() {
                c.empty_arm(arm, "alt guard");
                c.push_scope();
                for q in arm.quals.iter_mut() {
                    let (text, span) = (qual_text(q), qual_span(q));
                    match q {
                        Qual::Star(s) => labels.star(c, *s),
                        Qual::Range(..) => {
                            let msg = format!("alt guard {text} is illegal");
                            c.error(span, msg);
                        }
                        Qual::Expr(e) => {
                            c.expr(e);
                            if !has_comm(e) {
                                let msg = format!("alt guard {} has no communication", c.v(e));
                                c.error(e.span, msg);
                            }
                        }
                    }
                }
                c.stmts(&mut arm.body);
                c.pop_scope();
            }
        });
    }

    /// Check a pick statement; true when its arms cover every tag.
    pub(super) fn pick(
        &mut self,
        var: &Ident,
        subject: &mut Expr,
        arms: &mut [Arm],
        label: &Option<Ident>,
    ) -> bool {
        let st = self.value(subject);
        let adt = match self.types.get(st) {
            Type::Ref(inner) => match self.types.get(*inner) {
                Type::Adt(a, args) if self.types.adt(*a).is_pick => Some((*a, args.clone())),
                _ => None,
            },
            _ => None,
        };
        if adt.is_none() && !self.types.is_unknown(st) {
            let msg = format!(
                "pick argument {} is not a ref adt with pick tags",
                self.q(subject)
            );
            self.error(subject.span, msg);
        }
        let mut used: Vec<(String, u32)> = Vec::new();
        let mut labels = Labels::new("pick qualifier");
        self.with_breakable(label, false, |c| {
            for (k, arm) in arms.iter_mut().enumerate() {
                c.empty_arm(arm, "pick qualifier");
                // (qualifier text, type it gives the variable)
                let mut first: Option<(String, TypeId)> = None;
                for q in arm.quals.iter() {
                    let t = match q {
                        Qual::Star(s) => {
                            labels.star(c, *s);
                            st
                        }
                        Qual::Expr(Expr { kind: ExprKind::Ident(tag), span, .. }) => {
                            let Some((a, args)) = adt.clone() else { continue };
                            if let Some((_, line)) = used.iter().find(|(t, _)| t == tag) {
                                let msg = format!("pick qualifier {tag} duplicated on line {line}");
                                c.error(*span, msg);
                            }
                            used.push((tag.clone(), span.start.line));
                            match c.types.adt(a).tags.iter().find(|(n, _)| n == tag) {
                                Some((_, g)) => {
                                    let v = c.types.mk_variant(a, *g, args);
                                    c.types.mk_ref(v)
                                }
                                None => {
                                    let msg = format!("pick qualifier {tag} is not a member of {}", c.q(subject));
                                    c.error(*span, msg);
                                    TypeId::UNKNOWN
                                }
                            }
                        }
                        other => {
                            let msg = format!("pick qualifier {} is not a tag name", qual_text(other));
                            c.error(qual_span(other), msg);
                            TypeId::UNKNOWN
                        }
                    };
                    let text = qual_text(q);
                    first = match first {
                        None => Some((text, t)),
                        Some((ft, prev)) if c.types.equal(prev, t) || c.same_variant_fields(prev, t) => Some((ft, prev)),
                        Some((ft, prev)) => {
                            let msg = format!(
                                "type clash in pick qualifiers {ft} of type {} and {text} of type {}",
                                c.show(prev),
                                c.show(t)
                            );
                            c.error(arm.span, msg);
                            Some((ft, st))
                        }
                    };
                }
                c.push_scope();
                let vt = first.map(|(_, t)| t).unwrap_or(TypeId::UNKNOWN);
                let id = c.new_var(&var.name, vt, VarKind::Local, var.span);
                // the original counts its pick variable used twice more
                c.use_var(id, if k == 0 { 2 } else { 0 });
                c.bind(&var.name, Sym::Var(vt, id));
                c.stmts(&mut arm.body);
                c.pop_scope();
            }
        });
        let has_star = labels.star.is_some();
        has_star
            || adt.is_some_and(|(a, _)| {
                self.types
                    .adt(a)
                    .tags
                    .iter()
                    .all(|(t, _)| used.iter().any(|(u, _)| u == t))
            })
    }

    /// Do two `ref` variant types have structurally equal field lists?
    fn same_variant_fields(&mut self, a: TypeId, b: TypeId) -> bool {
        let fields = |c: &Self, t: TypeId| match c.types.get(t) {
            Type::Ref(v) => match c.types.get(*v) {
                Type::Variant(adt, g, _) => {
                    c.types.adt(*adt).groups.get(*g).map(|v| v.fields.clone())
                }
                _ => None,
            },
            _ => None,
        };
        match (fields(self, a), fields(self, b)) {
            (Some(x), Some(y)) => {
                x.len() == y.len()
                    && x.iter().zip(&y).all(|(f, g)| {
                        f.name == g.name && f.cyclic == g.cyclic && self.types.equal(f.ty, g.ty)
                    })
            }
            _ => false,
        }
    }

    /// The arms of `{ ... } exception [var] { arms }`.
    pub(super) fn handler(&mut self, var: &Option<Ident>, arms: &mut [Arm]) {
        let mut labels = Labels::new("exception qualifier");
        let mut names: Vec<(String, u32)> = Vec::new();
        for (k, arm) in arms.iter_mut().enumerate() {
            self.empty_arm(arm, "exception qualifier");
            let mut var_ty: Option<TypeId> = None;
            for q in arm.quals.iter_mut() {
                let (text, span) = (qual_text(q), qual_span(q));
                let t = match q {
                    Qual::Star(s) => {
                        labels.star(self, *s);
                        TypeId::EXCEPTION
                    }
                    Qual::Range(..) => {
                        let msg = format!("exception qualifier {text} is illegal");
                        self.error(span, msg);
                        TypeId::UNKNOWN
                    }
                    Qual::Expr(e) => self.exception_qualifier(e, &mut labels, &mut names),
                };
                var_ty = match var_ty {
                    None => Some(t),
                    Some(prev) if self.types.equal(prev, t) => Some(prev),
                    Some(_) => Some(TypeId::EXCEPTION),
                };
            }
            self.push_scope();
            if let Some(v) = var {
                let vt = var_ty.unwrap_or(TypeId::EXCEPTION);
                let id = self.new_var(&v.name, vt, VarKind::Local, v.span);
                // the original counts its handler's variable used once more
                self.use_var(id, u32::from(k == 0));
                self.bind(&v.name, Sym::Var(vt, id));
            }
            if let Some(c) = self.fnctx.as_mut() {
                c.handlers += 1;
                c.handler_vars.extend(var.iter().map(|v| v.name.clone()));
            }
            self.stmts(&mut arm.body);
            if let Some(c) = self.fnctx.as_mut() {
                c.handlers -= 1;
                if var.is_some() {
                    c.handler_vars.pop();
                }
            }
            self.pop_scope();
        }
    }

    /// One qualifier of an exception handler arm: a constant string or a declared
    /// exception. Returns the type the arm's variable gets from it.
    fn exception_qualifier(
        &mut self,
        e: &mut Expr,
        labels: &mut Labels,
        names: &mut Vec<(String, u32)>,
    ) -> TypeId {
        let t = match self.den(e) {
            Den::Val(t) => t,
            _ => TypeId::UNKNOWN,
        };
        match self.types.get(t).clone() {
            Type::String => match e.konst.clone() {
                Some(k) => {
                    labels.add(self, k.clone(), k, self.v(e), e.span);
                    TypeId::STRING
                }
                None => {
                    let msg = format!("exception qualifier {} is not constant", self.v(e));
                    self.error(e.span, msg);
                    TypeId::UNKNOWN
                }
            },
            Type::Exception(params) => {
                let text = self.v(e);
                if let Some((_, line)) = names.iter().find(|(n, _)| *n == text) {
                    let msg = format!(
                        "exception qualifier '{text}' overlaps with '{text}' on line {line}"
                    );
                    self.error(e.span, msg);
                }
                names.push((text, e.span.start.line));
                match params.len() {
                    0 => TypeId::EXCEPTION,
                    1 => params[0],
                    _ => self.types.mk_tuple(params),
                }
            }
            Type::Unknown => TypeId::UNKNOWN,
            _ => {
                let msg = format!(
                    "exception qualifier {} is not a string or exception",
                    self.q(e)
                );
                self.error(e.span, msg);
                TypeId::UNKNOWN
            }
        }
    }
}
