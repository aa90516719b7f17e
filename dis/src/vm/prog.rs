//! A thread's register set, its state, and its stack of frames in the arena.
//!
//! Frame header words: `+0` return pc, `+4` caller's frame (nil in a thread's first
//! frame), `+8` caller's module link when the call crossed modules (else nil), `+12`
//! the frame's type id; the interpreter writes them for programs but keeps its own
//! record of them (`frames.rs`). Frames of one segment lie back to back; a frame
//! that does not fit starts a new segment.

use super::arena::NIL;
use super::frame_record::Frame;
use super::last_exception::LastException;
use super::module::Code;
use super::trap::{Exception, Trap};
use super::types::{frame_bytes, T_STACK};
use super::Machine;
use std::any::Any;
use std::rc::Rc;

/// Frame word offsets.
pub const REG_LR: u32 = 0;
pub const REG_FP: u32 = 4;
pub const REG_MR: u32 = 8;
pub const REG_T: u32 = 12;
/// Where the callee stores its result: the address the caller put here.
pub const REG_RET: u32 = 16;
/// Fixed-point scale and shift temporaries.
pub const REG_STEMP: u32 = 20;
pub const REG_DTEMP: u32 = 28;

/// What a prog is doing, as the original names it in `/prog/N/status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Runnable (in the run queue, or running).
    Ready,
    /// Blocked sending on a channel.
    Send,
    /// Blocked receiving from a channel.
    Recv,
    /// Blocked in `alt`.
    Alt,
    /// Waiting for a blocking built-in call or a timer.
    Release,
    /// Died of an exception nothing handled; kept (without its resources) until
    /// killed, or held with them for its group's keeper.
    Broken,
    /// Not run because its process group ran out of a meter ([`super::meter`]).
    Stopped,
}

impl State {
    /// The name `/prog/N/status` shows.
    pub fn name(self) -> &'static str {
        match self {
            State::Ready => "ready",
            State::Send => "send",
            State::Recv => "recv",
            State::Alt => "alt",
            State::Release => "release",
            State::Broken => "broken",
            State::Stopped => "stopped",
        }
    }
}

/// What a prog has consumed while metering was on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Instructions charged.
    pub insts: u64,
    /// Host time of its turns, in nanoseconds.
    pub cpu_ns: u64,
    /// Heap bytes allocated during its turns (a running total).
    pub allocated: u64,
}

/// One stack segment.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub base: u32,
    pub end: u32,
    /// Stack top of the previous segment when this one was started.
    pub below_sp: u32,
}

/// A thread (prog): registers, stack and per-thread state.
pub struct Prog {
    pub pid: u32,
    /// Next instruction.
    pub pc: u32,
    pub fp: u32,
    pub mp: u32,
    /// The current module link (object address).
    pub ml: u32,
    pub code: Rc<Code>,
    /// Every frame on its stack, oldest first (the truth its header words copy).
    pub frames: Vec<Frame>,
    /// Stack segments, oldest first (changed only through [`Machine`]'s stack
    /// functions here, which keep `seg_base` and `seg_end`).
    pub segs: Vec<Segment>,
    /// The bounds of the last segment (both 0 without one), kept beside `segs` so
    /// that a call or return in the dispatch loop finds them without a look-up.
    pub seg_base: u32,
    pub seg_end: u32,
    /// Stack top in the last segment.
    pub sp: u32,
    /// Segment kept after being left, to avoid churn at a segment boundary.
    pub spare: Option<Segment>,
    /// The last system error (`%r`).
    pub errstr: String,
    /// Index in the machine's prog table.
    pub slot: u32,
    pub state: State,
    /// While blocked in `alt`: the channels it waits on and its result word.
    pub alt_chans: Vec<u32>,
    pub alt_result: u32,
    /// A word holding an immediate value this prog waits to send (nil until needed).
    pub imm: u32,
    /// The last exception it raised (`/prog/N/exception`).
    pub exception: Option<Box<LastException>>,
    /// The embedder's per-prog state (the kernel's fd, name space and environment
    /// groups); `spawn` gives the child the same value. The VM never looks inside.
    pub host: Option<Rc<dyn Any>>,
    /// The ticket of the blocking call it waits for (state `Release`).
    pub call: Option<u64>,
    /// An exception to raise when it next runs (channel hangup, a failed blocking
    /// call, one propagated through its process group).
    pub pending: Option<Box<Exception>>,
    /// Its process group: the pid of the group's leader.
    pub pgrp: u32,
    /// The pid of the prog that spawned it (0 for the first).
    pub parent: u32,
    /// Exception mode flags ([`PROPAGATE`], [`NOTIFYLEADER`]).
    pub flags: u32,
    /// What it has consumed while metering was on.
    pub usage: Usage,
    /// Its group's meter slot as last looked up (0: none yet).
    pub meter: u32,
    /// Its entry in the meters' window of turns (stale after the window ends).
    pub(super) window_at: u32,
    /// Instructions its group's meter granted it, and those it has run of
    /// them; both settle into the meters ([`super::meter`]).
    pub(super) grant: u32,
    pub(super) metered: u32,
    /// Broken and held, with its stack, for its group's keeper.
    pub held: bool,
}

/// Prog flag: an unhandled exception is raised in every member of the group.
pub const PROPAGATE: u32 = 1;
/// Prog flag: an unhandled exception kills the group and is raised in its leader.
pub const NOTIFYLEADER: u32 = 2;

