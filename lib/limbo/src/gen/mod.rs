//! Code generation: a checked program becomes a Dis module (`dis::object::Module`)
//! laid out with the original compiler's ABI: frames with the 32-byte header and
//! arguments from offset 32, results through the pointer at frame word 16, module
//! data with the interface's data first, import tables per loaded module type,
//! link tables sorted as the original sorts them.
//!
//! `Gen` holds the module being built; `func` generates one function body with
//! `expr` (values), `place` (stores and assignments), `cond` (branches),
//! `array`, `convert` (with `fixed` for fixed-point values), `call`, `stmt` and `alt`,
//! after `inline` has put the bodies of small functions for their calls;
//! `flow` then folds branches and drops unreachable code; `opcodes` picks instructions by
//! value class; `data` owns module data and constants; `layout` knows how values
//! of each type are stored; `sbl` writes the symbol file.

mod alt;
mod array;
mod call;
mod cond;
mod convert;
mod data;
mod descs;
mod expr;
mod fixed;
mod flow;
mod frame;
mod func;
mod inline;
mod layout;
mod opcodes;
mod place;
mod sbl;
mod stmt;
mod whole;

use crate::ast::{DeclKind, ExprKind, Program};
use crate::check::{Checked, FnInfo, VarId, VarInfo, VarKind};
use crate::diag::Span;
use crate::types::{MemberKind, ModId, Type, TypeId, Types};
use dis::isa::Opcode;
use dis::object::{Handler, HandlerLabel, Import, Instruction, Link, Module, Operand, TypeDesc};
use std::collections::HashMap;

pub use data::Mp;

/// A code generation failure: a construct this generator cannot translate.
#[derive(Debug, Clone)]
pub struct GenError {
    pub span: Span,
    pub message: String,
}

pub(crate) type Result<T> = std::result::Result<T, GenError>;

pub(crate) fn unsupported<T>(span: Span, what: &str) -> Result<T> {
    Err(GenError {
        span,
        message: format!("code generation: {what} not supported"),
    })
}

/// A branch target inside the module's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Label(usize);

/// Which operand of an instruction a fix-up rewrites.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Slot {
    Src,
    Mid,
    Dst,
}

/// A value only known once the whole module is generated.
#[derive(Clone, Debug)]
pub(crate) enum Fix {
    Label(Label),
    /// The frame descriptor of a function of this module (by index in `functions`).
    FnDesc(usize),
    /// The import table of a module type.
    Table(ModId),
    /// An entry of the import table of a module type.
    Entry(ModId, String),
}

/// A word of a switch table in module data.
#[derive(Clone, Debug)]
pub(crate) enum TableWord {
    Word(i32),
    Label(Label),
    Str(Option<String>),
    Big(i64),
}

struct PendingHandler {
    eoff: i32,
    start: Label,
    end: Label,
    ne: i32,
    labels: Vec<(String, Label)>,
    wildcard: Option<Label>,
}

