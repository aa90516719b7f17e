//! One function: its frame (header, arguments from offset 32 at their own
//! alignment, then locals and reusable temporaries in the original's order, see
//! `frame`), its body, and its frame descriptor. Temporaries holding references
//! are set to nil when released, so objects die as soon as the program drops its
//! last reference.

use super::frame::{self, Item};
use super::layout::{self, Class};
use super::{Gen, Label, Result};
use crate::ast::{Expr, FnDef};
use crate::check::VarId;
use crate::types::{Type, TypeId};
use dis::isa::Opcode;
use dis::object::Operand;
use std::collections::HashMap;

/// The first frame byte after the header (link, frame, module, type, result, temporaries).
pub(crate) const FIRST_ARG: u32 = 32;
/// Frame word holding the address of the caller's result slot.
pub(crate) const REGRET: i32 = 16;

#[derive(Clone)]
struct Temp {
    off: u32,
    size: u32,
    /// Its type's alignment: the original shares a temporary between types of one
    /// alignment only.
    align: u32,
    ptrs: Vec<u32>,
    busy: bool,
    /// Its frame item.
    item: usize,
    /// It holds a string now: nothing can tell when a string is freed.
    string: bool,
    /// How many uses more than one it has (an operand's temporary sharing the result's).
    shares: u32,
    /// It holds the address of an element of an array a local holds.
    anchored: bool,
}

/// A statement `break` (and for loops `continue`) can leave.
pub(crate) struct Breakable {
    pub label: Option<String>,
    pub brk: Label,
    pub cont: Option<Label>,
}

/// The state of the function being generated.
pub(crate) struct Func<'g, 'a> {
    pub g: &'g mut Gen<'a>,
    /// The end of the provisional frame (see `frame`).
    size: u32,
    /// Pointer words of the arguments.
    ptrs: Vec<u32>,
    /// The locals and temporaries, at provisional offsets until the function is done.
    items: Vec<Item>,
    pub(super) slots: HashMap<VarId, u32>,
    temps: Vec<Temp>,
    /// Pointer words of temporaries written since they were last released: they are
    /// set to nil when released, so no temporary keeps an object alive (files close,
    /// channels hang up as soon as the program drops its last reference).
    dirty: Vec<Operand>,
    pub breakables: Vec<Breakable>,
    /// Variables already claimed by a pick or handler arm (several share one name span).
    pub claimed: Vec<VarId>,
    /// Frame words holding the exception of the enclosing handler arms (for `raise;`).
    pub caught: Vec<Operand>,
    /// Handler arm variables and the frame word holding the exception they were given.
    pub handler_vars: Vec<(VarId, Operand)>,
    /// The function's name (`f` or `Adt.f`).
    pub name: String,
    /// `for` constraints: type parameter, function name, and the frame offsets of
    /// the hidden module reference and link index that carry the function.
    pub constraints: Vec<(TypeId, String, u32, u32)>,
    /// While the rest of an alt guard runs (`*m = *<-c`): the receive the alt already
    /// did, and where its value is.
    pub received: Option<(*const Expr, Operand)>,
    /// The result's temporary the next temporary of its shape may share (see `temp`).
    pub(super) hint: Option<Operand>,
}

/// Offsets of the parameters of a function type, from `FIRST_ARG`.
pub(crate) fn param_offsets(g: &Gen, params: &[TypeId]) -> (Vec<u32>, u32) {
    let mut off = FIRST_ARG;
    let mut out = Vec::new();
    for &p in params {
        off = layout::round(off, layout::align(g.types, p));
        out.push(off);
        off += layout::size(g.types, p);
    }
    (out, off)
}

