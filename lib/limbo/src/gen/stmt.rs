//! Statements: control flow with labels, `case` and `pick` through switch
//! tables in module data, exception handlers, `return`, `raise`, `spawn`, `exit`.

use super::func::{Breakable, Func, REGRET};
use super::layout::Class;
use super::{span_key, unsupported, Label, Result, TableWord};
use crate::ast::{Arm, DeclKind, Expr, ExprKind, Qual, Stmt, StmtKind};
use crate::check::VarId;
use crate::types::{Type, TypeId};
use crate::value::Const;
use dis::isa::Opcode;
use dis::object::Operand;

impl Func<'_, '_> {
    pub fn stmts(&mut self, body: &[Stmt]) -> Result<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<()> {
        self.release_temps();
        self.g.cur_span = s.span;
        self.stmt_kind(s)?;
        if matches!(
            s.kind,
            StmtKind::Return(_) | StmtKind::Exit | StmtKind::Raise(_)
        ) {
            // control never falls through: the frame dies or a handler releases them
            self.take_dirty();
        }
        self.release_temps();
        Ok(())
    }

    fn stmt_kind(&mut self, s: &Stmt) -> Result<()> {
        match &s.kind {
            StmtKind::Empty => {}
            StmtKind::Expr(e) => self.effect(e)?,
            StmtKind::Decl(d) => self.local_decl(d)?,
            StmtKind::Block(b) => {
                let outer = self.g.enter_block();
                let r = self.stmts(b);
                self.g.cur_block = outer;
                r?
            }
            StmtKind::If(c, then, other) => {
                let els = self.g.new_label();
                self.cond(c, false, els)?;
                let pending = self.noticed(&self.dirty_words());
                let taken = constant(c);
                self.branch(then, taken == Some(0))?;
                match other {
                    Some(o) => {
                        let end = self.g.new_label();
                        self.g.jmp(end);
                        self.g.place(els);
                        self.nil_words(&pending);
                        self.branch(o, taken.is_some_and(|v| v != 0))?;
                        self.g.place(end);
                    }
                    None => {
                        self.g.place(els);
                        self.nil_words(&pending);
                    }
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
                    self.effect(i)?;
                }
                self.release_temps();
                let top = self.g.new_label();
                let cont = self.g.new_label();
                let brk = self.g.new_label();
                self.g.place(top);
                if let Some(c) = cond {
                    self.cond(c, false, brk)?;
                }
                let pending = self.noticed(&self.dirty_words());
                let never = cond.as_deref().and_then(constant) == Some(0);
                self.unreachable_if(never, |f| {
                    f.in_loop(label, brk, Some(cont), body)?;
                    f.g.place(cont);
                    f.release_temps();
                    if let Some(st) = step {
                        f.effect(st)?;
                    }
                    f.release_temps();
                    Ok(())
                })?;
                self.g.jmp(top);
                self.g.place(brk);
                self.nil_words(&pending);
            }
            StmtKind::While { label, cond, body } => {
                let top = self.g.new_label();
                let brk = self.g.new_label();
                self.g.place(top);
                if let Some(c) = cond {
                    self.cond(c, false, brk)?;
                }
                let pending = self.noticed(&self.dirty_words());
                let never = cond.as_deref().and_then(constant) == Some(0);
                self.unreachable_if(never, |f| f.in_loop(label, brk, Some(top), body))?;
                self.g.jmp(top);
                self.g.place(brk);
                self.nil_words(&pending);
            }
            StmtKind::DoWhile { label, body, cond } => {
                let top = self.g.new_label();
                let cont = self.g.new_label();
                let brk = self.g.new_label();
                self.g.place(top);
                self.in_loop(label, brk, Some(cont), body)?;
                self.g.place(cont);
                self.release_temps();
                match cond {
                    Some(c) => {
                        // the jump back must drop the condition's temporaries too
                        let back = self.g.new_label();
                        self.cond(c, true, back)?;
                        let pending = self.take_dirty();
                        let noticed = self.noticed(&pending);
                        self.nil_words(&pending);
                        if noticed.is_empty() {
                            self.g.place_with(back, top);
                        } else {
                            self.g.jmp(brk);
                            self.g.place(back);
                            self.nil_words(&noticed);
                            self.g.jmp(top);
                        }
                    }
                    None => self.g.jmp(top),
                }
                self.g.place(brk);
            }
            StmtKind::Break(label) => {
                let l = self.find_breakable(label.as_ref().map(|l| l.name.as_str()), false);
                match l {
                    Some(l) => self.g.jmp(l),
                    None => return unsupported(s.span, "break outside a loop"),
                }
            }
            StmtKind::Continue(label) => {
                let l = self.find_breakable(label.as_ref().map(|l| l.name.as_str()), true);
                match l {
                    Some(l) => self.g.jmp(l),
                    None => return unsupported(s.span, "continue outside a loop"),
                }
            }
            StmtKind::Return(e) => {
                if let Some(e) = e {
                    let place = Operand::IndFp(REGRET, 0);
                    self.value_to(e, place)?;
                }
                self.g
                    .emit(Opcode::Ret, Operand::None, Operand::None, Operand::None);
            }
            StmtKind::Exit => {
                self.g
                    .emit(Opcode::Exit, Operand::None, Operand::None, Operand::None);
            }
            StmtKind::Spawn(e) => self.spawn(e)?,
            StmtKind::Raise(e) => {
                let rethrown = e.as_ref().and_then(|e| e.var).and_then(|v| {
                    self.handler_vars
                        .iter()
                        .find(|(h, _)| *h == v)
                        .map(|(_, slot)| *slot)
                });
                let v = match e {
                    // `raise e` in a handler arm raises the exception caught, not the values
                    Some(_) if rethrown.is_some() => rethrown.unwrap_or(Operand::None),
                    Some(e) => self.value(e)?,
                    None => match self.caught.last() {
                        Some(v) => *v,
                        None => return unsupported(s.span, "raise outside a handler"),
                    },
                };
                self.g.emit(Opcode::Raise, v, Operand::None, Operand::None);
            }
            StmtKind::Case {
                label,
                subject,
                arms,
            } => self.case(label, subject, arms)?,
            StmtKind::Pick {
                label,
                var,
                subject,
                arms,
                ..
            } => self.pick(label, var, subject, arms)?,
            StmtKind::Handle { body, var, arms } => self.handle(body, var, arms)?,
            StmtKind::Alt { label, arms } => self.alt(label, arms)?,
        }
        Ok(())
    }