/// The module under construction.
pub(crate) struct Gen<'a> {
    pub types: &'a mut Types,
    pub vars: &'a [VarInfo],
    pub functions: &'a [FnInfo],
    pub module_name: String,
    /// The implemented module type (the first, when `implement` names several).
    pub this: Option<ModId>,
    /// Every implemented module; with several, the module exports their union.
    implements: Vec<ModId>,
    /// The module type a load of this module's own exports (a function value or
    /// a constraint function of its own) names: the implemented module, or with
    /// several, their union (see `self_table`).
    pub self_module: Option<ModId>,
    /// Module types whose import tables list the whole interface.
    whole: whole::Whole,
    pub code: Vec<Instruction>,
    fixups: Vec<(usize, Slot, Fix)>,
    labels: Vec<Option<i32>>,
    fn_labels: Vec<Label>,
    fn_descs: Vec<i32>,
    descs: Vec<TypeDesc>,
    desc_ids: HashMap<(i32, Vec<u8>), i32>,
    pub mp: Mp,
    /// Import tables by module type, in order of first use; entries by name.
    imports: Vec<(ModId, Vec<(String, TypeId)>)>,
    handlers: Vec<PendingHandler>,
    /// Variables by the span of the name that declared them (several for pick and handler arms).
    pub var_by_span: HashMap<(u32, u32, u32), Vec<VarId>>,
    max_frame: u32,
    /// Functions outside the interface whose values are taken: they join the link table.
    exported: Vec<usize>,
    /// Exceptions declared at the top level (the others are local to a function).
    top_exceptions: Vec<String>,
    /// What the symbol file needs.
    pub symbols: sbl::Symbols,
    /// The span and block of the instructions being generated.
    pub cur_span: Span,
    pub cur_block: u32,
    next_block: u32,
    /// Module types some `load` names (only their import tables are written).
    loaded: Vec<ModId>,
    /// Names of temporaries (they order a frame's layout).
    pub frame_names: frame::Names,
    /// `Name: import var;`: the variable each name comes from, those of the top
    /// level, then those of the function being generated (the innermost last).
    pub(super) imported_from: Vec<(String, VarId)>,
    /// `Name: import datum;` where the module value is itself data imported from a
    /// module variable (`bufio: import mashlib;`): name, that variable, the datum.
    imported_via: Vec<(String, VarId, String)>,
}

/// Generate the module for a checked program. `source` is the path recorded in the file.
pub fn generate(checked: &mut Checked, source: &str) -> std::result::Result<Module, GenError> {
    generate_with_symbols(checked, source, None).map(|(m, _)| m)
}

/// Generate the module and, given the compilation's files, its symbol file text.
pub fn generate_with_symbols(
    checked: &mut Checked,
    source: &str,
    files: Option<&crate::diag::Files>,
) -> std::result::Result<(Module, Option<String>), GenError> {
    let program = std::mem::take(&mut checked.program);
    let result = generate_program(checked, &program, source, files);
    checked.program = program;
    result
}

fn generate_program(
    checked: &mut Checked,
    program: &Program,
    source: &str,
    files: Option<&crate::diag::Files>,
) -> Result<(Module, Option<String>)> {
    let this = checked.implements.first().copied();
    // With several implemented modules the original names the union `A+B`.
    let module_name = checked
        .implements
        .iter()
        .map(|m| checked.types.module(*m).name.clone())
        .collect::<Vec<_>>()
        .join("+");
    let implements = checked.implements.clone();
    let self_module = self_table(&mut checked.types, &implements);
    let mut var_by_span: HashMap<(u32, u32, u32), Vec<VarId>> = HashMap::new();
    for (i, v) in checked.vars.iter().enumerate() {
        var_by_span
            .entry(span_key(v.span))
            .or_default()
            .push(VarId(i as u32));
    }
    let mut g = Gen {
        types: &mut checked.types,
        vars: &checked.vars,
        functions: &checked.functions,
        module_name,
        this,
        implements,
        self_module,
        whole: whole::Whole::default(),
        code: Vec::new(),
        fixups: Vec::new(),
        labels: Vec::new(),
        fn_labels: Vec::new(),
        fn_descs: Vec::new(),
        descs: vec![TypeDesc {
            id: 0,
            size: 0,
            map: Vec::new(),
        }],
        desc_ids: HashMap::new(),
        mp: Mp::default(),
        imports: Vec::new(),
        handlers: Vec::new(),
        var_by_span,
        max_frame: 0,
        exported: Vec::new(),
        top_exceptions: program
            .decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Exception { names, .. } => Some(names.iter().map(|n| n.name.clone())),
                _ => None,
            })
            .flatten()
            .collect(),
        symbols: sbl::Symbols::default(),
        cur_span: Span::default(),
        cur_block: 0,
        next_block: 0,
        loaded: Vec::new(),
        frame_names: frame::Names::default(),
        imported_from: program
            .decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Import { names, from } => from
                    .var
                    .map(|v| names.iter().map(move |n| (n.name.clone(), v))),
                _ => None,
            })
            .flatten()
            .collect(),
        imported_via: program
            .decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Import { names, from } => match (&from.kind, from.via) {
                    (ExprKind::Ident(datum), Some(v)) => Some(
                        names
                            .iter()
                            .map(move |n| (n.name.clone(), v, datum.clone())),
                    ),
                    _ => None,
                },
                _ => None,
            })
            .flatten()
            .collect(),
    };
    for m in g.implements.clone() {
        g.whole.mark_implemented(g.types, m);
    }
    g.layout_globals(program)?;
    for _ in g.functions {
        let l = g.new_label();
        g.fn_labels.push(l);
        let id = g.descs.len() as i32;
        g.descs.push(TypeDesc {
            id,
            size: 0,
            map: Vec::new(),
        });
        g.fn_descs.push(id);
    }
    let inlines = g.find_inlines(program);
    let mut index = 0;
    for d in &program.decls {
        if let DeclKind::Fn(f) = &d.kind {
            if index < g.functions.len() {
                let f = g.inline_calls(&inlines, f);
                if inlines.omits(index) {
                    g.imports_only(|g| func::function(g, index, &f))?;
                } else {
                    func::function(&mut g, index, &f)?;
                }
            }
            index += 1;
        }
    }
    g.fold_branches();
    let mut symbols = std::mem::take(&mut g.symbols);
    symbols.globals = (0..g.vars.len() as u32)
        .map(VarId)
        .filter_map(|v| match g.mp.global(v) {
            Some(Operand::Mp(o)) => Some((v, o as u32)),
            _ => None,
        })
        .collect();
    let module = g.finish(source)?;
    let text =
        files.map(|files| sbl::write(&symbols, &module.name, files, &checked.types, &checked.vars));
    Ok((module, text))
}

