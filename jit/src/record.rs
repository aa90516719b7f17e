//! The frame record a run of compiled code works on ([`Context::frames`](
//! crate::context::Context::frames)): on entry it takes over the last frames of
//! the prog's record that a compiled `ret` may pop, as the interpreter's short
//! path would (called within the module, of a type without pointers); on exit
//! it gives them back, with the frames the code pushed, in order.
//!
//! The invariant compiled code relies on: every frame in the record it runs
//! with that it may return to (entries 1 up, and entry 0 when marked called)
//! keeps the module's frame span (see [`crate::translate`]) inside the arena.
//! [`take`] checks it of the frames it takes and of entry 0, marking entry 0
//! uncalled when it does not hold; a frame the code pushes lies in a stack
//! segment with the span past it, and every segment lies in the arena, which
//! never shrinks. So `ret` sets `fp` to its caller without a bounds check.

use crate::context::{FrameSlot, NOT_CALLED};
use dis::vm::frame_record::Frame;
use dis::vm::tier::Regs;

/// The most frames a run takes over: each is copied in and out again, so a
/// deep recursion costs no more than this per entry.
const TAKEN: usize = 8;

/// Instructions of budget per frame taken over: a run near the end of its turn
/// (entered often, the interpreter running what it cannot pay for) takes few.
const BUDGET_PER_FRAME: u32 = 64;

/// Moves the last frames of `record` that a compiled `ret` may pop (called, with
/// no module link, of one of the `plain` types, inside the top stack segment
/// as `regs` gives it (its first frame too: a compiled `ret` of it leaves the
/// segment through the machine), with `span` bytes from it inside an
/// arena `len` bytes long; and, as compiled code assumes, returning to a pc
/// below 2^31) into `slots` from entry 1, and stands the frame below them in
/// entry 0 (its address; called when it is and the span from it lies in the
/// arena); returns the entries in use. At most one frame per
/// [`BUDGET_PER_FRAME`] of the budget; `slots` is longer than [`TAKEN`].
pub fn take(
    record: &mut Vec<Frame>,
    plain: &[u32],
    regs: &Regs,
    (span, len): (u64, u64),
    slots: &mut [FrameSlot],
) -> u32 {
    let fits = |f: &Frame| u64::from(f.addr) + span <= len;
    let poppable = |f: &Frame| {
        fits(f)
            && f.addr >= regs.seg_base
            && f.addr < regs.seg_end
            && f.ret_pc < 1 << 31
            && f.ret_ml == dis::vm::NIL
            && plain.contains(&f.ty)
    };
    let budget = regs.budget;
    let n = record.len();
    let k = record
        .iter()
        .rev()
        .take(
            TAKEN
                .min(n.saturating_sub(1))
                .min((budget / BUDGET_PER_FRAME) as usize),
        )
        .take_while(|f| poppable(f))
        .count();
    slots[0] = match record.get(n.wrapping_sub(k + 1)) {
        Some(f) => FrameSlot {
            addr: f.addr,
            ty: f.ty,
            ret_pc: if f.called() && fits(f) { 0 } else { NOT_CALLED },
            spare: 0,
        },
        None => FrameSlot {
            addr: dis::vm::NIL,
            ty: 0,
            ret_pc: NOT_CALLED,
            spare: 0,
        },
    };
    for (s, f) in slots[1..].iter_mut().zip(record.drain(n - k..)) {
        *s = FrameSlot {
            addr: f.addr,
            ty: f.ty,
            ret_pc: f.ret_pc,
            spare: 0,
        };
    }
    k as u32 + 1
}

