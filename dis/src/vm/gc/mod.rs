//! The cycle collector. Reference counting frees everything acyclic at once; this
//! reclaims the cycles it cannot, a little at a time at safe points, so no program
//! stops for long however big its heap.
//!
//! A cycle has two phases, each done in bounded steps between turns:
//!
//! - Mark ([`mark`]): from the roots (every prog's frames and links, module data
//!   templates, the machine's own words), objects are marked and scanned with a
//!   mark stack that is kept from cycle to cycle (no allocation per object; a
//!   big array is scanned in pieces, its entry remembering where it stopped). While marking, `inc` is a
//!   write barrier: any object that gains a reference is marked too (the
//!   insertion barrier of Dijkstra's incremental collector, as the original's
//!   `Setmark` beside each `ref++`), and new objects are born marked.
//! - Sweep ([`trial`]): the heap is walked block by block. An unmarked block is
//!   not freed on trust: with its unmarked descendants it is put through trial
//!   deletion (Bacon and Rajan's synchronous cycle collection): the references
//!   the group holds to itself are subtracted from its members' counts, members
//!   that keep a count above zero are referenced from outside and live (with all
//!   they reach), and only the rest is garbage. That group is handled in one go.
//!
//! Why this shape: trial deletion alone needs no roots and no barrier, but a
//! candidate whose descendants are the whole heap (a list head passed to a
//! function is decremented to nonzero on return) makes it walk millions of live
//! objects at once. Incremental marking alone bounds pauses but is only correct
//! if every pointer store the interpreter, the channel code and every built-in
//! module makes passes the barrier, which no test can prove. Together, marking
//! narrows the candidates to the cyclic garbage (plus the rare object a store
//! the barrier missed left unmarked), and trial deletion makes the decision
//! depend only on reference counts being exact, which the heap checker
//! (`emu -H`) verifies. A pause is bounded by the step size, except that one
//! garbage structure (or a structure that a missed store left unmarked) is
//! decided in one go: a pause grows with the largest cyclic garbage structure,
//! not with the heap.
//!
//! Mark bits are not cleared after a cycle: the meaning of the mark bit flips
//! ([`Collector::marked`]), so every survivor becomes unmarked at once.
//!
//! When: a cycle starts when the bytes in use (what reference counting could not
//! free) have grown since the end of the last cycle by as much as was in use
//! then, at least [`MIN_GROWTH`], and by no more than a quarter of the room left
//! below the arena's cap (but at least an eighth of what is in use: every cycle
//! scans every frame, so a deep recursion must not start one per frame).
//! Garbage that reference counting frees never starts a cycle. Steps are
//! paced by allocation: each step does work in proportion to the bytes allocated
//! since the last one, within [`STEP_MIN_WORK`]..[`STEP_MAX_WORK`] units and
//! [`STEP_TIME`], so a cycle ends well before the heap has grown by as much
//! again. [`GcStats`] counts cycles and records the longest step.

mod mark;
mod trial;

use super::heap::F_MARK;
use super::prog::Prog;
use super::trap::Trap;
use super::Machine;
use std::time::{Duration, Instant};

/// Growth of the bytes in use, since the last cycle, that starts a cycle at least.
pub const MIN_GROWTH: u64 = 4 << 20;
/// Work units (objects and pointer words visited, blocks walked) a step does at
/// least.
pub const STEP_MIN_WORK: u64 = 8 << 10;
/// Work units a step does at most (an atomic trial deletion may exceed it).
pub const STEP_MAX_WORK: u64 = 256 << 10;
/// Work units owed per byte allocated while a cycle runs.
const WORK_PER_BYTE: u64 = 1;
/// How long a step may run before it yields (checked between pieces of work).
pub const STEP_TIME: Duration = Duration::from_millis(2);
/// Units done between clock checks.
const PIECE: u64 = 2048;
/// Times the roots are scanned again when the mark stack empties, before the
/// sweep starts anyway.
const MAX_RESCANS: u32 = 1;

/// Where a cycle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Mark,
    Sweep,
}

/// What the collector has done since the machine started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GcStats {
    /// Cycles completed.
    pub cycles: u64,
    /// Steps taken (each one pause of the program that reached the safe point).
    pub steps: u64,
    /// The longest step.
    pub longest_pause: Duration,
    /// All steps together.
    pub total_pause: Duration,
    /// Objects the collector freed (cyclic garbage).
    pub reclaimed: u64,
    /// The most objects one trial deletion examined at once.
    pub largest_group: u64,
}

/// The collector's state.
pub struct Collector {
    pub phase: Phase,
    /// The value of the [`F_MARK`] bit that means "reached" in this cycle.
    pub marked: u32,
    /// The flag bits a new block gets: marked while a cycle runs, else unmarked.
    pub alloc_bits: u32,
    /// Whether `inc` marks what it touches (while marking).
    pub barrier: bool,
    /// Bytes in use above which the next cycle starts.
    pub trigger: u64,
    /// Objects marked but not scanned, with the index of the next pointer word.
    stack: Vec<(u32, u32)>,
    /// The group a trial deletion examines, and its work list.
    group: Vec<u32>,
    work: Vec<u32>,
    /// The next block the sweep looks at.
    cursor: u32,
    rescans: u32,
    /// The heap's gross allocation count when the last step ran.
    charged: u64,
    pub stats: GcStats,
}

