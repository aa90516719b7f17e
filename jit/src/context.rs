//! The block of registers that compiled code and its caller share: the arena's
//! host address and length, the Dis registers [`dis::vm::tier::Regs`] names, the
//! record of the frames the code pushed, and the way back into the machine.
//! Compiled code reads and writes it at the offsets below.

use std::mem::offset_of;

/// What compiled code runs with; it is handed a pointer to one.
#[repr(C)]
pub struct Context {
    /// Byte 0 of the arena.
    pub base: *mut u8,
    /// The arena's length in bytes: every access lies below it.
    pub len: u64,
    /// Hands the instruction at `pc` to the machine (with `fp`, `mp` and `sp`
    /// stored first): [`RAN`] (with `pc` the next instruction's), [`REFUSED`]
    /// or [`RAISED`]; `base` and `len` are those of the arena after it.
    pub hand_back: extern "C" fn(*mut Context) -> u32,
    /// What `hand_back` works on (the body's, opaque to the code).
    pub host: *mut u8,
    /// What `hand_back` does: [`WHOLE`] runs the instruction at `pc`;
    /// [`MOVE_PTR`] and [`NEW_AT`] the machine's `movp` and `new` with `args`
    /// (the pointer or type, the destination's arena address);
    /// [`ENTER_SEGMENT`] starts a stack segment for a frame of `args[0]` bytes
    /// above `sp`, [`LEAVE_SEGMENT`] leaves the top one, whose first frame
    /// `args[0]` was popped; both set `sp`, `seg_base` and `seg_end` (and leave
    /// `pc` alone); [`TAKE_FRAMES`] takes the next frames of the prog's record
    /// into the frame record, whose only entry in use is the first, and sets
    /// `depth`.
    pub kind: u32,
    pub args: [u32; 2],
    pub pc: u32,
    pub fp: u32,
    pub mp: u32,
    pub budget: u32,
    pub sp: u32,
    pub seg_base: u32,
    pub seg_end: u32,
    pub depth: u32,
    /// The frame record, in the context so that compiled code reaches an entry
    /// from the context's register: after [`UNDER`], `depth` entries of
    /// [`FrameSlot`], the first standing for the prog's last frame before the
    /// run. [`UNDER`] never changes: the entry below the first is never called.
    pub frames: [FrameSlot; FRAME_SLOTS as usize + 1],
}

/// The slot below the first entry of the frame record ([`Context::frames`]):
/// a frame that is not called, so that a `ret` with one entry in use finds no
/// caller below it and leaves, with no test of the depth.
pub const UNDER: FrameSlot = FrameSlot {
    addr: 0,
    ty: 0,
    ret_pc: NOT_CALLED,
    spare: 0,
};

/// One frame the code pushed: its address, type and return pc ([`NOT_CALLED`]
/// until called).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct FrameSlot {
    pub addr: u32,
    pub ty: u32,
    pub ret_pc: u32,
    pub spare: u32,
}

/// `ret_pc` of a frame not called yet.
pub const NOT_CALLED: u32 = u32::MAX;

/// Entries of the frame record, the first one included: a run pushes at most one
/// fewer frames before it hands the rest to the interpreter.
pub const FRAME_SLOTS: u32 = 256;

/// What `hand_back` did: ran the instruction, left it alone (not one the
/// machine runs for a body), or ran it and it raised.
pub const RAN: u32 = 0;
pub const REFUSED: u32 = 1;
pub const RAISED: u32 = 2;

/// What `hand_back` is asked to do (see [`Context::kind`]).
pub const WHOLE: u32 = 0;
pub const MOVE_PTR: u32 = 1;
pub const NEW_AT: u32 = 2;
pub const ENTER_SEGMENT: u32 = 3;
pub const LEAVE_SEGMENT: u32 = 4;
pub const TAKE_FRAMES: u32 = 5;

pub const KIND: i32 = offset_of!(Context, kind) as i32;
pub const ARG0: i32 = offset_of!(Context, args) as i32;
pub const ARG1: i32 = ARG0 + 4;
pub const HAND_BACK: i32 = offset_of!(Context, hand_back) as i32;
pub const BASE: i32 = offset_of!(Context, base) as i32;
pub const LEN: i32 = offset_of!(Context, len) as i32;
/// The offset of the record's first entry, past [`UNDER`].
pub const FRAMES: i32 = offset_of!(Context, frames) as i32 + SLOT_BYTES as i32;
pub const PC: i32 = offset_of!(Context, pc) as i32;
pub const FP: i32 = offset_of!(Context, fp) as i32;
pub const MP: i32 = offset_of!(Context, mp) as i32;
pub const BUDGET: i32 = offset_of!(Context, budget) as i32;
pub const SP: i32 = offset_of!(Context, sp) as i32;
pub const SEG_BASE: i32 = offset_of!(Context, seg_base) as i32;
pub const SEG_END: i32 = offset_of!(Context, seg_end) as i32;
pub const DEPTH: i32 = offset_of!(Context, depth) as i32;

pub const SLOT_BYTES: i64 = std::mem::size_of::<FrameSlot>() as i64;
pub const SLOT_ADDR: i32 = offset_of!(FrameSlot, addr) as i32;
pub const SLOT_TY: i32 = offset_of!(FrameSlot, ty) as i32;
pub const SLOT_RET: i32 = offset_of!(FrameSlot, ret_pc) as i32;