/// Appends to `record` entries 1 to `depth` of `slots`: the frames taken over
/// that are still on the stack and those the code pushed.
pub fn give_back(record: &mut Vec<Frame>, slots: &[FrameSlot], depth: u32) {
    let depth = (depth as usize).min(slots.len());
    for s in slots.get(1..depth).unwrap_or(&[]) {
        let mut f = Frame::new(s.addr, s.ty);
        if s.ret_pc != NOT_CALLED {
            f.ret_pc = s.ret_pc;
        }
        record.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn called(addr: u32, ty: u32, ret_pc: u32) -> Frame {
        let mut f = Frame::new(addr, ty);
        f.ret_pc = ret_pc;
        f
    }

    /// A frame span of 16 bytes in an arena of 2000.
    const ARENA: (u64, u64) = (16, 2000);

    /// Registers with `budget` and a segment from 50 to 1000.
    fn regs(budget: u32) -> Regs {
        Regs {
            pc: 0,
            fp: 0,
            mp: 0,
            budget,
            sp: 600,
            seg_base: 50,
            seg_end: 1000,
        }
    }

    fn addrs(record: &[Frame]) -> Vec<u32> {
        record.iter().map(|f| f.addr).collect()
    }

    #[test]
    fn takes_the_poppable_end_of_the_record_and_gives_it_back() {
        let mut linked = called(200, 1, 5);
        linked.ret_ml = 7;
        let start = vec![
            called(100, 9, 0),
            linked,
            Frame::new(300, 1),
            called(400, 1, 3),
            called(500, 2, 4),
        ];
        let mut slots = vec![FrameSlot::default(); 40];
        let mut record = start.clone();
        // The uncalled frame at 300 stops the taking.
        assert_eq!(
            take(&mut record, &[1, 2], &regs(2048), ARENA, &mut slots),
            3
        );
        assert_eq!(addrs(&record), [100, 200, 300]);
        assert_eq!((slots[0].addr, slots[0].ret_pc), (300, NOT_CALLED));
        assert_eq!((slots[1].addr, slots[1].ret_pc), (400, 3));
        assert_eq!((slots[2].addr, slots[2].ty), (500, 2));
        give_back(&mut record, &slots, 3);
        assert_eq!(addrs(&record), addrs(&start));
        assert_eq!(record[4].ret_pc, 4);
        // A type with pointers (3 is not plain) or a budget under one frame's
        // worth takes nothing; the frame below stands in entry 0.
        let mut record = start.clone();
        assert_eq!(take(&mut record, &[1], &regs(2048), ARENA, &mut slots), 1);
        assert_eq!(take(&mut record, &[1, 2], &regs(63), ARENA, &mut slots), 1);
        assert_eq!((slots[0].addr, slots[0].ret_pc), (500, 0));
        assert_eq!(addrs(&record), addrs(&start));
        // A module link stops it too.
        let mut record = start[..2].to_vec();
        assert_eq!(
            take(&mut record, &[1, 9], &regs(2048), ARENA, &mut slots),
            1
        );
        // So does a frame outside the top segment, below it or above it (a
        // compiled `ret` pops without testing the segment's end); its first
        // frame is taken.
        for (base, end, depth, below) in [
            (401, 1000, 2, 400),
            (400, 1000, 3, 300),
            (501, 1000, 1, 500),
            (300, 500, 1, 500),
        ] {
            let mut record = start.clone();
            let seg = Regs {
                seg_base: base,
                seg_end: end,
                ..regs(2048)
            };
            assert_eq!(take(&mut record, &[1, 2], &seg, ARENA, &mut slots), depth);
            assert_eq!(slots[0].addr, below);
        }
        // A frame whose span would pass the arena's end is neither taken nor
        // returned to from entry 0.
        let mut record = start.clone();
        assert_eq!(
            take(&mut record, &[1, 2], &regs(63), (100, 600), &mut slots),
            1
        );
        assert_eq!((slots[0].addr, slots[0].ret_pc), (500, 0));
        assert_eq!(
            take(&mut record, &[1, 2], &regs(2048), (100, 599), &mut slots),
            1
        );
        assert_eq!((slots[0].addr, slots[0].ret_pc), (500, NOT_CALLED));
        assert_eq!(addrs(&record), addrs(&start));
    }
}