impl Prog {
    /// A prog about to run `pc` of `code` in module link `ml` (data `mp`), with no
    /// frames yet.
    pub fn new(pid: u32, ml: u32, mp: u32, code: Rc<Code>, pc: u32) -> Prog {
        Prog {
            pid,
            pc,
            fp: NIL,
            mp,
            ml,
            code,
            frames: Vec::new(),
            segs: Vec::new(),
            seg_base: 0,
            seg_end: 0,
            sp: 0,
            spare: None,
            errstr: String::new(),
            slot: u32::MAX,
            state: State::Ready,
            alt_chans: Vec::new(),
            alt_result: NIL,
            imm: NIL,
            exception: None,
            host: None,
            call: None,
            pending: None,
            pgrp: pid,
            parent: 0,
            flags: 0,
            usage: Usage::default(),
            meter: 0,
            window_at: 0,
            grant: 0,
            metered: 0,
            held: false,
        }
    }
}

impl Prog {
    /// Sets `seg_base` and `seg_end` from the last segment after `segs` changed.
    fn top_segment_changed(&mut self) {
        (self.seg_base, self.seg_end) = self.segs.last().map_or((0, 0), |s| (s.base, s.end));
    }
}

impl Machine {
    /// Pushes a frame of type `ty` on the prog's stack (pointer words nil, header set,
    /// not yet called) and returns its address.
    #[inline]
    pub fn push_frame(&mut self, p: &mut Prog, ty: u32) -> Result<u32, Trap> {
        if ty == u32::MAX {
            return super::trap::raise(super::trap::EXC_ILLEGAL);
        }
        let t = self.types.get(ty);
        let size = frame_bytes(t.size);
        let limit = p.seg_end;
        if p.sp.checked_add(size).is_none_or(|e| e > limit) {
            self.new_segment(p, size)?;
        }
        let f = p.sp;
        p.sp += size;
        p.frames.push(Frame::new(f, ty));
        self.mem.set_u(f + REG_MR, NIL)?;
        self.mem.set_u(f + REG_T, ty)?;
        for i in 0..t.ptr_len {
            let off = self.types.ptr(&t, i);
            self.mem.set_u(f + off, NIL)?;
        }
        Ok(f)
    }

    /// [`Machine::push_frame`] with the layout precomputed at load: `bytes` the
    /// frame's stack size, `ptrs` whether its type has pointer words.
    #[inline(always)]
    pub fn push_frame_laid_out(
        &mut self,
        p: &mut Prog,
        ty: u32,
        bytes: u32,
        ptrs: bool,
    ) -> Result<u32, Trap> {
        let f = p.sp;
        let fits = u64::from(f) + u64::from(bytes) <= u64::from(p.seg_end);
        if ptrs || !fits {
            return self.push_frame(p, ty);
        }
        p.sp = f + bytes;
        p.frames.push(Frame::new_without_ptrs(f, ty));
        self.mem
            .set_l(f + REG_MR, ((u64::from(ty) << 32) | u64::from(NIL)) as i64)?;
        Ok(f)
    }

    pub(super) fn new_segment(&mut self, p: &mut Prog, need: u32) -> Result<(), Trap> {
        let extent = p.code.stack_extent;
        let want = if extent < need + 16 {
            2 * need + 16
        } else {
            extent
        };
        let seg = match p.spare.take() {
            Some(s) if s.end - s.base >= need => s,
            other => {
                if let Some(s) = other {
                    self.free_block(s.base)?;
                }
                let base = match self.alloc(want, T_STACK) {
                    Ok(b) => b,
                    Err(_) => return super::trap::raise(super::trap::EXC_STACK),
                };
                Segment {
                    base,
                    end: base + want,
                    below_sp: 0,
                }
            }
        };
        p.segs.push(Segment {
            below_sp: p.sp,
            ..seg
        });
        p.top_segment_changed();
        p.sp = seg.base;
        Ok(())
    }

    /// Pops everything from frame `f` upwards (no reference is released).
    #[inline]
    pub fn pop_to(&mut self, p: &mut Prog, f: u32) -> Result<(), Trap> {
        if f > p.seg_base && f < p.seg_end {
            p.sp = f;
            return Ok(());
        }
        self.pop_segments(p, f)
    }

    /// `pop_to` when `f` is not inside the top segment.
    fn pop_segments(&mut self, p: &mut Prog, f: u32) -> Result<(), Trap> {
        while let Some(top) = p.segs.last().copied() {
            if p.segs.len() > 1 && (f <= top.base || f >= top.end) {
                p.segs.pop();
                p.top_segment_changed();
                if let Some(old) = p.spare.replace(top) {
                    self.free_block(old.base)?;
                }
                if f == top.base {
                    p.sp = top.below_sp;
                    return Ok(());
                }
            } else {
                break;
            }
        }
        p.sp = f;
        Ok(())
    }

    /// Calls `f(machine, frame)` for every frame on the prog's stack, oldest first
    /// (from the interpreter's own record of them).
    pub fn for_frames(
        &mut self,
        p: &Prog,
        f: &mut dyn FnMut(&mut Machine, u32) -> Result<(), Trap>,
    ) -> Result<(), Trap> {
        for frame in p.frames.clone() {
            f(self, frame.addr)?;
        }
        Ok(())
    }

    /// Frees the prog's stack segments (after its frames were released).
    pub fn free_stack(&mut self, p: &mut Prog) -> Result<(), Trap> {
        let segs = std::mem::take(&mut p.segs);
        p.top_segment_changed();
        for s in segs.into_iter().chain(p.spare.take()) {
            self.free_block(s.base)?;
        }
        Ok(())
    }
}
