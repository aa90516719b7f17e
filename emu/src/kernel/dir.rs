//! `Qid` and `Dir` (the stat record) and their machine-independent form,
//! the stat(5) entry that directory reads return and Styx carries, and the
//! clock their times count by.

use super::error::{Error, Result};
use super::flags::{DMDIR, QTDIR};

/// A file's unique identity on its server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Qid {
    pub path: u64,
    pub vers: u32,
    pub qtype: u8,
}

impl Qid {
    /// A qid of the given type bits.
    pub fn new(path: u64, vers: u32, qtype: u8) -> Qid {
        Qid { path, vers, qtype }
    }

    /// Whether the qid names a directory.
    pub fn is_dir(&self) -> bool {
        self.qtype & QTDIR != 0
    }
}

/// A file's status, the Sys `Dir` adt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dir {
    pub name: String,
    pub uid: String,
    pub gid: String,
    pub muid: String,
    pub qid: Qid,
    pub mode: u32,
    pub atime: u32,
    pub mtime: u32,
    pub length: u64,
    /// The device letter of the server (`'U'`, `'#'`, ...).
    pub dtype: u16,
    /// The server instance.
    pub dev: u32,
}

/// Size of a stat entry without its strings, including its size field.
pub const STATFIXLEN: usize = 49;

impl Dir {
    /// `Sys->nulldir`: every field "don't change" for wstat.
    pub fn null() -> Dir {
        Dir {
            name: String::new(),
            uid: String::new(),
            gid: String::new(),
            muid: String::new(),
            qid: Qid::new(!0, !0, !0),
            mode: !0,
            atime: !0,
            mtime: !0,
            length: !0,
            dtype: !0,
            dev: !0,
        }
    }

    /// Whether the entry is a directory.
    pub fn is_dir(&self) -> bool {
        self.mode & DMDIR != 0
    }

    /// The number of bytes [`Dir::pack`] produces.
    pub fn packed_len(&self) -> usize {
        STATFIXLEN + self.name.len() + self.uid.len() + self.gid.len() + self.muid.len()
    }

    /// Appends the stat(5) entry (little-endian, leading size field) to `out`.
    pub fn pack(&self, out: &mut Vec<u8>) {
        let size = (self.packed_len() - 2) as u16;
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&self.dtype.to_le_bytes());
        out.extend_from_slice(&self.dev.to_le_bytes());
        out.push(self.qid.qtype);
        out.extend_from_slice(&self.qid.vers.to_le_bytes());
        out.extend_from_slice(&self.qid.path.to_le_bytes());
        out.extend_from_slice(&self.mode.to_le_bytes());
        out.extend_from_slice(&self.atime.to_le_bytes());
        out.extend_from_slice(&self.mtime.to_le_bytes());
        out.extend_from_slice(&self.length.to_le_bytes());
        for s in [&self.name, &self.uid, &self.gid, &self.muid] {
            out.extend_from_slice(&(s.len() as u16).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
    }

    /// Decodes one stat entry that fills `buf` exactly.
    pub fn unpack(buf: &[u8]) -> Result<Dir> {
        let mut r = Reader { buf, pos: 0 };
        let size = r.u16()? as usize;
        if size + 2 != buf.len() || buf.len() < STATFIXLEN {
            return Err(Error::BadStat);
        }
        let dtype = r.u16()?;
        let dev = r.u32()?;
        let qtype = r.take(1)?[0];
        let vers = r.u32()?;
        let path = r.u64()?;
        let d = Dir {
            dtype,
            dev,
            qid: Qid::new(path, vers, qtype),
            mode: r.u32()?,
            atime: r.u32()?,
            mtime: r.u32()?,
            length: r.u64()?,
            name: r.string()?,
            uid: r.string()?,
            gid: r.string()?,
            muid: r.string()?,
        };
        if r.pos != buf.len() {
            return Err(Error::BadStat);
        }
        Ok(d)
    }

    /// Splits the data of a directory read into entries; any malformed
    /// entry makes the whole read an error, as in the original's dirread.
    pub fn unpack_all(mut buf: &[u8]) -> Result<Vec<Dir>> {
        let mut dirs = Vec::new();
        while !buf.is_empty() {
            if buf.len() < 2 {
                return Err(Error::BadStat);
            }
            let n = u16::from_le_bytes([buf[0], buf[1]]) as usize + 2;
            if n > buf.len() {
                return Err(Error::BadStat);
            }
            dirs.push(Dir::unpack(&buf[..n])?);
            buf = &buf[n..];
        }
        Ok(dirs)
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Error::BadStat)?;
        let s = self.buf.get(self.pos..end).ok_or(Error::BadStat)?;
        self.pos = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(self.u32()? as u64 | (self.u32()? as u64) << 32)
    }
    fn string(&mut self) -> Result<String> {
        let n = self.u16()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::BadStat)
    }
}

/// Serves a directory read from a list of entries: whole entries from
/// byte `offset` on, as many as fit in `buf`.
pub fn read_entries(entries: &[Dir], buf: &mut [u8], offset: u64) -> usize {
    let mut pos = 0u64;
    let mut out = Vec::new();
    for d in entries {
        let n = d.packed_len() as u64;
        if pos < offset {
            pos += n;
            continue;
        }
        if out.len() + n as usize > buf.len() {
            break;
        }
        d.pack(&mut out);
    }
    buf[..out.len()].copy_from_slice(&out);
    out.len()
}

/// Seconds since the epoch, as Dir times count.
pub fn now_secs() -> u32 {
    super::clock::since_epoch().as_secs() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_then_unpack_is_identity() {
        let d = Dir {
            name: "ünicode".into(),
            uid: "root".into(),
            gid: "sys".into(),
            muid: String::new(),
            qid: Qid::new(0x1234_5678_9abc, 7, QTDIR),
            mode: DMDIR | 0o755,
            atime: 1,
            mtime: 2,
            length: 0,
            dtype: 'U' as u16,
            dev: 3,
        };
        let mut b = Vec::new();
        d.pack(&mut b);
        assert_eq!(b.len(), d.packed_len());
        assert_eq!(Dir::unpack(&b).unwrap(), d);
        assert_eq!(Dir::unpack_all(&b).unwrap(), vec![d]);
    }

    #[test]
    fn short_data_is_malformed() {
        assert_eq!(Dir::unpack_all(b"xxx"), Err(Error::BadStat));
        assert_eq!(Dir::unpack_all(b""), Ok(vec![]));
    }
}
