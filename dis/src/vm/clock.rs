//! The machine's clock, which timers (`sys->sleep`) are set by and fire on: the
//! host's monotonic time, or a virtual clock that is the host's time plus the time
//! the scheduler skipped.
//!
//! A virtual clock runs at the host's speed while anything happens (a prog runs,
//! a prog waits for a blocking call on a host worker, posted code arrives); when
//! every prog waits and only a timer can make one ready, the scheduler moves it
//! straight to the earliest deadline instead of sleeping ([`super::blocking`]).
//! Clones share one clock, so the embedder's devices read the same time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A monotonic clock: the host's, or a virtual one that can skip ahead.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Nanoseconds skipped so far; `None` for the host's clock.
    skipped: Option<Arc<AtomicU64>>,
}

impl Clock {
    /// The host's monotonic clock.
    pub fn host() -> Clock {
        Clock { skipped: None }
    }

    /// A virtual clock, starting at the host's time.
    pub fn virtual_time() -> Clock {
        Clock {
            skipped: Some(Arc::new(AtomicU64::new(0))),
        }
    }

    /// Whether the scheduler may skip this clock ahead.
    pub fn is_virtual(&self) -> bool {
        self.skipped.is_some()
    }

    /// The time skipped so far (zero for the host's clock).
    pub fn skipped(&self) -> Duration {
        match &self.skipped {
            Some(s) => Duration::from_nanos(s.load(Ordering::SeqCst)),
            None => Duration::ZERO,
        }
    }

    /// The time now.
    pub fn now(&self) -> Instant {
        Instant::now() + self.skipped()
    }

    /// Moves a virtual clock ahead to `at` if it is earlier; the host's clock
    /// stays as it is.
    pub(super) fn skip_to(&self, at: Instant) {
        if let Some(s) = &self.skipped {
            let ahead = at.saturating_duration_since(self.now());
            s.fetch_add(
                u64::try_from(ahead.as_nanos()).unwrap_or(u64::MAX),
                Ordering::SeqCst,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_clock_skips_ahead_and_its_clones_see_it() {
        let c = Clock::virtual_time();
        let seen = c.clone();
        let start = c.now();
        c.skip_to(start + Duration::from_secs(3600));
        assert!(seen.now() >= start + Duration::from_secs(3600));
        assert!(seen.skipped() >= Duration::from_secs(3599));
        // Skipping to the past does nothing.
        let before = c.skipped();
        c.skip_to(start);
        assert_eq!(c.skipped(), before);
    }

    #[test]
    fn the_host_clock_never_skips() {
        let c = Clock::host();
        let start = c.now();
        c.skip_to(start + Duration::from_secs(3600));
        assert_eq!(c.skipped(), Duration::ZERO);
        assert!(c.now() < start + Duration::from_secs(3600));
    }
}
