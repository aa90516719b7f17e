//! The type checker: declarations and scopes, then every function body. It
//! annotates the syntax tree with types and folded constants and records what a
//! code generator needs (functions, globals, module interfaces).

mod arms;
mod call;
mod decls;
mod expr;
mod fmt;
pub(crate) mod fold;
mod names;
mod raises;
mod resolve;
mod stmt;

use crate::ast::*;
use crate::diag::{Diagnostics, Span};
use crate::types::{MemberKind, ModId, Type, TypeId, Types};
use crate::value::Const;
use std::collections::HashMap;

/// What a name stands for.
#[derive(Clone, Debug)]
pub enum Sym {
    /// A type name: adt, synonym, module type, type parameter.
    Type(TypeId),
    Con(TypeId, Const),
    /// A variable: global, local or parameter.
    Var(TypeId, VarId),
    /// A function of this module (defined or declared).
    Fn(TypeId),
    /// A member function or data item imported from a module variable: `print: import sys;`.
    Imported {
        from: Option<VarId>,
        ty: TypeId,
        is_fn: bool,
    },
    Exception(TypeId),
}

impl Sym {
    /// What the name `n` bound to this means as a member of a module interface.
    fn as_member(&self, n: &Ident) -> Option<crate::types::ModMember> {
        use crate::types::MemberKind;
        let (ty, kind) = match self {
            Sym::Fn(t) => (*t, MemberKind::Fn),
            Sym::Var(t, _) => (*t, MemberKind::Data),
            Sym::Con(t, c) => (*t, MemberKind::Con(c.clone())),
            Sym::Type(t) => (*t, MemberKind::Type),
            Sym::Exception(t) => (*t, MemberKind::Exception),
            Sym::Imported { .. } => return None,
        };
        Some(crate::types::ModMember {
            name: n.name.clone(),
            ty,
            kind,
            span: n.span,
        })
    }
}

pub use crate::ast::VarId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// Module data of this module (a top-level variable or exported data).
    Global,
    Param,
    Local,
    /// Data declared in a module interface, which holds no storage of its own.
    Interface,
}

#[derive(Clone, Debug)]
pub struct VarInfo {
    pub name: String,
    pub ty: TypeId,
    pub kind: VarKind,
    pub span: Span,
    /// What the frame layout of a local needs.
    pub usage: Usage,
}

/// How a local is used, as the original's frame layout counts it: it orders a
/// function's locals by these, gives no slot to one never used, and lets a local
/// without references reuse the slot of one whose scope has closed.
#[derive(Clone, Debug, Default)]
pub struct Usage {
    /// The uses of the name, plus one for a declaration that gives it a value
    /// (`:=`, `= e`, a handler's exception), two for a pick's variable.
    pub refs: u32,
    /// When the local was declared and when its scope closed, on one clock.
    pub born: u32,
    pub closed: u32,
    /// For the names of one tuple `:=`: the first of them (laid out together).
    pub tuple: Option<VarId>,
}

/// One function definition, checked.
#[derive(Clone, Debug)]
pub struct FnInfo {
    /// `f`, or `Adt.f` for a member function.
    pub name: String,
    pub ty: TypeId,
    pub span: Span,
    /// The named parameters, in order.
    pub params: Vec<VarId>,
    /// Every local variable declared in the body, in order of declaration.
    pub locals: Vec<VarId>,
}

/// The result of checking a program.
pub struct Checked {
    pub types: Types,
    pub program: Program,
    /// Modules named in `implement`.
    pub implements: Vec<ModId>,
    pub functions: Vec<FnInfo>,
    /// Every variable; `ast::Expr::var` of a name refers into this.
    pub vars: Vec<VarInfo>,
    /// Every module type declared (including by included files), by name.
    pub modules: Vec<(String, ModId)>,
}

impl Checked {
    /// Module-level variables of this module, in order of declaration.
    pub fn globals(&self) -> impl Iterator<Item = (VarId, &VarInfo)> {
        self.vars
            .iter()
            .enumerate()
            .filter(|(_, v)| v.kind == VarKind::Global)
            .map(|(i, v)| (VarId(i as u32), v))
    }

    pub fn var(&self, id: VarId) -> Option<&VarInfo> {
        self.vars.get(id.0 as usize)
    }

