//! Compiled code in executable memory, and running it: the crate's only unsafe
//! code.
//!
//! Why running it is sound: the function was built by [`crate::translate`], whose
//! every load and store is preceded by a check that it lies inside
//! `[base, base + len)`, and `base`/`len` are those of the arena's `&mut [u8]`
//! that [`Host::mem`] gives, taken again after every instruction handed back to
//! the machine ([`hand_back`], the only code that runs while compiled code is
//! suspended; the arena may move as it grows there). It touches no other memory
//! than that slice and its [`Context`], which the body owns and lends the code
//! for the call (its `host` points to this stack only during the call). The
//! memory holding the code belongs to the body and is freed only when the body
//! is dropped, when nothing can call it any more.

use crate::context::{
    Context, ENTER_SEGMENT, FRAME_SLOTS, LEAVE_SEGMENT, MOVE_PTR, NEW_AT, RAISED, RAN, REFUSED,
    TAKE_FRAMES, UNDER,
};
use crate::plan::Plan;
use crate::record;
use crate::translate::{spans, translate};
use crate::Dump;
use cranelift_codegen::ir::{AbiParam, UserFuncName};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};
use dis::vm::decode::Inst;
use dis::vm::fast::Fast;
use dis::vm::tier::{Compiled, Host, Regs};
use dis::vm::Trap;
use std::cell::RefCell;

/// The signature of the compiled function.
type Entry = unsafe extern "C" fn(*mut Context);

/// One module's compiled code.
pub struct Body {
    /// Owns the executable memory; taken only to free it.
    module: Option<JITModule>,
    entry: Entry,
    /// The context a run hands the code, kept between runs for its frame
    /// record ([`Context::frames`], four kilobytes not cleared at each run).
    ctx: RefCell<Box<Context>>,
    /// The types of the frames without pointers the module pushes (sorted),
    /// which a run may take over from the prog's record ([`record::take`]).
    plain: Vec<u32>,
    /// The bytes past `fp` that the code reaches ([`crate::translate::spans`]).
    frame_span: u64,
}

impl Body {
    /// Compiles `insts` laid out by `plan` for `isa`, printing what it made of
    /// module `name` on standard error when `dump` asks.
    pub fn compile(
        isa: OwnedTargetIsa,
        (name, dump): (&str, Option<Dump>),
        insts: &[Inst],
        fast: &[Fast],
        plan: &Plan,
    ) -> Result<Body, String> {
        let mut module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
        let mut ctx = module.make_context();
        let ptr = module.target_config().pointer_type();
        ctx.func.signature.params.push(AbiParam::new(ptr));
        let id = module
            .declare_function("dis", Linkage::Local, &ctx.func.signature)
            .map_err(|e| e.to_string())?;
        ctx.func.name = UserFuncName::user(0, id.as_u32());
        let mut fctx = FunctionBuilderContext::new();
        {
            let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            translate(&mut b, insts, fast, plan).map_err(|_| "unsupported".to_string())?;
            b.finalize(module.target_config());
        }
        if dump == Some(Dump::Ir) {
            eprintln!("jit: {name}: Cranelift IR\n{}", ctx.func.display());
        }
        ctx.set_disasm(dump.is_some());
        module
            .define_function(id, &mut ctx)
            .map_err(|e| format!("{e:?}"))?;
        if let Some(code) = dump.and(ctx.compiled_code()) {
            let text = code.vcode.as_deref().unwrap_or("");
            eprintln!("jit: {name}: machine code\n{text}");
        }
        module.clear_context(&mut ctx);
        module.finalize_definitions().map_err(|e| e.to_string())?;
        let code = module.get_finalized_function(id);
        // SAFETY: `code` is the finalized function just defined with the
        // signature `fn(pointer)`, which `Entry` spells; it lives as long as
        // `module`, which the body owns.
        let entry = unsafe { std::mem::transmute::<*const u8, Entry>(code) };
        let mut plain: Vec<u32> = fast
            .iter()
            .filter_map(|f| match f {
                Fast::Frame(ty, _, _, 0) => Some(*ty),
                _ => None,
            })
            .collect();
        plain.sort_unstable();
        plain.dedup();
        Ok(Body {
            module: Some(module),
            entry,
            ctx: RefCell::new(Box::new(Context {
                base: std::ptr::null_mut(),
                len: 0,
                hand_back,
                host: std::ptr::null_mut(),
                kind: 0,
                args: [0; 2],
                pc: 0,
                fp: 0,
                mp: 0,
                budget: 0,
                sp: 0,
                seg_base: 0,
                seg_end: 0,
                depth: 0,
                frames: [UNDER; FRAME_SLOTS as usize + 1],
            })),
            plain,
            frame_span: spans(insts, plan).0 as u64,
        })
    }
}

/// What [`hand_back`] works on during a run: the machine, and the trap of an
/// instruction handed back that raised.
struct Handing<'a> {
    host: &'a mut dyn Host,
    trap: Option<Trap>,
    /// What [`record::take`] takes for the body: [`Body::plain`] and its
    /// frame span.
    plain: &'a [u32],
    span: u64,
}