    /// A branch of an `if`, `dead` when its condition is constant and never takes it.
    fn branch(&mut self, s: &Stmt, dead: bool) -> Result<()> {
        self.unreachable_if(dead, |f| f.stmt(s))
    }

    fn in_loop(
        &mut self,
        label: &Option<crate::ast::Ident>,
        brk: Label,
        cont: Option<Label>,
        body: &Stmt,
    ) -> Result<()> {
        self.breakables.push(Breakable {
            label: label.as_ref().map(|l| l.name.clone()),
            brk,
            cont,
        });
        let r = self.stmt(body);
        self.breakables.pop();
        r
    }

    fn find_breakable(&self, label: Option<&str>, cont: bool) -> Option<Label> {
        self.breakables
            .iter()
            .rev()
            .filter(|b| !cont || b.cont.is_some())
            .find(|b| label.is_none() || b.label.as_deref() == label)
            .and_then(|b| if cont { b.cont } else { Some(b.brk) })
    }

    /// The next variable declared by the name at this span (pick and handler arms
    /// declare one each under the same name).
    fn claim(&mut self, span: crate::diag::Span) -> Option<VarId> {
        let vs = self.g.var_by_span.get(&span_key(span))?.clone();
        let v = vs.into_iter().find(|v| !self.claimed.contains(v))?;
        self.claimed.push(v);
        Some(v)
    }

    fn local_decl(&mut self, d: &crate::ast::Decl) -> Result<()> {
        // `Record: import cfg;` in a function: Record's member functions go through cfg
        if let DeclKind::Import { names, from } = &d.kind {
            if let Some(v) = from.var {
                let names = names.iter().map(|n| (n.name.clone(), v));
                self.g.imported_from.extend(names);
            }
        }
        if let DeclKind::Var { names, init, .. } = &d.kind {
            for n in names {
                let Some(v) = self
                    .g
                    .var_by_span
                    .get(&span_key(n.span))
                    .and_then(|v| v.first().copied())
                else {
                    continue;
                };
                let Some(place) = self.slot(v) else {
                    continue;
                };
                let t = self.g.var(v).ty;
                match init {
                    Some(e) => self.value_to(e, place)?,
                    None => self.zero(t, place),
                }
            }
        }
        Ok(())
    }

