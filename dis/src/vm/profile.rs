//! The counters of the profiling device (`#P`): which modules are profiled,
//! what kind of profile runs (time sampling or heap memory), and one record
//! per profiled module with a bucket per Dis pc. Shared between the machine,
//! which counts, and the device, which controls and reads, so it is `Send`
//! and locked. Nothing here touches Dis memory.
//!
//! A time profile counts samples: every interval a timer thread marks a
//! sample due, and the scheduler's next turn records the pc its prog stops
//! at (see `sampling.rs`). A memory profile keeps the original's layout:
//! buckets 0 and 1 are the module's bytes in use and their high-water mark,
//! `2(i+1)` and `2(i+1)+1` the same for the allocations made at pc index `i`
//! (the instruction after the allocating one, as the original's `R.PC`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The sampling interval in milliseconds before any `interval` message.
pub const DEFAULT_INTERVAL: u32 = 100;

/// The most records a profile keeps (the original numbers them in 8 bits).
pub const MAX_RECORDS: usize = 254;

/// What the scheduler is asked to do on its next turn.
const WANT_NONE: u8 = 0;
const WANT_SAMPLE: u8 = 1;
const WANT_MEMORY: u8 = 2;

/// The kind of profile running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Off,
    /// Time profiling by sampling.
    Sample,
    /// Heap memory profiling.
    Memory,
}

/// One profiled module.
#[derive(Clone, Debug)]
pub struct Record {
    /// The device's number for it (its directory is this in `%.8x`).
    pub id: u32,
    /// The implementation module's name.
    pub name: String,
    /// The path it was loaded from.
    pub path: String,
    /// One count per bucket (see the module comment for their meaning).
    pub buckets: Vec<u64>,
}

/// A live allocation of a memory profile: its record, bucket and size.
#[derive(Clone, Copy)]
struct Live {
    record: u32,
    bucket: usize,
    size: u64,
}

struct State {
    mode: Mode,
    interval: u32,
    /// Module names or paths to profile; empty for all.
    wanted: Vec<String>,
    records: Vec<Record>,
    next_id: u32,
    /// Whether a timer thread is running.
    timer: bool,
    /// Allocations counted by a memory profile, by address.
    live: HashMap<u32, Live>,
}

/// The profile of one machine.
pub struct Profile {
    state: Mutex<State>,
    /// `WANT_*`: read by the scheduler every turn without the lock.
    want: AtomicU8,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            state: Mutex::new(State {
                mode: Mode::Off,
                interval: DEFAULT_INTERVAL,
                wanted: Vec::new(),
                records: Vec::new(),
                next_id: 0,
                timer: false,
                live: HashMap::new(),
            }),
            want: AtomicU8::new(WANT_NONE),
        }
    }
}