pub(crate) fn function(g: &mut Gen, index: usize, def: &FnDef) -> Result<()> {
    let info = &g.functions[index];
    let ft = g.types.fn_type(info.ty).cloned();
    let Some(ft) = ft else {
        return super::unsupported(def.span, "function without a function type");
    };
    let label = g.fn_label(index);
    g.place(label);
    let pc = g.code.len() as i32;
    g.cur_span = def.span;
    let outer_block = g.enter_block();
    let mut param_types: Vec<TypeId> = ft.params.iter().map(|p| p.ty).collect();
    // each `for` constraint function arrives as two hidden arguments: a module
    // reference and a link index
    for _ in &ft.constraints {
        param_types.extend([TypeId::STRING, TypeId::INT]);
    }
    let (offs, end) = param_offsets(g, &param_types);
    let mut f = Func {
        g,
        size: end,
        ptrs: Vec::new(),
        items: Vec::new(),
        slots: HashMap::new(),
        temps: Vec::new(),
        dirty: Vec::new(),
        breakables: Vec::new(),
        claimed: Vec::new(),
        caught: Vec::new(),
        handler_vars: Vec::new(),
        name: info.name.clone(),
        constraints: Vec::new(),
        received: None,
        hint: None,
    };
    let hidden = offs.get(ft.params.len()..).unwrap_or(&[]);
    f.constraints = ft
        .constraints
        .iter()
        .zip(hidden.chunks(2))
        .map(|((t, n, _), o)| (*t, n.clone(), o[0], o.get(1).copied().unwrap_or(0)))
        .collect();
    f.ptrs.extend(hidden.iter().step_by(2));
    let mut named = info.params.iter();
    for (i, (p, off)) in ft.params.iter().zip(&offs).enumerate() {
        let mut ps = Vec::new();
        layout::pointers(f.g.types, p.ty, *off, &mut ps);
        f.ptrs.extend(ps);
        // the definition names its parameters, whatever the declaration calls them
        if def.sig.params.get(i).is_some_and(|d| d.name.is_some()) {
            if let Some(v) = named.next() {
                f.slots.insert(*v, *off);
            }
        }
    }
    let handlers = f.g.handlers.len();
    f.locals(&info.locals);
    let top_imports = f.g.imported_from.len();
    f.stmts(&def.body)?;
    f.g.imported_from.truncate(top_imports);
    f.g.cur_span = def.span;
    f.g.emit(Opcode::Ret, Operand::None, Operand::None, Operand::None);
    f.g.cur_block = outer_block;
    let size = f.lay_out(end, pc as usize, handlers);
    let slot_of = |v: &VarId| f.slots.get(v).map(|o| (*v, *o));
    let args = info.params.iter().filter_map(slot_of).collect();
    let locals = info.locals.iter().filter_map(slot_of).collect();
    f.g.symbols.functions.push(super::sbl::FnSymbols {
        pc,
        name: info.name.clone(),
        ty: info.ty,
        args,
        locals,
    });
    let ptrs = std::mem::take(&mut f.ptrs);
    f.g.set_frame_desc(index, size, &ptrs);
    Ok(())
}

impl Func<'_, '_> {
    /// Reserve provisional frame space for a value of type `t`, its item named
    /// `name` and used `refs` times; returns the item's index.
    fn alloc(&mut self, t: TypeId, name: String, refs: u32) -> usize {
        let size = layout::size(self.g.types, t).max(1);
        let align = layout::align(self.g.types, t);
        let mut ptrs = Vec::new();
        layout::pointers(self.g.types, t, 0, &mut ptrs);
        self.add_item(size, align, ptrs, name, refs)
    }

    fn add_item(
        &mut self,
        size: u32,
        align: u32,
        ptrs: Vec<u32>,
        name: String,
        refs: u32,
    ) -> usize {
        let at = layout::round(self.size, align);
        self.size = at + size;
        self.items.push(Item {
            at,
            size,
            align,
            ptrs,
            refs,
            name,
            lender: None,
            glued: false,
        });
        self.items.len() - 1
    }

    /// Give the locals their provisional slots: one for the variables of one name
    /// (a pick's or handler's, one per arm), none for a local never used, the slot of
    /// a local whose scope has closed for one without references that fits it.
    fn locals(&mut self, vars: &[VarId]) {
        let mut locals: Vec<Local> = Vec::new();
        let mut by_span: HashMap<_, usize> = HashMap::new();
        for &v in vars {
            let info = self.g.var(v);
            let (ty, u, span) = (info.ty, info.usage.clone(), super::span_key(info.span));
            let mut ptrs = Vec::new();
            layout::pointers(self.g.types, ty, 0, &mut ptrs);
            let shape = (span, layout::size(self.g.types, ty), ptrs);
            match by_span.get(&shape) {
                Some(&l) => {
                    locals[l].vars.push(v);
                    locals[l].refs += u.refs;
                }
                None => {
                    by_span.insert(shape, locals.len());
                    locals.push(Local {
                        vars: vec![v],
                        ty,
                        refs: u.refs,
                        born: u.born,
                        closed: u.closed,
                        tuple: u.tuple,
                        lender: None,
                    });
                }
            }
        }
        for d in 0..locals.len() {
            locals[d].lender = self.lender(&locals, d);
        }
        let mut items: Vec<Option<usize>> = vec![None; locals.len()];
        for (d, l) in locals.iter().enumerate() {
            if l.refs == 0 {
                continue;
            }
            let v = l.vars[0];
            let name = self.g.var(v).name.clone();
            let item = self.alloc(l.ty, name, l.refs);
            items[d] = Some(item);
            self.items[item].lender = l.lender.and_then(|k| items[k]);
            self.items[item].glued = l.tuple.is_some_and(|h| h != v);
            for w in &l.vars {
                self.slots.insert(*w, self.items[item].at);
            }
        }
    }