    /// Set a variable to its zero value.
    fn zero(&mut self, t: TypeId, place: Operand) {
        match self.class(t) {
            Class::Ptr => {
                let nil = self.g.mp.nil();
                self.g.emit(Opcode::Movp, nil, Operand::None, place);
            }
            Class::Byte => {
                self.g
                    .emit(Opcode::Movb, Operand::Imm(0), Operand::None, place);
            }
            Class::Word => {
                self.g
                    .emit(Opcode::Movw, Operand::Imm(0), Operand::None, place);
            }
            Class::Big => {
                let z = self.g.mp.big(0);
                self.g.emit(Opcode::Movl, z, Operand::None, place);
            }
            Class::Real => {
                let z = self.g.mp.real(0.0);
                self.g.emit(Opcode::Movf, z, Operand::None, place);
            }
            Class::Block | Class::None => {}
        }
    }

    fn case(
        &mut self,
        label: &Option<crate::ast::Ident>,
        subject: &Expr,
        arms: &[Arm],
    ) -> Result<()> {
        let class = self.class(subject.ty);
        let v = self.value(subject)?;
        // a member of an object a temporary holds is copied out, so the object can
        // go now; the subject's own temporary is left set, as the original leaves it
        // (its release follows the switch, where no path reaches), holding no more
        // than the subject's value
        let v = match v {
            Operand::IndFp(f, _) if !self.is_slot(f) => {
                let t = self.temp(subject.ty);
                self.mov(subject.ty, v, t);
                t
            }
            v => v,
        };
        self.release_all_but(v);
        let brk = self.g.new_label();
        let mut entries: Vec<(Const, Const, Label)> = Vec::new();
        let mut default = None;
        let mut arm_labels = Vec::new();
        for arm in arms {
            let l = self.g.new_label();
            arm_labels.push(l);
            for q in &arm.quals {
                match q {
                    Qual::Star(_) => default = Some(l),
                    Qual::Expr(e) => {
                        let Some(c) = e.konst.clone() else {
                            return unsupported(e.span, "a non-constant case label");
                        };
                        entries.push((c.clone(), c, l));
                    }
                    Qual::Range(a, b) => {
                        let (Some(ca), Some(cb)) = (a.konst.clone(), b.konst.clone()) else {
                            return unsupported(a.span, "a non-constant case range");
                        };
                        entries.push((ca, cb, l));
                    }
                }
            }
        }
        let dflt = default.unwrap_or(brk);
        match class {
            Class::Word | Class::Byte => {
                let mut es: Vec<(i64, i64, Label)> = entries
                    .iter()
                    .map(|(a, b, l)| (a.as_int().unwrap_or(0), b.as_int().unwrap_or(0), *l))
                    .collect();
                es.sort_by_key(|e| e.0);
                let mut words = vec![TableWord::Word(es.len() as i32)];
                for (a, b, l) in es {
                    words.push(TableWord::Word(a as i32));
                    words.push(TableWord::Word((b + 1) as i32));
                    words.push(TableWord::Label(l));
                }
                words.push(TableWord::Label(dflt));
                let off = self.g.mp.table(words);
                let v = if class == Class::Byte {
                    let w = self.temp(TypeId::INT);
                    self.g.emit(Opcode::Cvtbw, v, Operand::None, w);
                    w
                } else {
                    v
                };
                self.g
                    .emit(Opcode::Case, v, Operand::None, Operand::Mp(off as i32));
            }
            Class::Big => {
                let mut es: Vec<(i64, i64, Label)> = entries
                    .iter()
                    .map(|(a, b, l)| (a.as_int().unwrap_or(0), b.as_int().unwrap_or(0), *l))
                    .collect();
                es.sort_by_key(|e| e.0);
                let mut words = vec![TableWord::Word(es.len() as i32), TableWord::Word(0)];
                for (a, b, l) in es {
                    words.push(TableWord::Big(a));
                    words.push(TableWord::Big(b.wrapping_add(1)));
                    words.push(TableWord::Label(l));
                    words.push(TableWord::Word(0));
                }
                words.push(TableWord::Label(dflt));
                let off = self.g.mp.table(words);
                self.g
                    .emit(Opcode::Casel, v, Operand::None, Operand::Mp(off as i32));
            }
            Class::Ptr => {
                let str_of = |c: &Const| match c {
                    Const::Str(s) => s.clone(),
                    _ => String::new(),
                };
                let mut es: Vec<(String, Option<String>, Label)> = entries
                    .iter()
                    .map(|(a, b, l)| {
                        let (a, b) = (str_of(a), str_of(b));
                        let hi = if a == b { None } else { Some(b) };
                        (a, hi, *l)
                    })
                    .collect();
                es.sort_by(|x, y| x.0.cmp(&y.0));
                let mut words = vec![TableWord::Word(es.len() as i32)];
                for (a, b, l) in es {
                    words.push(TableWord::Str(Some(a)));
                    words.push(TableWord::Str(b));
                    words.push(TableWord::Label(l));
                }
                words.push(TableWord::Label(dflt));
                let off = self.g.mp.table(words);
                self.g
                    .emit(Opcode::Casec, v, Operand::None, Operand::Mp(off as i32));
            }
            _ => return unsupported(subject.span, "case on this type"),
        }
        self.take_dirty();
        self.breakables.push(Breakable {
            label: label.as_ref().map(|l| l.name.clone()),
            brk,
            cont: None,
        });
        for (arm, l) in arms.iter().zip(arm_labels) {
            self.g.place(l);
            self.arm(&arm.body, brk)?;
        }
        self.breakables.pop();
        self.g.place(brk);
        Ok(())
    }

