//! The interface between the name space and the devices (`#U`, `#c`,
//! ...). A [`Device`] attaches to give the root of its tree; a [`DevFile`]
//! is one file of that tree as a channel holds it (the original's fid):
//! walked to, opened, read, written, closed when its channel goes.
//!
//! Calls can block (a pipe or console read) and come from host worker
//! threads, so every implementation is `Send + Sync` and keeps its
//! changeable state behind its own locks.

use std::any::Any;
use std::sync::{Arc, Weak};

use styx::Cancel;

use super::dir::{now_secs, Dir, Qid};
use super::env::EnvGroup;
use super::error::{Error, Result};
use super::flags::{DMDIR, OEXEC, ORDWR, OREAD, OTRUNC, OWRITE, QTDIR};
use super::identity::Identity;

/// Who makes a call: what per-process devices (`#c/user`, `#c/pid`,
/// `#e`) answer from.
#[derive(Debug, Clone)]
pub struct Caller {
    pub pid: u32,
    pub user: Arc<str>,
    /// The process's identity, which `#c/user` renames.
    pub identity: Arc<Identity>,
    pub env: Arc<EnvGroup>,
    /// The caller's descriptor table, for `#d`, which knows its type
    /// (`FdTable`); opaque here, so that devices sit below channels and the
    /// tables that hold them. Weak, as a channel opened with ORCLOSE keeps
    /// its caller.
    pub fds: Weak<dyn Any + Send + Sync>,
    /// Raised when the call is interrupted (its prog killed while it waits):
    /// a device that waits stops and fails with `interrupted`.
    pub interrupt: Cancel,
}

/// A kernel device, found by its `#` letter.
pub trait Device: Send + Sync {
    /// The letter after `#` that names the device.
    fn letter(&self) -> char;
    /// The device's name as `/dev/drivers` lists it.
    fn name(&self) -> &'static str;
    /// The root of a tree of the device; `spec` is the text after the letter.
    fn attach(&self, spec: &str, caller: &Caller) -> Result<Box<dyn DevFile>>;
}

/// One file of a device, as a channel holds it.
pub trait DevFile: Send + Sync {
    /// The file's current qid (a create changes it).
    fn qid(&self) -> Qid;
    /// The device instance (the original's `c->dev`).
    fn devno(&self) -> u32 {
        0
    }
    /// A new, unopened handle on the same file.
    fn clone_file(&self) -> Box<dyn DevFile>;
    /// The file `name` in this directory; `name` is never `.`, `..` or
    /// empty (the name space handles those).
    fn walk(&self, name: &str, caller: &Caller) -> Result<Box<dyn DevFile>>;
    /// The file's status.
    fn stat(&self, caller: &Caller) -> Result<Dir>;
    /// Opens this handle; `mode` is an open mode with OTRUNC/ORCLOSE bits.
    fn open(&self, mode: u32, caller: &Caller) -> Result<()>;
    /// Creates `name` in this directory; the handle then is the new file,
    /// open with `mode`.
    fn create(&self, _name: &str, _mode: u32, _perm: u32, _caller: &Caller) -> Result<()> {
        Err(Error::Perm)
    }
    /// Reads at `offset`; a directory returns whole packed stat entries.
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize>;
    /// Writes at `offset`.
    fn write(&self, _buf: &[u8], _offset: u64, _caller: &Caller) -> Result<usize> {
        Err(Error::Perm)
    }
    /// Removes the file.
    fn remove(&self, _caller: &Caller) -> Result<()> {
        Err(Error::Perm)
    }
    /// Changes the fields of `dir` that are not "don't change" values.
    fn wstat(&self, _dir: &Dir, _caller: &Caller) -> Result<()> {
        Err(Error::Perm)
    }
    /// The last reference to the channel holding this handle is gone.
    fn close(&self) {}
    /// Answers a read of `buf` at `offset` if it can without waiting for
    /// anything (data a mount read ahead); `None` otherwise, and then
    /// nothing was read.
    fn read_now(&self, _buf: &mut [u8], _offset: u64) -> Option<usize> {
        None
    }
    /// The largest transfer done atomically; 0 when unknown.
    fn iounit(&self) -> u32 {
        0
    }
    /// For the root of a mounted Styx tree: the attach specifier it was
    /// mounted with (the name space text shows it as a `mount` line).
    fn mount_spec(&self) -> Option<&str> {
        None
    }
    /// For a descriptor's file of `#d`: the descriptor, whose channel an
    /// open of this file gives instead.
    fn dup_of(&self) -> Option<i32> {
        None
    }
}

/// Checks an open against a file's permission bits (the owner's: in the
/// hosted kernel the caller owns the device files), as the original's
/// `devpermcheck`; directories open only for reading.
pub fn check_open(perm: u32, mode: u32) -> Result<()> {
    if perm & DMDIR != 0 && mode & !OTRUNC & 3 != OREAD {
        return Err(Error::Perm);
    }
    if perm & DMDIR != 0 && mode & OTRUNC != 0 {
        return Err(Error::Perm);
    }
    let mut need = match mode & 3 {
        OREAD => 4,
        OWRITE => 2,
        ORDWR => 6,
        OEXEC => 1,
        _ => 0,
    };
    if mode & OTRUNC != 0 {
        need |= 2;
    }
    if (perm >> 6) & need != need {
        return Err(Error::Perm);
    }
    Ok(())
}

/// Checks an open mode's value, as the original's `openmode`.
pub fn check_mode(mode: u32) -> Result<u32> {
    use super::flags::ORCLOSE;
    if mode & !(OTRUNC | ORCLOSE | 3) != 0 {
        return Err(Error::BadArg);
    }
    Ok(match mode & 3 {
        OEXEC => OREAD,
        m => m,
    })
}

/// A Dir for a kernel-made file: owner and group the caller's user.
pub fn kernel_dir(name: &str, qid: Qid, perm: u32, length: u64, letter: char, user: &str) -> Dir {
    let mode = if qid.qtype & QTDIR != 0 {
        perm | DMDIR
    } else {
        perm
    };
    Dir {
        name: name.to_string(),
        uid: user.to_string(),
        gid: user.to_string(),
        muid: String::new(),
        qid,
        mode,
        atime: boot_time(),
        mtime: boot_time(),
        length,
        dtype: letter as u16,
        dev: 0,
    }
}

/// The time the kernel started (the times of kernel-made files).
pub fn boot_time() -> u32 {
    static BOOT: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *BOOT.get_or_init(now_secs)
}

/// Serves a read of `text` at `offset` (the original's `readstr`).
pub fn read_text(text: &[u8], buf: &mut [u8], offset: u64) -> usize {
    let start = (offset.min(text.len() as u64)) as usize;
    let n = buf.len().min(text.len() - start);
    buf[..n].copy_from_slice(&text[start..start + n]);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_permissions() {
        assert!(check_open(0o444, OREAD).is_ok());
        assert_eq!(check_open(0o444, OWRITE), Err(Error::Perm));
        assert_eq!(check_open(0o222, OREAD), Err(Error::Perm));
        assert_eq!(check_open(DMDIR | 0o555, OWRITE), Err(Error::Perm));
        assert_eq!(check_open(0o444, OREAD | OTRUNC), Err(Error::Perm));
        assert_eq!(check_mode(0x1000), Err(Error::BadArg));
    }
}
