//! Channels: a device file together with the name it was reached by (for
//! `fd2path` and lexical `..`), its open mode and its file offset. An open
//! channel is shared (`Arc<Chan>`) by every fd that dups it; dropping the
//! last reference closes the device file, and removes it when it was
//! opened with ORCLOSE. A channel that names a union holds its members
//! ([`Mount`]).

use std::sync::{Arc, Mutex, MutexGuard};

use super::device::{Caller, DevFile};
use super::dir::{Dir, Qid};
use super::error::{Error, Result};
use super::flags::{OREAD, QTDIR};

/// One member of a union: the file bound there and how.
#[derive(Debug, Clone)]
pub struct Mount {
    pub to: Arc<Chan>,
    /// The bind flags (order bits and MCREATE) as given.
    pub flags: u32,
    /// Sequence number, in the order binds were made.
    pub id: u32,
}

/// A file reached through the name space.
pub struct Chan {
    letter: char,
    file: Box<dyn DevFile>,
    name: String,
    /// The open mode (OREAD, OWRITE or ORDWR) once open.
    mode: Option<u32>,
    /// Set by an ORCLOSE open: who removes the file at the last close.
    remove_on_close: Option<Caller>,
    removed: bool,
    offset: Mutex<u64>,
    /// The members of the union this channel names (a bind source or an
    /// opened union directory).
    union: Option<Vec<Mount>>,
    union_read: Mutex<UnionCursor>,
}

/// How far a read of a union directory has got.
#[derive(Default)]
struct UnionCursor {
    member: usize,
    current: Option<Box<Chan>>,
}

impl Chan {
    /// A channel on a device file.
    pub fn new(letter: char, file: Box<dyn DevFile>, name: String) -> Chan {
        Chan {
            letter,
            file,
            name,
            mode: None,
            remove_on_close: None,
            removed: false,
            offset: Mutex::new(0),
            union: None,
            union_read: Mutex::new(UnionCursor::default()),
        }
    }

    /// The device letter.
    pub fn letter(&self) -> char {
        self.letter
    }

    /// The device file.
    pub fn file(&self) -> &dyn DevFile {
        self.file.as_ref()
    }

    /// The file's qid.
    pub fn qid(&self) -> Qid {
        self.file.qid()
    }

    /// Whether the file is a directory.
    pub fn is_dir(&self) -> bool {
        self.qid().qtype & QTDIR != 0
    }

    /// The name the file was reached by.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renames the channel (the path by which it was reached).
    pub fn set_name(&mut self, name: String) {
        self.name = name;
    }

    /// The open mode, or None when not open.
    pub fn mode(&self) -> Option<u32> {
        self.mode
    }

    /// The members of the union the channel stands for, if any.
    pub fn union(&self) -> Option<&[Mount]> {
        self.union.as_deref()
    }

    /// Records the union the channel stands for.
    pub fn set_union(&mut self, members: Option<Vec<Mount>>) {
        self.union = members;
    }

    /// Whether two channels are the same file of the same device instance
    /// (qid versions ignored), as mount lookups compare.
    pub fn same_file(&self, other: &Chan) -> bool {
        self.letter == other.letter
            && self.file.devno() == other.file.devno()
            && self.qid().path == other.qid().path
    }

    /// A new, unopened channel on the same file, with the same name.
    pub fn clone_unopened(&self) -> Chan {
        Chan::new(self.letter, self.file.clone_file(), self.name.clone())
    }

    /// The channel for `elem` in this directory (same name: the caller
    /// keeps the path).
    pub fn walk1(&self, elem: &str, caller: &Caller) -> Result<Chan> {
        if !self.is_dir() {
            return Err(Error::NotDir);
        }
        let file = self.file.walk(elem, caller)?;
        Ok(Chan::new(self.letter, file, self.name.clone()))
    }

    /// Opens the channel; `mode` may carry OTRUNC and ORCLOSE.
    pub fn open(mut self, mode: u32, caller: &Caller) -> Result<Chan> {
        let omode = super::device::check_mode(mode)?;
        self.file.open(mode, caller)?;
        self.mode = Some(omode);
        if mode & super::flags::ORCLOSE != 0 {
            self.remove_on_close = Some(caller.clone());
        }
        Ok(self)
    }

