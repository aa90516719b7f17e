//! Translating a module's Dis code into one Cranelift function over a
//! [`Context`](crate::context::Context): a block per Dis basic block, entered
//! through a switch on `pc`.
//!
//! What keeps the arena's bounds: the function holds, wherever it runs a Dis
//! instruction, that `fp + frame_span` and `mp + data_span` lie within the arena
//! (the spans cover every direct `n(fp)` and `n(mp)` operand of the module), so
//! direct operands are read and written unchecked; it checks that on entry and
//! at `call`, and leaves before the instruction when it does not hold; `ret`
//! goes back to a frame that holds it (see [`crate::record`]). Every other load and store goes through [`Tx::host`],
//! which compares the access's end with the arena length and leaves the
//! function before the access when it does not fit. What keeps the
//! interpreter's behaviour: an instruction whose operands would fault (a bad
//! address, nil, an index out of range, a zero or -1 divisor) leaves before it
//! writes anything, with `pc` at it, for the interpreter to run; each block pays
//! its whole length of budget on entry or leaves at its start, and a leave in
//! the middle pays back what it did not run. An instruction handed back to the
//! machine ([`dis::vm::tier::handed_back`]) is a call of
//! [`Context::hand_back`](crate::context::Context::hand_back), after which the
//! arena's address and length are taken again.

use crate::carry::{carried, Word};
use crate::context::{self, FRAME_SLOTS, NOT_CALLED, SLOT_ADDR, SLOT_BYTES, SLOT_RET, SLOT_TY};
use crate::known::{Array, Known, Space};
use crate::plan::{copied, is_branch, is_long_branch, is_place, is_value, target, Plan};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{
    AbiParam, Block, Endianness, InstBuilder, MemFlagsData, SigRef, Signature, Value,
};
use cranelift_frontend::{FuncInstBuilder, FunctionBuilder, Switch, Variable};
use dis::isa::Opcode;
use dis::vm::decode::{Inst, Opnd};
use dis::vm::fast::Fast;
use dis::vm::tier::handed_back;
use std::collections::HashMap;

// A frame's address and type are stored together, the type above.
const _: () = assert!(SLOT_TY == SLOT_ADDR + 4);

/// Addresses below this and nil are no object (the interpreter's nil test).
const LOW_GUARD: i64 = 4096;

/// The frame header word a push writes with the type above it
/// (`dis::vm::prog`): the module link, nil.
const REG_MR: i32 = 8;

/// The translation could not be made (the module is then interpreted).
#[derive(Debug)]
pub struct Unsupported;

/// Translation state of the function being built.
struct Tx<'a, 'b> {
    b: &'a mut FunctionBuilder<'b>,
    /// What the code knows at the instruction being translated.
    known: Known,
    ctx: Value,
    /// The signature of [`Context::hand_back`](crate::context::Context::hand_back).
    hand_back_sig: SigRef,
    /// The arena's host address and length (changed by an instruction handed
    /// back).
    base: Variable,
    len: Variable,
    fp: Variable,
    /// The host address of `fp` (`base + fp`).
    fp_host: Variable,
    mp: Value,
    /// The host address of `mp`.
    mp_host: Variable,
    /// Bytes past `fp` that every direct frame operand lies within.
    frame_span: i64,
    budget: Variable,
    sp: Variable,
    depth: Variable,
    /// The return sites' blocks, by pc.
    returns: Vec<(u32, Block)>,
    /// The block every compiled `ret` jumps to with its return pc, which
    /// switches once over the return sites (made with the first `ret`).
    ret_switch: Option<Block>,
    /// Per leader, the words its block receives in variables
    /// ([`crate::carry`]).
    carried: Vec<Vec<Word>>,
    /// The variables that carry words from block to block.
    vars: HashMap<Word, Variable>,
    /// Per array indexed through a direct word, the variables that hold its
    /// length and the address of its elements once checked (see
    /// [`Tx::index`]); the length is 0 where they are not known.
    arrays: HashMap<Array, (Variable, Variable)>,
    /// Bytes past `mp` that every direct data operand lies within.
    data_span: i64,
    /// The module's code and its layout.
    insts: &'a [Inst],
    plan: &'a Plan,
    /// The frame the running block pushed last and has not called yet: its
    /// address, the host address of its entry in the frame record, and the
    /// frame word `d` it was put in (it lies above that word: stores into it
    /// keep what is known of the words up to it).
    fresh: Option<(Value, Value, u32)>,
    /// Stores `pc` and the budget (its parameters) into the context and returns.
    exit: Block,
    /// Leaves made by the instructions so far: block, pc, budget paid back.
    leaves: Vec<(Block, u32, i64)>,
    /// The running instruction's leave, once one is needed.
    leave: Option<Block>,
    pc: u32,
    refund: i64,
}

/// Memory flags of an arena access (bounds checked before it, so it cannot trap).
fn flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_notrap()
        .with_endianness(Endianness::Little)
}

/// The bytes past the frame (`fp`) and the module data (`mp`) that the direct
/// operands of the compiled instructions reach: at least a frame header (the
/// words a `call` writes), and 0 for the data when no operand reads it.
pub fn spans(insts: &[Inst], plan: &Plan) -> (i64, i64) {
    let (mut frame, mut data) = (16i64, 0i64);
    for (i, _) in insts.iter().zip(&plan.compiled).filter(|(_, &c)| c) {
        for o in [i.s, i.m, i.d] {
            match o {
                Opnd::Fp(n) | Opnd::IndFp(n, _) => frame = frame.max(i64::from(n) + 8),
                Opnd::Mp(n) | Opnd::IndMp(n, _) => data = data.max(i64::from(n) + 8),
                _ => {}
            }
        }
    }
    (frame, data)
}

