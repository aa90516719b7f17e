//! Calls: functions of this module (`frame`/`call`), functions of loaded modules
//! (`mframe`/`mcall`, or a frame of the caller's own for variadic built-ins),
//! member functions with their implicit `self`, constructors, and `spawn`.

use super::func::{param_offsets, Func, REGRET};
use super::layout;
use super::{unsupported, Fix, Result, Slot};
use crate::ast::{Expr, ExprKind};
use crate::check::is_type_expr;
use crate::types::{FnType, ModId, Type, TypeId, Types};
use dis::isa::Opcode;
use dis::object::Operand;

/// Whom a call goes to.
enum Callee {
    /// A function of this module, by index.
    Local(usize),
    /// A function of a module reached through a module value.
    Module {
        module: ModId,
        modref: Operand,
        name: String,
        ty: TypeId,
    },
    /// A function reference value: its module reference and link index.
    Ref { modref: Operand, index: Operand },
}

impl Func<'_, '_> {
    /// Generate a call (or construction); the result goes to `dst` when given.
    pub fn call(&mut self, e: &Expr, dst: Option<Operand>) -> Result<()> {
        let ExprKind::Call(callee, args) = &e.kind else {
            return unsupported(e.span, "this call");
        };
        let ct = callee.ty;
        let ct = match self.g.types.get(ct) {
            Type::Ref(inner) if matches!(self.g.types.get(*inner), Type::Fn(_)) => *inner,
            _ => ct,
        };
        let ft = match self.g.types.get(ct).clone() {
            Type::Fn(f) => *f,
            Type::Exception(params) => {
                let d = dst.unwrap_or(Operand::None);
                return self.exception_value(callee, &params, args, d);
            }
            _ => {
                // a constructor: `T(args)` or a conversion written as a call
                let t = e.ty;
                let tmp = match dst {
                    Some(d @ (Operand::Fp(_) | Operand::Mp(_))) => d,
                    _ => self.temp(t),
                };
                if matches!(
                    self.g.types.get(t),
                    Type::Adt(..) | Type::Variant(..) | Type::Tuple(_)
                ) {
                    self.construct_into(t, args, tmp)?;
                } else if let Some(a) = args.first() {
                    self.cast(e, a, tmp)?;
                }
                if let Some(d) = dst {
                    self.mov(t, tmp, d);
                }
                return Ok(());
            }
        };
        // as the original allocates them: the temporary of a discarded result,
        // then the frame's, then those the callee's module reference needs
        let result = self.result_temp(&ft, dst);
        let frame = self.addr_temp();
        let (target, all_args) = self.callee(e, callee, &ft, args)?;
        let call = Prepared {
            target,
            frame,
            result,
            spawn: false,
        };
        self.emit_call(e, &ft, call, &all_args, dst)
    }

    /// The temporary the result of a call goes to when nothing takes it.
    fn result_temp(&mut self, ft: &FnType, dst: Option<Operand>) -> Option<Operand> {
        (dst.is_none() && ft.ret != TypeId::NONE).then(|| self.temp(ft.ret))
    }

