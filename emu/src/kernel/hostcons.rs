//! The console of the host process: keyboard input is the host's standard
//! input (read until its end, which the console reader then sees), output
//! goes to standard output and standard error. The console remembers the
//! text written after the last newline, so that a line editor's prompt can
//! follow it instead of being drawn over it.

use std::io::{Read, Write};
use std::sync::Mutex;

use super::chan::lock;

/// The text written to the host's standard output or error since the last
/// newline (its last [`UNFINISHED_MAX`] bytes).
static UNFINISHED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// How much of an unfinished line is remembered.
const UNFINISHED_MAX: usize = 256;

fn note_output(buf: &[u8]) {
    let mut tail = lock(&UNFINISHED);
    match buf.iter().rposition(|&b| b == b'\n') {
        Some(i) => {
            tail.clear();
            tail.extend_from_slice(&buf[i + 1..]);
        }
        None => tail.extend_from_slice(buf),
    }
    if tail.len() > UNFINISHED_MAX {
        let cut = tail.len() - UNFINISHED_MAX;
        tail.drain(..cut);
    }
}

/// Takes the text written after the last newline (empty after a newline).
pub fn take_unfinished_line() -> String {
    let tail = std::mem::take(&mut *lock(&UNFINISHED));
    String::from_utf8_lossy(&tail).into_owned()
}

use super::devices::cons::Console;
use super::error::{Error, Result};

/// The host's standard streams as the kernel's console. `halt` in
/// `/dev/sysctl` calls the function given (which normally exits).
pub struct HostConsole {
    halt: Box<dyn Fn(i32) + Send + Sync>,
}

impl HostConsole {
    /// A console that calls `halt(status)` for `/dev/sysctl`'s `halt`.
    pub fn new(halt: impl Fn(i32) + Send + Sync + 'static) -> HostConsole {
        HostConsole {
            halt: Box::new(halt),
        }
    }
}

impl Console for HostConsole {
    fn read(&self, buf: &mut [u8]) -> std::io::Result<usize> {
        std::io::stdin().lock().read(buf)
    }
    fn write(&self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = std::io::stdout().lock();
        out.write_all(buf)?;
        out.flush()?;
        note_output(buf);
        Ok(buf.len())
    }
    fn write_error(&self, buf: &[u8]) -> std::io::Result<usize> {
        let mut err = std::io::stderr().lock();
        err.write_all(buf)?;
        err.flush()?;
        note_output(buf);
        Ok(buf.len())
    }
    /// Raw keyboard mode needs the host terminal's settings, which the
    /// kernel does not change yet; the line discipline still honours it.
    fn set_raw(&self, _raw: bool) {}
    fn sysctl(&self, words: &[&str]) -> Result<()> {
        match words {
            ["halt"] => (self.halt)(0),
            ["halt", code] => (self.halt)(code.parse().unwrap_or(0)),
            _ => return Err(Error::NoCtl),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI32, Ordering};
    use std::sync::Arc;

    #[test]
    fn halt_reaches_the_callback() {
        let status = Arc::new(AtomicI32::new(-1));
        let s = status.clone();
        let cons = HostConsole::new(move |code| s.store(code, Ordering::Relaxed));
        cons.sysctl(&["halt", "3"]).unwrap();
        assert_eq!(status.load(Ordering::Relaxed), 3);
        assert_eq!(cons.sysctl(&["reboot"]), Err(Error::NoCtl));
    }
}