    /// The local whose slot local `d` reuses, as the original chooses it: the first,
    /// in the order their scopes closed, of those closed before `d` was declared that
    /// is of `d`'s size and alignment, holds no references (nor does `d`), is declared
    /// alone, shares no slot and lends its slot to no local still in scope.
    fn lender(&mut self, locals: &[Local], d: usize) -> Option<usize> {
        let me = &locals[d];
        if me.tuple.is_some() || me.vars.len() > 1 || self.zeroed(me.ty) {
            return None;
        }
        let (size, align) = (
            layout::size(self.g.types, me.ty),
            layout::align(self.g.types, me.ty),
        );
        let mut closed: Vec<usize> = (0..locals.len())
            .filter(|&k| locals[k].closed != 0 && locals[k].closed < me.born)
            .collect();
        closed.sort_by_key(|&k| (locals[k].closed, locals[k].born));
        closed.into_iter().find(|&k| {
            let l = &locals[k];
            let lent = locals
                .iter()
                .any(|b| b.lender == Some(k) && b.born < me.born && me.born < b.closed);
            l.tuple.is_none()
                && l.vars.len() == 1
                && l.lender.is_none()
                && !lent
                && layout::size(self.g.types, l.ty) == size
                && layout::align(self.g.types, l.ty) == align
                && !self.zeroed(l.ty)
        })
    }

    /// Whether a local of type `t` holds references (the original zeroes it).
    fn zeroed(&mut self, t: TypeId) -> bool {
        let mut ptrs = Vec::new();
        layout::pointers(self.g.types, t, 0, &mut ptrs);
        !ptrs.is_empty() || matches!(self.g.types.get(t), Type::Exception(_) | Type::AnyException)
    }

    /// Lay the items out after the arguments (which end at `args_end`), move the
    /// frame operands of the function's code (from `pc`) and handlers (from
    /// `handlers`) and the slots there, and note the items' pointer words. Returns
    /// the frame's size.
    fn lay_out(&mut self, args_end: u32, pc: usize, handlers: usize) -> u32 {
        let (at, size) = frame::lay_out(&self.items, args_end);
        let moves = frame::Moves::new(&self.items, &at);
        moves.code(self.g.code.get_mut(pc..).unwrap_or_default());
        for h in self.g.handlers.iter_mut().skip(handlers) {
            h.eoff = moves.offset(h.eoff);
        }
        for off in self.slots.values_mut() {
            *off = moves.offset(*off as i32) as u32;
        }
        for (it, &to) in self.items.iter().zip(&at) {
            if it.lender.is_none() {
                self.ptrs.extend(it.ptrs.iter().map(|p| p + to));
            }
        }
        self.ptrs.sort_unstable();
        size
    }

    /// Generate with `gen` code no path reaches when `dead` (what a constant condition
    /// never leads to; the branch pass drops it): the imports and data it uses stay,
    /// as the original's checker notes them, but the original compiles no such code,
    /// so its temporaries take no frame space and no temporary's name.
    pub fn unreachable_if<R>(&mut self, dead: bool, gen: impl FnOnce(&mut Self) -> R) -> R {
        if !dead {
            return gen(self);
        }
        let (size, items, temps) = (self.size, self.items.clone(), self.temps.clone());
        let (dirty, names) = (self.dirty.clone(), self.g.frame_names.temps);
        let r = gen(self);
        self.size = size;
        self.items = items;
        self.temps = temps;
        self.dirty = dirty;
        self.g.frame_names.temps = names;
        r
    }

