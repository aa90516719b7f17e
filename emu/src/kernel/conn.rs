//! A channel used as a byte stream: how the Styx client of the mount
//! driver and the server of `export` read and write their connection.

use std::io::{Read, Write};
use std::sync::Arc;

use super::chan::Chan;
use super::device::Caller;

/// One end of a connection, read and written at its file offset.
pub struct ConnIo {
    pub conn: Arc<Chan>,
    pub caller: Caller,
}

impl Read for ConnIo {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.conn
            .read(buf, &self.caller)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

impl Write for ConnIo {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.conn
            .write(buf, &self.caller)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
