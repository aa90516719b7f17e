//! Reading whole messages from a byte stream: the 4-byte size prefix tells how much
//! to read, and a limit (the negotiated msize) bounds it.

use std::fmt;
use std::io::{self, Read};

use crate::constants::HEADER_SIZE;

/// Why a message could not be read from a stream.
#[derive(Debug)]
pub enum FrameError {
    /// The stream failed.
    Io(io::Error),
    /// A size too small to hold a header.
    BadSize(u32),
    /// A size above the limit.
    TooLong { size: u32, limit: u32 },
    /// The stream ended inside a message.
    Truncated,
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "{e}"),
            FrameError::BadSize(n) => write!(f, "invalid Styx message size {n}"),
            FrameError::TooLong { size, limit } => {
                write!(f, "Styx message longer than agreed ({size} > {limit})")
            }
            FrameError::Truncated => write!(f, "Styx message truncated"),
        }
    }
}

impl std::error::Error for FrameError {}

/// Fills `buf`, returning how many bytes arrived before end of file.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Reads the next whole message, size field included; `None` at end of file between
/// messages. A message longer than `limit` bytes is refused before it is read.
pub fn read_message(r: &mut impl Read, limit: u32) -> Result<Option<Vec<u8>>, FrameError> {
    let mut prefix = [0u8; 4];
    match read_full(r, &mut prefix).map_err(FrameError::Io)? {
        0 => return Ok(None),
        4 => {}
        _ => return Err(FrameError::Truncated),
    }
    let size = u32::from_le_bytes(prefix);
    if (size as usize) < HEADER_SIZE {
        return Err(FrameError::BadSize(size));
    }
    if size > limit {
        return Err(FrameError::TooLong { size, limit });
    }
    let len = usize::try_from(size).map_err(|_| FrameError::TooLong { size, limit })?;
    let mut message = vec![0u8; len];
    message[..4].copy_from_slice(&prefix);
    if read_full(r, &mut message[4..]).map_err(FrameError::Io)? != len - 4 {
        return Err(FrameError::Truncated);
    }
    Ok(Some(message))
}