/// Runs the instruction at `ctx.pc` on the machine for the code (see
/// [`Context::hand_back`]).
extern "C" fn hand_back(ctx: *mut Context) -> u32 {
    // SAFETY: compiled code calls this only with the context `Body::run` handed
    // it, whose `host` is the `Handing` on `run`'s stack, alive for the call;
    // neither is otherwise touched while this runs (the code waits for it), and
    // the code takes `base` and `len` afresh from the context afterwards, so
    // no pointer into the arena from before the call is used after it.
    let (ctx, handing) = unsafe { (&mut *ctx, &mut *(*ctx).host.cast::<Handing>()) };
    // (A panic cannot unwind into compiled code: leaving an `extern "C"`
    // function by one aborts the process.)
    let [a, b] = ctx.args;
    let ran = match ctx.kind {
        MOVE_PTR => handing
            .host
            .move_ptr(a, b)
            .map(|()| Some(ctx.pc.wrapping_add(1))),
        NEW_AT => handing
            .host
            .new_at(a, b)
            .map(|()| Some(ctx.pc.wrapping_add(1))),
        ENTER_SEGMENT | LEAVE_SEGMENT | TAKE_FRAMES => change_stack(ctx, handing),
        _ => handing.host.run_one(&regs_of(ctx)),
    };
    let mem = handing.host.mem();
    ctx.base = mem.as_mut_ptr();
    ctx.len = mem.len() as u64;
    match ran {
        Ok(Some(next)) => {
            ctx.pc = next;
            RAN
        }
        Ok(None) => REFUSED,
        Err(t) => {
            handing.trap = Some(t);
            RAISED
        }
    }
}

/// [`hand_back`]'s [`ENTER_SEGMENT`], [`LEAVE_SEGMENT`] and [`TAKE_FRAMES`]
/// (apart, so that the frequent kinds stay short: one more kind among them
/// had alloc run 2.6% more host instructions).
#[cold]
#[inline(never)]
fn change_stack(ctx: &mut Context, handing: &mut Handing) -> Result<Option<u32>, Trap> {
    let stack = match ctx.kind {
        TAKE_FRAMES => {
            take_more(ctx, handing);
            return Ok(Some(ctx.pc));
        }
        ENTER_SEGMENT => handing.host.enter_segment(ctx.sp, ctx.args[0]),
        _ => handing.host.leave_segment(ctx.args[0]),
    }?;
    (ctx.sp, ctx.seg_base, ctx.seg_end) = (stack.sp, stack.seg_base, stack.seg_end);
    Ok(Some(ctx.pc))
}

/// The registers the code stored in the context before calling [`hand_back`].
fn regs_of(ctx: &Context) -> Regs {
    Regs {
        pc: ctx.pc,
        fp: ctx.fp,
        mp: ctx.mp,
        budget: ctx.budget,
        sp: ctx.sp,
        seg_base: ctx.seg_base,
        seg_end: ctx.seg_end,
    }
}

/// [`change_stack`]'s [`TAKE_FRAMES`]: a run whose record holds only its first
/// entry (every frame taken or pushed was popped) takes the next frames of
/// the prog's record, as a new run entered at the `ret` would.
#[cold]
#[inline(never)]
fn take_more(ctx: &mut Context, handing: &mut Handing) {
    let regs = regs_of(ctx);
    let len = handing.host.mem().len() as u64;
    let (plain, arena) = (handing.plain, (handing.span, len));
    let entries = &mut ctx.frames[1..];
    ctx.depth = record::take(handing.host.frames(), plain, &regs, arena, entries);
}

impl Compiled for Body {
    fn run(&self, regs: &mut Regs, host: &mut dyn Host) -> Result<(), Trap> {
        let mut ctx = self.ctx.borrow_mut();
        let ctx = &mut **ctx;
        let mem = host.mem();
        let (base, len) = (mem.as_mut_ptr(), mem.len() as u64);
        let arena = (self.frame_span, len);
        let entries = &mut ctx.frames[1..];
        let depth = record::take(host.frames(), &self.plain, regs, arena, entries);
        let mut handing = Handing {
            host,
            trap: None,
            plain: &self.plain,
            span: self.frame_span,
        };
        ctx.base = base;
        ctx.len = len;
        ctx.host = (&raw mut handing).cast();
        (ctx.pc, ctx.fp, ctx.mp, ctx.budget) = (regs.pc, regs.fp, regs.mp, regs.budget);
        (ctx.sp, ctx.seg_base, ctx.seg_end) = (regs.sp, regs.seg_base, regs.seg_end);
        ctx.depth = depth;
        // SAFETY: see the module comment: the code stays inside the arena (whose
        // bytes nothing else touches during the call but `hand_back`, while the
        // code waits), `ctx` (borrowed for the call; the code checks `depth`
        // against `FRAME_SLOTS` before it writes an entry of its record), and
        // its memory is alive while `self` is.
        unsafe { (self.entry)(ctx) };
        regs.pc = ctx.pc;
        regs.fp = ctx.fp;
        regs.mp = ctx.mp;
        regs.budget = ctx.budget;
        regs.sp = ctx.sp;
        record::give_back(handing.host.frames(), &ctx.frames[1..], ctx.depth);
        match handing.trap {
            // The code paid back the instruction that raised; the interpreter
            // would have charged it.
            Some(t) => {
                regs.budget = regs.budget.saturating_sub(1);
                Err(t)
            }
            None => Ok(()),
        }
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: the body is being dropped, so `entry` is never called again
            // and no call of it is running (`run` borrows the body).
            unsafe { m.free_memory() };
        }
    }
}