/// Builds the function for `insts` laid out by `plan`; `b` is fresh, with the
/// signature `fn(ctx: pointer)`.
pub fn translate(
    b: &mut FunctionBuilder,
    insts: &[Inst],
    fast: &[Fast],
    plan: &Plan,
) -> Result<(), Unsupported> {
    let start = b.create_block();
    b.append_block_params_for_function_params(start);
    b.switch_to_block(start);
    let ctx = b.block_params(start)[0];
    let f = flags();
    let base_now = b.ins().load(I64, f, ctx, context::BASE);
    let len_now = b.ins().load(I64, f, ctx, context::LEN);
    let base = b.declare_var(I64);
    b.def_var(base, base_now);
    let len = b.declare_var(I64);
    b.def_var(len, len_now);
    let pc = b.ins().load(I32, f, ctx, context::PC);
    let mp = b.ins().load(I32, f, ctx, context::MP);
    let seg_base = b.ins().load(I32, f, ctx, context::SEG_BASE);
    let seg_end = b.ins().load(I32, f, ctx, context::SEG_END);
    let var = |b: &mut FunctionBuilder, at: i32| {
        let v = b.declare_var(I32);
        let x = b.ins().load(I32, f, ctx, at);
        b.def_var(v, x);
        v
    };
    let fp = var(b, context::FP);
    let budget = var(b, context::BUDGET);
    let sp = var(b, context::SP);
    let depth = var(b, context::DEPTH);

    let exit = b.create_block();
    let exit_pc = b.append_block_param(exit, I32);
    let exit_budget = b.append_block_param(exit, I32);

    // The spans of the frame and the module data, and the stack segment, lie
    // in the arena, or the interpreter runs the entry instruction.
    let (frame_span, data_span) = spans(insts, plan);
    let refuse = b.create_block();
    let fp_now = b.use_var(fp);
    let fp_wide = b.ins().uextend(I64, fp_now);
    let fp_end = b.ins().iadd_imm_s(fp_wide, frame_span);
    let mut bad = b.ins().icmp(IntCC::UnsignedGreaterThan, fp_end, len_now);
    if data_span > 0 {
        let mp_wide = b.ins().uextend(I64, mp);
        let mp_end = b.ins().iadd_imm_s(mp_wide, data_span);
        let mp_bad = b.ins().icmp(IntCC::UnsignedGreaterThan, mp_end, len_now);
        bad = b.ins().bor(bad, mp_bad);
    }
    let seg_wide = b.ins().uextend(I64, seg_end);
    let seg_bad = b.ins().icmp(IntCC::UnsignedGreaterThan, seg_wide, len_now);
    bad = b.ins().bor(bad, seg_bad);
    // Every stack top the code makes then lies in the segment, above the
    // guard: `frame` needs no nil test of it.
    let seg_low = b
        .ins()
        .icmp_imm_s(IntCC::UnsignedLessThan, seg_base, LOW_GUARD);
    bad = b.ins().bor(bad, seg_low);
    let sp_now = b.use_var(sp);
    let sp_below = b.ins().icmp(IntCC::UnsignedLessThan, sp_now, seg_base);
    bad = b.ins().bor(bad, sp_below);
    let dispatch = b.create_block();
    b.ins().brif(bad, refuse, &[], dispatch, &[]);
    b.switch_to_block(dispatch);
    let arrays = array_vars(b, insts, plan);
    let fp_host = b.declare_var(I64);
    let fp_at = b.ins().iadd(base_now, fp_wide);
    b.def_var(fp_host, fp_at);
    let mp_wide = b.ins().uextend(I64, mp);
    let mp_host = b.declare_var(I64);
    let mp_at = b.ins().iadd(base_now, mp_wide);
    b.def_var(mp_host, mp_at);
    let call_conv = b.func.signature.call_conv;
    let mut sig = Signature::new(call_conv);
    sig.params.push(AbiParam::new(I64));
    sig.returns.push(AbiParam::new(I32));
    let hand_back = b.import_signature(sig);

    let blocks: Vec<Option<Block>> = plan
        .leader
        .iter()
        .map(|&l| l.then(|| b.create_block()))
        .collect();
    // An entry that receives words goes through a block that loads them.
    let carried = carried(insts, plan);
    let mut preludes = Vec::new();
    let mut switch = Switch::new();
    for &e in &plan.entries {
        if let Some(Some(blk)) = blocks.get(e as usize) {
            let to = if carried[e as usize].is_empty() {
                *blk
            } else {
                let pre = b.create_block();
                preludes.push((e, pre, *blk));
                pre
            };
            switch.set_entry(u128::from(e), to);
        }
    }
    switch.emit(b, pc, refuse);
    b.switch_to_block(refuse);
    let now = b.use_var(budget);
    b.ins().jump(exit, &[pc.into(), now.into()]);
    let returns = plan
        .returns
        .iter()
        .filter_map(|&r| Some((r, (*blocks.get(r as usize)?)?)))
        .collect();

    let mut tx = Tx {
        b,
        known: Known::default(),
        ctx,
        hand_back_sig: hand_back,
        base,
        len,
        fp,
        fp_host,
        mp,
        mp_host,
        frame_span,
        budget,
        sp,
        depth,
        returns,
        ret_switch: None,
        carried,
        vars: HashMap::new(),
        arrays,
        data_span,
        insts,
        plan,
        fresh: None,
        exit,
        leaves: Vec::new(),
        leave: None,
        pc: 0,
        refund: 0,
    };
    for (e, pre, blk) in preludes {
        tx.b.switch_to_block(pre);
        tx.known.forget_all();
        tx.jump_into(e, blk);
    }
    let mut open = false;
    let mut at_in_block = 0i64;
    let mut block_len = 0i64;
    for (pc, inst) in insts.iter().enumerate() {
        let pc32 = pc as u32;
        if !plan.compiled[pc] {
            if open {
                tx.leave_to(pc32, 0);
                open = false;
            }
            continue;
        }
        if let Some(blk) = blocks[pc] {
            if open {
                tx.jump_into(pc32, blk);
            }
            tx.b.switch_to_block(blk);
            tx.known.forget_all();
            tx.receive(pc32);
            tx.fresh = None;
            block_len = (pc..insts.len())
                .take_while(|&q| plan.compiled[q] && (q == pc || !plan.leader[q]))
                .count() as i64;
            // A copy of a test at its end counts as one more instruction.
            block_len += i64::from(copied(&insts[pc + block_len as usize - 1], plan).is_some());
            tx.pay(pc32, block_len);
            at_in_block = 0;
        }
        tx.pc = pc32;
        tx.refund = block_len - at_in_block;
        tx.leave = None;
        let ends = match (inst.op, fast.get(pc)) {
            (Opcode::Frame, Some(&Fast::Frame(ty, d, bytes, 0))) => tx.frame(ty, d, bytes)?,
            (Opcode::Call, Some(&Fast::Call(s, t))) => tx.call(s, t, &blocks)?,
            (Opcode::Ret, _) => tx.ret()?,
            _ => tx.inst(inst, &blocks)?,
        };
        if let Some(l) = tx.leave.take() {
            tx.leaves.push((l, pc32, tx.refund));
        }
        at_in_block += 1;
        open = !ends;
    }
    if open {
        tx.leave_to(insts.len() as u32, 0);
    }
    for (blk, pc, refund) in std::mem::take(&mut tx.leaves) {
        tx.b.switch_to_block(blk);
        tx.leave_to(pc, refund);
    }
    tx.emit_ret_switch();
    tx.b.switch_to_block(exit);
    tx.b.ins().store(f, exit_pc, ctx, context::PC);
    tx.b.ins().store(f, exit_budget, ctx, context::BUDGET);
    for (v, at) in [
        (fp, context::FP),
        (sp, context::SP),
        (depth, context::DEPTH),
    ] {
        let x = tx.b.use_var(v);
        tx.b.ins().store(f, x, ctx, at);
    }
    tx.b.ins().return_(&[]);
    tx.b.seal_all_blocks();
    Ok(())
}

/// The size of the elements an `ind` instruction indexes.
fn element_size(op: Opcode) -> Option<i64> {
    match op {
        Opcode::Indb => Some(1),
        Opcode::Indw => Some(4),
        Opcode::Indl | Opcode::Indf => Some(8),
        _ => None,
    }
}

/// The variables of [`Tx::arrays`] for the arrays the compiled `ind`
/// instructions index through a direct word, none known yet.
fn array_vars(
    b: &mut FunctionBuilder,
    insts: &[Inst],
    plan: &Plan,
) -> HashMap<Array, (Variable, Variable)> {
    let mut arrays = HashMap::new();
    for (i, _) in insts.iter().zip(&plan.compiled).filter(|(_, &c)| c) {
        let space = match i.s {
            Opnd::Fp(n) => (Space::Frame, n),
            Opnd::Mp(n) => (Space::Data, n),
            _ => continue,
        };
        let Some(size) = element_size(i.op) else {
            continue;
        };
        arrays.entry((space.0, space.1, size)).or_insert_with(|| {
            let (len, data) = (b.declare_var(I32), b.declare_var(I32));
            let zero = b.ins().iconst(I32, 0);
            b.def_var(len, zero);
            b.def_var(data, zero);
            (len, data)
        });
    }
    arrays
}