    /// The type of a defined function (`f` or `Adt.f`).
    pub fn function_type(&self, name: &str) -> Option<TypeId> {
        self.functions.iter().find(|f| f.name == name).map(|f| f.ty)
    }

    pub fn module_named(&self, name: &str) -> Option<ModId> {
        self.modules
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| *m)
    }

    /// The type of a module member function, `f` or `Adt.f`.
    pub fn member_function_type(&self, m: ModId, name: &str) -> Option<TypeId> {
        let info = self.types.module(m);
        if let Some((adt, f)) = name.split_once('.') {
            let member = info.member(adt)?;
            if let crate::types::Type::Adt(a, _) = self.types.get(member.ty) {
                return self
                    .types
                    .adt(*a)
                    .methods
                    .iter()
                    .find(|(n, _)| n == f)
                    .map(|(_, t)| *t);
            }
            return None;
        }
        info.members
            .iter()
            .find(|x| x.name == name && x.kind == crate::types::MemberKind::Fn)
            .map(|x| x.ty)
    }
}

/// A name's meaning in a scope, and the line it was declared on (0 when implicit).
struct Binding {
    sym: Sym,
    line: u32,
}

/// A statement `break` can leave: a loop, case, alt, pick or exception statement.
struct Breakable {
    label: Option<Ident>,
    is_loop: bool,
    /// Whether a `break` or `continue` named the label.
    referenced: bool,
}

/// Per-function checking state.
#[derive(Default)]
struct FnCtx {
    ret: TypeId,
    /// The enclosing statements `break` can leave, innermost last.
    breakables: Vec<Breakable>,
    /// Depth of enclosing exception handlers (a bare `raise;` needs one).
    handlers: u32,
    /// Names bound to the exception of the enclosing handlers (`raise e;` re-raises them).
    handler_vars: Vec<String>,
    /// Variables declared in the function so far.
    locals: Vec<VarId>,
    /// The locals of each open scope, innermost last.
    open: Vec<Vec<VarId>>,
    /// The clock of `Usage::born` and `Usage::closed`.
    clock: u32,
    /// Constraint functions of a polymorphic function: (type parameter, name, type).
    constraints: Vec<(TypeId, String, TypeId)>,
}

pub(crate) struct Checker<'a> {
    pub types: Types,
    pub diags: &'a mut Diagnostics,
    scopes: Vec<HashMap<String, Binding>>,
    implements: Vec<ModId>,
    functions: Vec<FnInfo>,
    vars: Vec<VarInfo>,
    modules: Vec<(String, ModId)>,
    fnctx: Option<FnCtx>,
    /// The value of `iota` while checking a `con` initialiser.
    iota: Option<i64>,
    /// Type synonym declarations bound before their turn (see `prebind_synonyms`).
    early_synonyms: Vec<Span>,
    /// The names already counted as uses of a variable (an expression checked
    /// twice counts once).
    counted: std::collections::HashSet<(VarId, u32, u32, u32)>,
    /// Module declarations whose interface was checked before their turn.
    early_modules: Vec<Span>,
    /// The module types of those declarations: their members are complete.
    early_module_types: Vec<ModId>,
    /// Top-level imports whose type names were bound before their turn.
    early_imports: Vec<Span>,
    /// Functions whose end control reaches without a value (where, what): an
    /// error if the function is compiled (see `report_open_ends`).
    open_ends: Vec<(Span, String)>,
    /// Functions of this program named in an expression (`f`, `Adt.f`).
    named_functions: std::collections::HashSet<String>,
    /// Type synonyms of the top level instantiating an adt with the wrong number
    /// of type arguments (name, where, message): the original reports that only
    /// where the synonym is used (see `use_type_name`).
    unverified_synonyms: HashMap<String, (Span, String)>,
    /// The adt whose declaration is being checked.
    declaring_adt: Option<String>,
    /// Type names used (the adt declaration they are used in, the name).
    type_uses: std::collections::HashSet<(Option<String>, String)>,
    /// Implemented modules whose members are names of the top level already.
    bound_modules: Vec<ModId>,
    /// The module whose interface is being checked, and the index of its scope.
    declaring_module: Option<(ModId, usize)>,
}

