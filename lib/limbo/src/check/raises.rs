//! The `raises` clause of a function definition against the declared exceptions
//! its body can let escape (raised and not caught by a handler around them).
//! Mismatches are warnings, as in the original.

use super::Checker;
use crate::ast::*;
use crate::types::Type;

/// The name of the declared exception a `raise` expression raises, if it raises one.
fn raised_name(c: &Checker<'_>, e: &Expr) -> Option<String> {
    let callee = match &e.kind {
        ExprKind::Call(f, _) => f,
        _ => e,
    };
    if !matches!(c.types.get(callee.ty), Type::Exception(_)) {
        return None;
    }
    match &callee.kind {
        ExprKind::Ident(n) => Some(n.clone()),
        ExprKind::Arrow(_, n) => Some(n.name.clone()),
        _ => None,
    }
}

/// The declared exceptions an arm's qualifiers name; None when the arm has `*`.
fn arm_catches(arm: &Arm) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for q in &arm.quals {
        match q {
            Qual::Star(_) => return None,
            Qual::Expr(e) => match &e.kind {
                ExprKind::Ident(n) if e.konst.is_none() => names.push(n.clone()),
                ExprKind::Arrow(_, n) => names.push(n.name.clone()),
                _ => {}
            },
            Qual::Range(..) => {}
        }
    }
    Some(names)
}

fn merge(into: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        if !into.contains(&m) {
            into.push(m);
        }
    }
}

impl Checker<'_> {
    /// Declared exceptions that can escape `stmts`. `rethrown` is what a bare
    /// `raise;` raises there (the exceptions of the handler arm around it).
    fn escaping(
        &self,
        stmts: &[Stmt],
        rethrown: &[String],
        handler_var: Option<&str>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for s in stmts {
            merge(&mut out, self.escaping_stmt(s, rethrown, handler_var));
        }
        out
    }

    fn escaping_stmt(
        &self,
        s: &Stmt,
        rethrown: &[String],
        handler_var: Option<&str>,
    ) -> Vec<String> {
        let one = |st: &Stmt| self.escaping_stmt(st, rethrown, handler_var);
        match &s.kind {
            StmtKind::Raise(None) => rethrown.to_vec(),
            StmtKind::Raise(Some(e)) => match &e.kind {
                ExprKind::Ident(n) if Some(n.as_str()) == handler_var => rethrown.to_vec(),
                _ => raised_name(self, e).into_iter().collect(),
            },
            StmtKind::Block(b) => self.escaping(b, rethrown, handler_var),
            StmtKind::If(_, t, e) => {
                let mut out = one(t);
                if let Some(e) = e {
                    merge(&mut out, one(e));
                }
                out
            }
            StmtKind::For { body, .. }
            | StmtKind::While { body, .. }
            | StmtKind::DoWhile { body, .. } => one(body),
            StmtKind::Case { arms, .. }
            | StmtKind::Alt { arms, .. }
            | StmtKind::Pick { arms, .. } => {
                let mut out = Vec::new();
                for a in arms {
                    merge(&mut out, self.escaping(&a.body, rethrown, handler_var));
                }
                out
            }
            StmtKind::Handle { body, var, arms } => {
                let caught: Option<Vec<String>> = arms
                    .iter()
                    .map(arm_catches)
                    .collect::<Option<Vec<_>>>()
                    .map(|v| v.concat());
                let mut out: Vec<String> = self
                    .escaping(body, rethrown, handler_var)
                    .into_iter()
                    .filter(|e| caught.as_ref().is_some_and(|c| !c.contains(e)))
                    .collect();
                for a in arms {
                    let again = arm_catches(a).unwrap_or_default();
                    merge(
                        &mut out,
                        self.escaping(&a.body, &again, var.as_ref().map(|v| v.name.as_str())),
                    );
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// Warn where a function's `raises` clause and its body disagree.
    pub(super) fn check_raises(&mut self, f: &FnDef, declared: &[String]) {
        let name = f
            .name
            .iter()
            .map(|(n, _)| n.name.clone())
            .collect::<Vec<_>>()
            .join(".");
        let raised = self.escaping(&f.body, &[], None);
        for d in declared {
            if !raised.contains(d) {
                let msg = format!("function {name} does not raise {d} but declared");
                self.diags.warning(f.span, msg);
            }
        }
        for r in &raised {
            if !declared.contains(r) {
                let msg = format!("function {name} raises {r} but not declared");
                self.diags.warning(f.span, msg);
            }
        }
    }
}