    /// The arguments of `x` when it constructs an adt or tuple value (`T(args)`).
    pub fn constructor_args<'e>(&self, x: &'e Expr) -> Option<&'e [Expr]> {
        let ExprKind::Call(callee, args) = &x.kind else {
            return None;
        };
        let constructs = matches!(
            self.g.types.get(x.ty),
            Type::Adt(..) | Type::Variant(..) | Type::Tuple(_)
        ) && !matches!(
            self.g.types.get(callee.ty),
            Type::Fn(_) | Type::Ref(_) | Type::Exception(_)
        );
        constructs.then_some(args.as_slice())
    }

    /// The type parameter of the function being compiled named as `poly` is.
    fn caller_poly_named(&self, poly: TypeId) -> Option<TypeId> {
        let Type::Poly(_, name) = self.g.types.get(poly) else {
            return None;
        };
        self.constraints
            .iter()
            .map(|(p, _, _, _)| *p)
            .find(|p| matches!(self.g.types.get(*p), Type::Poly(_, n) if n == name))
    }

    /// The hidden argument slots carrying constraint function `name` of type parameter `t`.
    fn constraint(&self, t: TypeId, name: &str) -> Option<(u32, u32)> {
        self.constraints
            .iter()
            .find(|(p, n, _, _)| *p == t && n == name)
            .map(|(_, _, m, i)| (*m, *i))
    }

    /// A member function of an adt: defined here, or belonging to a loaded module
    /// (called through the module variable the adt was imported from).
    /// Whom a call goes to, and its arguments (the implicit `self` first).
    fn callee<'x>(
        &mut self,
        e: &Expr,
        callee: &'x Expr,
        ft: &FnType,
        args: &'x [Expr],
    ) -> Result<(Callee, Vec<&'x Expr>)> {
        let mut all_args: Vec<&Expr> = Vec::new();
        let target = match &callee.kind {
            // a function put for a parameter that is a reference (by inlining) is
            // still called through a reference
            ExprKind::Ident(name)
                if callee.var.is_none() && !matches!(self.g.types.get(callee.ty), Type::Ref(_)) =>
            {
                match callee.via {
                    Some(mv) => {
                        let Type::Module(m) = self.g.types.get(self.g.var(mv).ty).clone() else {
                            return unsupported(e.span, "an import from a non-module");
                        };
                        let modref = self.var_place(mv, e)?;
                        let ty = self.member_type(m, name, e)?;
                        Callee::Module {
                            module: m,
                            modref,
                            name: name.clone(),
                            ty,
                        }
                    }
                    None => match self.g.function_index(name) {
                        Some(i) => Callee::Local(i),
                        None => return unsupported(e.span, "a call of an undefined function"),
                    },
                }
            }
            ExprKind::Arrow(m, name) => {
                let Type::Module(mid) = self.g.types.get(m.ty).clone() else {
                    return unsupported(e.span, "-> on a non-module");
                };
                let modref = self.value(m)?;
                let ty = self.member_type(mid, &name.name, e)?;
                Callee::Module {
                    module: mid,
                    modref,
                    name: name.name.clone(),
                    ty,
                }
            }
            ExprKind::Dot(base, name) if self.constraint(base.ty, &name.name).is_some() => {
                let Some((m, i)) = self.constraint(base.ty, &name.name) else {
                    return unsupported(e.span, "this constraint function");
                };
                // `v.f(...)` passes v as f's self, `T.f(v, ...)` does not
                if ft.params.first().is_some_and(|p| p.is_self) && !is_type_expr(self.g.types, base)
                {
                    all_args.push(base);
                }
                Callee::Ref {
                    modref: Operand::Fp(m as i32),
                    index: Operand::Fp(i as i32),
                }
            }
            ExprKind::MethodVia(m, local) => {
                let (ExprKind::Dot(base, name), Type::Module(mid)) =
                    (&local.kind, self.g.types.get(m.ty).clone())
                else {
                    return unsupported(e.span, "this call through a module");
                };
                let Some((a, is_value)) = method_of(self.g.types, base, &name.name) else {
                    return unsupported(e.span, "this member function");
                };
                if is_value && ft.params.first().is_some_and(|p| p.is_self) {
                    all_args.push(base);
                }
                let info = self.g.types.adt(a).clone();
                let Some((_, ty)) = info.methods.iter().find(|(n, _)| *n == name.name) else {
                    return unsupported(e.span, "this member function");
                };
                let (fname, ty) = (format!("{}.{}", info.name, name.name), *ty);
                let modref = self.value(m)?;
                Callee::Module {
                    module: mid,
                    modref,
                    name: fname,
                    ty,
                }
            }
            ExprKind::Dot(base, name) if method_of(self.g.types, base, &name.name).is_some() => {
                let Some((a, is_value)) = method_of(self.g.types, base, &name.name) else {
                    return unsupported(e.span, "this member function");
                };
                if is_value && ft.params.first().is_some_and(|p| p.is_self) {
                    all_args.push(base);
                }
                self.method_callee(a, &name.name, e)?
            }
            _ => {
                let p = self.value(callee)?;
                let modref = self.deref(p, 0);
                let index = self.temp(TypeId::INT);
                let w = super::func::offset(modref, 4);
                self.g.emit(Opcode::Movw, w, Operand::None, index);
                Callee::Ref { modref, index }
            }
        };
        all_args.extend(args.iter());
        Ok((target, all_args))
    }

    fn method_callee(&mut self, a: crate::types::AdtId, name: &str, e: &Expr) -> Result<Callee> {
        let info = self.g.types.adt(a).clone();
        let fname = format!("{}.{name}", info.name);
        if let Some(i) = self.g.function_index(&fname) {
            return Ok(Callee::Local(i));
        }
        let Some((_, ty)) = info.methods.iter().find(|(n, _)| n == name) else {
            return unsupported(e.span, "this member function");
        };
        let (m, modref) = self.adt_module_ref(a, e)?;
        Ok(Callee::Module {
            module: m,
            modref,
            name: fname,
            ty: *ty,
        })
    }

    /// The module that declares adt `a` (not this one), and the module value its
    /// member functions are called through: the variable it was imported from.
    fn adt_module_ref(&mut self, a: crate::types::AdtId, e: &Expr) -> Result<(ModId, Operand)> {
        let info = self.g.types.adt(a).clone();
        let Some(m) = info.module else {
            return unsupported(e.span, "this member function");
        };
        let modref = if let Some(v) = self.g.module_variable(&info.name, m) {
            self.var_place(v, e)?
        } else if let Some((v, datum)) = self.g.module_datum(&info.name, m) {
            let mt = self.g.var(v).ty;
            let holder = self.var_place(v, e)?;
            self.module_data(mt, holder, &datum, e)?
        } else {
            return unsupported(e.span, "a member function of a module never loaded");
        };
        Ok((m, modref))
    }

    pub(super) fn var_place(&mut self, v: crate::check::VarId, e: &Expr) -> Result<Operand> {
        if let Some(op) = self.slot(v) {
            return Ok(op);
        }
        if let Some(op) = self.g.mp.global(v) {
            return Ok(op);
        }
        unsupported(e.span, "this module variable")
    }

    /// Generate a call prepared by `call` or `spawn` (a spawn has no result).
    fn emit_call(
        &mut self,
        e: &Expr,
        ft: &FnType,
        call: Prepared,
        args: &[&Expr],
        dst: Option<Operand>,
    ) -> Result<()> {
        let Prepared {
            target,
            frame,
            result: discarded,
            spawn,
        } = call;
        // arguments that call are computed, each into a temporary of its own type,
        // before the frame exists
        let mut ready: Vec<Option<Operand>> = Vec::new();
        for a in args {
            if contains_call(self.g.types, a) {
                let v = self.temp(a.ty);
                self.value_to(a, v)?;
                ready.push(Some(v));
            } else {
                ready.push(None);
            }
        }
        let mut types: Vec<TypeId> = ft.params.iter().map(|p| p.ty).collect();
        if ft.varargs {
            types.extend(args.iter().skip(ft.params.len()).map(|a| a.ty));
        }
        let hidden = self.constraint_args(e, ft, args)?;
        for _ in &hidden {
            types.extend([TypeId::STRING, TypeId::INT]);
        }
        let (offs, end) = param_offsets(self.g, &types);
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
                ty,
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
                self.g.use_import(*module, name, *ty);
            }
            Callee::Ref { modref, index } => {
                self.g.emit(Opcode::Mframe, *modref, *index, frame);
            }
        }
        let Operand::Fp(fo) = frame else {
            return unsupported(e.span, "a frame outside the frame");
        };
        for ((a, off), r) in args.iter().zip(&offs).zip(ready) {
            let place = Operand::IndFp(fo, *off as i32);
            let pt = types[offs.iter().position(|o| o == off).unwrap_or(0)];
            match r {
                Some(v) => {
                    self.mov(pt, v, place);
                    self.free_used_temp(v);
                }
                None => self.value_to(a, place)?,
            }
        }
        let hidden_offs = offs.get(args.len()..).unwrap_or(&[]);
        for ((m, i), o) in hidden.into_iter().zip(hidden_offs.chunks(2)) {
            self.g.emit(
                Opcode::Movp,
                m,
                Operand::None,
                Operand::IndFp(fo, o[0] as i32),
            );
            let at = Operand::IndFp(fo, o.get(1).copied().unwrap_or(0) as i32);
            match i {
                Hidden::Index(v) => {
                    self.g.emit(Opcode::Movw, v, Operand::None, at);
                }
                Hidden::Link(module, name) => {
                    let pc = self
                        .g
                        .emit(Opcode::Movw, Operand::Imm(0), Operand::None, at);
                    self.g.fix(pc, Slot::Src, Fix::Entry(module, name));
                }
            }
        }
        let result = if ft.ret != TypeId::NONE && !spawn {
            // the callee writes the result where it goes, as the original has it, when
            // that place outlives the call: a variable, the caller's own result, or a
            // member of an object a local or a temporary holds (the callee cannot
            // drop that reference)
            let res = match (discarded, dst) {
                (Some(t), _) => t,
                (_, Some(d @ (Operand::Fp(_) | Operand::Mp(_)))) => d,
                (_, Some(d @ Operand::IndFp(f, _)))
                    if f == REGRET || self.is_slot(f) || self.holds_reference(f) =>
                {
                    d
                }
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
                ..
            } => {
                let op = if spawn { Opcode::Mspawn } else { Opcode::Mcall };
                let pc = self.g.emit(op, frame, Operand::Imm(0), modref);
                self.g.fix(pc, Slot::Mid, Fix::Entry(module, name));
            }
            Callee::Ref { modref, index } => {
                let op = if spawn { Opcode::Mspawn } else { Opcode::Mcall };
                self.g.emit(op, frame, index, modref);
            }
        }
        // the frame, and a result no place takes, are used up
        self.free_used_temp(frame);
        match (result, dst) {
            (Some(res), Some(d)) if res != d => {
                self.mov(ft.ret, res, d);
                self.free_used_temp(res);
            }
            (Some(res), None) => self.free_used_temp(res),
            _ => {}
        }
        Ok(())
    }

    /// A function reference value `{module reference, link index}` for a
    /// function of this module (exported for the purpose) or of a loaded module.
    pub fn fn_value(&mut self, e: &Expr, dst: Operand) -> Result<()> {
        let (module, modref, name, ty) = match &e.kind {
            ExprKind::Ident(name) if e.var.is_none() && e.via.is_none() => {
                let (Some(i), Some(this)) = (self.g.function_index(name), self.g.self_module)
                else {
                    return unsupported(e.span, "a reference to this function");
                };
                self.g.export_function(i);
                let ty = self.g.functions[i].ty;
                let slot = self.g.mp.self_ref();
                let path = self.g.mp.string("$self");
                self.g.use_table(this);
                let pc = self.g.emit(Opcode::Load, path, Operand::Imm(0), slot);
                self.g.fix(pc, Slot::Mid, Fix::Table(this));
                (this, slot, name.clone(), ty)
            }
            ExprKind::Arrow(m, name) => {
                let Type::Module(mid) = self.g.types.get(m.ty).clone() else {
                    return unsupported(e.span, "-> on a non-module");
                };
                let modref = self.value(m)?;
                let ty = self.member_type(mid, &name.name, e)?;
                (mid, modref, name.name.clone(), ty)
            }
            _ => return unsupported(e.span, "this function value"),
        };
        self.g.use_import(module, &name, ty);
        let tmp = self.ptr_temp();
        let d = self.g.desc(8, &[0]);
        self.g
            .emit(Opcode::New, Operand::Imm(d), Operand::None, tmp);
        let at0 = self.deref(tmp, 0);
        self.g.emit(Opcode::Movp, modref, Operand::None, at0);
        let pc = self.g.emit(
            Opcode::Movw,
            Operand::Imm(0),
            Operand::None,
            super::func::offset(at0, 4),
        );
        self.g.fix(pc, Slot::Src, Fix::Entry(module, name));
        self.g.emit(Opcode::Movp, tmp, Operand::None, dst);
        Ok(())
    }

    /// The layout of a declared exception object: its name, a reserved word, the values.
    pub fn exception_layout(&mut self, params: &[TypeId]) -> TypeId {
        let mut members = vec![TypeId::STRING, TypeId::INT];
        members.extend_from_slice(params);
        self.g.types.mk_tuple(members)
    }

    /// A new declared exception object `E(args)` (or `E` without values).
    pub fn exception_value(
        &mut self,
        name: &Expr,
        params: &[TypeId],
        args: &[Expr],
        dst: Operand,
    ) -> Result<()> {
        let Some(full) = self.exception_label(name) else {
            return unsupported(name.span, "this exception");
        };
        let obj = self.exception_layout(params);
        let offs = self.g.types.member_offsets(obj);
        let tmp = self.ptr_temp();
        let d = self.g.type_desc(obj);
        self.g
            .emit(Opcode::New, Operand::Imm(d), Operand::None, tmp);
        let at = self.deref(tmp, 0);
        let s = self.g.mp.string(&full);
        self.g.emit(Opcode::Movp, s, Operand::None, at);
        self.g.emit(
            Opcode::Movw,
            Operand::Imm(0),
            Operand::None,
            super::func::offset(at, 4),
        );
        for (a, off) in args.iter().zip(offs.iter().skip(2)) {
            self.value_to(a, super::func::offset(at, *off as i32))?;
        }
        if dst != Operand::None {
            self.g.emit(Opcode::Movp, tmp, Operand::None, dst);
        }
        Ok(())
    }

    /// The run-time name of the declared exception an expression names (`E` or `M->E`).
    pub fn exception_label(&self, e: &Expr) -> Option<String> {
        match &e.kind {
            ExprKind::Ident(n) => Some(self.g.exception_name(n, None, &self.name)),
            ExprKind::Arrow(m, n) => match self.g.types.get(m.ty) {
                Type::Module(mid) => Some(self.g.exception_name(&n.name, Some(*mid), &self.name)),
                _ => None,
            },
            _ => None,
        }
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
        let frame = self.addr_temp();
        let (target, all_args) = self.callee(e, callee, &ft, args)?;
        let call = Prepared {
            target,
            frame,
            result: None,
            spawn: true,
        };
        self.emit_call(e, &ft, call, &all_args, None)
    }
}