    /// The frame slot of a parameter or local.
    pub fn slot(&self, v: VarId) -> Option<Operand> {
        self.slots.get(&v).map(|o| Operand::Fp(*o as i32))
    }

    /// Whether frame word `off` is the slot of a parameter or local (an inlined
    /// function's parameter among them), not a temporary.
    pub fn is_slot(&self, off: i32) -> bool {
        self.slots.values().any(|o| *o as i32 == off)
    }

    /// A temporary of type `t`, free again at the end of the statement.
    pub fn temp(&mut self, t: TypeId) -> Operand {
        let size = layout::round(layout::size(self.g.types, t).max(4), 4);
        let mut ptrs = Vec::new();
        layout::pointers(self.g.types, t, 0, &mut ptrs);
        let align = layout::align(self.g.types, t).max(4);
        let block = matches!(
            layout::class(self.g.types, t),
            Class::Block | Class::Big | Class::Real
        );
        // the original builds an operand in the temporary of the result when
        // their shapes agree (its `talloc` given the destination)
        if let Some(h) = self.hint.take() {
            if let Some(x) = self.temps.iter_mut().find(|x| {
                x.busy && Operand::Fp(x.off as i32) == h && x.size == size && x.ptrs == ptrs
            }) {
                x.shares += 1;
                x.string &= t == TypeId::STRING;
                let item = x.item;
                // a block temporary counts each use
                if block {
                    self.items[item].refs += 1;
                }
                return h;
            }
        }
        let place = self.shaped_temp(size, align, ptrs, block);
        if t == TypeId::STRING {
            self.set_string(place, true);
        }
        place
    }

    /// A temporary of `size` bytes at alignment `align` with pointer words at `ptrs`
    /// (`block`: moved as a block), free again at the end of the statement: the
    /// original takes the free temporary of that shape it made last.
    pub fn shaped_temp(&mut self, size: u32, align: u32, ptrs: Vec<u32>, block: bool) -> Operand {
        let reusable = self
            .temps
            .iter_mut()
            .rev()
            .find(|x| !x.busy && x.size == size && x.ptrs == ptrs && x.align == align);
        let off = match reusable {
            Some(tmp) => {
                tmp.busy = true;
                tmp.string = false;
                tmp.anchored = false;
                // the original counts a block temporary used once per allocation
                if block {
                    self.items[tmp.item].refs += 1;
                }
                tmp.off
            }
            None => {
                let name = self.g.frame_names.temp(block);
                let item = self.add_item(size, align, ptrs.clone(), name, 1);
                let off = self.items[item].at;
                self.temps.push(Temp {
                    off,
                    size,
                    align,
                    ptrs: ptrs.clone(),
                    busy: true,
                    item,
                    string: false,
                    shares: 0,
                    anchored: false,
                });
                off
            }
        };
        let place = Operand::Fp(off as i32);
        self.mark_dirty(place, &ptrs);
        place
    }

    /// Note whether the temporary at `op` holds a string now.
    fn set_string(&mut self, op: Operand, string: bool) {
        for t in &mut self.temps {
            if Operand::Fp(t.off as i32) == op {
                t.string = string;
            }
        }
    }

    /// Free the temporary at `op` before the statement ends (its pointer words,
    /// if any, already released).
    pub fn free_place(&mut self, op: Operand) {
        for t in &mut self.temps {
            if t.busy && Operand::Fp(t.off as i32) == op {
                t.busy = false;
            }
        }
    }

    /// A temporary holding a reference of any type (not known to be a string).
    pub fn ptr_temp(&mut self) -> Operand {
        let op = self.temp(TypeId::STRING);
        self.set_string(op, false);
        op
    }

    /// Whether `op` is a temporary of this statement laid out as a value of type `t`.
    pub fn is_temp_of(&mut self, op: Operand, t: TypeId) -> bool {
        let Operand::Fp(off) = op else {
            return false;
        };
        let size = layout::round(layout::size(self.g.types, t).max(4), 4);
        let mut ptrs = Vec::new();
        layout::pointers(self.g.types, t, 0, &mut ptrs);
        self.temps
            .iter()
            .any(|x| x.busy && x.off as i32 == off && x.size == size && x.ptrs == ptrs)
    }

