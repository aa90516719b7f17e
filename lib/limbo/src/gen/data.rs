//! Module data (MP): where globals live, the constants the code refers to
//! (strings, reals, bigs, large words, the nil word), switch tables, and the
//! data section items that initialise them.

use super::layout::{self, Class};
use super::{Gen, Result, TableWord};
use crate::ast::{DeclKind, ExprKind, Program};
use crate::check::VarId;
use crate::types::{TypeId, Types};
use crate::value::Const;
use dis::object::{DataItem, Operand};
use std::collections::HashMap;

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

    fn set(&mut self, off: u32, class: Class, c: &Const) {
        let init = match (class, c) {
            (Class::Byte, Const::Int(v)) => Init::Byte(*v as u8),
            (Class::Word, Const::Int(v)) => Init::Word(*v as i32),
            (Class::Big, Const::Int(v)) => Init::Big(*v),
            (Class::Real, Const::Real(v)) => Init::Real(*v),
            (Class::Ptr, Const::Str(s)) if !s.is_empty() => Init::Str(s.clone()),
            _ => return,
        };
        self.init.push((off, init));
    }

    /// The data section: initial values in offset order, runs of one kind merged.
    pub fn items(&self) -> Vec<DataItem> {
        let mut init = self.init.clone();
        init.sort_by_key(|(o, _)| *o);
        let mut items: Vec<DataItem> = Vec::new();
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
            }
        }
        items
    }
}

/// Constant initial values of globals go to the data section.
pub(super) fn initialise_globals(g: &mut Gen, program: &Program) -> Result<()> {
    for d in &program.decls {
        match &d.kind {
            DeclKind::Var {
                names,
                init: Some(e),
                ..
            } => {
                if let Some(c) = &e.konst {
                    for n in names {
                        let v = g
                            .var_by_span
                            .get(&super::span_key(n.span))
                            .and_then(|v| v.first().copied());
                        if let Some(v) = v {
                            set_global(g, v, c);
                        }
                    }
                }
            }
            DeclKind::Init(e) => {
                if let ExprKind::Declare(l, r) | ExprKind::Assign(None, l, r) = &e.kind {
                    if let (Some(v), Some(c)) = (l.var, &r.konst) {
                        set_global(g, v, c);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn set_global(g: &mut Gen, v: VarId, c: &Const) {
    let t = g.var(v).ty;
    let class = layout::class(g.types, t);
    if let Some(Operand::Mp(off)) = g.mp.global(v) {
        g.mp.set(off as u32, class, c);
    }
}
