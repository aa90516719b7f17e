//! The millisecond clock that `/dev/msec` and `sys->millisec` both read, as the
//! original's one `osmillisec`: milliseconds since its first reading in this
//! emu, wrapping at 32 bits where a caller keeps only a word.

use std::sync::OnceLock;
use std::time::Instant;

/// Milliseconds since the clock was first read.
pub fn millisec() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64
}
