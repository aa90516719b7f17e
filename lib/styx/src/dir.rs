//! `Dir`: a file's metadata as `stat` returns and `wstat` changes it, and its wire
//! form, the stat entry (also what a directory read returns, one entry per file).

use crate::constants::STATFIXLEN;
use crate::error::{DecodeError, EncodeError};
use crate::qid::Qid;
use crate::wire::{string_len, Reader, Writer};

/// A directory entry, field for field `Sys->Dir`. `Default` is `Sys->zerodir`;
/// [`Dir::null`] is `Sys->nulldir`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dir {
    /// Server type ("for kernel use"; the kernel shows its device letter here).
    pub dtype: u16,
    /// Server instance ("for kernel use").
    pub dev: u32,
    pub qid: Qid,
    /// Permission bits and `DM*` flags.
    pub mode: u32,
    /// Last read, in seconds since 1970-01-01 GMT.
    pub atime: u32,
    /// Last write, in seconds since 1970-01-01 GMT.
    pub mtime: u32,
    pub length: u64,
    pub name: String,
    pub uid: String,
    pub gid: String,
    /// Who last modified the file.
    pub muid: String,
}

impl Dir {
    /// The "don't touch" entry for `wstat`: all-ones numbers, empty strings.
    pub fn null() -> Dir {
        Dir {
            dtype: u16::MAX,
            dev: u32::MAX,
            qid: Qid {
                qtype: u8::MAX,
                vers: u32::MAX,
                path: u64::MAX,
            },
            mode: u32::MAX,
            atime: u32::MAX,
            mtime: u32::MAX,
            length: u64::MAX,
            ..Dir::default()
        }
    }

    /// Bytes of the encoded entry, including its leading size field.
    pub fn encoded_len(&self) -> usize {
        STATFIXLEN - 4 * 2
            + string_len(&self.name)
            + string_len(&self.uid)
            + string_len(&self.gid)
            + string_len(&self.muid)
    }

    /// The stat entry: `size[2]` (the count of the bytes after it) then the fields.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let len = self.encoded_len();
        let size = u16::try_from(len - 2).map_err(|_| EncodeError::StatTooLong(len))?;
        let mut w = Writer::with_capacity(len);
        self.put(&mut w, size)?;
        Ok(w.bytes)
    }

    /// Appends the entry to a message being built.
    pub(crate) fn encode_into(&self, w: &mut Writer) -> Result<(), EncodeError> {
        let len = self.encoded_len();
        let size = u16::try_from(len - 2).map_err(|_| EncodeError::StatTooLong(len))?;
        self.put(w, size)
    }

    fn put(&self, w: &mut Writer, size: u16) -> Result<(), EncodeError> {
        w.u16(size);
        w.u16(self.dtype);
        w.u32(self.dev);
        w.qid(&self.qid);
        w.u32(self.mode);
        w.u32(self.atime);
        w.u32(self.mtime);
        w.u64(self.length);
        w.string(&self.name, "name")?;
        w.string(&self.uid, "uid")?;
        w.string(&self.gid, "gid")?;
        w.string(&self.muid, "muid")
    }

    /// Decodes exactly one stat entry: its size field must account for every byte.
    pub fn decode(entry: &[u8]) -> Result<Dir, DecodeError> {
        let mut r = Reader::new(entry);
        let size = usize::from(r.u16("stat size")?);
        if size != r.remaining() {
            return Err(DecodeError::StatCount {
                count: entry.len(),
                entry: size + 2,
            });
        }
        let dir = Dir {
            dtype: r.u16("stat type")?,
            dev: r.u32("stat dev")?,
            qid: r.qid("stat qid")?,
            mode: r.u32("stat mode")?,
            atime: r.u32("stat atime")?,
            mtime: r.u32("stat mtime")?,
            length: r.u64("stat length")?,
            name: r.string("stat name")?,
            uid: r.string("stat uid")?,
            gid: r.string("stat gid")?,
            muid: r.string("stat muid")?,
        };
        r.finish("stat muid")?;
        Ok(dir)
    }
}

/// Decodes the data of a directory read: whole stat entries, back to back.
pub fn decode_entries(mut data: &[u8]) -> Result<Vec<Dir>, DecodeError> {
    let mut dirs = Vec::new();
    while !data.is_empty() {
        let size = match data {
            [lo, hi, ..] => 2 + usize::from(u16::from_le_bytes([*lo, *hi])),
            _ => return Err(DecodeError::Truncated { field: "stat size" }),
        };
        if size > data.len() {
            return Err(DecodeError::Truncated {
                field: "stat entry",
            });
        }
        let (entry, rest) = data.split_at(size);
        dirs.push(Dir::decode(entry)?);
        data = rest;
    }
    Ok(dirs)
}
