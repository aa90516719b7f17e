//! The symbol file (`.sbl`, version 2.1) in the original's text format: the
//! source files, a source span and block number per instruction, the adt types
//! the declarations use, every function with its arguments, locals and result,
//! and the module's globals. Spans are `line.col,line.col` with the file and
//! line left out when they repeat the previous span's end; columns count from 0.

use super::layout;
use crate::check::{VarId, VarInfo};
use crate::diag::{Files, Span};
use crate::types::{AdtId, Type, TypeId, Types};
use std::fmt::Write;

/// What the generator records for the symbol file.
#[derive(Default)]
pub struct Symbols {
    /// Per instruction: the span it was generated for and its block number.
    pub spans: Vec<(Span, u32)>,
    /// Per function, in pc order: pc, name, parameters and locals with their frame offsets.
    pub functions: Vec<FnSymbols>,
    /// Globals with their module data offsets.
    pub globals: Vec<(VarId, u32)>,
}

pub struct FnSymbols {
    pub pc: i32,
    pub name: String,
    pub ty: TypeId,
    pub args: Vec<(VarId, u32)>,
    pub locals: Vec<(VarId, u32)>,
}

/// Writes the `.sbl` text.
struct Writer<'a> {
    out: String,
    types: &'a Types,
    vars: &'a [VarInfo],
    /// File numbers of the symbol file by compilation file index.
    file_of: Vec<usize>,
    last_file: usize,
    last_line: u32,
    /// Adts listed in the types section, by their number there.
    adts: Vec<AdtId>,
}

/// The symbol file of a module named `module`.
pub fn write(
    symbols: &Symbols,
    module: &str,
    files: &Files,
    types: &Types,
    vars: &[VarInfo],
) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut file_of = Vec::new();
    for i in 0..files.len() {
        let bare = bare_name(files.name(i as u32)).to_string();
        let n = match names.iter().position(|x| *x == bare) {
            Some(n) => n,
            None => {
                names.push(bare);
                names.len() - 1
            }
        };
        file_of.push(n);
    }
    let mut w = Writer {
        out: String::new(),
        types,
        vars,
        file_of,
        last_file: 0,
        last_line: 0,
        adts: Vec::new(),
    };
    let _ = writeln!(w.out, "limbo .sbl 2.1\n{module}\n{}", names.len());
    for n in &names {
        let _ = writeln!(w.out, "{n}");
    }
    let _ = writeln!(w.out, "{}", symbols.spans.len());
    for (span, block) in &symbols.spans {
        let s = w.span(*span);
        let _ = writeln!(w.out, "{s}{block}");
    }
    // the adts any declaration uses, numbered in order of first use
    let mut all: Vec<TypeId> = Vec::new();
    for f in &symbols.functions {
        all.extend(
            f.args
                .iter()
                .chain(&f.locals)
                .map(|(v, _)| vars[v.0 as usize].ty),
        );
    }
    all.extend(symbols.globals.iter().map(|(v, _)| vars[v.0 as usize].ty));
    for t in all {
        w.collect_adts(t, 0);
    }
    let _ = writeln!(w.out, "{}", w.adts.len());
    for i in 0..w.adts.len() {
        let a = w.adts[i];
        w.adt(a);
    }
    let _ = writeln!(w.out, "{}", symbols.functions.len());
    for f in &symbols.functions {
        let _ = writeln!(w.out, "{}:{}", f.pc, f.name);
        w.decls(&f.args);
        w.decls(&f.locals);
        let ret = types.fn_type(f.ty).map_or(TypeId::NONE, |ft| ft.ret);
        w.ty(ret);
        w.out.push('\n');
    }
    w.decls(&symbols.globals);
    w.out
}

fn bare_name(path: &str) -> &str {
    path.rsplit(['/', '\\', ' ']).next().unwrap_or(path)
}

