//! Module data (MP): where globals live, the constants the code refers to
//! (strings, reals, bigs, large words, the nil word), switch tables, and the
//! data section items that initialise them, the globals' initialisers included
//! (arrays as `array`/`indir`/`apop` items, so no code in `init` builds them).

use super::layout::{self, Class};
use super::{unsupported, Gen, GenError, Result, TableWord};
use crate::ast::{DeclKind, Expr, ExprKind, InitElem, Program, Qual};
use crate::check::VarId;
use crate::types::{Type, TypeId, Types};
use crate::value::Const;
use dis::object::{DataItem, Operand};
use std::collections::{BTreeMap, HashMap};

/// The module data block being laid out.
#[derive(Default)]
pub struct Mp {
    pub size: u32,
    /// Byte offsets of pointer words.
    pub pointers: Vec<u32>,
    globals: HashMap<VarId, u32>,
    strings: HashMap<String, u32>,
    words: HashMap<i32, u32>,
    bigs: HashMap<i64, u32>,
    reals: HashMap<u64, u32>,
    nil: Option<u32>,
    self_ref: Option<u32>,
    /// Initial values by offset.
    init: Vec<(u32, Init)>,
    /// Switch tables waiting for their labels: offset and words.
    pub(super) tables: Vec<(u32, Vec<TableWord>)>,
}

#[derive(Clone, Debug)]
enum Init {
    Byte(u8),
    Word(i32),
    Big(i64),
    Real(f64),
    Str(String),
    /// An array of `len` elements of type descriptor `desc`; with an initialiser
    /// list, the elements' values (offsets from the first element).
    Array {
        desc: i32,
        len: i32,
        elems: Option<Vec<(u32, Init)>>,
    },
}

impl Mp {
    fn alloc(&mut self, size: u32, align: u32) -> u32 {
        let off = layout::round(self.size, align);
        self.size = layout::round(off + size, 4);
        off
    }

    pub(super) fn place_global(&mut self, types: &mut Types, v: VarId, t: TypeId) {
        let off = self.alloc(layout::size(types, t), layout::align(types, t));
        let mut ptrs = Vec::new();
        layout::pointers(types, t, off, &mut ptrs);
        self.pointers.extend(ptrs);
        self.globals.insert(v, off);
    }

    pub fn global(&self, v: VarId) -> Option<Operand> {
        self.globals.get(&v).map(|o| Operand::Mp(*o as i32))
    }

    /// The word holding nil.
    pub fn nil(&mut self) -> Operand {
        let off = match self.nil {
            Some(o) => o,
            None => {
                let o = self.alloc(4, 4);
                self.pointers.push(o);
                self.nil = Some(o);
                o
            }
        };
        Operand::Mp(off as i32)
    }

    /// The word holding a module reference to this module (for function references).
    pub fn self_ref(&mut self) -> Operand {
        let off = match self.self_ref {
            Some(o) => o,
            None => {
                let o = self.alloc(4, 4);
                self.pointers.push(o);
                self.self_ref = Some(o);
                o
            }
        };
        Operand::Mp(off as i32)
    }

    pub fn string(&mut self, s: &str) -> Operand {
        if s.is_empty() {
            return self.nil();
        }
        if let Some(o) = self.strings.get(s) {
            return Operand::Mp(*o as i32);
        }
        let o = self.alloc(4, 4);
        self.pointers.push(o);
        self.strings.insert(s.to_string(), o);
        self.init.push((o, Init::Str(s.to_string())));
        Operand::Mp(o as i32)
    }

    /// A word constant: an immediate when it fits the operand encoding.
    pub fn word(&mut self, v: i32) -> Operand {
        if (-(1 << 29)..(1 << 29)).contains(&v) {
            return Operand::Imm(v);
        }
        self.stored_word(v)
    }

    /// A word constant kept in module data, for an instruction taking its address.
    pub fn stored_word(&mut self, v: i32) -> Operand {
        if let Some(o) = self.words.get(&v) {
            return Operand::Mp(*o as i32);
        }
        let o = self.alloc(4, 4);
        self.words.insert(v, o);
        self.init.push((o, Init::Word(v)));
        Operand::Mp(o as i32)
    }

    pub fn big(&mut self, v: i64) -> Operand {
        if let Some(o) = self.bigs.get(&v) {
            return Operand::Mp(*o as i32);
        }
        let o = self.alloc(8, 8);
        self.bigs.insert(v, o);
        self.init.push((o, Init::Big(v)));
        Operand::Mp(o as i32)
    }

    pub fn real(&mut self, v: f64) -> Operand {
        if let Some(o) = self.reals.get(&v.to_bits()) {
            return Operand::Mp(*o as i32);
        }
        let o = self.alloc(8, 8);
        self.reals.insert(v.to_bits(), o);
        self.init.push((o, Init::Real(v)));
        Operand::Mp(o as i32)
    }