    /// Set to nil the temporaries' pointer words written since the last release,
    /// except the word `v` itself.
    fn release_all_but(&mut self, v: Operand) {
        let dirty = self.take_dirty();
        let (kept, released): (Vec<Operand>, Vec<Operand>) =
            dirty.into_iter().partition(|w| *w == v);
        self.nil_words(&released);
        for w in kept {
            self.mark_dirty(w, &[0]);
        }
    }

    /// One arm of a `case`, `pick` or `alt`, ending with a jump to `brk`; on an
    /// error the statement's own breakable is dropped before the error returns.
    pub(super) fn arm(&mut self, body: &[Stmt], brk: Label) -> Result<()> {
        if let Err(e) = self.stmts(body) {
            self.breakables.pop();
            return Err(e);
        }
        self.g.jmp(brk);
        Ok(())
    }

    fn pick(
        &mut self,
        label: &Option<crate::ast::Ident>,
        var: &crate::ast::Ident,
        subject: &Expr,
        arms: &[Arm],
    ) -> Result<()> {
        let Type::Ref(inner) = self.g.types.get(subject.ty).clone() else {
            return unsupported(subject.span, "pick on a non-ref");
        };
        let Type::Adt(a, _) = self.g.types.get(inner).clone() else {
            return unsupported(subject.span, "pick on a non-adt");
        };
        let info = self.g.types.adt(a).clone();
        // the arms' variables share one slot: the subject goes there once, as the
        // original puts it; only when no arm uses its variable is it a temporary,
        // set to nil at each arm's start
        let shared = self
            .g
            .var_by_span
            .get(&span_key(var.span))
            .and_then(|vs| vs.first().copied())
            .and_then(|v| self.slot(v));
        let subj = match shared {
            Some(slot) => slot,
            None => self.temp(subject.ty),
        };
        self.value_to(subject, subj)?;
        self.release_all_but(subj);
        let tag = self.deref(subj, 0);
        let brk = self.g.new_label();
        let mut entries: Vec<(i64, Label)> = Vec::new();
        let mut default = None;
        let mut arm_labels = Vec::new();
        for arm in arms {
            let l = self.g.new_label();
            arm_labels.push(l);
            for q in &arm.quals {
                match q {
                    Qual::Star(_) => default = Some(l),
                    Qual::Expr(e) => {
                        let name = match &e.kind {
                            ExprKind::Ident(n) => n.clone(),
                            _ => return unsupported(e.span, "this pick label"),
                        };
                        if let Some(i) = info.tags.iter().position(|(n, _)| *n == name) {
                            entries.push((i as i64, l));
                        }
                    }
                    Qual::Range(..) => return unsupported(arm.span, "pick ranges"),
                }
            }
        }
        entries.sort_by_key(|e| e.0);
        let mut words = vec![TableWord::Word(entries.len() as i32)];
        for (t, l) in &entries {
            words.push(TableWord::Word(*t as i32));
            words.push(TableWord::Word(*t as i32 + 1));
            words.push(TableWord::Label(*l));
        }
        // when the arms name every tag no default is needed: the original writes -1
        let every_tag = entries.len() == info.tags.len();
        words.push(match default {
            Some(l) => TableWord::Label(l),
            None if every_tag => TableWord::Word(-1),
            None => TableWord::Label(brk),
        });
        let off = self.g.mp.table(words);
        self.g
            .emit(Opcode::Case, tag, Operand::None, Operand::Mp(off as i32));
        let pending = self.take_dirty();
        self.breakables.push(Breakable {
            label: label.as_ref().map(|l| l.name.clone()),
            brk,
            cont: None,
        });
        for (arm, l) in arms.iter().zip(arm_labels) {
            self.g.place(l);
            self.claim(var.span);
            self.nil_words(&pending);
            self.arm(&arm.body, brk)?;
        }
        self.breakables.pop();
        self.g.place(brk);
        self.nil_words(&pending);
        Ok(())
    }