impl Writer<'_> {
    /// A span relative to the previous one.
    fn span(&mut self, s: Span) -> String {
        let mut out = String::new();
        let file = self.file_of.get(s.file as usize).copied().unwrap_or(0);
        if file != self.last_file {
            let _ = write!(out, "{file}:");
        }
        if s.start.line != self.last_line {
            let _ = write!(out, "{}.", s.start.line);
        }
        let _ = write!(out, "{},", s.start.col.saturating_sub(1));
        if s.end.line != s.start.line {
            let _ = write!(out, "{}.", s.end.line);
        }
        let _ = write!(out, "{} ", s.end.col.saturating_sub(1));
        self.last_file = file;
        self.last_line = s.end.line;
        out
    }

    fn collect_adts(&mut self, t: TypeId, depth: u32) {
        if depth > 16 {
            return;
        }
        match self.types.get(t) {
            Type::Ref(x) | Type::Array(x) | Type::List(x) | Type::Chan(x) => {
                self.collect_adts(*x, depth + 1)
            }
            Type::Tuple(ts) => {
                for x in ts.clone() {
                    self.collect_adts(x, depth + 1);
                }
            }
            Type::Adt(a, _) | Type::Variant(a, _, _) if !self.adts.contains(a) => {
                self.adts.push(*a);
                let fields: Vec<TypeId> = self.types.adt(*a).fields.iter().map(|f| f.ty).collect();
                for x in fields {
                    self.collect_adts(x, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn adt(&mut self, a: AdtId) {
        let info = self.types.adt(a);
        self.out.push(if info.is_pick { 'p' } else { 'a' });
        if let Some(m) = info.module {
            let _ = write!(self.out, "{}->", self.types.module(m).name);
        }
        let s = self.span(info.span);
        let size = self.adt_size(a);
        let _ = writeln!(self.out, "{} {s}{size}", info.name);
        let fields = info.fields.clone();
        self.fields(&fields, if info.is_pick { 4 } else { 0 });
        if info.is_pick {
            let _ = writeln!(self.out, "{}", info.tags.len());
            let mut last = None;
            for (name, g) in info.tags.clone() {
                let s = self.span(info.span);
                let _ = write!(self.out, "{name}:{s}");
                if last == Some(g) {
                    self.out.push('\n');
                } else {
                    let _ = writeln!(self.out, "0");
                    let vf = info
                        .groups
                        .get(g)
                        .map(|v| v.fields.clone())
                        .unwrap_or_default();
                    self.fields(&vf, 0);
                }
                last = Some(g);
            }
        }
    }

    fn adt_size(&self, a: AdtId) -> u32 {
        let info = self.types.adt(a);
        let mut off = if info.is_pick { 4 } else { 0 };
        let mut align = 1;
        for f in &info.fields {
            let (s, al) = (
                layout::size(self.types, f.ty),
                layout::align(self.types, f.ty),
            );
            off = layout::round(off, al) + s;
            align = align.max(al);
        }
        layout::round(off, align)
    }

    fn fields(&mut self, fields: &[crate::types::Field], start: u32) {
        let _ = writeln!(self.out, "{}", fields.len());
        let mut off = start;
        for f in fields {
            off = layout::round(off, layout::align(self.types, f.ty));
            let s = self.span(f.span);
            let _ = write!(self.out, "{off}:{}:{s}", f.name);
            self.ty(f.ty);
            self.out.push('\n');
            off += layout::size(self.types, f.ty);
        }
    }

    fn decls(&mut self, ds: &[(VarId, u32)]) {
        let _ = writeln!(self.out, "{}", ds.len());
        for (v, off) in ds {
            let info = &self.vars[v.0 as usize];
            let s = self.span(info.span);
            let _ = write!(self.out, "{off}:{}:{s}", info.name);
            self.ty(info.ty);
            self.out.push('\n');
        }
    }

    fn ty(&mut self, t: TypeId) {
        match self.types.get(t) {
            Type::Int | Type::Fixed(_) | Type::Unknown => self.out.push('i'),
            Type::Big => self.out.push('B'),
            Type::Byte => self.out.push('b'),
            Type::Real => self.out.push('f'),
            Type::String => self.out.push('s'),
            Type::Poly(..) => self.out.push('P'),
            Type::None | Type::Nil | Type::AnyException | Type::Exception(_) => self.out.push('n'),
            Type::Ref(x) | Type::Array(x) | Type::List(x) | Type::Chan(x) => {
                let c = match self.types.get(t) {
                    Type::Ref(_) => 'R',
                    Type::Array(_) => 'A',
                    Type::List(_) => 'L',
                    _ => 'C',
                };
                self.out.push(c);
                self.ty(*x);
            }
            Type::Tuple(ts) => {
                let _ = write!(self.out, "t{}.", self.types.size(t));
                let ts = ts.clone();
                let _ = writeln!(self.out, "{}", ts.len());
                let offs = member_offsets(self.types, &ts);
                for (i, (x, off)) in ts.iter().zip(offs).enumerate() {
                    let _ = write!(self.out, "{off}:t{i}:0,0 ");
                    self.ty(*x);
                    self.out.push('\n');
                }
            }
            Type::Adt(a, _) | Type::Variant(a, _, _) => match self.adts.iter().position(|x| x == a)
            {
                Some(n) => {
                    let _ = writeln!(self.out, "@{n}");
                }
                None => self.out.push('n'),
            },
            Type::Fn(f) => {
                self.out.push('F');
                let _ = writeln!(self.out, "0");
                let ret = f.ret;
                self.ty(ret);
            }
            Type::Module(m) => {
                let _ = write!(self.out, "m{}", self.types.module(*m).name);
            }
        }
    }
}

fn member_offsets(types: &Types, ts: &[TypeId]) -> Vec<u32> {
    let mut off = 0;
    ts.iter()
        .map(|t| {
            off = layout::round(off, layout::align(types, *t));
            let at = off;
            off += layout::size(types, *t);
            at
        })
        .collect()
}