/// Check a parsed program.
pub fn check(mut program: Program, diags: &mut Diagnostics) -> Checked {
    let mut c = Checker {
        types: Types::new(),
        diags,
        scopes: vec![HashMap::new()],
        implements: Vec::new(),
        functions: Vec::new(),
        vars: Vec::new(),
        modules: Vec::new(),
        fnctx: None,
        iota: None,
        early_synonyms: Vec::new(),
        counted: Default::default(),
        early_modules: Vec::new(),
        early_module_types: Vec::new(),
        early_imports: Vec::new(),
        open_ends: Vec::new(),
        declaring_adt: None,
        type_uses: Default::default(),
        unverified_synonyms: HashMap::new(),
        named_functions: Default::default(),
        bound_modules: Vec::new(),
        declaring_module: None,
    };
    c.program(&mut program.decls);
    Checked {
        types: c.types,
        program,
        implements: c.implements,
        functions: c.functions,
        vars: c.vars,
        modules: c.modules,
    }
}

impl Checker<'_> {
    fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.error(span, msg);
    }

    fn lookup(&self, name: &str) -> Option<&Sym> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(name))
            .map(|b| &b.sym)
    }

    /// What a name means at the top level.
    fn top_sym(&self, name: &str) -> Option<Sym> {
        self.scopes
            .first()
            .and_then(|s| s.get(name))
            .map(|b| b.sym.clone())
    }

    /// The module type a name of the top level stands for.
    fn module_type_named(&self, name: &str) -> Option<ModId> {
        match self.top_sym(name) {
            Some(Sym::Type(t)) => match self.types.get(t) {
                Type::Module(id) => Some(*id),
                _ => None,
            },
            _ => None,
        }
    }

    /// A type name is used: the error of an unverified synonym of the top level
    /// so named is reported now, once; the use is recorded (see `used_adts`).
    fn use_type_name(&mut self, name: &str) {
        self.type_uses
            .insert((self.declaring_adt.clone(), name.to_string()));
        let top = self
            .scopes
            .iter()
            .rposition(|s| s.contains_key(name))
            .is_some_and(|i| i == 0);
        if top {
            if let Some((span, msg)) = self.unverified_synonyms.remove(name) {
                self.error(span, msg);
            }
        }
    }

    /// What a name means in the innermost scope.
    fn local_sym(&self, name: &str) -> Option<Sym> {
        self.scopes
            .last()
            .and_then(|s| s.get(name))
            .map(|b| b.sym.clone())
    }

    /// The line of an outer declaration (other than a function) that a new
    /// declaration of `name` in the innermost scope would hide.
    fn shadowed_line(&self, name: &str) -> Option<u32> {
        let (_, outer) = self.scopes.split_last()?;
        if self.scopes.last().is_some_and(|s| s.contains_key(name)) {
            return None;
        }
        let b = outer.iter().rev().find_map(|s| s.get(name))?;
        (!matches!(b.sym, Sym::Fn(_)) && b.line > 0).then_some(b.line)
    }

    /// Declare a name in the innermost scope, reporting a redeclaration there.
    fn declare(&mut self, id: &Ident, sym: Sym) {
        let scope = self.scopes.last_mut().expect("scope");
        if let Some(old) = scope.get(&id.name) {
            let msg = match old.line {
                0 => format!("redeclaration of {}", id.name),
                line => format!(
                    "redeclaration of {}, previously declared on line {line}",
                    id.name
                ),
            };
            self.error(id.span, msg);
            return;
        }
        scope.insert(
            id.name.clone(),
            Binding {
                sym,
                line: id.span.start.line,
            },
        );
    }

    /// Make a variable and declare its name in the innermost scope.
    fn declare_var(&mut self, id: &Ident, ty: TypeId, kind: VarKind) -> VarId {
        let v = self.new_var(&id.name, ty, kind, id.span);
        self.declare(id, Sym::Var(ty, v));
        v
    }

    fn new_var(&mut self, name: &str, ty: TypeId, kind: VarKind, span: Span) -> VarId {
        self.vars.push(VarInfo {
            name: name.to_string(),
            ty,
            kind,
            span,
            usage: Usage::default(),
        });
        let v = VarId((self.vars.len() - 1) as u32);
        if kind == VarKind::Local {
            if let Some(c) = self.fnctx.as_mut() {
                c.locals.push(v);
                if let Some(open) = c.open.last_mut() {
                    open.push(v);
                }
                c.clock += 1;
                let born = c.clock;
                if let Some(info) = self.vars.last_mut() {
                    info.usage.born = born;
                }
            }
        }
        v
    }

    /// The line a top-level name was declared on (0 when unknown).
    fn top_line(&self, name: &str) -> u32 {
        self.scopes
            .first()
            .and_then(|s| s.get(name))
            .map(|b| b.line)
            .unwrap_or(0)
    }

    /// Declare without complaint, remembering the declaration's line.
    fn bind_at(&mut self, name: &str, sym: Sym, line: u32) {
        self.scopes
            .last_mut()
            .expect("scope")
            .insert(name.to_string(), Binding { sym, line });
    }

    /// Declare without complaint (replacing any earlier binding in this scope).
    fn bind(&mut self, name: &str, sym: Sym) {
        self.scopes
            .last_mut()
            .expect("scope")
            .insert(name.to_string(), Binding { sym, line: 0 });
    }

    /// Member `name` of module `m`; inside `m`'s own interface, one declared so far.
    fn module_member_named(&self, m: ModId, name: &Ident) -> Option<crate::types::ModMember> {
        if let Some(member) = self.types.module(m).member(&name.name) {
            return Some(member.clone());
        }
        let (id, scope) = self.declaring_module?;
        if id != m {
            return None;
        }
        self.scopes.get(scope)?.get(&name.name)?.sym.as_member(name)
    }

    fn push_scope(&mut self) {
        self.scopes.push(HashMap::new());
        if let Some(c) = self.fnctx.as_mut() {
            c.open.push(Vec::new());
        }
    }
    fn pop_scope(&mut self) {
        self.scopes.pop();
        if let Some(c) = self.fnctx.as_mut() {
            let closed = c.open.pop().unwrap_or_default();
            c.clock += 1;
            for v in closed {
                if let Some(info) = self.vars.get_mut(v.0 as usize) {
                    info.usage.closed = c.clock;
                }
            }
        }
    }

    /// Count the use of a variable by the name at `span`.
    pub(crate) fn use_name(&mut self, v: VarId, span: Span) {
        if self
            .counted
            .insert((v, span.file, span.start.line, span.start.col))
        {
            self.use_var(v, 1);
        }
    }

    /// Count `n` uses of a variable.
    pub(crate) fn use_var(&mut self, v: VarId, n: u32) {
        if let Some(info) = self.vars.get_mut(v.0 as usize) {
            info.usage.refs += n;
        }
    }

    fn show(&self, t: TypeId) -> String {
        self.types.show(t)
    }

    /// An expression and its type, as diagnostics quote them.
    fn q(&self, e: &Expr) -> String {
        format!("{} of type {}", crate::show::expr_text(e), self.show(e.ty))
    }

    /// An expression as diagnostics quote it.
    fn v(&self, e: &Expr) -> String {
        crate::show::expr_text(e)
    }

    /// Can a value of type `src` be stored where `dst` is expected?
    fn assignable(&self, dst: TypeId, src: TypeId) -> bool {
        use crate::types::Type;
        if self.types.equal(dst, src) {
            return true;
        }
        if src == TypeId::NIL {
            return self.types.is_pointer(dst);
        }
        match (self.types.get(dst), self.types.get(src)) {
            (Type::Ref(r), Type::Fn(_)) => self.types.equal(*r, src),
            (Type::Ref(d), Type::Ref(s)) => match (self.types.get(*d), self.types.get(*s)) {
                (Type::Adt(a, aa), Type::Variant(b, _, ba)) => a == b && aa == ba,
                _ => false,
            },
            _ => false,
        }
    }
}

/// Does the expression name a type (rather than denote a value)?
pub fn is_type_expr(types: &Types, e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Type(_) => true,
        ExprKind::Ident(_) => {
            e.var.is_none()
                && e.via.is_none()
                && e.konst.is_none()
                && matches!(
                    types.get(e.ty),
                    Type::Adt(..) | Type::Variant(..) | Type::Tuple(_) | Type::Module(_)
                )
        }
        ExprKind::Index(b, _) => is_type_expr(types, b),
        ExprKind::Dot(b, _) => {
            is_type_expr(types, b) && matches!(types.get(e.ty), Type::Adt(..) | Type::Variant(..))
        }
        ExprKind::Arrow(b, name) => match types.get(b.ty) {
            Type::Module(m) => types
                .module(*m)
                .member(&name.name)
                .is_some_and(|x| x.kind == MemberKind::Type),
            _ => false,
        },
        _ => false,
    }
}