/// A call about to be generated: whom it goes to, the temporary holding its frame,
/// the one its result goes to when nothing takes the result, and whether it spawns.
struct Prepared {
    target: Callee,
    frame: Operand,
    result: Option<Operand>,
    spawn: bool,
}

/// The link index half of a hidden constraint argument.
enum Hidden {
    /// Passed on from the caller's own hidden argument.
    Index(Operand),
    /// A member function's place in the import table of a module: of this one (the
    /// function exported for the purpose), or of the module declaring the adt.
    Link(ModId, String),
}

/// The adt whose member function `name` is called on `base`, and whether
/// `base` is a value (passed as `self`) rather than the type.
pub(super) fn method_of(
    types: &crate::types::Types,
    base: &Expr,
    name: &str,
) -> Option<(crate::types::AdtId, bool)> {
    let (t, is_value) = if is_type_expr(types, base) {
        (base.ty, false)
    } else {
        match types.get(base.ty) {
            Type::Ref(i) => (*i, true),
            _ => (base.ty, true),
        }
    };
    match types.get(t) {
        Type::Adt(a, _) | Type::Variant(a, _, _)
            if types.adt(*a).methods.iter().any(|(n, _)| n == name) =>
        {
            Some((*a, is_value))
        }
        _ => None,
    }
}

