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

/// Can control reach the end of this statement list? As the original decides
/// it on the code it generates: a statement after one that never completes is
/// unreachable, and so is every `break` and `continue` in it; an `if` with a
/// constant condition is only its chosen branch; a loop whose condition is a
/// nonzero constant (or absent) ends only through a reachable `break`.
pub(crate) fn falls_through(stmts: &[Stmt]) -> bool {
    Flow::default().list(stmts)
}

/// A statement that `break` may leave (and, for a loop, `continue` repeat),
/// and whether a reachable `break` or `continue` names it.
struct Target<'a> {
    label: Option<&'a str>,
    is_loop: bool,
    broken: bool,
    continued: bool,
}

/// The statements enclosing the one being followed, innermost last.
#[derive(Default)]
struct Flow<'a> {
    targets: Vec<Target<'a>>,
}

/// The value of a constant int condition.
fn constant(c: &Expr) -> Option<i64> {
    match c.konst {
        Some(Const::Int(v)) => Some(v),
        _ => None,
    }
}

impl<'a> Flow<'a> {
    fn list(&mut self, stmts: &'a [Stmt]) -> bool {
        stmts.iter().all(|s| self.completes(s))
    }

    /// Follows `f` inside a target; gives what `f` gives and the target.
    fn within<R>(
        &mut self,
        label: &'a Option<Ident>,
        is_loop: bool,
        f: impl FnOnce(&mut Self) -> R,
    ) -> (R, Target<'a>) {
        self.targets.push(Target {
            label: label.as_ref().map(|l| l.name.as_str()),
            is_loop,
            broken: false,
            continued: false,
        });
        let r = f(self);
        let t = self.targets.pop().expect("target pushed above");
        (r, t)
    }

    /// The innermost target a `break` (or a `continue`) with this label leaves.
    fn target(&mut self, label: &Option<Ident>, loops_only: bool) -> Option<&mut Target<'a>> {
        self.targets.iter_mut().rev().find(|t| {
            (!loops_only || t.is_loop)
                && label
                    .as_ref()
                    .is_none_or(|l| t.label == Some(l.name.as_str()))
        })
    }

    /// A loop that runs its body while `cond` holds; `once` for a do-while,
    /// whose condition is tested after the body.
    fn repeats(
        &mut self,
        label: &'a Option<Ident>,
        cond: Option<&Expr>,
        body: &'a Stmt,
        once: bool,
    ) -> bool {
        let value = cond.map_or(Some(1), constant);
        if value == Some(0) && !once {
            return true;
        }
        let (ends, t) = self.within(label, true, |f| f.completes(body));
        t.broken
            || match (once, value) {
                (false, None) => true,
                (false, Some(_)) => false,
                (true, Some(v)) if v != 0 => false,
                (true, _) => ends || t.continued,
            }
    }

    /// Arms each entered when chosen; `covered` when no value skips them all.
    fn arms(&mut self, label: &'a Option<Ident>, arms: &'a [Arm], covered: bool) -> bool {
        let (ends, t) = self.within(label, false, |f| {
            // every arm is followed, for the breaks and continues in it
            let mut ends = false;
            for a in arms {
                ends |= f.list(&a.body);
            }
            ends
        });
        !covered || ends || t.broken
    }

    fn completes(&mut self, s: &'a Stmt) -> bool {
        match &s.kind {
            StmtKind::Return(_) | StmtKind::Raise(_) | StmtKind::Exit => false,
            StmtKind::Break(label) | StmtKind::Continue(label) => {
                let is_break = matches!(s.kind, StmtKind::Break(_));
                if let Some(t) = self.target(label, !is_break) {
                    if is_break {
                        t.broken = true;
                    } else {
                        t.continued = true;
                    }
                }
                false
            }
            StmtKind::Block(b) => self.list(b),
            StmtKind::If(c, t, e) => match constant(c) {
                Some(0) => e.as_deref().is_none_or(|e| self.completes(e)),
                Some(_) => self.completes(t),
                None => {
                    let then = self.completes(t);
                    e.as_deref().is_none_or(|e| self.completes(e)) || then
                }
            },
            StmtKind::For {
                label, cond, body, ..
            }
            | StmtKind::While { label, cond, body } => {
                self.repeats(label, cond.as_deref(), body, false)
            }
            StmtKind::DoWhile { label, body, cond } => {
                self.repeats(label, cond.as_deref(), body, true)
            }
            StmtKind::Case { label, arms, .. } => {
                let wild = arms
                    .iter()
                    .any(|a| a.quals.iter().any(|q| matches!(q, Qual::Star(_))));
                self.arms(label, arms, wild)
            }
            StmtKind::Pick {
                label,
                arms,
                exhaustive,
                ..
            } => self.arms(label, arms, *exhaustive),
            StmtKind::Alt { label, arms } => self.arms(label, arms, true),
            StmtKind::Handle { body, arms, .. } => {
                let body = self.list(body);
                self.arms(&None, arms, true) || body
            }
            _ => true,
        }
    }
}