    /// Whether `op` is a temporary of this statement laid out as a value of type `t`
    /// whose value the operation reading it uses up (not one standing for an inlined
    /// function's parameter, which lives on).
    pub fn spent_temp(&mut self, op: Operand, t: TypeId) -> bool {
        self.is_temp_of(op, t) && !matches!(op, Operand::Fp(o) if self.is_slot(o))
    }

    /// Whether frame word `off` is a temporary of this statement holding a reference
    /// (it keeps its object alive) or the address of an element of an array a local
    /// holds (which no callee can drop).
    pub fn holds_reference(&self, off: i32) -> bool {
        self.temps
            .iter()
            .any(|x| x.busy && x.off as i32 == off && (x.ptrs == [0] || x.anchored))
    }

    /// Note that temporary `addr` holds the address of an element of array `arr`: an
    /// array a local holds stays alive while the statement runs.
    pub fn anchor(&mut self, addr: Operand, arr: Operand) {
        let held = matches!(arr, Operand::Fp(o) if self.is_slot(o));
        if let (true, Operand::Fp(a)) = (held, addr) {
            for x in self
                .temps
                .iter_mut()
                .filter(|x| x.busy && x.off as i32 == a)
            {
                x.anchored = true;
            }
        }
    }

    /// Free `op` before the statement ends if it is a temporary laid out as a value of
    /// type `t`, its value used up (or the temporary it is reached through): the original frees a
    /// temporary once the operation reading it is generated, so the next one of the
    /// statement may reuse its slot.
    pub fn free_temp(&mut self, op: Operand, t: TypeId) {
        if self.spent_temp(op, t) {
            self.free_word(op);
        }
        self.free_base(op);
    }

    /// Free the temporary an operand `n(o(fp))` reaches its object through, once an
    /// instruction has read or written that object: the original frees the register
    /// of an address as soon as the operation using it is generated. A reference it
    /// holds stays to be set to nil when the statement's temporaries are released.
    pub fn free_base(&mut self, op: Operand) {
        if let Operand::IndFp(o, _) = op {
            if !self.is_slot(o) {
                self.free_word(Operand::Fp(o));
            }
        }
    }

    /// Free the temporary at `op` (holding references or not) whose value is used
    /// up, so the rest of the statement may reuse its slot as the original reuses a
    /// call's frame, argument and discarded result temporaries; one holding
    /// references is still set to nil when the statement releases its temporaries.
    pub fn free_used_temp(&mut self, op: Operand) {
        if let Operand::Fp(off) = op {
            // a temporary standing for an inlined function's parameter lives on
            if !self.is_slot(off) {
                self.free_word(op);
            }
        }
    }

    /// Make the busy temporary at `op` free for reuse.
    fn free_word(&mut self, op: Operand) {
        if let Some(x) = self
            .temps
            .iter_mut()
            .find(|x| x.busy && Operand::Fp(x.off as i32) == op)
        {
            if x.shares > 0 {
                x.shares -= 1;
            } else {
                x.busy = false;
            }
        }
    }

    /// Note that the pointer words `ptrs` (offsets) of the value at `place` hold references
    /// to drop when the temporaries are next released.
    pub fn mark_dirty(&mut self, place: Operand, ptrs: &[u32]) {
        for p in ptrs {
            let word = offset(place, *p as i32);
            if !self.dirty.contains(&word) {
                self.dirty.push(word);
            }
        }
    }

    /// The pointer words of a value of type `t` at `place`.
    pub fn pointer_words(&mut self, t: TypeId, place: Operand) -> Vec<Operand> {
        let mut ptrs = Vec::new();
        layout::pointers(self.g.types, t, 0, &mut ptrs);
        ptrs.iter().map(|p| offset(place, *p as i32)).collect()
    }

    /// A word temporary holding an address (never a heap pointer).
    pub fn addr_temp(&mut self) -> Operand {
        self.temp(TypeId::INT)
    }

    /// A temporary that stays reserved for the rest of the function.
    pub fn fixed_temp(&mut self, t: TypeId) -> Operand {
        let block = matches!(
            layout::class(self.g.types, t),
            Class::Block | Class::Big | Class::Real
        );
        let name = self.g.frame_names.temp(block);
        let item = self.alloc(t, name, 1);
        Operand::Fp(self.items[item].at as i32)
    }

