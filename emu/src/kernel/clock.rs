//! The kernel's clock, which `/dev/msec`, `sys->millisec`, `/dev/time`, the times
//! of files the kernel makes and the interpreter's timers (`sys->sleep`) all
//! follow: the host's, or with `emu -T` a virtual one ([`dis::vm::clock`]) that
//! skips ahead while every prog waits for a timer. The millisecond count is the
//! original's one `osmillisec`: milliseconds since its first reading in this emu,
//! wrapping at 32 bits where a caller keeps only a word.

use dis::vm::clock::Clock;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

static CLOCK: OnceLock<Clock> = OnceLock::new();

/// Makes the kernel's clock virtual; false if it was read (and so fixed) before.
pub fn use_virtual() -> bool {
    CLOCK.set(Clock::virtual_time()).is_ok()
}

/// The kernel's clock (the host's unless [`use_virtual`] came first).
pub fn clock() -> &'static Clock {
    CLOCK.get_or_init(Clock::host)
}

/// Milliseconds since the clock was first read.
pub fn millisec() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let now = clock().now();
    now.duration_since(*START.get_or_init(|| now)).as_millis() as u64
}

/// The time since the epoch: the host's, plus what a virtual clock skipped.
pub fn since_epoch() -> Duration {
    let host = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    host + clock().skipped()
}
