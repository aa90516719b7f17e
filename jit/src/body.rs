//! Compiled code in executable memory, and running it: the crate's only unsafe
//! code.
//!
//! Why running it is sound: the function was built by [`crate::translate`], whose
//! every load and store is preceded by a check that it lies inside
//! `[base, base + len)`, and `base`/`len` are those of the `&mut [u8]` that
//! [`Compiled::run`] is handed and holds exclusively for the call. It touches no
//! other memory than that slice and its [`Context`], which lives on this stack
//! for the call. The memory holding the code belongs to the body and is freed
//! only when the body is dropped, when nothing can call it any more.

use crate::context::{Context, FrameSlot, FRAME_SLOTS, NOT_CALLED};
use crate::plan::Plan;
use crate::translate::translate;
use cranelift_codegen::ir::{AbiParam, UserFuncName};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};
use dis::vm::decode::Inst;
use dis::vm::fast::Fast;
use dis::vm::frame_record::Frame;
use dis::vm::tier::{Compiled, Regs};
use std::cell::RefCell;

/// The signature of the compiled function.
type Entry = unsafe extern "C" fn(*mut Context);

/// One module's compiled code.
pub struct Body {
    /// Owns the executable memory; taken only to free it.
    module: Option<JITModule>,
    entry: Entry,
    /// The frame record a run uses ([`Context::frames`]), kept between runs.
    frames: RefCell<Vec<FrameSlot>>,
}

impl Body {
    /// Compiles `insts` laid out by `plan` for `isa`.
    pub fn compile(
        isa: OwnedTargetIsa,
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
        module
            .define_function(id, &mut ctx)
            .map_err(|e| format!("{e:?}"))?;
        module.clear_context(&mut ctx);
        module.finalize_definitions().map_err(|e| e.to_string())?;
        let code = module.get_finalized_function(id);
        // SAFETY: `code` is the finalized function just defined with the
        // signature `fn(pointer)`, which `Entry` spells; it lives as long as
        // `module`, which the body owns.
        let entry = unsafe { std::mem::transmute::<*const u8, Entry>(code) };
        Ok(Body {
            module: Some(module),
            entry,
            frames: RefCell::new(vec![FrameSlot::default(); FRAME_SLOTS as usize]),
        })
    }
}

impl Compiled for Body {
    fn run(&self, regs: &mut Regs, mem: &mut [u8], pushed: &mut Vec<Frame>) {
        let mut frames = self.frames.borrow_mut();
        frames[0] = FrameSlot {
            addr: regs.top,
            ty: 0,
            ret_pc: if regs.top == dis::vm::NIL {
                NOT_CALLED
            } else {
                0
            },
            spare: 0,
        };
        let mut ctx = Context {
            base: mem.as_mut_ptr(),
            len: mem.len() as u64,
            frames: frames.as_mut_ptr(),
            pc: regs.pc,
            fp: regs.fp,
            mp: regs.mp,
            budget: regs.budget,
            sp: regs.sp,
            seg_base: regs.seg_base,
            seg_end: regs.seg_end,
            depth: 1,
        };
        // SAFETY: see the module comment: the code stays inside `mem` (held
        // exclusively for this call), `ctx` and the `FRAME_SLOTS` entries of
        // `frames` (borrowed for the call; the code checks `depth` against
        // `FRAME_SLOTS` before it writes an entry), and its memory is alive
        // while `self` is.
        unsafe { (self.entry)(&mut ctx) };
        regs.pc = ctx.pc;
        regs.fp = ctx.fp;
        regs.mp = ctx.mp;
        regs.budget = ctx.budget;
        regs.sp = ctx.sp;
        let depth = (ctx.depth as usize).min(frames.len());
        for s in frames.get(1..depth).unwrap_or(&[]) {
            let mut f = Frame::new(s.addr, s.ty);
            if s.ret_pc != NOT_CALLED {
                f.ret_pc = s.ret_pc;
            }
            pushed.push(f);
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