    /// Creates `name` in this directory; the channel becomes the new file.
    pub fn create(mut self, name: &str, mode: u32, perm: u32, caller: &Caller) -> Result<Chan> {
        let omode = super::device::check_mode(mode)?;
        self.file.create(name, mode, perm, caller)?;
        self.mode = Some(omode);
        if mode & super::flags::ORCLOSE != 0 {
            self.remove_on_close = Some(caller.clone());
        }
        Ok(self)
    }

    /// Removes the file; the channel is gone afterwards.
    pub fn remove(mut self, caller: &Caller) -> Result<()> {
        self.removed = true;
        self.file.remove(caller)
    }

    /// The file's status.
    pub fn stat(&self, caller: &Caller) -> Result<Dir> {
        self.file.stat(caller)
    }

    /// The file offset.
    pub fn offset(&self) -> u64 {
        *lock(&self.offset)
    }

    /// Sets the file offset; a directory rewinds its union read too.
    pub fn set_offset(&self, off: u64) {
        *lock(&self.offset) = off;
        if off == 0 {
            *lock(&self.union_read) = UnionCursor::default();
        }
    }

    /// Reads at the file offset and advances it; a union directory reads
    /// its members in turn.
    pub fn read(&self, buf: &mut [u8], caller: &Caller) -> Result<usize> {
        if self.is_dir() {
            if let Some(members) = &self.union {
                return self.union_read(members, buf, caller);
            }
        }
        let off = self.offset();
        let n = self.file.read(buf, off, caller)?;
        *lock(&self.offset) += n as u64;
        Ok(n)
    }

    /// [`Chan::read`] if the file can answer without waiting
    /// ([`DevFile::read_now`]); `None` (and nothing read) otherwise.
    pub fn read_now(&self, buf: &mut [u8]) -> Option<usize> {
        if self.is_dir() {
            return None;
        }
        let mut offset = lock(&self.offset);
        let n = self.file.read_now(buf, *offset)?;
        *offset += n as u64;
        Some(n)
    }

    /// Reads at an explicit offset, leaving the file offset alone.
    pub fn pread(&self, buf: &mut [u8], off: u64, caller: &Caller) -> Result<usize> {
        self.file.read(buf, off, caller)
    }

    /// Writes at the file offset and advances it by what was written.
    pub fn write(&self, buf: &[u8], caller: &Caller) -> Result<usize> {
        if self.is_dir() {
            return Err(Error::IsDir);
        }
        let off = {
            let mut o = lock(&self.offset);
            let off = *o;
            *o += buf.len() as u64;
            off
        };
        // A short or failed write gives back the offset it did not use
        // (saturating: a seek may have moved it meanwhile).
        let result = self.file.write(buf, off, caller);
        let unused = match &result {
            Ok(n) => buf.len() - (*n).min(buf.len()),
            Err(_) => buf.len(),
        };
        let mut o = lock(&self.offset);
        *o = o.saturating_sub(unused as u64);
        result
    }

    /// Writes at an explicit offset, leaving the file offset alone.
    pub fn pwrite(&self, buf: &[u8], off: u64, caller: &Caller) -> Result<usize> {
        if self.is_dir() {
            return Err(Error::IsDir);
        }
        self.file.write(buf, off, caller)
    }

    fn union_read(&self, members: &[Mount], buf: &mut [u8], caller: &Caller) -> Result<usize> {
        let mut cur = lock(&self.union_read);
        while cur.member < members.len() {
            if cur.current.is_none() {
                let to = &members[cur.member].to;
                // A member that cannot be opened is skipped, as in the original.
                cur.current = to.clone_unopened().open(OREAD, caller).ok().map(Box::new);
            }
            let n = match &cur.current {
                Some(c) => c.read(buf, caller).unwrap_or(0),
                None => 0,
            };
            if n > 0 {
                return Ok(n);
            }
            cur.member += 1;
            cur.current = None;
        }
        Ok(0)
    }
}

impl Drop for Chan {
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        self.file.close();
        if let Some(caller) = self.remove_on_close.take() {
            // Errors of a remove at close have nobody to go to.
            let _ = self.file.remove(&caller);
        }
    }
}

impl std::fmt::Debug for Chan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Chan(#{} {} {:?})", self.letter, self.name, self.qid())
    }
}

/// Locks a mutex, ignoring poisoning (the guarded data stays consistent).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A shared open channel, as fd tables and FDs hold it.
pub type ChanRef = Arc<Chan>;
