//! Statement checking: control flow, labels, case/alt/pick arms, exception
//! handlers, and the reachability test behind "no return at end of function".

use super::Checker;
use crate::ast::*;
use crate::types::{Type, TypeId};
use crate::value::Const;

impl Checker<'_> {
    /// Statements in sequence. Only blocks and arms open scopes: a declaration that is
    /// the whole body of an `if` or a loop belongs to the enclosing scope.
    pub(crate) fn stmts(&mut self, stmts: &mut [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    pub(super) fn cond(&mut self, e: &mut Expr, what: &str) {
        let t = self.value(e);
        if !self.types.equal(t, TypeId::INT) {
            let msg = format!("{what} conditional must be an int, not {}", self.q(e));
            self.error(e.span, msg);
        }
    }

    pub(super) fn block(&mut self, stmts: &mut [Stmt]) {
        self.push_scope();
        self.stmts(stmts);
        self.pop_scope();
    }

    /// Check `f` inside a statement that `break` (and, for loops, `continue`) can target.
    pub(super) fn with_breakable(
        &mut self,
        label: &Option<Ident>,
        is_loop: bool,
        f: impl FnOnce(&mut Self),
    ) {
        if let (Some(l), Some(ctx)) = (label, self.fnctx.as_ref()) {
            let earlier = ctx.breakables.iter().find_map(|b| {
                b.label
                    .as_ref()
                    .filter(|x| x.name == l.name)
                    .map(|x| x.span.start.line)
            });
            if let Some(line) = earlier {
                let msg = format!("label {} duplicated on line {line}", l.name);
                self.error(l.span, msg);
            }
        }
        if let Some(c) = self.fnctx.as_mut() {
            c.breakables.push(super::Breakable {
                label: label.clone(),
                is_loop,
                referenced: false,
            });
        }
        f(self);
        let Some(b) = self.fnctx.as_mut().and_then(|c| c.breakables.pop()) else {
            return;
        };
        if let (Some(l), false) = (&b.label, b.referenced) {
            let msg = format!("label {} never referenced", l.name);
            self.diags.warning(l.span, msg);
        }
    }

    pub(super) fn stmt(&mut self, s: &mut Stmt) {
        let span = s.span;
        match &mut s.kind {
            StmtKind::Empty => {}
            StmtKind::Expr(e) => {
                self.expr(e);
                let useful = matches!(
                    e.kind,
                    ExprKind::Call(..)
                        | ExprKind::Assign(..)
                        | ExprKind::Declare(..)
                        | ExprKind::Send(..)
                        | ExprKind::Unary(
                            UnOp::PreInc
                                | UnOp::PreDec
                                | UnOp::PostInc
                                | UnOp::PostDec
                                | UnOp::Recv,
                            _
                        )
                );
                if matches!(self.types.get(e.ty), Type::Fn(_)) {
                    let msg = format!("function {} not called", self.v(e));
                    self.error(span, msg);
                } else if !useful {
                    let msg = format!("result of expression {} not used", self.v(e));
                    self.diags.warning(span, msg);
                }
            }
            StmtKind::Decl(d) => self.decl(d, super::decls::DeclCtx::Local),
            StmtKind::Block(b) => self.block(b),
            StmtKind::If(c, then, els) => {
                self.cond(c, "if");
                self.stmt(then);
                if let Some(e) = els {
                    self.stmt(e);
                }
            }
            StmtKind::For {
                label,
                init,
                cond,
                step,
                body,
            } => {
                if let Some(i) = init {
                    self.expr(i);
                }
                if let Some(c) = cond {
                    self.cond(c, "for");
                }
                if let Some(st) = step {
                    self.expr(st);
                }
                let label = label.clone();
                self.with_breakable(&label, true, |c| {
                    c.stmt(body);
                });
            }
            StmtKind::While { label, cond, body } => {
                if let Some(c) = cond {
                    self.cond(c, "for");
                }
                let label = label.clone();
                self.with_breakable(&label, true, |c| {
                    c.stmt(body);
                });
            }
            StmtKind::DoWhile { label, body, cond } => {
                let label = label.clone();
                self.with_breakable(&label, true, |c| {
                    c.stmt(body);
                });
                if let Some(c) = cond {
                    self.cond(c, "do");
                }
            }
            StmtKind::Case {
                label,
                subject,
                arms,
            } => {
                let label = label.clone();
                self.case(subject, arms, &label);
            }
            StmtKind::Alt { label, arms } => {
                let label = label.clone();
                self.alt(arms, &label);
            }
            StmtKind::Pick {
                label,
                var,
                subject,
                arms,
                exhaustive,
            } => {
                let label = label.clone();
                let var = var.clone();
                *exhaustive = self.pick(&var, subject, arms, &label);
            }
            StmtKind::Break(target) => {
                let target = target.clone();
                self.jump(true, &target, span);
            }
            StmtKind::Continue(target) => {
                let target = target.clone();
                self.jump(false, &target, span);
            }
            StmtKind::Return(e) => {
                let want = self.fnctx.as_ref().map(|c| c.ret).unwrap_or(TypeId::NONE);
                match e {
                    None => {
                        if want != TypeId::NONE {
                            let msg = format!("return of nothing from a fn of {}", self.show(want));
                            self.error(span, msg);
                        }
                    }
                    Some(e) => {
                        let t = self.expr(e);
                        if want == TypeId::NONE {
                            if t != TypeId::NONE {
                                let msg =
                                    format!("return {} from a fn with no return type", self.q(e));
                                self.error(span, msg);
                            }
                        } else if t == TypeId::NONE || !self.assign_compatible(want, t) {
                            let msg =
                                format!("return {} from a fn of {}", self.q(e), self.show(want));
                            self.error(span, msg);
                        }
                    }
                }
            }
            StmtKind::Spawn(e) => {
                let t = self.expr(e);
                if !matches!(e.kind, ExprKind::Call(..)) {
                    let msg = format!("cannot spawn {}", self.v(e));
                    self.error(span, msg);
                } else if t != TypeId::NONE && !self.types.is_unknown(t) {
                    let msg = format!(
                        "cannot spawn functions which return values, such as {}",
                        self.q(e)
                    );
                    self.error(span, msg);
                }
            }
            StmtKind::Exit => {}
            StmtKind::Raise(e) => match e {
                None => {
                    if self.fnctx.as_ref().is_none_or(|c| c.handlers == 0) {
                        self.error(span, "raise: empty raise not in exception handler");
                    }
                }
                Some(e) => {
                    let t = self.value(e);
                    let handler_var = matches!(&e.kind, ExprKind::Ident(n) if self.fnctx.as_ref().is_some_and(|c| c.handler_vars.contains(n)));
                    if !handler_var
                        && !matches!(
                            self.types.get(t),
                            Type::String | Type::Exception(_) | Type::AnyException | Type::Unknown
                        )
                    {
                        let msg = format!(
                            "raise: raise argument {} is not a string or exception",
                            self.q(e)
                        );
                        self.error(span, msg);
                    }
                }
            },
            StmtKind::Handle { body, var, arms } => {
                self.block(body);
                let var = var.clone();
                self.with_breakable(&None, false, |c| c.handler(&var, arms));
            }
        }
    }

    pub(super) fn jump(&mut self, is_break: bool, target: &Option<Ident>, span: crate::diag::Span) {
        let Some(ctx) = self.fnctx.as_mut() else {
            return;
        };
        let found = ctx.breakables.iter_mut().rev().find(|b| {
            let name_ok = match target {
                Some(t) => b.label.as_ref().is_some_and(|l| l.name == t.name),
                None => true,
            };
            name_ok && (is_break || b.is_loop)
        });
        match found {
            Some(b) => b.referenced |= target.is_some(),
            None => {
                let word = if is_break { "break" } else { "continue" };
                let msg = match target {
                    Some(t) => format!("no appropriate target for {word} {}", t.name),
                    None => format!("no appropriate target for {word}"),
                };
                self.error(span, msg);
            }
        }
    }
}

/// Can control reach the end of this statement list?
pub(crate) fn falls_through(stmts: &[Stmt]) -> bool {
    stmts.iter().all(stmt_falls_through)
}

fn stmt_falls_through(s: &Stmt) -> bool {
    match &s.kind {
        StmtKind::Return(_) | StmtKind::Raise(_) | StmtKind::Exit => false,
        StmtKind::Block(b) => falls_through(b),
        StmtKind::If(_, t, Some(e)) => stmt_falls_through(t) || stmt_falls_through(e),
        StmtKind::For {
            cond: None, body, ..
        }
        | StmtKind::While {
            cond: None, body, ..
        } => contains_break(body),
        StmtKind::While {
            cond: Some(c),
            body,
            ..
        }
        | StmtKind::For {
            cond: Some(c),
            body,
            ..
        } => !(matches!(c.konst, Some(Const::Int(v)) if v != 0)) || contains_break(body),
        StmtKind::DoWhile { body, cond, .. } => {
            let forever = cond
                .as_ref()
                .is_none_or(|c| matches!(c.konst, Some(Const::Int(v)) if v != 0));
            !forever || contains_break(body)
        }
        StmtKind::Case { arms, .. } | StmtKind::Pick { arms, .. } => {
            let covered = match &s.kind {
                StmtKind::Pick { exhaustive, .. } => *exhaustive,
                _ => arms
                    .iter()
                    .any(|a| a.quals.iter().any(|q| matches!(q, Qual::Star(_)))),
            };
            !covered
                || arms
                    .iter()
                    .any(|a| falls_through(&a.body) || a.body.iter().any(contains_break))
        }
        StmtKind::Alt { arms, .. } => arms
            .iter()
            .any(|a| falls_through(&a.body) || a.body.iter().any(contains_break)),
        StmtKind::Handle { body, arms, .. } => {
            falls_through(body) || arms.iter().any(|a| falls_through(&a.body))
        }
        _ => true,
    }
}

/// Does a `break` in this statement leave the statement it belongs to? An
/// unlabelled `break` inside a nested loop, case, alt, pick or handler arm
/// leaves only that nested statement; a labelled one leaves unless it names a
/// nested statement.
fn contains_break(s: &Stmt) -> bool {
    breaks_out(s, &mut Vec::new(), false)
}

fn breaks_out(s: &Stmt, inner: &mut Vec<String>, nested: bool) -> bool {
    let within = |body: &[Stmt], label: &Option<Ident>, inner: &mut Vec<String>| {
        inner.extend(label.iter().map(|l| l.name.clone()));
        let r = body.iter().any(|x| breaks_out(x, inner, true));
        if label.is_some() {
            inner.pop();
        }
        r
    };
    match &s.kind {
        StmtKind::Break(None) => !nested,
        StmtKind::Break(Some(l)) => !inner.contains(&l.name),
        StmtKind::Block(b) => b.iter().any(|x| breaks_out(x, inner, nested)),
        StmtKind::Handle { body, arms, .. } => {
            body.iter().any(|x| breaks_out(x, inner, nested))
                || arms.iter().any(|a| within(&a.body, &None, inner))
        }
        StmtKind::If(_, t, e) => {
            breaks_out(t, inner, nested)
                || e.as_deref().is_some_and(|e| breaks_out(e, inner, nested))
        }
        StmtKind::For { label, body, .. }
        | StmtKind::While { label, body, .. }
        | StmtKind::DoWhile { label, body, .. } => within(std::slice::from_ref(body), label, inner),
        StmtKind::Case { label, arms, .. }
        | StmtKind::Alt { label, arms }
        | StmtKind::Pick { label, arms, .. } => {
            inner.extend(label.iter().map(|l| l.name.clone()));
            let r = arms
                .iter()
                .any(|a| a.body.iter().any(|x| breaks_out(x, inner, true)));
            if label.is_some() {
                inner.pop();
            }
            r
        }
        _ => false,
    }
}
