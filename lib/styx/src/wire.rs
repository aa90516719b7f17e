//! Little-endian fields on the wire: a checked reader over a byte slice and a writer
//! into a growing buffer. Every read names its field so that a short or bad message
//! says where it broke.

use crate::error::{DecodeError, EncodeError};
use crate::qid::Qid;

/// Reads fields from the front of a byte slice, never past its end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len()
    }

    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        if n > self.bytes.len() {
            return Err(DecodeError::Truncated { field });
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, field)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(field)?[0])
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.array(field)?))
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array(field)?))
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array(field)?))
    }

    /// `len[2]` then that many bytes of UTF-8 without NUL.
    pub(crate) fn string(&mut self, field: &'static str) -> Result<String, DecodeError> {
        let len = usize::from(self.u16(field)?);
        let bytes = self.take(len, field)?;
        match std::str::from_utf8(bytes) {
            Ok(s) if !s.contains('\0') => Ok(s.to_owned()),
            _ => Err(DecodeError::BadString { field }),
        }
    }

    pub(crate) fn qid(&mut self, field: &'static str) -> Result<Qid, DecodeError> {
        Ok(Qid {
            qtype: self.u8(field)?,
            vers: self.u32(field)?,
            path: self.u64(field)?,
        })
    }

    /// Fails unless every byte has been read.
    pub(crate) fn finish(&self, field: &'static str) -> Result<(), DecodeError> {
        match self.bytes.len() {
            0 => Ok(()),
            extra => Err(DecodeError::TrailingBytes { field, extra }),
        }
    }
}

/// Appends fields to a buffer.
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Writer {
            bytes: Vec::with_capacity(n),
        }
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub(crate) fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn string(&mut self, s: &str, field: &'static str) -> Result<(), EncodeError> {
        let len = u16::try_from(s.len()).map_err(|_| EncodeError::StringTooLong {
            field,
            len: s.len(),
        })?;
        self.u16(len);
        self.bytes.extend_from_slice(s.as_bytes());
        Ok(())
    }

    pub(crate) fn qid(&mut self, q: &Qid) {
        self.u8(q.qtype);
        self.u32(q.vers);
        self.u64(q.path);
    }
}

/// Encoded length of a string field.
pub(crate) fn string_len(s: &str) -> usize {
    2 + s.len()
}