/// Bind type parameters of `p` by matching it against the argument type `a`.
fn unify(types: &crate::types::Types, p: TypeId, a: TypeId, out: &mut Vec<(TypeId, TypeId)>) {
    match (types.get(p), types.get(a)) {
        (Type::Poly(..), _) if !out.iter().any(|(x, _)| *x == p) => out.push((p, a)),
        (Type::Poly(..), _) => {}
        (Type::Ref(x), Type::Ref(y))
        | (Type::Array(x), Type::Array(y))
        | (Type::List(x), Type::List(y))
        | (Type::Chan(x), Type::Chan(y)) => unify(types, *x, *y, out),
        (Type::Tuple(xs), Type::Tuple(ys)) => {
            for (x, y) in xs.iter().zip(ys) {
                unify(types, *x, *y, out);
            }
        }
        (Type::Adt(_, xs), Type::Adt(_, ys)) => {
            for (x, y) in xs.iter().zip(ys) {
                unify(types, *x, *y, out);
            }
        }
        _ => {}
    }
}

impl Func<'_, '_> {
    /// The hidden (module reference, link index) argument pairs a call of a
    /// function with `for` constraints passes, one per constraint.
    fn constraint_args(
        &mut self,
        e: &Expr,
        ft: &FnType,
        args: &[&Expr],
    ) -> Result<Vec<(Operand, Hidden)>> {
        if ft.constraints.is_empty() {
            return Ok(Vec::new());
        }
        let mut bound = Vec::new();
        for (p, a) in ft.params.iter().zip(args) {
            unify(self.g.types, p.ty, a.ty, &mut bound);
        }
        // an adt's own constraints: its parameters as the receiver instantiates them
        // (passed as self or not: alphabet.b's `c.eval(...)` of an Eval->Context)
        let receiver = match &e.kind {
            ExprKind::Call(callee, _) => match &callee.kind {
                ExprKind::MethodVia(_, local) => match &local.kind {
                    ExprKind::Dot(base, _) => Some(base.ty),
                    _ => None,
                },
                ExprKind::Dot(base, _) => Some(base.ty),
                _ => None,
            },
            _ => None,
        };
        for at in args.iter().map(|a| a.ty).chain(receiver) {
            let t = match self.g.types.get(at) {
                Type::Ref(inner) => *inner,
                _ => at,
            };
            if let Type::Adt(adt, targs) = self.g.types.get(t).clone() {
                for (p, x) in self.g.types.adt_bindings(adt, &targs) {
                    if !bound.iter().any(|(q, _)| *q == p) {
                        bound.push((p, x));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (poly, name, _) in &ft.constraints {
            // unbound, a type parameter is the caller's of its name (proxy.b's
            // `spawn proxyproc(ctxt, t, newts)` passing on its own M and Cvt)
            let actual = bound
                .iter()
                .find(|(p, _)| p == poly)
                .map(|(_, a)| *a)
                .or_else(|| self.caller_poly_named(*poly));
            let Some(actual) = actual else {
                return unsupported(e.span, "a constraint whose type is not known");
            };
            if let Some((m, i)) = self.constraint(actual, name) {
                out.push((Operand::Fp(m as i32), Hidden::Index(Operand::Fp(i as i32))));
                continue;
            }
            let inner = match self.g.types.get(actual) {
                Type::Ref(x) => *x,
                _ => actual,
            };
            let (Type::Adt(a, _), Some(this)) =
                (self.g.types.get(inner).clone(), self.g.self_module)
            else {
                return unsupported(e.span, "this constraint instantiation");
            };
            let fname = format!("{}.{name}", self.g.types.adt(a).name);
            let Some(i) = self.g.function_index(&fname) else {
                let (m, modref) = self.adt_module_ref(a, e)?;
                let info = self.g.types.adt(a).clone();
                let Some((_, ty)) = info.methods.iter().find(|(n, _)| n == name) else {
                    return unsupported(e.span, "a constraint function of another module");
                };
                self.g.use_import(m, &fname, *ty);
                out.push((modref, Hidden::Link(m, fname)));
                continue;
            };
            self.g.export_function(i);
            let ty = self.g.functions[i].ty;
            self.g.use_import(this, &fname, ty);
            let slot = self.g.mp.self_ref();
            let path = self.g.mp.string("$self");
            self.g.use_table(this);
            let pc = self.g.emit(Opcode::Load, path, Operand::Imm(0), slot);
            self.g.fix(pc, Slot::Mid, Fix::Table(this));
            out.push((slot, Hidden::Link(this, fname)));
        }
        Ok(out)
    }
}

/// Does evaluating the expression call a function?
fn contains_call(types: &Types, e: &Expr) -> bool {
    if e.konst.is_some() {
        return false;
    }
    let any = |xs: &[Expr]| xs.iter().any(|x| contains_call(types, x));
    let opt = |x: &Option<Box<Expr>>| x.as_deref().is_some_and(|x| contains_call(types, x));
    match &e.kind {
        // a constructor is no call: its values are computed into the frame, as the
        // original computes them, unless one of them calls
        ExprKind::Call(f, args) if is_type_expr(types, f) => any(args),
        ExprKind::Call(..) => true,
        ExprKind::Tuple(xs) | ExprKind::ListInit(xs) => any(xs),
        ExprKind::Dot(b, _)
        | ExprKind::Arrow(b, _)
        | ExprKind::Unary(_, b)
        | ExprKind::Cast(_, b)
        | ExprKind::Load(_, b)
        | ExprKind::ArrayAlloc(b, _) => contains_call(types, b),
        ExprKind::ChanAlloc(n, _) => opt(n),
        ExprKind::ArrayInit(n, elems) => {
            opt(n) || elems.iter().any(|x| contains_call(types, &x.value))
        }
        ExprKind::MethodVia(m, x) | ExprKind::Comma(_, m, x) => {
            contains_call(types, m) || contains_call(types, x)
        }
        ExprKind::Choice(c, a, b) => {
            contains_call(types, c) || contains_call(types, a) || contains_call(types, b)
        }
        ExprKind::Index(b, i) => contains_call(types, b) || any(i),
        ExprKind::Slice(b, l, h) => contains_call(types, b) || opt(l) || opt(h),
        ExprKind::Binary(_, l, r)
        | ExprKind::Assign(_, l, r)
        | ExprKind::Declare(l, r)
        | ExprKind::Send(l, r) => contains_call(types, l) || contains_call(types, r),
        _ => false,
    }
}