impl Collector {
    pub fn new() -> Collector {
        Collector {
            phase: Phase::Idle,
            marked: F_MARK,
            alloc_bits: 0,
            barrier: false,
            trigger: MIN_GROWTH,
            stack: Vec::new(),
            group: Vec::new(),
            work: Vec::new(),
            cursor: 0,
            rescans: 0,
            charged: 0,
            stats: GcStats::default(),
        }
    }

    /// Whether a block's size word says it was reached in this cycle.
    #[inline(always)]
    pub fn is_marked(&self, w: u32) -> bool {
        (w & F_MARK) == self.marked
    }
}

impl Default for Collector {
    fn default() -> Self {
        Collector::new()
    }
}

impl Machine {
    /// What the collector has done so far.
    pub fn gc_stats(&self) -> GcStats {
        self.gc.stats
    }

    /// At a safe point between turns, with `running` the prog outside the table:
    /// starts a cycle if one is due and takes one bounded step of it.
    #[inline]
    pub fn collect_step(&mut self, running: &Prog) -> Result<(), Trap> {
        // Checked where the turn ends, so that a turn with no collection due pays
        // no call.
        if !self.gc_wanted {
            return Ok(());
        }
        self.collect_due(running)
    }

    /// [`Machine::collect_step`] when a collection is due.
    #[inline(never)]
    fn collect_due(&mut self, running: &Prog) -> Result<(), Trap> {
        let start = Instant::now();
        if self.gc.phase == Phase::Idle {
            self.begin_cycle(&[running])?;
        }
        let owed = (self.heap.allocated - self.gc.charged).saturating_mul(WORK_PER_BYTE);
        self.gc.charged = self.heap.allocated;
        let budget = owed.clamp(STEP_MIN_WORK, STEP_MAX_WORK);
        let result = self.advance(&[running], budget, Some(start + STEP_TIME));
        self.record_pause(start.elapsed());
        result
    }

    /// Reclaims every unreachable object now: finishes the cycle under way, then
    /// runs a whole one (so nothing left over by the first survives).
    /// `progs` are the progs outside the table.
    pub fn collect(&mut self, progs: &[&Prog]) -> Result<(), Trap> {
        let start = Instant::now();
        let result = self.collect_all(progs);
        self.record_pause(start.elapsed());
        result
    }

    fn collect_all(&mut self, progs: &[&Prog]) -> Result<(), Trap> {
        if self.gc.phase != Phase::Idle {
            self.advance(progs, u64::MAX, None)?;
        }
        self.begin_cycle(progs)?;
        self.advance(progs, u64::MAX, None)
    }

    fn record_pause(&mut self, d: Duration) {
        let s = &mut self.gc.stats;
        s.steps += 1;
        s.total_pause += d;
        s.longest_pause = s.longest_pause.max(d);
    }

    fn begin_cycle(&mut self, progs: &[&Prog]) -> Result<(), Trap> {
        self.gc.phase = Phase::Mark;
        self.gc.barrier = true;
        self.gc.alloc_bits = self.gc.marked;
        self.gc.rescans = 0;
        self.gc.stack.clear();
        self.gc.charged = self.heap.allocated;
        self.gc_wanted = true;
        self.shade_roots(progs)
    }

    /// Does up to `budget` units of the cycle (until `deadline`, if given), or all
    /// of it; ends the cycle when the sweep is done.
    fn advance(
        &mut self,
        progs: &[&Prog],
        budget: u64,
        deadline: Option<Instant>,
    ) -> Result<(), Trap> {
        let mut left = budget;
        while left > 0 {
            let piece = left.min(PIECE);
            let (used, done) = match self.gc.phase {
                Phase::Idle => break,
                Phase::Mark => self.mark_some(piece)?,
                Phase::Sweep => self.sweep_some(piece)?,
            };
            if done {
                match self.gc.phase {
                    Phase::Mark => self.end_marking(progs)?,
                    _ => self.end_cycle(),
                }
            }
            left = left.saturating_sub(used.max(1));
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
        }
        Ok(())
    }

    /// The mark stack is empty: scans the roots again (objects a store the barrier
    /// does not see may have moved there), and sweeps when that finds nothing new.
    fn end_marking(&mut self, progs: &[&Prog]) -> Result<(), Trap> {
        if self.gc.rescans < MAX_RESCANS {
            self.gc.rescans += 1;
            self.shade_roots(progs)?;
            if !self.gc.stack.is_empty() {
                return Ok(());
            }
        }
        self.gc.stack.clear();
        self.gc.phase = Phase::Sweep;
        self.gc.barrier = false;
        self.gc.cursor = super::heap::HEAP_START;
        Ok(())
    }

    fn end_cycle(&mut self) {
        self.gc.phase = Phase::Idle;
        self.gc.marked ^= F_MARK;
        self.gc.alloc_bits = self.gc.marked ^ F_MARK;
        self.gc.stats.cycles += 1;
        self.gc_wanted = false;
        let in_use = self.heap.in_use;
        let headroom = (self.mem.limit() as u64).saturating_sub(in_use);
        let growth = in_use
            .max(MIN_GROWTH)
            .min(headroom / 4)
            .max(in_use / 8)
            .max(64 << 10);
        self.gc.trigger = in_use + growth;
    }
}
