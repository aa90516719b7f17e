//! The hook for a compiled tier: an embedder may give the machine a [`Compiler`]
//! that turns a module's decoded code into host code, at load or once it runs
//! hot ([`super::hot`]). The interpreter
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
//!   stack segment, as the interpreter's short path does, or in a new one that
//!   [`Host::enter_segment`] starts where the interpreter would start one, and
//!   leave a segment only through [`Host::leave_segment`]; it returns only from
//!   frames it pushed itself or those at the end of the prog's record that the
//!   interpreter's short path would pop (called within the module, of a type
//!   without pointers), which it may take from the record for the run; it puts
//!   back in the record, in order, those still on the stack and the frames it
//!   leaves pushed, with the new stack top.
//! - It may hand one instruction of the kinds [`handed_back`] names to the
//!   machine ([`Host::run_one`], or [`Host::move_ptr`] and [`Host::new_at`] for
//!   `movp` and `new` whose destination it has checked) and go on after it: the
//!   machine runs it exactly as the interpreter would. The arena may grow meanwhile (it never shrinks), so
//!   the body takes [`Host::mem`] again after each. When the instruction raises,
//!   the body stops at it with the trap, having charged it.

use super::decode::Inst;
use super::fast::Fast;
use super::frame_record::Frame;
use super::trap::Trap;
use crate::isa::Opcode;

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
}

/// The machine as a running body sees it.
pub trait Host {
    /// Every byte of the arena.
    fn mem(&mut self) -> &mut [u8];
    /// The prog's frame record, whose last frames a body may take for a run;
    /// it gives them back with those it leaves pushed.
    fn frames(&mut self) -> &mut Vec<Frame>;
    /// Runs the instruction at `regs.pc` with the frame `regs.fp` and module
    /// data `regs.mp`, as the interpreter would, and gives the pc of the next;
    /// `None`, having done nothing, when
    /// it is not of a kind [`handed_back`] names.
    fn run_one(&mut self, regs: &Regs) -> Result<Option<u32>, Trap>;
    /// `movp` whose operands the body has read: pointer `v` (nil or not) gains
    /// a reference and replaces the one at arena address `d`, which loses one.
    fn move_ptr(&mut self, v: u32, d: u32) -> Result<(), Trap>;
    /// `new`/`newz` of machine type `t` into the pointer at arena address `d`.
    fn new_at(&mut self, t: u32, d: u32) -> Result<(), Trap>;
    /// Starts a new top stack segment, as `frame` does for a frame of `need`
    /// bytes that does not fit in the top one above the stack top `sp`; the
    /// stack top and the segment's bounds after it.
    fn enter_segment(&mut self, sp: u32, need: u32) -> Result<Stack, Trap>;
    /// Pops the stack back to `f`, the first frame of the top segment, which
    /// a `ret` popped, as the interpreter's `ret` does; the stack top and the
    /// top segment's bounds after it.
    fn leave_segment(&mut self, f: u32) -> Result<Stack, Trap>;
}

/// A stack top and the bounds of the top stack segment, as [`Regs`] holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stack {
    pub sp: u32,
    pub seg_base: u32,
    pub seg_end: u32,
}

/// Whether a body may hand instructions with opcode `op` to
/// [`Host::run_one`]: those that touch only memory (allocation, reference
/// counted moves, lists, arrays), never the frames or another thread, and never
/// block. Strings are left to the interpreter: a loop of string instructions
/// handed back one by one ran more host instructions than interpreted (16% more
/// in the strings benchmark).
pub fn handed_back(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        New | Newz
            | Newa
            | Newaz
            | Mnewz
            | Movp
            | Movmp
            | Movm
            | Lena
            | Slicea
            | Slicela
            | Consb
            | Consw
            | Consp
            | Consf
            | Consl
            | Consm
            | Consmp
            | Headb
            | Headw
            | Headp
            | Headf
            | Headl
            | Headm
            | Headmp
            | Tail
            | Lenl
    )
}

/// A module's code in host form.
pub trait Compiled {
    /// Runs from `regs.pc`, which is one of the entries the compiler named, over
    /// the machine `host` (see the module comment for what it must keep); puts
    /// the frames it leaves on the stack in the prog's record. An instruction
    /// handed back that raised comes back with `regs.pc` at it.
    fn run(&self, regs: &mut Regs, host: &mut dyn Host) -> Result<(), Trap>;
}

/// What a compiler makes of one module.
pub struct Compilation {
    pub body: Box<dyn Compiled>,
    /// The pcs the interpreter should enter the body at, ascending.
    pub entries: Vec<u32>,
}

/// Compiles modules' code, at load or once it runs hot ([`super::hot`]).
pub trait Compiler {
    /// Compiles `insts`, the decoded code of module `name`, whose specialised
    /// forms are `fast` (they give `frame`'s layouts); `None` when it has nothing
    /// to compile there.
    fn compile(&self, name: &str, insts: &[Inst], fast: &[Fast]) -> Option<Compilation>;

    /// How many of `insts` [`Compiler::compile`] would compile, a measure of
    /// what compiling them costs: 0 when it has nothing to compile there.
    fn weigh(&self, insts: &[Inst], fast: &[Fast]) -> usize;
}
