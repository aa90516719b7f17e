//! Calls: functions of this module (`frame`/`call`), functions of loaded modules
//! (`mframe`/`mcall`, or a frame of the caller's own for variadic built-ins),
//! member functions with their implicit `self`, constructors, and `spawn`.

use super::expr::is_type_expr;
use super::func::{offset, param_offsets, Func, FIRST_ARG, REGRET};
use super::layout;
use super::{unsupported, Fix, Result, Slot};
use crate::ast::{Expr, ExprKind};
use crate::types::{FnType, ModId, Type, TypeId};
use dis::isa::Opcode;
use dis::object::Operand;

/// Whom a call goes to.
enum Callee {
    /// A function of this module, by index.
    Local(usize),
    /// A function of a module reached through a module value.
    Module { module: ModId, modref: Operand, name: String },
}

impl Func<'_, '_> {
    /// Generate a call (or construction); the result goes to `dst` when given.
    pub fn call(&mut self, e: &Expr, dst: Option<Operand>) -> Result<()> {
        let ExprKind::Call(callee, args) = &e.kind else {
            return unsupported(e.span, "this call");
        };
        let ct = callee.ty;
        let ft = match self.g.types.get(ct).clone() {
            Type::Fn(f) => *f,
            Type::Exception(_) => return unsupported(e.span, "exception values"),
            _ => {
                // a constructor: `T(args)` or a conversion written as a call
                let t = e.ty;
                let tmp = match dst {
                    Some(d @ (Operand::Fp(_) | Operand::Mp(_))) => d,
                    _ => self.temp(t),
                };
                if matches!(self.g.types.get(t), Type::Adt(..) | Type::Variant(..) | Type::Tuple(_)) {
                    self.construct_into(t, args, tmp)?;
                } else if let Some(a) = args.first() {
                    self.value_to(a, tmp)?;
                }
                if let Some(d) = dst {
                    self.mov(t, tmp, d);
                }
                return Ok(());
            }
        };
        let mut all_args: Vec<&Expr> = Vec::new();
        let target = match &callee.kind {
            ExprKind::Ident(name) if callee.var.is_none() => match callee.via {
                Some(mv) => {
                    let Type::Module(m) = self.g.types.get(self.g.var(mv).ty).clone() else {
                        return unsupported(e.span, "an import from a non-module");
                    };
                    let modref = self.var_place(mv, e)?;
                    Callee::Module {
                        module: m,
                        modref,
                        name: name.clone(),
                    }
                }
                None => match self.g.function_index(name) {
                    Some(i) => Callee::Local(i),
                    None => return unsupported(e.span, "a call of an undefined function"),
                },
            },
            ExprKind::Arrow(m, name) => {
                let Type::Module(mid) = self.g.types.get(m.ty).clone() else {
                    return unsupported(e.span, "-> on a non-module");
                };
                let modref = self.value(m)?;
                Callee::Module {
                    module: mid,
                    modref,
                    name: name.name.clone(),
                }
            }
            ExprKind::Dot(base, name) => {
                let (adt_t, is_value) = if is_type_expr(self.g.types, base) {
                    (base.ty, false)
                } else {
                    let inner = match self.g.types.get(base.ty).clone() {
                        Type::Ref(i) => i,
                        _ => base.ty,
                    };
                    (inner, true)
                };
                let a = match self.g.types.get(adt_t).clone() {
                    Type::Adt(a, _) | Type::Variant(a, _, _) => a,
                    _ => return unsupported(e.span, "calls through fn references"),
                };
                if is_value && ft.params.first().is_some_and(|p| p.is_self) {
                    all_args.push(base);
                }
                let info = self.g.types.adt(a).clone();
                let fname = format!("{}.{}", info.name, name.name);
                match (self.g.function_index(&fname), info.module) {
                    (Some(i), _) => Callee::Local(i),
                    _ => return unsupported(e.span, "member functions of other modules"),
                }
            }
            _ => return unsupported(e.span, "calls through fn references"),
        };
        all_args.extend(args.iter());
        self.emit_call(e, &ft, target, &all_args, dst, false)
    }

    fn var_place(&mut self, v: crate::check::VarId, e: &Expr) -> Result<Operand> {
        if let Some(op) = self.slot(v) {
            return Ok(op);
        }
        if let Some(op) = self.g.mp.global(v) {
            return Ok(op);
        }
        unsupported(e.span, "this module variable")
    }