    /// Reserve a switch table of `words` words (bigs take two) to be written later.
    pub(super) fn table(&mut self, words: Vec<TableWord>) -> u32 {
        let n: u32 = words
            .iter()
            .map(|w| if matches!(w, TableWord::Big(_)) { 8 } else { 4 })
            .sum();
        let o = self.alloc(n, 8);
        let mut at = o;
        for w in &words {
            match w {
                TableWord::Str(_) => {
                    self.pointers.push(at);
                    at += 4
                }
                TableWord::Big(_) => at += 8,
                _ => at += 4,
            }
        }
        self.tables.push((o, words));
        o
    }

    pub(super) fn write_table(&mut self, off: u32, words: Vec<TableWord>) {
        let mut at = off;
        for w in words {
            match w {
                TableWord::Word(v) => {
                    self.init.push((at, Init::Word(v)));
                    at += 4;
                }
                TableWord::Label(_) => at += 4,
                TableWord::Str(s) => {
                    if let Some(s) = s.filter(|s| !s.is_empty()) {
                        self.init.push((at, Init::Str(s)));
                    }
                    at += 4;
                }
                TableWord::Big(v) => {
                    self.init.push((at, Init::Big(v)));
                    at += 8;
                }
            }
        }
    }

    /// The data section: initial values in offset order, runs of one kind merged.
    pub fn items(&self) -> Vec<DataItem> {
        let mut items = Vec::new();
        push_items(self.init.clone(), &mut items);
        items
    }
}

/// Append the items for `init` (offsets relative to the current base) to `items`.
fn push_items(mut init: Vec<(u32, Init)>, items: &mut Vec<DataItem>) {
    init.sort_by_key(|(o, _)| *o);
    for (off, v) in init {
        let off = off as i32;
        match (items.last_mut(), v) {
            (Some(DataItem::Words { offset, words }), Init::Word(w))
                if *offset + 4 * words.len() as i32 == off =>
            {
                words.push(w)
            }
            (Some(DataItem::Bytes { offset, bytes }), Init::Byte(b))
                if *offset + bytes.len() as i32 == off =>
            {
                bytes.push(b)
            }
            (Some(DataItem::Bigs { offset, values }), Init::Big(b))
                if *offset + 8 * values.len() as i32 == off =>
            {
                values.push(b)
            }
            (Some(DataItem::Reals { offset, bits }), Init::Real(r))
                if *offset + 8 * bits.len() as i32 == off =>
            {
                bits.push(r.to_bits())
            }
            (_, Init::Word(w)) => items.push(DataItem::Words {
                offset: off,
                words: vec![w],
            }),
            (_, Init::Byte(b)) => items.push(DataItem::Bytes {
                offset: off,
                bytes: vec![b],
            }),
            (_, Init::Big(b)) => items.push(DataItem::Bigs {
                offset: off,
                values: vec![b],
            }),
            (_, Init::Real(r)) => items.push(DataItem::Reals {
                offset: off,
                bits: vec![r.to_bits()],
            }),
            (_, Init::Str(s)) => items.push(DataItem::String {
                offset: off,
                bytes: s.into_bytes(),
            }),
            (_, Init::Array { desc, len, elems }) => {
                items.push(DataItem::Array {
                    offset: off,
                    elem_type: desc,
                    len,
                });
                if let Some(elems) = elems {
                    items.push(DataItem::Index {
                        offset: off,
                        index: 0,
                    });
                    push_items(elems, items);
                    items.push(DataItem::Pop { offset: 0 });
                }
            }
        }
    }
}

/// Largest array a `* =>` initialiser may fill element by element in module data.
const MAX_FILLED: i64 = 1 << 20;

/// The initial values of globals go to the data section, as the original writes
/// them: constants, tuples and adts of constants, and arrays of those (nested
/// too), so every loaded instance holds them whether or not `init` runs.
pub(super) fn initialise_globals(g: &mut Gen, program: &Program) -> Result<()> {
    for d in &program.decls {
        match &d.kind {
            DeclKind::Var {
                names,
                init: Some(e),
                ..
            } => {
                for n in names {
                    let v = g
                        .var_by_span
                        .get(&super::span_key(n.span))
                        .and_then(|v| v.first().copied());
                    if let Some(v) = v {
                        initialise_global(g, v, e)?;
                    }
                }
            }
            DeclKind::Init(e) => match &e.kind {
                ExprKind::Declare(l, r) | ExprKind::Assign(None, l, r) => {
                    if let Some(v) = l.var {
                        initialise_global(g, v, r)?;
                    }
                }
                _ => return unsupported(e.span, "this top-level statement"),
            },
            _ => {}
        }
    }
    Ok(())
}

fn initialise_global(g: &mut Gen, v: VarId, e: &Expr) -> Result<()> {
    let Some(Operand::Mp(off)) = g.mp.global(v) else {
        return Ok(());
    };
    let mut out = Vec::new();
    value(g, g.var(v).ty, e, off as u32, &mut out)?;
    g.mp.init.extend(out);
    Ok(())
}

