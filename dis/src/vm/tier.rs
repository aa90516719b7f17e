//! The hook for a compiled tier: an embedder may give the machine a [`Compiler`]
//! that turns a module's decoded code into host code at load. The interpreter
//! enters that code at the pcs the compiler names and takes over again wherever
//! it stops; this file holds only the plain data the two exchange, so that `dis`
//! stays free of unsafe code.
//!
//! The contract a [`Compiled`] body keeps:
//! - It reads and writes Dis memory only through the slice it is handed, within
//!   its bounds.
//! - It runs whole instructions only, each exactly as the interpreter would, and
//!   stops *before* any instruction it does not run or that would fault (a bad
//!   address, a nil or out-of-range index, a division by zero): the interpreter
//!   then runs that one instruction itself and raises the exception, if any, with
//!   its own text and pc.
//! - It charges one unit of [`Regs::budget`] per instruction it runs and never
//!   runs one it cannot pay for, so that a turn ends at the same instruction in
//!   both tiers and a compiled loop still gives up the thread at its quantum.
//! - On return `pc` is the next instruction to run, `fp` and `mp` the frame and
//!   module data at that instruction.
//! - It may push frames (`frame`, `call` within the module) only inside the top
//!   stack segment, as the interpreter's short path does, and return only from
//!   frames it pushed itself; the frames it leaves pushed it hands back, in order,
//!   for the prog's record, with the new stack top.

use super::decode::Inst;
use super::fast::Fast;
use super::frame_record::Frame;

/// The registers a compiled body runs with and leaves behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regs {
    pub pc: u32,
    pub fp: u32,
    pub mp: u32,
    /// Instructions it may still run in this turn.
    pub budget: u32,
    /// The stack top, and the bounds of the top stack segment (both 0 when the
    /// prog has none).
    pub sp: u32,
    pub seg_base: u32,
    pub seg_end: u32,
    /// The last frame of the prog's record when it is called (a compiled `ret`
    /// from the first frame the body pushed returns to it), else nil.
    pub top: u32,
}

/// A module's code in host form.
pub trait Compiled {
    /// Runs from `regs.pc`, which is one of the entries the compiler named, over
    /// the arena's bytes `mem` (see the module comment for what it must keep);
    /// appends to `pushed` the frames it leaves on the stack.
    fn run(&self, regs: &mut Regs, mem: &mut [u8], pushed: &mut Vec<Frame>);
}

/// What a compiler makes of one module.
pub struct Compilation {
    pub body: Box<dyn Compiled>,
    /// The pcs the interpreter should enter the body at, ascending.
    pub entries: Vec<u32>,
}

/// Compiles modules' code at load.
pub trait Compiler {
    /// Compiles `insts`, the decoded code of module `name`, whose specialised
    /// forms are `fast` (they give `frame`'s layouts); `None` when it has nothing
    /// to compile there.
    fn compile(&self, name: &str, insts: &[Inst], fast: &[Fast]) -> Option<Compilation>;
}
