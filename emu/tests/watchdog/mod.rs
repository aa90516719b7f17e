//! A time limit for a child process of a test: [`Watchdog::new`] kills the
//! process (SIGKILL) if it still runs when the limit passes, so that a hanging
//! `emu` fails its test instead of hanging the suite. Dropping the watchdog
//! (after the child was waited for) stands it down.

#![allow(dead_code)]

use std::process::Command;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::Duration;

/// How long a test's `emu` may run: generous for debug builds on a loaded
/// machine, far below "forever".
pub const LIMIT: Duration = Duration::from_secs(120);

/// Kills process `pid` at its deadline unless dropped first.
pub struct Watchdog {
    _disarm: Sender<()>,
}

impl Watchdog {
    /// Watches `pid` for `limit`.
    pub fn new(pid: u32, limit: Duration) -> Watchdog {
        let (disarm, disarmed) = channel::<()>();
        std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = disarmed.recv_timeout(limit) {
                eprintln!("watchdog: process {pid} ran past {limit:?}; killing it");
                let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            }
        });
        Watchdog { _disarm: disarm }
    }
}