/// The initial values making up `e` stored as type `t` at `off`.
fn value(g: &mut Gen, t: TypeId, e: &Expr, off: u32, out: &mut Vec<(u32, Init)>) -> Result<()> {
    if let Some(c) = &e.konst {
        constant(g.types, t, c, off, out);
        return Ok(());
    }
    let members = match &e.kind {
        ExprKind::Tuple(items) => Some(items),
        ExprKind::Call(f, args) if crate::check::is_type_expr(g.types, f) => Some(args),
        _ => None,
    };
    if let (Some(items), Type::Tuple(_) | Type::Adt(..)) = (members, g.types.get(t)) {
        // a tuple or adt holding an array: each member at its offset
        let types = layout::member_types(g.types, t);
        let offs = g.types.member_offsets(t);
        for ((x, mt), o) in items.iter().zip(types).zip(offs) {
            value(g, mt, x, off + o, out)?;
        }
        return Ok(());
    }
    let Type::Array(el) = g.types.get(t).clone() else {
        return unsupported(e.span, "a global initialiser that is not constant");
    };
    let (len, elems) = match &e.kind {
        ExprKind::ArrayAlloc(n, _) => (n.konst.as_ref().and_then(Const::as_int), None),
        ExprKind::ArrayInit(n, elems) => (
            match n {
                Some(n) => n.konst.as_ref().and_then(Const::as_int),
                None => Some(super::array::implied_length(elems)),
            },
            Some(elems),
        ),
        _ => return unsupported(e.span, "a global initialiser that is not constant"),
    };
    let Some(len) = len.and_then(|l| i32::try_from(l).ok()).filter(|l| *l >= 0) else {
        return unsupported(e.span, "a global array whose length is not a constant");
    };
    let desc = g.type_desc(el);
    let elems = match elems {
        Some(elems) => Some(elements(g, el, len, elems, e)?),
        None => None,
    };
    out.push((off, Init::Array { desc, len, elems }));
    Ok(())
}

/// The initial values of the elements of an array of `len` elements of type `el`.
fn elements(
    g: &mut Gen,
    el: TypeId,
    len: i32,
    elems: &[InitElem],
    e: &Expr,
) -> Result<Vec<(u32, Init)>> {
    let mut wild = None;
    let mut at: BTreeMap<i64, &Expr> = BTreeMap::new();
    let mut next = 0i64;
    for x in elems {
        if x.quals.is_empty() {
            at.insert(next, &x.value);
            next += 1;
        }
        for q in &x.quals {
            match q {
                Qual::Expr(i) => {
                    let Some(i) = i.konst.as_ref().and_then(Const::as_int) else {
                        return unsupported(i.span, "a non-constant index in a global array");
                    };
                    at.insert(i, &x.value);
                    next = i + 1;
                }
                Qual::Range(a, b) => {
                    let (Some(a), Some(b)) = (
                        a.konst.as_ref().and_then(Const::as_int),
                        b.konst.as_ref().and_then(Const::as_int),
                    ) else {
                        return unsupported(e.span, "a non-constant range in a global array");
                    };
                    if a < 0 || b >= i64::from(len) {
                        return out_of_range(e);
                    }
                    for k in a..=b {
                        at.insert(k, &x.value);
                    }
                    next = b + 1;
                }
                Qual::Star(_) => wild = Some(&x.value),
            }
        }
    }
    if at.keys().any(|k| *k < 0 || *k >= i64::from(len)) {
        return out_of_range(e);
    }
    if let Some(w) = wild {
        if i64::from(len) > MAX_FILLED {
            return unsupported(e.span, "a `* =>` initialiser of so large a global array");
        }
        for k in 0..i64::from(len) {
            at.entry(k).or_insert(w);
        }
    }
    let size = layout::size(g.types, el);
    let mut out = Vec::new();
    for (k, x) in at {
        let Some(off) = u32::try_from(k).ok().and_then(|k| k.checked_mul(size)) else {
            return out_of_range(e);
        };
        value(g, el, x, off, &mut out)?;
    }
    Ok(out)
}

fn out_of_range<T>(e: &Expr) -> Result<T> {
    Err(GenError {
        span: e.span,
        message: "array initialiser index out of range".into(),
    })
}

/// The initial values of constant `c` stored as type `t` at `off` (nil is all zeros).
fn constant(types: &mut Types, t: TypeId, c: &Const, off: u32, out: &mut Vec<(u32, Init)>) {
    let init = match (layout::class(types, t), c) {
        (Class::Byte, Const::Int(v)) => Init::Byte(*v as u8),
        (Class::Word, Const::Int(v)) => Init::Word(*v as i32),
        (Class::Word, Const::Real(v)) => Init::Word(*v as i32),
        (Class::Big, Const::Int(v)) => Init::Big(*v),
        (Class::Real, Const::Real(v)) => Init::Real(*v),
        (Class::Real, Const::Int(v)) => Init::Real(*v as f64),
        (Class::Ptr, Const::Str(s)) => Init::Str(s.clone()),
        (Class::Block, Const::Tuple(items)) => {
            let members = layout::member_types(types, t);
            let offs = types.member_offsets(t);
            for ((c, mt), o) in items.iter().zip(members).zip(offs) {
                constant(types, mt, c, off + o, out);
            }
            return;
        }
        _ => return,
    };
    out.push((off, init));
}