    /// The word an exception handler without a variable of its own receives the
    /// exception in, reserved for the rest of the function.
    pub fn handler_temp(&mut self) -> Operand {
        let name = self.g.frame_names.handler();
        let item = self.alloc(TypeId::STRING, name, 1);
        Operand::Fp(self.items[item].at as i32)
    }

    /// Frame bytes holding no heap pointers, reserved for the rest of the function.
    pub fn raw_temp(&mut self, size: u32) -> Operand {
        let name = self.g.frame_names.temp(true);
        let item = self.add_item(size, 8, Vec::new(), name, 1);
        Operand::Fp(self.items[item].at as i32)
    }

    /// End the statement's use of its temporaries: set those holding references to
    /// nil and make all of them free for reuse.
    pub fn release_temps(&mut self) {
        let dirty = self.take_dirty();
        self.nil_words(&dirty);
        for t in &mut self.temps {
            t.busy = false;
            t.shares = 0;
        }
    }

    /// The temporaries' pointer words written since the last release, forgotten here:
    /// a branch that leaves the statement early must nil them where it lands.
    pub fn take_dirty(&mut self) -> Vec<Operand> {
        std::mem::take(&mut self.dirty)
    }

    /// The pointer words written since the last release, still to be released.
    pub fn dirty_words(&self) -> Vec<Operand> {
        self.dirty.clone()
    }

    /// Those of these pointer words whose release a program could notice: not
    /// those holding strings. Where a branch leaves a statement, the original sets
    /// none of its temporaries to nil; these leave early what they may hold (an
    /// open file, a window) and the rest are left to the next use of their slots.
    pub fn noticed(&self, words: &[Operand]) -> Vec<Operand> {
        let string = |w: &Operand| {
            self.temps
                .iter()
                .any(|t| t.string && Operand::Fp(t.off as i32) == *w)
        };
        words.iter().copied().filter(|w| !string(w)).collect()
    }

    /// Set each of these pointer words to nil.
    pub fn nil_words(&mut self, words: &[Operand]) {
        if words.is_empty() {
            return;
        }
        let nil = self.g.mp.nil();
        for w in words {
            self.g.emit(Opcode::Movp, nil, Operand::None, *w);
        }
    }

    /// Every pointer word of every temporary of the function so far (an exception may
    /// leave any of them holding a reference).
    pub fn all_temp_words(&self) -> Vec<Operand> {
        self.temps
            .iter()
            .flat_map(|t| t.ptrs.iter().map(|p| Operand::Fp((t.off + p) as i32)))
            .collect()
    }

    /// Move a value of type `t`.
    pub fn mov(&mut self, t: TypeId, src: Operand, dst: Operand) {
        if src == dst {
            return;
        }
        let op = match layout::class(self.g.types, t) {
            Class::Byte => Opcode::Movb,
            Class::Word => Opcode::Movw,
            Class::Big => Opcode::Movl,
            Class::Real => Opcode::Movf,
            Class::Ptr => Opcode::Movp,
            Class::None => return,
            Class::Block => {
                let mut ptrs = Vec::new();
                layout::pointers(self.g.types, t, 0, &mut ptrs);
                let size = layout::size(self.g.types, t);
                if ptrs.is_empty() {
                    self.g
                        .emit(Opcode::Movm, src, Operand::Imm(size as i32), dst);
                } else {
                    let d = self.g.type_desc(t);
                    self.g.emit(Opcode::Movmp, src, Operand::Imm(d), dst);
                }
                return;
            }
        };
        self.g.emit(op, src, Operand::None, dst);
    }
}

/// The variables of one local slot, as `Func::locals` gathers them.
struct Local {
    vars: Vec<VarId>,
    ty: TypeId,
    refs: u32,
    born: u32,
    closed: u32,
    tuple: Option<VarId>,
    lender: Option<usize>,
}

/// An operand `k` bytes further on.
pub(crate) fn offset(op: Operand, k: i32) -> Operand {
    match op {
        Operand::Fp(o) => Operand::Fp(o + k),
        Operand::Mp(o) => Operand::Mp(o + k),
        Operand::IndFp(f, s) => Operand::IndFp(f, s + k),
        Operand::IndMp(f, s) => Operand::IndMp(f, s + k),
        other => other,
    }
}