    fn emit_call(
        &mut self,
        e: &Expr,
        ft: &FnType,
        target: Callee,
        args: &[&Expr],
        dst: Option<Operand>,
        spawn: bool,
    ) -> Result<()> {
        // arguments that call are evaluated before the frame exists
        let mut ready: Vec<Option<Operand>> = Vec::new();
        for a in args {
            if contains_call(a) {
                let v = self.value(a)?;
                ready.push(Some(v));
            } else {
                ready.push(None);
            }
        }
        let mut types: Vec<TypeId> = ft.params.iter().map(|p| p.ty).collect();
        if ft.varargs {
            types.extend(args.iter().skip(ft.params.len()).map(|a| a.ty));
        }
        let (offs, end) = param_offsets(self.g, &types);
        let frame = self.addr_temp();
        match &target {
            Callee::Local(i) => {
                let pc = self
                    .g
                    .emit(Opcode::Frame, Operand::Imm(0), Operand::None, frame);
                self.g.fix(pc, Slot::Src, Fix::FnDesc(*i));
            }
            Callee::Module {
                module,
                modref,
                name,
            } => {
                if ft.varargs {
                    let mut ptrs = Vec::new();
                    for (t, off) in types.iter().zip(&offs) {
                        layout::pointers(self.g.types, *t, *off, &mut ptrs);
                    }
                    let d = self.g.desc(layout::round(end, 8), &ptrs);
                    self.g
                        .emit(Opcode::Frame, Operand::Imm(d), Operand::None, frame);
                } else {
                    let pc = self.g.emit(Opcode::Mframe, *modref, Operand::Imm(0), frame);
                    self.g.fix(pc, Slot::Mid, Fix::Entry(*module, name.clone()));
                }
                let fty = self.member_type(*module, name, e)?;
                self.g.use_import(*module, name, fty);
            }
        }
        let Operand::Fp(fo) = frame else {
            return unsupported(e.span, "a frame outside the frame");
        };
        for ((a, off), r) in args.iter().zip(&offs).zip(ready) {
            let place = Operand::IndFp(fo, *off as i32);
            let pt = types[offs.iter().position(|o| o == off).unwrap_or(0)];
            match r {
                Some(v) => self.mov(pt, v, place),
                None => self.value_to(a, place)?,
            }
        }
        let _ = FIRST_ARG;
        let result = if ft.ret != TypeId::NONE && !spawn {
            let res = match dst {
                Some(d @ (Operand::Fp(_) | Operand::Mp(_))) => d,
                _ => self.temp(ft.ret),
            };
            self.g
                .emit(Opcode::Lea, res, Operand::None, Operand::IndFp(fo, REGRET));
            Some(res)
        } else {
            None
        };
        match target {
            Callee::Local(i) => {
                let op = if spawn { Opcode::Spawn } else { Opcode::Call };
                let pc = self.g.emit(op, frame, Operand::None, Operand::Imm(0));
                let l = self.g.fn_label(i);
                self.g.fix(pc, Slot::Dst, Fix::Label(l));
            }
            Callee::Module {
                module,
                modref,
                name,
            } => {
                let op = if spawn { Opcode::Mspawn } else { Opcode::Mcall };
                let pc = self.g.emit(op, frame, Operand::Imm(0), modref);
                self.g.fix(pc, Slot::Mid, Fix::Entry(module, name));
            }
        }
        if let (Some(res), Some(d)) = (result, dst) {
            self.mov(ft.ret, res, d);
        }
        let _ = offset;
        Ok(())
    }

    /// The declared type of a module member function (`f` or `Adt.f`).
    fn member_type(&mut self, m: ModId, name: &str, e: &Expr) -> Result<TypeId> {
        let info = self.g.types.module(m).clone();
        if let Some(x) = info.member(name) {
            return Ok(x.ty);
        }
        unsupported(e.span, "this module member")
    }

    /// `spawn f(args)`.
    pub fn spawn(&mut self, e: &Expr) -> Result<()> {
        let ExprKind::Call(callee, args) = &e.kind else {
            return unsupported(e.span, "spawn of a non-call");
        };
        let Type::Fn(ft) = self.g.types.get(callee.ty).clone() else {
            return unsupported(e.span, "spawn of this call");
        };
        let target = match &callee.kind {
            ExprKind::Ident(name) if callee.var.is_none() && callee.via.is_none() => {
                match self.g.function_index(name) {
                    Some(i) => Callee::Local(i),
                    None => return unsupported(e.span, "spawn of an undefined function"),
                }
            }
            ExprKind::Arrow(m, name) => {
                let Type::Module(mid) = self.g.types.get(m.ty).clone() else {
                    return unsupported(e.span, "-> on a non-module");
                };
                let modref = self.value(m)?;
                Callee::Module {
                    module: mid,
                    modref,
                    name: name.name.clone(),
                }
            }
            _ => return unsupported(e.span, "spawn of this function"),
        };
        let args: Vec<&Expr> = args.iter().collect();
        self.emit_call(e, &ft, target, &args, None, true)
    }
}

/// Does evaluating the expression call a function?
fn contains_call(e: &Expr) -> bool {
    if e.konst.is_some() {
        return false;
    }
    match &e.kind {
        ExprKind::Call(..) | ExprKind::Load(..) => true,
        ExprKind::Tuple(xs) | ExprKind::ListInit(xs) => xs.iter().any(contains_call),
        ExprKind::Dot(b, _) | ExprKind::Arrow(b, _) | ExprKind::Unary(_, b) | ExprKind::Cast(_, b) => {
            contains_call(b)
        }
        ExprKind::Index(b, i) => contains_call(b) || i.iter().any(contains_call),
        ExprKind::Slice(b, l, h) => {
            contains_call(b)
                || l.as_deref().is_some_and(contains_call)
                || h.as_deref().is_some_and(contains_call)
        }
        ExprKind::Binary(_, l, r) | ExprKind::Assign(_, l, r) | ExprKind::Declare(l, r) | ExprKind::Send(l, r) => {
            contains_call(l) || contains_call(r)
        }
        ExprKind::ArrayAlloc(..) | ExprKind::ArrayInit(..) | ExprKind::ChanAlloc(..) => true,
        _ => false,
    }
}