impl<'b> Tx<'_, 'b> {
    fn ins(&mut self) -> FuncInstBuilder<'_, 'b> {
        self.b.ins()
    }

    /// Jumps to the exit with `pc`, paying back `refund` of the budget.
    fn leave_to(&mut self, pc: u32, refund: i64) {
        let now = self.b.use_var(self.budget);
        let now = if refund != 0 {
            self.b.ins().iadd_imm_s(now, refund)
        } else {
            now
        };
        let pc = self.b.ins().iconst(I32, i64::from(pc as i32));
        self.b.ins().jump(self.exit, &[pc.into(), now.into()]);
    }

    /// At the start of the block at `pc`: pays `n` instructions, or leaves there
    /// when the budget is short.
    fn pay(&mut self, pc: u32, n: i64) {
        let now = self.b.use_var(self.budget);
        let short = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, now, n);
        let go = self.b.create_block();
        let stop = self.b.create_block();
        self.b.ins().brif(short, stop, &[], go, &[]);
        self.b.switch_to_block(stop);
        self.leave_to(pc, 0);
        self.b.switch_to_block(go);
        let left = self.b.ins().iadd_imm_s(now, -n);
        self.b.def_var(self.budget, left);
    }

    /// Leaves before the running instruction when `bad` is true.
    fn guard(&mut self, bad: Value) {
        let leave = *self.leave.get_or_insert_with(|| self.b.create_block());
        let ok = self.b.create_block();
        self.b.ins().brif(bad, leave, &[], ok, &[]);
        self.b.switch_to_block(ok);
    }

    /// The host address of the register a direct operand is relative to (inside
    /// the arena with its span, see the module comment), its space and offset.
    fn reg_host(&mut self, o: Opnd) -> Result<(Value, Space, u32), Unsupported> {
        match o {
            Opnd::Fp(n) | Opnd::IndFp(n, _) => Ok((self.b.use_var(self.fp_host), Space::Frame, n)),
            Opnd::Mp(n) | Opnd::IndMp(n, _) => Ok((self.b.use_var(self.mp_host), Space::Data, n)),
            _ => Err(Unsupported),
        }
    }

    /// Leaves before the running instruction when `p` is nil or in the low
    /// guard (unless that is known).
    fn not_nil(&mut self, p: Value) {
        if self.known.is_not_nil(p) {
            return;
        }
        // `p - LOW_GUARD` wraps above the limit for both.
        let shifted = self.ins().iadd_imm_s(p, -LOW_GUARD);
        let limit = i64::from((0xFFFF_FFFEu32 - LOW_GUARD as u32) as i32);
        let bad = self
            .ins()
            .icmp_imm_s(IntCC::UnsignedGreaterThan, shifted, limit);
        self.guard(bad);
        self.known.not_nil(p);
    }

    /// The host address of arena address `p`, with an offset from it to `s`,
    /// after leaving unless `size` bytes at `p + s` lie inside the arena
    /// (unless that is known). Checked without wrapping: where the
    /// interpreter's 32-bit address would wrap the code leaves.
    fn within(&mut self, p: Value, s: u32, size: i64) -> (Value, i32) {
        let end = i64::from(s) + size;
        let wide = self.ins().uextend(I64, p);
        if self.known.within(p) < end {
            let last = self.ins().iadd_imm_s(wide, end);
            let len = self.b.use_var(self.len);
            let bad = self.ins().icmp(IntCC::UnsignedGreaterThan, last, len);
            self.guard(bad);
            self.known.inside(p, end);
        }
        let base = self.b.use_var(self.base);
        let h = self.ins().iadd(base, wide);
        match i32::try_from(s) {
            Ok(s) => (h, s),
            Err(_) => (self.ins().iadd_imm_s(h, i64::from(s)), 0),
        }
    }

    /// Where `size` bytes of a place operand lie: a host address and an offset
    /// from it, inside the arena.
    fn place(&mut self, o: Opnd, size: i64) -> Result<(Value, i32), Unsupported> {
        let (h, space, n) = self.reg_host(o)?;
        match o {
            Opnd::Fp(_) | Opnd::Mp(_) => Ok((h, n as i32)),
            Opnd::IndFp(_, s) | Opnd::IndMp(_, s) => {
                let p = self.direct_word(h, space, n);
                if self.element_access(o, size).is_some() {
                    let base = self.b.use_var(self.base);
                    let wide = self.ins().uextend(I64, p);
                    return Ok((self.ins().iadd(base, wide), s as i32));
                }
                self.not_nil(p);
                Ok(self.within(p, s, size))
            }
            _ => Err(Unsupported),
        }
    }

    /// The array whose element `size` bytes at indirect operand `o` lie
    /// inside, when its pointer is a known element pointer
    /// ([`Known::element`]) and the access stays within the element.
    fn element_access(&self, o: Opnd, size: i64) -> Option<Array> {
        let (space, n, s) = match o {
            Opnd::IndFp(n, s) => (Space::Frame, n, s),
            Opnd::IndMp(n, s) => (Space::Data, n, s),
            _ => return None,
        };
        let a = self.known.element(self.known.word(space, n)?)?;
        (i64::from(s) + size <= a.2).then_some(a)
    }

    /// The word at `n` of `space`, whose register's host address is `h`.
    fn direct_word(&mut self, h: Value, space: Space, n: u32) -> Value {
        if let Some(v) = self.known.word(space, n) {
            return v;
        }
        let v = self.ins().load(I32, flags(), h, n as i32);
        self.known.holds(space, n, v);
        v
    }

    /// The arena address of a place operand.
    fn addr(&mut self, o: Opnd) -> Result<Value, Unsupported> {
        let (h, space, n) = self.reg_host(o)?;
        match o {
            Opnd::Fp(_) => {
                let fp = self.b.use_var(self.fp);
                Ok(self.ins().iadd_imm_s(fp, i64::from(n as i32)))
            }
            Opnd::Mp(_) => {
                let mp = self.mp;
                Ok(self.ins().iadd_imm_s(mp, i64::from(n as i32)))
            }
            Opnd::IndFp(_, s) | Opnd::IndMp(_, s) => {
                let p = self.direct_word(h, space, n);
                self.not_nil(p);
                Ok(self.ins().iadd_imm_s(p, i64::from(s as i32)))
            }
            _ => Err(Unsupported),
        }
    }

    /// The arena address of a place operand whose word lies inside the arena
    /// (or the code leaves before the instruction).
    fn checked_addr(&mut self, o: Opnd) -> Result<Value, Unsupported> {
        self.place(o, 4)?;
        self.addr(o)
    }

    /// The value of `size` bytes (`ty`) at a place operand.
    fn read(
        &mut self,
        o: Opnd,
        ty: cranelift_codegen::ir::Type,
        size: i64,
    ) -> Result<Value, Unsupported> {
        let (h, n) = self.place(o, size)?;
        Ok(self.b.ins().load(ty, flags(), h, n))
    }

    /// A word operand's value.
    fn word(&mut self, o: Opnd) -> Result<Value, Unsupported> {
        match o {
            Opnd::Imm(v) => Ok(self.b.ins().iconst(I32, i64::from(v))),
            Opnd::Fp(_) | Opnd::Mp(_) => {
                let (h, space, n) = self.reg_host(o)?;
                Ok(self.direct_word(h, space, n))
            }
            _ => self.read(o, I32, 4),
        }
    }

    /// A byte operand's value, zero-extended to a word.
    fn byte(&mut self, o: Opnd) -> Result<Value, Unsupported> {
        if let Opnd::Imm(v) = o {
            return Ok(self.b.ins().iconst(I32, i64::from(v & 0xFF)));
        }
        let (h, n) = self.place(o, 1)?;
        Ok(self.b.ins().uload8(I32, flags(), h, n))
    }

    /// A big (8-byte) operand's value.
    fn big(&mut self, o: Opnd) -> Result<Value, Unsupported> {
        if let Opnd::Imm(v) = o {
            return Ok(self.b.ins().iconst(I64, i64::from(v)));
        }
        self.read(o, I64, 8)
    }

    /// Stores `v` (`size` bytes, a byte's low bits) at a place operand and
    /// forgets what the store may overwrite.
    fn store(&mut self, o: Opnd, v: Value, size: i64) -> Result<(), Unsupported> {
        let fresh = match (o, self.fresh) {
            (Opnd::IndFp(n, _), Some((a, _, d))) => {
                (self.known.word(Space::Frame, n) == Some(a)).then_some(d)
            }
            _ => None,
        };
        let element = self.element_access(o, size);
        let (h, n) = self.place(o, size)?;
        if size == 1 {
            self.ins().istore8(flags(), v, h, n);
        } else {
            self.ins().store(flags(), v, h, n);
        }
        match (o, fresh) {
            (Opnd::Fp(m) | Opnd::Mp(m), _) => {
                let space = if matches!(o, Opnd::Fp(_)) {
                    Space::Frame
                } else {
                    Space::Data
                };
                self.known.stored(space, m, size);
                // The word of an array, or one of the other space (which a
                // span may overlap), may have changed.
                let (from, to) = (i64::from(m), i64::from(m) + size);
                self.arrays_unknown(|(s, w, _)| {
                    s == space && (i64::from(w) + 4 <= from || i64::from(w) >= to)
                });
            }
            (_, Some(d)) => {
                self.known.stored_above(Space::Frame, i64::from(d) + 4);
                self.arrays_unknown(|_| false);
            }
            // An element lies apart from every direct word and from its
            // array's header, not from other arrays' headers.
            _ => match element {
                Some(a) => self.arrays_unknown(|b| b == a),
                None => {
                    self.arrays_unknown(|_| false);
                    self.stored_through(h, n, size);
                }
            },
        }
        Ok(())
    }

    fn set_word(&mut self, o: Opnd, v: Value) -> Result<(), Unsupported> {
        self.store(o, v, 4)?;
        match o {
            Opnd::Fp(n) => self.known.holds(Space::Frame, n, v),
            Opnd::Mp(n) => self.known.holds(Space::Data, n, v),
            _ => {}
        }
        Ok(())
    }

    fn set_byte(&mut self, o: Opnd, v: Value) -> Result<(), Unsupported> {
        self.store(o, v, 1)
    }

    fn set_big(&mut self, o: Opnd, v: Value) -> Result<(), Unsupported> {
        self.store(o, v, 8)
    }

    /// Forgets the arrays of [`Tx::arrays`] but those `keep` keeps (their
    /// length is 0 from here on).
    fn arrays_unknown(&mut self, keep: impl Fn(Array) -> bool) {
        let mut gone: Vec<_> = self
            .arrays
            .iter()
            .filter(|&(&a, _)| !keep(a))
            .map(|(&a, &(len, _))| (a, len))
            .collect();
        gone.sort_unstable_by_key(|&(a, _)| a);
        for (_, len) in gone {
            let zero = self.ins().iconst(I32, 0);
            self.b.def_var(len, zero);
        }
    }

    /// The length and the address of the elements of array `a`, after leaving
    /// unless it is no nil, its header lies inside the arena and `idx` is
    /// below its length (the interpreter's checks).
    fn header(&mut self, a: Value, idx: Value) -> (Value, Value) {
        let nil = self.ins().icmp_imm_s(IntCC::Equal, a, -1);
        self.guard(nil);
        // The length at 0 and the data's address at 12 of the header.
        let (hdr, _) = self.within(a, 0, 16);
        let n = self.ins().load(I32, flags(), hdr, 0);
        let out = self.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, idx, n);
        self.guard(out);
        let data = self.ins().load(I32, flags(), hdr, 12);
        (n, data)
    }

    /// Leaves before the running instruction unless the `n` elements of
    /// `size` bytes at `data` of array `a` lie inside the arena above the low
    /// guard, apart from the array's header and from the frame and data spans,
    /// and the header apart from both spans: then an element pointer needs no
    /// check, a store through it changes no direct word and no fact of this
    /// array, and no direct store changes its header.
    fn check_elements(&mut self, a: Value, n: Value, data: Value, size: i64) {
        let wide = |tx: &mut Self, v: Value| tx.ins().uextend(I64, v);
        let (a, n, data) = (wide(self, a), wide(self, n), wide(self, data));
        let bytes = self.ins().imul_imm_s(n, size);
        let end = self.ins().iadd(data, bytes);
        let len = self.b.use_var(self.len);
        let mut bad = self.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
        let low = self
            .ins()
            .icmp_imm_s(IntCC::UnsignedLessThan, data, LOW_GUARD);
        bad = self.ins().bor(bad, low);
        let high = self
            .ins()
            .icmp_imm_s(IntCC::UnsignedGreaterThan, end, i64::from(u32::MAX));
        bad = self.ins().bor(bad, high);
        let hdr_end = self.ins().iadd_imm_s(a, 16);
        let fp = self.b.use_var(self.fp);
        let mut spans = vec![(wide(self, fp), self.frame_span)];
        if self.data_span > 0 {
            let mp = self.mp;
            spans.push((wide(self, mp), self.data_span));
        }
        let mut apart = vec![(a, hdr_end)];
        for (reg, span) in spans {
            let reg_end = self.ins().iadd_imm_s(reg, span);
            apart.push((reg, reg_end));
        }
        let ranges = [(data, end)].into_iter().chain([(a, hdr_end)]);
        for (k, (x0, x1)) in ranges.enumerate() {
            // The header is not compared with itself.
            for &(y0, y1) in &apart[k..] {
                let c0 = self.ins().icmp(IntCC::UnsignedLessThan, x0, y1);
                let c1 = self.ins().icmp(IntCC::UnsignedLessThan, y0, x1);
                let meet = self.ins().band(c0, c1);
                bad = self.ins().bor(bad, meet);
            }
        }
        self.guard(bad);
    }

    /// `indx s, m, d`: the address of element `d` of array `s` into `m`. For
    /// an array in a direct word its length and elements, once checked
    /// ([`Tx::check_elements`]), stay in variables from one index to the next
    /// (across blocks) until the word or the header may have changed
    /// ([`Tx::arrays_unknown`]): an index below the length then needs no other
    /// check; any other index goes the interpreter's way, checking afresh.
    fn index(&mut self, i: &Inst) -> Result<(), Unsupported> {
        let size = element_size(i.op).ok_or(Unsupported)?;
        let a = self.word(i.s)?;
        let idx = self.word(i.d)?;
        let array = match i.s {
            Opnd::Fp(n) => Some((Space::Frame, n, size)),
            Opnd::Mp(n) => Some((Space::Data, n, size)),
            _ => None,
        };
        let Some((array, &(len_v, data_v))) = array.and_then(|k| Some((k, self.arrays.get(&k)?)))
        else {
            let (_, data) = self.header(a, idx);
            let off = self.ins().imul_imm_s(idx, size);
            let at = self.ins().iadd(data, off);
            return self.set_word(i.m, at);
        };
        let len = self.b.use_var(len_v);
        let below = self.ins().icmp(IntCC::UnsignedLessThan, idx, len);
        let (check, known) = (self.b.create_block(), self.b.create_block());
        self.ins().brif(below, known, &[], check, &[]);
        self.b.switch_to_block(check);
        // What the checks learn holds on this way only.
        let before = self.known.clone();
        let (n, data) = self.header(a, idx);
        self.check_elements(a, n, data, size);
        self.known = before;
        self.b.def_var(len_v, n);
        self.b.def_var(data_v, data);
        self.ins().jump(known, &[]);
        self.b.switch_to_block(known);
        let data = self.b.use_var(data_v);
        let off = self.ins().imul_imm_s(idx, size);
        let at = self.ins().iadd(data, off);
        self.set_word(i.m, at)?;
        self.known.points_into(at, array);
        Ok(())
    }

    /// The variable that carries word `w` between blocks.
    fn var_of(&mut self, w: Word) -> Variable {
        if let Some(&v) = self.vars.get(&w) {
            return v;
        }
        let v = self.b.declare_var(I32);
        self.vars.insert(w, v);
        v
    }

    /// The value of word `w`: known, or loaded (and not remembered, as the
    /// load may lie on one way out of the block only).
    fn word_at(&mut self, (space, n): Word) -> Value {
        if let Some(v) = self.known.word(space, n) {
            return v;
        }
        let h = match space {
            Space::Frame => self.b.use_var(self.fp_host),
            Space::Data => self.b.use_var(self.mp_host),
        };
        self.ins().load(I32, flags(), h, n as i32)
    }

    /// Jumps to `blk`, the block at `pc`, handing it the words it receives
    /// ([`crate::carry`]): every jump into a block goes through here or
    /// through [`Tx::entry_block`], so that each of its variables is defined
    /// on every way in.
    fn jump_into(&mut self, pc: u32, blk: Block) {
        for w in self.carried[pc as usize].clone() {
            let v = self.word_at(w);
            let var = self.var_of(w);
            self.b.def_var(var, v);
        }
        self.b.ins().jump(blk, &[]);
    }

    /// At the start of the block at `pc`: the words it receives are known.
    fn receive(&mut self, pc: u32) {
        for w in self.carried[pc as usize].clone() {
            let var = self.var_of(w);
            let v = self.b.use_var(var);
            self.known.holds(w.0, w.1, v);
        }
    }

    /// The block a switch enters the block `blk` at `pc` by: `blk`, or one
    /// that loads the words it receives first.
    fn entry_block(&mut self, pc: u32, blk: Block) -> Block {
        if self.carried[pc as usize].is_empty() {
            return blk;
        }
        let pre = self.b.create_block();
        self.b.switch_to_block(pre);
        self.known.forget_all();
        self.jump_into(pc, blk);
        pre
    }

    /// After a store of `size` bytes at host address `h + n` through a
    /// pointer: the words known stay known when the store lies outside the
    /// span of each space's known words (one comparison per space), and are
    /// loaded again (on a way apart) when it lies inside; with too many words
    /// known, or before an instruction handed back (which forgets them all),
    /// they are forgotten.
    fn stored_through(&mut self, h: Value, n: i32, size: i64) {
        const MOST_RELOADED: usize = 32;
        let words = self.known.words();
        if words.is_empty() {
            return;
        }
        let next = self.insts.get(self.pc as usize + 1);
        if words.len() > MOST_RELOADED || next.is_some_and(|i| handed_back(i.op)) {
            self.known.stored_anywhere();
            return;
        }
        let last = self.ins().iadd_imm_s(h, i64::from(n) + size - 1);
        let mut inside: Option<Value> = None;
        for space in [Space::Frame, Space::Data] {
            let mut at = words
                .iter()
                .filter(|((s, _), _)| *s == space)
                .map(|((_, m), _)| i64::from(*m));
            let Some(first) = at.next() else {
                continue;
            };
            let (lo, hi) = at.fold((first, first + 4), |(lo, hi), m| (lo.min(m), hi.max(m + 4)));
            let reg = match space {
                Space::Frame => self.b.use_var(self.fp_host),
                Space::Data => self.b.use_var(self.mp_host),
            };
            let from = self.ins().iadd_imm_s(reg, lo);
            let past = self.ins().isub(last, from);
            let c = self
                .ins()
                .icmp_imm_s(IntCC::UnsignedLessThan, past, hi - lo + size - 1);
            inside = Some(match inside {
                Some(i) => self.ins().bor(i, c),
                None => c,
            });
        }
        let Some(inside) = inside else {
            return;
        };
        for &(w, v) in &words {
            let var = self.var_of(w);
            self.b.def_var(var, v);
        }
        let (again, after) = (self.b.create_block(), self.b.create_block());
        self.ins().brif(inside, again, &[], after, &[]);
        self.b.switch_to_block(again);
        self.known.stored_anywhere();
        for &(w, _) in &words {
            let v = self.word_at(w);
            let var = self.var_of(w);
            self.b.def_var(var, v);
        }
        self.ins().jump(after, &[]);
        self.b.switch_to_block(after);
        for &(w, _) in &words {
            let var = self.var_of(w);
            let v = self.b.use_var(var);
            self.known.holds(w.0, w.1, v);
        }
    }

    /// Leaves before the running instruction unless a frame at `fp` keeps the
    /// frame span inside the arena; the host address of `fp` when it does.
    fn frame_fits(&mut self, fp: Value) -> Value {
        let span = self.frame_span;
        self.within(fp, 0, span).0
    }

    /// Makes `fp` the frame at arena address `fp`, host address `host`.
    fn set_fp(&mut self, fp: Value, host: Value) {
        self.b.def_var(self.fp, fp);
        self.b.def_var(self.fp_host, host);
    }

    /// Control goes to `t`: its block, or out to the interpreter.
    fn go(&mut self, t: u32, blocks: &[Option<Block>]) {
        match blocks.get(t as usize) {
            Some(Some(blk)) => self.jump_into(t, *blk),
            _ => self.leave_to(t, 0),
        }
    }

    /// A `jmp` or `call` goes to `t`: runs a copy of its block when that is a
    /// test ([`Plan::tests`], paid for as the running block's last
    /// instruction), else goes there.
    fn go_copying(&mut self, t: u32, blocks: &[Option<Block>]) -> Result<(), Unsupported> {
        let Some(&i) = self
            .insts
            .get(t as usize)
            .filter(|_| self.plan.tests[t as usize])
        else {
            self.go(t, blocks);
            return Ok(());
        };
        let (pc, refund, own) = (self.pc, self.refund, self.leave.take());
        (self.pc, self.refund) = (t, 1);
        self.inst(&i, blocks)?;
        if let Some(l) = self.leave.take() {
            self.leaves.push((l, t, 1));
        }
        (self.pc, self.refund, self.leave) = (pc, refund, own);
        Ok(())
    }

    /// Control goes to `t` when `c` holds, else to the next instruction.
    fn branch(&mut self, c: Value, t: u32, blocks: &[Option<Block>]) {
        let taken = self.b.create_block();
        let next = self.b.create_block();
        self.ins().brif(c, taken, &[], next, &[]);
        self.b.switch_to_block(taken);
        self.go(t, blocks);
        self.b.switch_to_block(next);
        self.go(self.pc.wrapping_add(1), blocks);
    }

    /// The host address of entry `depth + k` of the frame record in the
    /// context (the caller checks that it lies inside the record or is
    /// [`context::UNDER`], so that `depth + k` does not wrap): the context's
    /// address plus `depth` entries, which the entries of one `depth` share,
    /// and an offset that loads and stores fold in.
    fn slot(&mut self, depth: Value, k: i64) -> Value {
        let wide = self.b.ins().uextend(I64, depth);
        let off = self.b.ins().imul_imm_s(wide, SLOT_BYTES);
        let at = self.b.ins().iadd(self.ctx, off);
        self.b
            .ins()
            .iadd_imm_s(at, i64::from(context::FRAMES) + k * SLOT_BYTES)
    }

    /// `frame $ty, d(fp)` for a type without pointers, `bytes` long on the stack:
    /// pushed in the top segment as the interpreter's short path does, or left to
    /// it.
    fn frame(&mut self, ty: u32, d: u32, bytes: u32) -> Result<bool, Unsupported> {
        let depth = self.b.use_var(self.depth);
        let full = self.ins().icmp_imm_s(
            IntCC::UnsignedGreaterThanOrEqual,
            depth,
            i64::from(FRAME_SLOTS),
        );
        self.guard(full);
        // The frame span past it fits in the segment too (else the
        // interpreter pushes it), so that calling it needs no check.
        let reach = i64::from(bytes).max(self.frame_span);
        self.make_room(bytes, reach);
        let sp = self.b.use_var(self.sp);
        let sp_wide = self.ins().uextend(I64, sp);
        // It lies above the word `d(fp)` that will hold it (as every frame
        // pushed above the running one does), so stores into it leave the
        // words up to `d(fp)` alone.
        let fp = self.b.use_var(self.fp);
        let fp_wide = self.ins().uextend(I64, fp);
        let word_end = self.ins().iadd_imm_s(fp_wide, i64::from(d) + 4);
        let low = self.ins().icmp(IntCC::UnsignedLessThan, sp_wide, word_end);
        self.guard(low);
        // The segment lies in the arena and above the low guard, and the
        // stack top inside it (checked on entry and at each change of
        // segment; `frame` and `ret` keep it there), so a frame that fits in
        // it is inside the arena and no nil.
        self.known.inside(sp, reach);
        self.known.not_nil(sp);
        let (hdr, at) = self.within(sp, REG_MR as u32, 8);
        let words = (u64::from(ty) << 32 | 0xFFFF_FFFF) as i64;
        let words = self.ins().iconst(I64, words);
        self.ins().store(flags(), words, hdr, at);
        self.known.stored_above(Space::Frame, i64::from(d) + 4);
        self.arrays_unknown(|_| false);
        let slot = self.slot(depth, 0);
        let f = MemFlagsData::trusted();
        // The address and the type are neighbours: one store.
        let addr_ty = (u64::from(ty) << 32) as i64;
        let addr_ty = self.ins().bor_imm_u(sp_wide, addr_ty);
        self.ins().store(f, addr_ty, slot, SLOT_ADDR);
        let nc = self.ins().iconst(I32, i64::from(NOT_CALLED as i32));
        self.ins().store(f, nc, slot, SLOT_RET);
        self.set_word(Opnd::Fp(d), sp)?;
        let top = self.ins().iadd_imm_s(sp, i64::from(bytes));
        self.b.def_var(self.sp, top);
        let deeper = self.ins().iadd_imm_s(depth, 1);
        self.b.def_var(self.depth, deeper);
        self.fresh = Some((sp, slot, d));
        Ok(false)
    }

    /// `call s(fp), $t` of the last frame the code pushed, not called yet: known
    /// to be when the running block pushed it, else looked up in the frame
    /// record. As the interpreter's call of that frame, it writes the return
    /// pc and the caller's frame and leaves the module link word alone (nil
    /// from `frame`, unless the code stored into it since).
    fn call(&mut self, s: u32, t: u32, blocks: &[Option<Block>]) -> Result<bool, Unsupported> {
        let frame = self.word(Opnd::Fp(s))?;
        let f = MemFlagsData::trusted();
        let slot = match self.fresh.take() {
            Some((addr, slot, _)) if addr == frame => slot,
            Some((addr, slot, _)) => {
                let other = self.ins().icmp(IntCC::NotEqual, addr, frame);
                self.guard(other);
                slot
            }
            None => {
                let depth = self.b.use_var(self.depth);
                let none = self.ins().icmp_imm_s(IntCC::UnsignedLessThan, depth, 2);
                self.guard(none);
                let slot = self.slot(depth, -1);
                let addr = self.ins().load(I32, f, slot, SLOT_ADDR);
                let ret = self.ins().load(I32, f, slot, SLOT_RET);
                let other = self.ins().icmp(IntCC::NotEqual, addr, frame);
                self.guard(other);
                let called =
                    self.ins()
                        .icmp_imm_s(IntCC::NotEqual, ret, i64::from(NOT_CALLED as i32));
                self.guard(called);
                slot
            }
        };
        let callee = self.frame_fits(frame);
        let next = self.pc.wrapping_add(1);
        let fp = self.b.use_var(self.fp);
        let fp_wide = self.ins().uextend(I64, fp);
        let hi = self.ins().ishl_imm_u(fp_wide, 32);
        let words = self.ins().bor_imm_u(hi, i64::from(next));
        self.ins().store(flags(), words, callee, 0);

        let next_v = self.ins().iconst(I32, i64::from(next as i32));
        self.ins().store(f, next_v, slot, SLOT_RET);
        self.set_fp(frame, callee);
        // The words known are the caller's frame's.
        self.known.forget_all();
        self.arrays_unknown(|_| false);
        self.go_copying(t, blocks)?;
        Ok(true)
    }

    /// `ret` from a frame the code pushed and called, to its caller in this
    /// module, within the top segment (the interpreter's short path).
    ///
    /// With one entry in use, the entry below is [`context::UNDER`], never
    /// called: the test of the caller leaves then, with no test of the depth
    /// (which never drops below one: `ret` pops only above a called entry).
    /// The frame popped lies below the top segment's end with no test of it:
    /// every entry of the record lies in the segment that was the top one when
    /// it was pushed or taken over ([`crate::record::take`] takes only frames
    /// inside the top segment; `frame` pushes inside it, or inside the segment
    /// it starts for the frame, or leaves), and segments are left only by a
    /// `ret` of their first frame, so the top entry lies in the top segment.
    ///
    /// A `ret` past the frames the run took over and pushed (the record holds
    /// its first entry only) has the machine take the next ones from the prog's
    /// record ([`context::TAKE_FRAMES`]) and tries again, where it would
    /// otherwise leave for the interpreter to pop them.
    fn ret(&mut self) -> Result<bool, Unsupported> {
        let check = self.b.create_block();
        self.ins().jump(check, &[]);
        self.b.switch_to_block(check);
        let depth = self.b.use_var(self.depth);
        let f = MemFlagsData::trusted();
        let top = self.slot(depth, -1);
        let below = self.slot(depth, -2);
        let addr = self.ins().load(I32, f, top, SLOT_ADDR);
        let ret = self.ins().load(I32, f, top, SLOT_RET);
        let caller = self.ins().load(I32, f, below, SLOT_ADDR);
        let caller_ret = self.ins().load(I32, f, below, SLOT_RET);
        // Return pcs in the record lie below 2^31 ([`crate::record::take`]), and
        // `NOT_CALLED` has the top bit: one test finds either frame uncalled.
        let either = self.ins().bor(ret, caller_ret);
        let uncalled = self.ins().icmp_imm_s(IntCC::SignedLessThan, either, 0);
        let (refill, called) = (self.b.create_block(), self.b.create_block());
        self.ins().brif(uncalled, refill, &[], called, &[]);
        self.b.switch_to_block(refill);
        // Only with the first entry alone in use; one that takes nothing
        // leaves, so this runs at most once per `ret`.
        let more = self.ins().icmp_imm_s(IntCC::NotEqual, depth, 1);
        self.guard(more);
        self.run_on_machine(context::TAKE_FRAMES, [None, None]);
        let taken = self.b.use_var(self.depth);
        let none = self.ins().icmp_imm_s(IntCC::UnsignedLessThan, taken, 2);
        self.guard(none);
        self.ins().jump(check, &[]);
        self.b.switch_to_block(called);
        // The frame lies in the top segment (frames are popped in order):
        // the interpreter's short path when it is not its first, else the
        // machine leaves that segment.
        let t = MemFlagsData::trusted();
        let ctx = self.ctx;
        let seg_base = self.ins().load(I32, t, ctx, context::SEG_BASE);
        let first = self
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, addr, seg_base);
        let (leaving, inner, popped) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        // The return pc and the caller, in variables that the way through the
        // machine defines afresh from the record (see `call_host`).
        let (ret_v, caller_v) = (self.b.declare_var(I32), self.b.declare_var(I32));
        self.b.def_var(ret_v, ret);
        self.b.def_var(caller_v, caller);
        self.ins().brif(first, leaving, &[], inner, &[]);
        self.b.switch_to_block(inner);
        self.b.def_var(self.sp, addr);
        self.ins().jump(popped, &[]);
        self.b.switch_to_block(leaving);
        let other = self.ins().icmp(IntCC::NotEqual, addr, seg_base);
        self.guard(other);
        self.run_on_machine(context::LEAVE_SEGMENT, [Some(addr), None]);
        let depth = self.b.use_var(self.depth);
        let (top, below) = (self.slot(depth, -1), self.slot(depth, -2));
        let ret = self.ins().load(I32, f, top, SLOT_RET);
        let caller = self.ins().load(I32, f, below, SLOT_ADDR);
        self.b.def_var(ret_v, ret);
        self.b.def_var(caller_v, caller);
        let sp = self.b.use_var(self.sp);
        let (bad, _) = self.segment_bad(sp);
        // Past the machine's `ret`, a stack out of shape (which the machine
        // never leaves) ends the run after it.
        let after = self.b.create_block();
        self.ins().brif(bad, after, &[], popped, &[]);
        self.b.switch_to_block(after);
        self.popped(caller);
        let now = self.b.use_var(self.budget);
        let exit = self.exit;
        self.ins().jump(exit, &[ret.into(), now.into()]);
        self.b.switch_to_block(popped);
        let (ret, caller) = (self.b.use_var(ret_v), self.b.use_var(caller_v));
        self.popped(caller);
        let to = match self.ret_switch {
            Some(blk) => blk,
            None => {
                let blk = self.b.create_block();
                self.b.append_block_param(blk, I32);
                self.ret_switch = Some(blk);
                blk
            }
        };
        self.ins().jump(to, &[ret.into()]);
        Ok(true)
    }

    /// The block the compiled `ret`s share, when there is one: a switch on the
    /// return pc to the return sites' blocks, leaving for any other pc. One
    /// switch for the module, not one per `ret`, keeps the function Cranelift
    /// compiles in proportion to the code (`bufio`: 41 `ret`s and 31 sites).
    fn emit_ret_switch(&mut self) {
        let Some(blk) = self.ret_switch else {
            return;
        };
        let mut switch = Switch::new();
        for (pc, site) in self.returns.clone() {
            let to = self.entry_block(pc, site);
            switch.set_entry(u128::from(pc), to);
        }
        self.b.switch_to_block(blk);
        let ret = self.b.block_params(blk)[0];
        let out = self.b.create_block();
        switch.emit(self.b, ret, out);
        self.b.switch_to_block(out);
        let now = self.b.use_var(self.budget);
        let exit = self.exit;
        self.ins().jump(exit, &[ret.into(), now.into()]);
    }

    /// After `ret` popped the frame at the top of the record, its caller
    /// `caller` is the running frame.
    fn popped(&mut self, caller: Value) {
        let depth = self.b.use_var(self.depth);
        // The caller keeps the frame span inside the arena (the invariant of
        // [`crate::record`]).
        let base = self.b.use_var(self.base);
        let caller_wide = self.ins().uextend(I64, caller);
        let caller_host = self.ins().iadd(base, caller_wide);
        let shallower = self.ins().iadd_imm_s(depth, -1);
        self.b.def_var(self.depth, shallower);
        self.set_fp(caller, caller_host);
        self.arrays_unknown(|_| false);
    }

    /// Whether the top segment the machine left in the context, with the stack
    /// top `sp`, breaks what the code assumes of it (inside the arena, above
    /// the low guard, holding `sp`), and its end.
    fn segment_bad(&mut self, sp: Value) -> (Value, Value) {
        let t = MemFlagsData::trusted();
        let ctx = self.ctx;
        let seg_base = self.ins().load(I32, t, ctx, context::SEG_BASE);
        let seg_end = self.ins().load(I32, t, ctx, context::SEG_END);
        let end_wide = self.ins().uextend(I64, seg_end);
        let len = self.b.use_var(self.len);
        let outside = self.ins().icmp(IntCC::UnsignedGreaterThan, end_wide, len);
        let low = self
            .ins()
            .icmp_imm_s(IntCC::UnsignedLessThan, seg_base, LOW_GUARD);
        let below = self.ins().icmp(IntCC::UnsignedLessThan, sp, seg_base);
        let bad = self.ins().bor(outside, low);
        (self.ins().bor(bad, below), end_wide)
    }

    /// Makes room above the stack top for a frame of `bytes` bytes with
    /// `reach` bytes from it inside the top segment: there already, or in a
    /// segment the machine starts where the interpreter would start one, or
    /// leaves before the instruction.
    fn make_room(&mut self, bytes: u32, reach: i64) {
        let t = MemFlagsData::trusted();
        let ctx = self.ctx;
        let sp = self.b.use_var(self.sp);
        let sp_wide = self.ins().uextend(I64, sp);
        let end_wide = self.ins().iadd_imm_s(sp_wide, reach);
        let seg_end = self.ins().load(I32, t, ctx, context::SEG_END);
        let seg_end = self.ins().uextend(I64, seg_end);
        let over = self
            .ins()
            .icmp(IntCC::UnsignedGreaterThan, end_wide, seg_end);
        let (crossing, room) = (self.b.create_block(), self.b.create_block());
        self.ins().brif(over, crossing, &[], room, &[]);
        self.b.switch_to_block(crossing);
        // A frame that fits without its span is left to the interpreter.
        let small_end = self.ins().iadd_imm_s(sp_wide, i64::from(bytes));
        let fits = self
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, small_end, seg_end);
        self.guard(fits);
        let need = self.ins().iconst(I32, i64::from(bytes as i32));
        self.run_on_machine(context::ENTER_SEGMENT, [Some(need), None]);
        let sp = self.b.use_var(self.sp);
        let (bad, seg_end) = self.segment_bad(sp);
        let sp_wide = self.ins().uextend(I64, sp);
        let end_wide = self.ins().iadd_imm_s(sp_wide, reach);
        let over = self
            .ins()
            .icmp(IntCC::UnsignedGreaterThan, end_wide, seg_end);
        let bad = self.ins().bor(bad, over);
        self.guard(bad);
        self.ins().jump(room, &[]);
        self.b.switch_to_block(room);
    }

    /// Hands the running instruction to the machine ([`Context::hand_back`](
    /// crate::context::Context::hand_back)), leaving before it when the machine
    /// did not run it or it raised, and forgets what the code knew of memory,
    /// which the machine may have changed anywhere.
    fn hand_back(&mut self, kind: u32, args: [Option<Value>; 2]) {
        let status = self.call_host(kind, args, false);
        self.known.forget_all();
        let bad = self
            .ins()
            .icmp_imm_s(IntCC::NotEqual, status, i64::from(context::RAN));
        self.guard(bad);
    }

    /// Has the machine do one of its rare jobs for the stack (`kind`: a
    /// segment entered or left, frames taken), leaving before the instruction
    /// when it did not.
    fn run_on_machine(&mut self, kind: u32, args: [Option<Value>; 2]) {
        let status = self.call_host(kind, args, true);
        let failed = self
            .ins()
            .icmp_imm_s(IntCC::NotEqual, status, i64::from(context::RAN));
        self.guard(failed);
    }

    /// Calls [`Context::hand_back`](crate::context::Context::hand_back) with
    /// `kind` and `args` and returns its status; takes the arena's place and
    /// length afresh. The frame and data spans stay inside the arena: it never
    /// shrinks. For the rare calls (`cold`), the registers go through the
    /// context both ways, so that their values before it are not kept across
    /// the call (which would spill them where the call is not made).
    fn call_host(&mut self, kind: u32, args: [Option<Value>; 2], cold: bool) -> Value {
        let f = MemFlagsData::trusted();
        let ctx = self.ctx;
        let kind = self.ins().iconst(I32, i64::from(kind));
        self.ins().store(f, kind, ctx, context::KIND);
        for (a, at) in args.into_iter().zip([context::ARG0, context::ARG1]) {
            if let Some(a) = a {
                self.ins().store(f, a, ctx, at);
            }
        }
        let pc = i64::from(self.pc as i32);
        let pc = self.ins().iconst(I32, pc);
        self.ins().store(f, pc, ctx, context::PC);
        let all = [
            (self.fp, context::FP),
            (self.sp, context::SP),
            (self.budget, context::BUDGET),
            (self.depth, context::DEPTH),
        ];
        let regs = if cold { &all[..] } else { &all[..2] };
        for &(v, at) in regs {
            let x = self.b.use_var(v);
            self.ins().store(f, x, ctx, at);
        }
        // The machine may change any memory.
        self.arrays_unknown(|_| false);
        let callee = self.ins().load(I64, f, ctx, context::HAND_BACK);
        let sig = self.hand_back_sig;
        let call = self.ins().call_indirect(sig, callee, &[ctx]);
        let status = self.b.inst_results(call)[0];
        for &(v, at) in regs.iter().filter(|_| cold) {
            let x = self.ins().load(I32, f, ctx, at);
            self.b.def_var(v, x);
        }
        let base = self.ins().load(I64, f, ctx, context::BASE);
        let len = self.ins().load(I64, f, ctx, context::LEN);
        self.b.def_var(self.base, base);
        self.b.def_var(self.len, len);
        let fp = self.b.use_var(self.fp);
        let fp_wide = self.ins().uextend(I64, fp);
        let fp_host = self.ins().iadd(base, fp_wide);
        self.b.def_var(self.fp_host, fp_host);
        let mp = self.mp;
        let mp_wide = self.ins().uextend(I64, mp);
        let mp_host = self.ins().iadd(base, mp_wide);
        self.b.def_var(self.mp_host, mp_host);
        status
    }

    /// Translates one instruction; true when it ends its block with a jump.
    fn inst(&mut self, i: &Inst, blocks: &[Option<Block>]) -> Result<bool, Unsupported> {
        use Opcode::*;
        match i.op {
            Jmp => {
                let t = target(i).ok_or(Unsupported)?;
                self.go_copying(t, blocks)?;
                return Ok(true);
            }
            op if is_branch(op) => {
                let t = target(i).ok_or(Unsupported)?;
                let bytes = matches!(op, Beqb | Bneb | Bltb | Bleb | Bgtb | Bgeb);
                let (s, m) = if bytes {
                    (self.byte(i.s)?, self.byte(i.m)?)
                } else {
                    (self.word(i.s)?, self.word(i.m)?)
                };
                let cc = match op {
                    Beqw | Beqb => IntCC::Equal,
                    Bnew | Bneb => IntCC::NotEqual,
                    Bltw => IntCC::SignedLessThan,
                    Blew => IntCC::SignedLessThanOrEqual,
                    Bgtw => IntCC::SignedGreaterThan,
                    Bgew => IntCC::SignedGreaterThanOrEqual,
                    Bltb => IntCC::UnsignedLessThan,
                    Bleb => IntCC::UnsignedLessThanOrEqual,
                    Bgtb => IntCC::UnsignedGreaterThan,
                    _ => IntCC::UnsignedGreaterThanOrEqual,
                };
                let c = self.ins().icmp(cc, s, m);
                self.branch(c, t, blocks);
                return Ok(true);
            }
            Movw => {
                let v = self.word(i.s)?;
                self.set_word(i.d, v)?;
            }
            Movb => {
                let v = self.byte(i.s)?;
                self.set_byte(i.d, v)?;
            }
            Movl | Movf => {
                let v = self.big(i.s)?;
                self.set_big(i.d, v)?;
            }
            Cvtbw => {
                let v = self.byte(i.s)?;
                self.set_word(i.d, v)?;
            }
            Cvtwb => {
                let v = self.word(i.s)?;
                self.set_byte(i.d, v)?;
            }
            Lea => {
                let a = self.addr(i.s)?;
                self.set_word(i.d, a)?;
            }
            Addw | Subw | Mulw | Divw | Modw | Andw | Orw | Xorw | Shlw | Shrw | Lsrw => {
                let s = self.word(i.s)?;
                let m = self.word(i.m)?;
                if matches!(i.op, Divw | Modw) {
                    // 0 faults; -1 may overflow: the interpreter runs both.
                    let t = self.ins().iadd_imm_s(s, 1);
                    let bad = self.ins().icmp_imm_s(IntCC::UnsignedLessThanOrEqual, t, 1);
                    self.guard(bad);
                }
                let v = match i.op {
                    Addw => self.ins().iadd(m, s),
                    Subw => self.ins().isub(m, s),
                    Mulw => self.ins().imul(m, s),
                    Divw => self.ins().sdiv(m, s),
                    Modw => self.ins().srem(m, s),
                    Andw => self.ins().band(m, s),
                    Orw => self.ins().bor(m, s),
                    Xorw => self.ins().bxor(m, s),
                    Shlw => self.ins().ishl(m, s),
                    Shrw => self.ins().sshr(m, s),
                    _ => self.ins().ushr(m, s),
                };
                self.set_word(i.d, v)?;
            }
            Shlb | Shrb => {
                let s = self.word(i.s)?;
                let m = self.byte(i.m)?;
                let v = if i.op == Shlb {
                    self.ins().ishl(m, s)
                } else {
                    self.ins().ushr(m, s)
                };
                self.set_byte(i.d, v)?;
            }
            Addb | Subb | Mulb | Andb | Orb | Xorb => {
                let s = self.byte(i.s)?;
                let m = self.byte(i.m)?;
                let v = match i.op {
                    Addb => self.ins().iadd(m, s),
                    Subb => self.ins().isub(m, s),
                    Mulb => self.ins().imul(m, s),
                    Andb => self.ins().band(m, s),
                    Orb => self.ins().bor(m, s),
                    _ => self.ins().bxor(m, s),
                };
                self.set_byte(i.d, v)?;
            }
            op if is_long_branch(op) => {
                let t = target(i).ok_or(Unsupported)?;
                let s = self.big(i.s)?;
                let m = self.big(i.m)?;
                let cc = match op {
                    Beql => IntCC::Equal,
                    Bnel => IntCC::NotEqual,
                    Bltl => IntCC::SignedLessThan,
                    Blel => IntCC::SignedLessThanOrEqual,
                    Bgtl => IntCC::SignedGreaterThan,
                    _ => IntCC::SignedGreaterThanOrEqual,
                };
                let c = self.ins().icmp(cc, s, m);
                self.branch(c, t, blocks);
                return Ok(true);
            }
            Addl | Subl | Mull | Andl | Orl | Xorl => {
                let s = self.big(i.s)?;
                let m = self.big(i.m)?;
                let v = match i.op {
                    Addl => self.ins().iadd(m, s),
                    Subl => self.ins().isub(m, s),
                    Mull => self.ins().imul(m, s),
                    Andl => self.ins().band(m, s),
                    Orl => self.ins().bor(m, s),
                    _ => self.ins().bxor(m, s),
                };
                self.set_big(i.d, v)?;
            }
            Shll | Shrl | Lsrl => {
                let s = self.word(i.s)?;
                let m = self.big(i.m)?;
                let v = match i.op {
                    Shll => self.ins().ishl(m, s),
                    Shrl => self.ins().sshr(m, s),
                    _ => self.ins().ushr(m, s),
                };
                self.set_big(i.d, v)?;
            }
            Cvtwl => {
                let v = self.word(i.s)?;
                let v = self.ins().sextend(I64, v);
                self.set_big(i.d, v)?;
            }
            Cvtlw => {
                let v = self.big(i.s)?;
                let v = self.ins().ireduce(I32, v);
                self.set_word(i.d, v)?;
            }
            Movp if is_value(i.s) && is_place(i.d) => {
                let v = self.word(i.s)?;
                let d = self.checked_addr(i.d)?;
                self.hand_back(context::MOVE_PTR, [Some(v), Some(d)]);
            }
            New | Newz if matches!(i.s, Opnd::Imm(_)) && is_place(i.d) => {
                let t = self.word(i.s)?;
                let d = self.checked_addr(i.d)?;
                self.hand_back(context::NEW_AT, [Some(t), Some(d)]);
            }
            op if handed_back(op) => self.hand_back(context::WHOLE, [None, None]),
            Indw | Indb | Indl | Indf => self.index(i)?,
            _ => return Err(Unsupported),
        }
        Ok(false)
    }
}
