//! The console of the host process: keyboard input is the host's standard
//! input (read until its end, which the console reader then sees), output
//! goes to standard output and standard error.

use std::io::{Read, Write};

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
        Ok(buf.len())
    }
    fn write_error(&self, buf: &[u8]) -> std::io::Result<usize> {
        let mut err = std::io::stderr().lock();
        err.write_all(buf)?;
        err.flush()?;
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