pub(crate) fn span_key(s: Span) -> (u32, u32, u32) {
    (s.file, s.start.line, s.start.col)
}

impl Gen<'_> {
    /// Start a new block (scope) for the symbol file; returns the one to restore.
    pub fn enter_block(&mut self) -> u32 {
        let old = self.cur_block;
        self.cur_block = self.next_block;
        self.next_block += 1;
        old
    }

    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }

    pub fn place(&mut self, l: Label) {
        self.labels[l.0] = Some(self.code.len() as i32);
    }

    /// Place label `l` where the already placed label `at` is.
    pub fn place_with(&mut self, l: Label, at: Label) {
        self.labels[l.0] = self.labels[at.0];
    }

    pub fn emit(&mut self, op: Opcode, src: Operand, mid: Operand, dst: Operand) -> usize {
        self.code.push(Instruction { op, src, mid, dst });
        self.symbols.spans.push((self.cur_span, self.cur_block));
        self.code.len() - 1
    }

    pub fn fix(&mut self, pc: usize, slot: Slot, fix: Fix) {
        self.fixups.push((pc, slot, fix));
    }

    /// Emit a branch-like instruction whose destination is a label.
    pub fn branch(&mut self, op: Opcode, src: Operand, mid: Operand, to: Label) {
        let pc = self.emit(op, src, mid, Operand::Imm(0));
        self.fix(pc, Slot::Dst, Fix::Label(to));
    }

    pub fn jmp(&mut self, to: Label) {
        self.branch(Opcode::Jmp, Operand::None, Operand::None, to);
    }

    /// The descriptor id of an object of `size` bytes with pointer words at `ptrs`.
    pub fn desc(&mut self, size: u32, ptrs: &[u32]) -> i32 {
        let map = layout::map_bytes(ptrs);
        let key = (size as i32, map);
        if let Some(id) = self.desc_ids.get(&key) {
            return *id;
        }
        let id = self.descs.len() as i32;
        self.descs.push(TypeDesc {
            id,
            size: key.0,
            map: key.1.clone(),
        });
        self.desc_ids.insert(key, id);
        id
    }

    /// The descriptor of a heap object holding one value of type `t`.
    /// Its size is the value's own (1 for a byte: array elements are that far apart).
    pub fn type_desc(&mut self, t: TypeId) -> i32 {
        let mut ptrs = Vec::new();
        layout::pointers(self.types, t, 0, &mut ptrs);
        let size = layout::size(self.types, t);
        self.desc(size, &ptrs)
    }

    pub fn set_frame_desc(&mut self, index: usize, size: u32, ptrs: &[u32]) {
        let id = self.fn_descs[index];
        self.descs[id as usize].size = size as i32;
        self.descs[id as usize].map = layout::map_bytes(ptrs);
        self.max_frame = self.max_frame.max(size);
    }

    /// The run-time name of a declared exception, as the original spells it.
    /// `module` is the module type named before `->`, if any.
    pub fn exception_name(&self, name: &str, module: Option<ModId>, function: &str) -> String {
        let declares = |m: ModId| {
            self.types
                .module(m)
                .member(name)
                .is_some_and(|x| x.kind == MemberKind::Exception)
        };
        if let Some(m) = module.or(self.this.filter(|m| declares(*m))) {
            format!("{}.1.{name}", self.types.module(m).name)
        } else if self.top_exceptions.iter().any(|n| n == name) {
            format!("{}.0.{name}", self.module_name)
        } else {
            format!("{}.{function}.1.{name}", self.module_name)
        }
    }

    /// The module variable through which a name of module type `m` is reached: the
    /// one it was imported from, else the first global of that module type.
    pub fn module_variable(&self, name: &str, m: ModId) -> Option<VarId> {
        let of_module =
            |v: VarId| matches!(self.types.get(self.var(v).ty), Type::Module(x) if *x == m);
        // a name imported from a variable of another module (`IPint: import kr;` beside
        // `ipints->IPint`) does not say how to reach this one
        if let Some((_, v)) = self
            .imported_from
            .iter()
            .rev()
            .find(|(n, v)| n == name && of_module(*v))
        {
            return Some(*v);
        }
        (0..self.vars.len() as u32)
            .map(VarId)
            .find(|v| self.var(*v).kind == VarKind::Global && of_module(*v))
    }

    /// The module datum through which a name of module type `m` is reached when
    /// it was imported from data itself imported (`Iobuf: import bufio;` with
    /// `bufio: import mashlib;`): the module variable and the datum's name.
    pub fn module_datum(&self, name: &str, m: ModId) -> Option<(VarId, String)> {
        self.imported_via.iter().find_map(|(n, v, datum)| {
            let Type::Module(vm) = self.types.get(self.var(*v).ty) else {
                return None;
            };
            let member = self.types.module(*vm).member(datum)?;
            (n == name && matches!(self.types.get(member.ty), Type::Module(x) if *x == m))
                .then(|| (*v, datum.clone()))
        })
    }

    pub fn export_function(&mut self, index: usize) {
        if !self.exported.contains(&index) {
            self.exported.push(index);
        }
    }

    pub fn fn_label(&self, index: usize) -> Label {
        self.fn_labels[index]
    }

    /// The index of the function of this module with this name (`f` or `Adt.f`).
    pub fn function_index(&self, name: &str) -> Option<usize> {
        self.functions.iter().position(|f| f.name == name)
    }

    /// Note that an import of `name` from module type `m` is used; returns nothing, the
    /// index is patched at the end.
    pub fn use_import(&mut self, m: ModId, name: &str, ty: TypeId) {
        if name == ".mp" {
            self.whole.mark_data(self.types, m);
        } else {
            self.whole.mark(self.types, ty);
        }
        let pos = match self.imports.iter().position(|(x, _)| *x == m) {
            Some(p) => p,
            None => {
                self.imports.push((m, Vec::new()));
                self.imports.len() - 1
            }
        };
        let entries = &mut self.imports[pos].1;
        if !entries.iter().any(|(n, _)| n == name) {
            entries.push((name.to_string(), ty));
        }
    }

    /// Note that a module type is loaded: its import table is written.
    pub fn use_table(&mut self, m: ModId) {
        if !self.imports.iter().any(|(x, _)| *x == m) {
            self.imports.push((m, Vec::new()));
        }
        if !self.loaded.contains(&m) {
            self.loaded.push(m);
        }
    }

    pub fn var(&self, v: VarId) -> &VarInfo {
        &self.vars[v.0 as usize]
    }

    pub fn add_handler(
        &mut self,
        eoff: i32,
        start: Label,
        end: Label,
        ne: i32,
        labels: Vec<(String, Label)>,
        wildcard: Option<Label>,
    ) {
        self.handlers.push(PendingHandler {
            eoff,
            start,
            end,
            ne,
            labels,
            wildcard,
        });
    }

    /// Module data: the interface's data first, then the other globals.
    fn layout_globals(&mut self, program: &Program) -> Result<()> {
        let mut exported: Vec<VarId> = Vec::new();
        if let Some(m) = self.this {
            let members: Vec<String> = self
                .types
                .module(m)
                .members
                .iter()
                .filter(|x| x.kind == MemberKind::Data)
                .map(|x| x.name.clone())
                .collect();
            for name in members {
                if let Some(i) = self
                    .vars
                    .iter()
                    .position(|v| v.kind == VarKind::Global && v.name == name)
                {
                    exported.push(VarId(i as u32));
                }
            }
        }
        for v in &exported {
            let t = self.var(*v).ty;
            self.mp.place_global(self.types, *v, t);
        }
        let mut rest: Vec<VarId> = (0..self.vars.len() as u32)
            .map(VarId)
            .filter(|v| self.var(*v).kind == VarKind::Global && !exported.contains(v))
            .collect();
        rest.sort_by(|a, b| self.var(*a).name.cmp(&self.var(*b).name));
        for v in rest {
            let t = self.var(v).ty;
            self.mp.place_global(self.types, v, t);
        }
        data::initialise_globals(self, program)
    }

    /// The functions a module interface declares, member functions of its adts as `Adt.f`.
    fn interface_functions(&self, m: ModId) -> Vec<(String, TypeId)> {
        let mut out = Vec::new();
        for member in &self.types.module(m).members {
            match member.kind {
                MemberKind::Fn => out.push((member.name.clone(), member.ty)),
                MemberKind::Type => {
                    if let Type::Adt(a, _) = self.types.get(member.ty) {
                        let info = self.types.adt(*a);
                        if info.module == Some(m) && info.name == member.name {
                            out.extend(
                                info.methods
                                    .iter()
                                    .map(|(n, t)| (format!("{}.{n}", info.name), *t)),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn resolve(&self, fix: &Fix) -> i32 {
        match fix {
            Fix::Label(l) => self.labels[l.0].unwrap_or(-1),
            Fix::FnDesc(i) => self.fn_descs[*i],
            Fix::Table(m) => self
                .imports
                .iter()
                .filter(|(x, _)| self.loaded.contains(x))
                .position(|(x, _)| x == m)
                .map_or(-1, |p| p as i32),
            Fix::Entry(m, name) => self
                .imports
                .iter()
                .find(|(x, _)| x == m)
                .and_then(|(_, es)| es.iter().position(|(n, _)| n == name))
                .map_or(-1, |p| p as i32),
        }
    }

    /// The exported functions in the original's order: the interface's sorted by
    /// bare name, then those exported for function references, sorted.
    fn exported_functions(&self) -> Vec<(String, TypeId, usize)> {
        let mut fns: Vec<(String, TypeId, usize)> = Vec::new();
        for &m in &self.implements {
            for (n, t) in self.interface_functions(m) {
                if fns.iter().any(|(x, _, _)| *x == n) {
                    continue;
                }
                if let Some(i) = self.function_index(&n) {
                    fns.push((n, t, i));
                }
            }
        }
        fns.sort_by(|a, b| bare(&a.0).cmp(bare(&b.0)));
        let mut extra: Vec<(String, TypeId, usize)> = self
            .exported
            .iter()
            .map(|&i| (self.functions[i].name.clone(), self.functions[i].ty, i))
            .filter(|(n, _, _)| !fns.iter().any(|(x, _, _)| x == n))
            .collect();
        extra.sort_by(|a, b| bare(&a.0).cmp(bare(&b.0)));
        fns.extend(extra);
        fns
    }

    fn finish(mut self, source: &str) -> Result<Module> {
        let exported = self.exported_functions();
        // the original writes the import tables in order of module type name
        let mut imports = std::mem::take(&mut self.imports);
        imports.sort_by(|a, b| {
            self.types
                .module(a.0)
                .name
                .cmp(&self.types.module(b.0).name)
        });
        self.imports = imports;
        let this_type = self.this.map(|m| self.types.mk_module(m));
        let has_data = self.this.is_some_and(|m| {
            self.types
                .module(m)
                .members
                .iter()
                .any(|x| x.kind == MemberKind::Data)
        });
        let interfaces: Vec<String> = (self.implements.iter())
            .flat_map(|m| self.interface_functions(*m))
            .map(|(n, _)| n)
            .collect();
        let reference_exports: Vec<(String, TypeId)> = exported
            .iter()
            .filter(|(n, _, _)| !interfaces.contains(n))
            .map(|(n, t, _)| (n.clone(), *t))
            .collect();
        let mut imports = std::mem::take(&mut self.imports);
        for (m, entries) in &mut imports {
            if Some(*m) == self.self_module {
                // a module loading itself lists everything it exports, as its link table
                entries.clear();
                if has_data {
                    entries.push((".mp".to_string(), this_type.unwrap_or(TypeId::NONE)));
                }
                entries.extend(exported.iter().map(|(n, t, _)| (n.clone(), *t)));
                continue;
            }
            let interface = self.interface_functions(*m);
            // every member of an implemented module is referenced: loaded as
            // itself (desklink.b's `load Palmdb "$self"`), it is listed whole,
            // with the functions exported for references beside its interface
            // (alphabet.b's constraint functions in its Alphabet and Copy tables)
            let implemented = self.implements.contains(m);
            if self.whole.modules.contains(m) || implemented {
                let module = self.types.module(*m);
                entries.clear();
                if module.members.iter().any(|x| x.kind == MemberKind::Data) {
                    entries.push((".mp".to_string(), self.types.mk_module(*m)));
                }
                entries.extend(interface.iter().cloned());
            }
            // by bare name, names alike in the interface's order
            let place = |n: &str| interface.iter().position(|(x, _)| x == n);
            entries.sort_by(|a, b| {
                (a.0 != ".mp", bare(&a.0), place(&a.0)).cmp(&(
                    b.0 != ".mp",
                    bare(&b.0),
                    place(&b.0),
                ))
            });
            // after the interface, in their own order
            if implemented {
                entries.extend(reference_exports.iter().cloned());
            }
        }
        self.imports = imports;
        let fixups = std::mem::take(&mut self.fixups);
        for (pc, slot, fix) in &fixups {
            let v = self.resolve(fix);
            let ins = &mut self.code[*pc];
            let op = match slot {
                Slot::Src => &mut ins.src,
                Slot::Mid => &mut ins.mid,
                Slot::Dst => &mut ins.dst,
            };
            *op = Operand::Imm(v);
        }
        let tables = std::mem::take(&mut self.mp.tables);
        for (off, words) in tables {
            let resolved: Vec<TableWord> = words
                .into_iter()
                .map(|w| match w {
                    TableWord::Label(l) => TableWord::Word(self.labels[l.0].unwrap_or(-1)),
                    other => other,
                })
                .collect();
            self.mp.write_table(off, resolved);
        }
        let handlers = self.handlers_out();
        let mut links = Vec::new();
        let mut entry = (-1, -1);
        if let (Some(m), true) = (self.this, has_data) {
            links.push(Link {
                pc: -1,
                desc: -1,
                sig: crate::sign::data_signature(self.types, m),
                name: ".mp".into(),
            });
        }
        for (name, ty, i) in exported {
            let pc = self.labels[self.fn_labels[i].0].unwrap_or(-1);
            if name == "init" {
                entry = (pc, self.fn_descs[i]);
            }
            links.push(Link {
                pc,
                desc: self.fn_descs[i],
                sig: crate::sign::signature(self.types, ty),
                name,
            });
        }
        let mut imports = Vec::new();
        for (_, entries) in self.imports.iter().filter(|(m, _)| self.loaded.contains(m)) {
            let mut table = Vec::new();
            for (name, ty) in entries {
                let sig = if name == ".mp" {
                    match self.types.get(*ty).clone() {
                        Type::Module(m) => crate::sign::data_signature(self.types, m),
                        _ => 0,
                    }
                } else {
                    crate::sign::signature(self.types, *ty)
                };
                table.push(Import {
                    sig,
                    name: name.clone(),
                });
            }
            imports.push(table);
        }
        self.descs[0].size = self.mp.size as i32;
        self.descs[0].map = layout::map_bytes(&self.mp.pointers);
        let mut data = self.mp.items();
        let frames: Vec<i32> = (self.fn_descs.iter().copied())
            .filter(|&id| self.descs[id as usize].size > 0)
            .collect();
        descs::renumber(
            &mut self.descs,
            &frames,
            descs::Users {
                code: &mut self.code,
                links: &mut links,
                entry_type: &mut entry.1,
                data: &mut data,
            },
        );
        let mut flags = dis::object::HASLDT;
        if !handlers.is_empty() {
            flags |= dis::object::HASEXCEPT;
        }
        Ok(Module {
            signature: None,
            flags,
            stack_extent: (self.max_frame * 10) as i32,
            data_size: self.mp.size as i32,
            entry_pc: entry.0,
            entry_type: entry.1,
            code: self.code,
            types: self.descs,
            data,
            name: self.module_name,
            links,
            imports: Some(imports),
            handlers: if handlers.is_empty() {
                None
            } else {
                Some(handlers)
            },
            source: Some(source.to_string()),
        })
    }

    fn handlers_out(&self) -> Vec<Handler> {
        let at = |l: Label| self.labels[l.0].unwrap_or(-1);
        self.handlers
            .iter()
            .filter(|h| at(h.start) < at(h.end))
            .map(|h| Handler {
                eoff: h.eoff,
                pc1: at(h.start),
                pc2: at(h.end),
                desc: -1,
                ne: h.ne,
                labels: h
                    .labels
                    .iter()
                    .map(|(n, l)| HandlerLabel {
                        name: n.clone(),
                        pc: at(*l),
                    })
                    .collect(),
                wildcard: h.wildcard.map_or(-1, at),
            })
            .collect()
    }
}

/// A function's name without its `Adt.` prefix (the original sorts links by it).
fn bare(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The module type of this module's loads of itself: the implemented module, or
/// the union of several, which the original names `A+B` after those of them
/// whose interface declares anything (appl/alphabet/fs/chstat.b implements an
/// empty `Chstat` and `Fsmodule`: its table sorts as `Fsmodule`).
fn self_table(types: &mut Types, implements: &[ModId]) -> Option<ModId> {
    let declaring: Vec<ModId> = implements
        .iter()
        .copied()
        .filter(|m| !types.module(*m).members.is_empty())
        .collect();
    match declaring.as_slice() {
        [] => implements.first().copied(),
        [one] => Some(*one),
        several => {
            let name = several
                .iter()
                .map(|m| types.module(*m).name.clone())
                .collect::<Vec<_>>()
                .join("+");
            Some(types.new_module(crate::types::ModInfo {
                name,
                members: Vec::new(),
            }))
        }
    }
}