    fn handle(
        &mut self,
        body: &[Stmt],
        var: &Option<crate::ast::Ident>,
        arms: &[Arm],
    ) -> Result<()> {
        let start = self.g.new_label();
        let end = self.g.new_label();
        let done = self.g.new_label();
        // the exception lands in the handler's variable, when it holds the exception
        let own = var
            .as_ref()
            .and_then(|v| self.g.var_by_span.get(&span_key(v.span)))
            .and_then(|vs| vs.first().copied())
            .filter(|&v| {
                matches!(
                    self.g.types.get(self.g.var(v).ty),
                    Type::Exception(_) | Type::AnyException | Type::String
                )
            })
            .and_then(|v| self.slot(v));
        let eslot = match own {
            Some(slot) => slot,
            None => self.handler_temp(),
        };
        self.g.place(start);
        self.stmts(body)?;
        self.g.place(end);
        self.g.jmp(done);
        let mut labels = Vec::new();
        let mut declared = Vec::new();
        let mut wildcard = None;
        // the exception may have left any temporary holding a reference
        let stale = self.all_temp_words();
        for arm in arms {
            let l = self.g.new_label();
            self.g.place(l);
            self.nil_words(&stale);
            for q in &arm.quals {
                match q {
                    Qual::Star(_) => wildcard = Some(l),
                    Qual::Expr(e) => match (&e.konst, self.exception_label(e)) {
                        (Some(Const::Str(s)), _) => labels.push((s.clone(), l)),
                        (_, Some(name)) => declared.push((name, l)),
                        _ => return unsupported(e.span, "this exception label"),
                    },
                    Qual::Range(a, _) => return unsupported(a.span, "exception ranges"),
                }
            }
            if let Some(v) = var {
                if let Some(vid) = self.claim(v.span) {
                    self.handler_vars.push((vid, eslot));
                    if let Some(place) = self.slot(vid) {
                        let vt = self.g.var(vid).ty;
                        let declared_arm = arm.quals.iter().any(|q| {
                            matches!(q, Qual::Expr(e) if e.konst.is_none() && self.exception_label(e).is_some())
                        });
                        let opaque = matches!(
                            self.g.types.get(vt),
                            Type::Exception(_) | Type::AnyException
                        );
                        if !declared_arm || opaque {
                            if place != eslot {
                                self.g.emit(Opcode::Movp, eslot, Operand::None, place);
                            }
                        } else {
                            // a declared exception's values, from offset 8 of its object
                            let values = self.deref(eslot, 8);
                            self.mov(vt, values, place);
                        }
                    }
                }
            }
            self.caught.push(eslot);
            // an unlabelled break in a handler arm leaves the exception statement
            self.breakables.push(Breakable {
                label: None,
                brk: done,
                cont: None,
            });
            let r = self.stmts(&arm.body);
            self.breakables.pop();
            self.caught.pop();
            r?;
            self.g.jmp(done);
        }
        self.g.place(done);
        // the exception (a declared one may carry references) is not kept either
        self.nil_words(&[eslot]);
        let Operand::Fp(eoff) = eslot else {
            return unsupported(crate::diag::Span::default(), "exception slot");
        };
        // the original lists string labels in descending byte order (an exact
        // string before the patterns it starts)
        labels.sort_by(|a, b| b.0.cmp(&a.0));
        let ne = declared.len() as i32;
        declared.extend(labels);
        self.g.add_handler(eoff, start, end, ne, declared, wildcard);
        Ok(())
    }
}

/// The value of an int condition known when compiling.
fn constant(c: &Expr) -> Option<i64> {
    match c.konst {
        Some(Const::Int(v)) => Some(v),
        _ => None,
    }
}
