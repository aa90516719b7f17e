//! A channel used as a byte stream: how the Styx client of the mount
//! driver and the server of `export` read and write their connection,
//! and the [`Interrupt`] that makes a server stop using it.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::chan::Chan;
use super::device::Caller;

/// A flag raised to stop a process's blocking work; clones share it.
#[derive(Clone, Default, Debug)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Raises the flag.
    pub fn raise(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the flag is raised.
    pub fn raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// One end of a connection, read and written at its file offset. Once
/// `stop` is raised, reads see end of file and writes fail for good (with
/// `ConnectionAborted`: `Interrupted` would tell `write_all` to try again).
pub struct ConnIo {
    pub conn: Arc<Chan>,
    pub caller: Caller,
    pub stop: Interrupt,
}

impl Read for ConnIo {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.raised() {
            return Ok(0);
        }
        let n = self
            .conn
            .read(buf, &self.caller)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(if self.stop.raised() { 0 } else { n })
    }
}

impl Write for ConnIo {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stop.raised() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "process stopped",
            ));
        }
        self.conn
            .write(buf, &self.caller)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