impl Profile {
    /// A profile that is off, with no modules.
    pub fn new() -> Arc<Profile> {
        Arc::new(Profile::default())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The kind of profile running.
    pub fn mode(&self) -> Mode {
        self.lock().mode
    }

    /// Profiles only the modules with these names or paths (`module` message);
    /// none means all.
    pub fn set_modules(&self, names: Vec<String>) {
        self.lock().wanted = names;
    }

    /// Sets the sampling interval in milliseconds (0 counts as 1).
    pub fn set_interval(&self, ms: u32) {
        self.lock().interval = ms.max(1);
    }

    /// Starts time profiling, unless a profile runs already: a timer thread
    /// marks a sample due every interval until the profile stops.
    pub fn start_sampling(self: &Arc<Self>) {
        let mut s = self.lock();
        if s.mode != Mode::Off {
            return;
        }
        s.mode = Mode::Sample;
        if s.timer {
            return;
        }
        s.timer = true;
        let me = Arc::downgrade(self);
        std::thread::spawn(move || loop {
            let ms = match me.upgrade() {
                Some(p) => p.lock().interval,
                None => return,
            };
            std::thread::sleep(Duration::from_millis(u64::from(ms)));
            let Some(p) = me.upgrade() else { return };
            let mut s = p.lock();
            if s.mode != Mode::Sample {
                s.timer = false;
                return;
            }
            p.want.store(WANT_SAMPLE, Ordering::Relaxed);
        });
    }

    /// Starts memory profiling, unless a profile runs already.
    pub fn start_memory(&self) {
        let mut s = self.lock();
        if s.mode == Mode::Off {
            s.mode = Mode::Memory;
            self.want.store(WANT_MEMORY, Ordering::Relaxed);
        }
    }

    /// Stops profiling; the records stay.
    pub fn stop(&self) {
        let mut s = self.lock();
        s.mode = Mode::Off;
        s.live.clear();
        self.want.store(WANT_NONE, Ordering::Relaxed);
    }

    /// Stops profiling and forgets every record, the module list and the
    /// interval (`end`).
    pub fn end(&self) {
        self.stop();
        let mut s = self.lock();
        s.records.clear();
        s.wanted.clear();
        s.next_id = 0;
        s.interval = DEFAULT_INTERVAL;
    }

    /// The records' ids, names and paths, newest first (the original's order).
    pub fn records(&self) -> Vec<(u32, String, String)> {
        let s = self.lock();
        s.records
            .iter()
            .rev()
            .map(|r| (r.id, r.name.clone(), r.path.clone()))
            .collect()
    }

    /// Whether record `id` exists.
    pub fn has(&self, id: u32) -> bool {
        self.lock().records.iter().any(|r| r.id == id)
    }

    /// The first bucket at or after `from` of record `id` with a count, and the
    /// count; None when there is none, or no record.
    pub fn next_bucket(&self, id: u32, from: usize) -> Option<(usize, u64)> {
        let s = self.lock();
        let r = s.records.iter().find(|r| r.id == id)?;
        let b = r.buckets.get(from..)?;
        let i = b.iter().position(|&n| n != 0)?;
        Some((from + i, b[i]))
    }

    /// Whether the scheduler should give the next turn to [`super::sampling`].
    #[inline(always)]
    pub fn wanted(&self) -> bool {
        self.want.load(Ordering::Relaxed) != WANT_NONE
    }

    /// Whether a memory profile runs (else a sample is due).
    pub fn memory_wanted(&self) -> bool {
        self.want.load(Ordering::Relaxed) == WANT_MEMORY
    }

    /// Takes the due sample: true if one was due.
    pub fn take_sample(&self) -> bool {
        self.want
            .compare_exchange(WANT_SAMPLE, WANT_NONE, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }

    /// The record of module `name` loaded from `path` with `len` instructions,
    /// made if the module is profiled and has none yet; None if it is not.
    pub fn record_for(&self, name: &str, path: &str, len: usize) -> Option<u32> {
        let mut s = self.lock();
        let memory = s.mode == Mode::Memory;
        record_for(&mut s, name, path, len, memory)
    }

    /// Counts one time sample at pc index `pc` of a module.
    pub fn sample(&self, name: &str, path: &str, len: usize, pc: u32) {
        let mut s = self.lock();
        if s.mode != Mode::Sample {
            return;
        }
        let Some(id) = record_for(&mut s, name, path, len, false) else {
            return;
        };
        if let Some(b) = bucket_of(&mut s, id, pc as usize) {
            *b += 1;
        }
    }

    /// Counts an allocation of `size` bytes at `addr`, made at pc index `pc`
    /// (the next instruction's) of record `id`.
    pub fn allocated(&self, id: u32, pc: u32, addr: u32, size: u32) {
        let mut s = self.lock();
        if s.mode != Mode::Memory {
            return;
        }
        let bucket = 2 * (pc as usize + 1);
        let Some(r) = s.records.iter_mut().find(|r| r.id == id) else {
            return;
        };
        if bucket + 1 >= r.buckets.len() {
            return;
        }
        let size = u64::from(size);
        add(&mut r.buckets, 0, size);
        add(&mut r.buckets, bucket, size);
        s.live.insert(
            addr,
            Live {
                record: id,
                bucket,
                size,
            },
        );
    }

    /// Takes back an allocation at `addr` that a memory profile counted.
    pub fn freed(&self, addr: u32) {
        let mut s = self.lock();
        let Some(l) = s.live.remove(&addr) else {
            return;
        };
        if let Some(r) = s.records.iter_mut().find(|r| r.id == l.record) {
            r.buckets[0] = r.buckets[0].saturating_sub(l.size);
            r.buckets[l.bucket] = r.buckets[l.bucket].saturating_sub(l.size);
        }
    }
}

/// Adds `n` to the bytes in use at `at` and raises its high-water mark at
/// `at + 1`.
fn add(b: &mut [u64], at: usize, n: u64) {
    b[at] += n;
    if b[at] > b[at + 1] {
        b[at + 1] = b[at];
    }
}

fn record_for(s: &mut State, name: &str, path: &str, len: usize, memory: bool) -> Option<u32> {
    if let Some(r) = s.records.iter().find(|r| r.name == name && r.path == path) {
        return Some(r.id);
    }
    let wanted = s.wanted.is_empty() || s.wanted.iter().any(|w| w == name || w == path);
    if !wanted || s.records.len() >= MAX_RECORDS {
        return None;
    }
    s.next_id += 1;
    let id = s.next_id;
    let buckets = if memory { 2 * (len + 2) } else { len + 1 };
    s.records.push(Record {
        id,
        name: name.to_string(),
        path: path.to_string(),
        buckets: vec![0; buckets],
    });
    Some(id)
}

fn bucket_of(s: &mut State, id: u32, i: usize) -> Option<&mut u64> {
    s.records
        .iter_mut()
        .find(|r| r.id == id)?
        .buckets
        .get_mut(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_count_per_pc_of_wanted_modules() {
        let p = Profile::new();
        p.set_modules(vec!["Fib".into()]);
        p.sample("Fib", "/fib.dis", 10, 3);
        assert!(p.records().is_empty(), "no samples while off");
        p.start_sampling();
        p.sample("Fib", "/fib.dis", 10, 3);
        p.sample("Fib", "/fib.dis", 10, 3);
        p.sample("Fib", "/fib.dis", 10, 10);
        p.sample("Fib", "/fib.dis", 10, 11);
        p.sample("Other", "/other.dis", 10, 1);
        let recs = p.records();
        assert_eq!(recs, vec![(1, "Fib".into(), "/fib.dis".into())]);
        assert_eq!(p.next_bucket(1, 0), Some((3, 2)));
        assert_eq!(p.next_bucket(1, 4), Some((10, 1)));
        assert_eq!(p.next_bucket(1, 11), None);
        p.end();
        assert!(p.records().is_empty());
        assert_eq!(p.mode(), Mode::Off);
    }

    #[test]
    fn the_timer_marks_samples_due_until_stopped() {
        let p = Profile::new();
        p.set_interval(1);
        assert!(!p.wanted());
        p.start_sampling();
        let mut seen = 0;
        for _ in 0..2000 {
            std::thread::sleep(Duration::from_millis(1));
            if p.take_sample() {
                seen += 1;
                if seen == 3 {
                    break;
                }
            }
        }
        assert_eq!(seen, 3, "the timer marked samples due");
        p.stop();
        std::thread::sleep(Duration::from_millis(20));
        assert!(!p.wanted(), "no samples after stop");
    }

    #[test]
    fn memory_keeps_bytes_in_use_and_high_water_marks() {
        let p = Profile::new();
        p.start_memory();
        assert!(p.memory_wanted());
        let id = p.record_for("M", "/m.dis", 4).unwrap();
        p.allocated(id, 2, 0x1000, 32);
        p.allocated(id, 2, 0x2000, 16);
        p.freed(0x1000);
        p.freed(0x1000);
        assert_eq!(p.next_bucket(id, 0), Some((0, 16)));
        assert_eq!(p.next_bucket(id, 1), Some((1, 48)));
        assert_eq!(p.next_bucket(id, 2), Some((6, 16)));
        assert_eq!(p.next_bucket(id, 7), Some((7, 48)));
        assert_eq!(p.next_bucket(id, 8), None);
        // An allocation past the code is not counted.
        p.allocated(id, 9, 0x3000, 8);
        assert_eq!(p.next_bucket(id, 0), Some((0, 16)));
    }
}
