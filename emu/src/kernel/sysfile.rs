//! The file system calls behind the Sys module, on a process's
//! [`ProcEnv`]: each returns a typed result whose error displays as the
//! original's error string. The Sys module only converts arguments and
//! results (and raises [`Error::raises`] errors as exceptions).

use std::sync::Arc;

use super::chan::Chan;
use super::device::check_mode;
use super::dir::Dir;
use super::error::{Error, Result};
use super::flags::{OEXCL, ORDWR, OREAD, OWRITE};
use super::namec::Access;
use super::proc::ProcEnv;

/// Bytes asked of a directory per `dirread`.
const DIRREAD: usize = 8192;

/// Seek origins.
pub const SEEKSTART: i32 = 0;
pub const SEEKRELA: i32 = 1;
pub const SEEKEND: i32 = 2;

impl ProcEnv {
    /// A new descriptor on an opened channel; a file of `#d` gives the
    /// channel of the descriptor it stands for.
    fn install(&self, c: Chan) -> Result<i32> {
        if let Some(fd) = c.file().dup_of() {
            return self.fds.dup(fd, -1);
        }
        self.fds.install(Arc::new(c))
    }

    /// sys->open: a new fd.
    pub fn open(&self, path: &str, mode: u32) -> Result<i32> {
        check_mode(mode)?;
        let c = self.ns.namec(path, Access::Open(mode), &self.caller())?;
        self.install(c)
    }

    /// sys->create: a new fd on a new (or truncated) file.
    pub fn create(&self, path: &str, mode: u32, perm: u32) -> Result<i32> {
        check_mode(mode & !OEXCL)?;
        let c = self
            .ns
            .namec(path, Access::Create(mode, perm), &self.caller())?;
        self.install(c)
    }

    /// sys->read at the fd offset.
    pub fn read(&self, fd: i32, buf: &mut [u8]) -> Result<usize> {
        self.fds.get_for(fd, OREAD)?.read(buf, &self.caller())
    }

    /// sys->read of `n` bytes if a mounted file has them at hand (read
    /// ahead), so the call need not leave the interpreter's thread.
    pub fn read_now(&self, fd: i32, n: usize) -> Option<Vec<u8>> {
        let c = self.fds.get_for(fd, OREAD).ok()?;
        // Only the mount driver reads ahead: no buffer is made for others.
        if c.letter() != 'M' {
            return None;
        }
        let mut data = vec![0u8; n];
        let k = c.read_now(&mut data)?;
        data.truncate(k);
        Some(data)
    }

    /// sys->pread at `off`.
    pub fn pread(&self, fd: i32, buf: &mut [u8], off: i64) -> Result<usize> {
        let c = self.fds.get_for(fd, OREAD)?;
        let off = u64::try_from(off).map_err(|_| Error::NegOffset)?;
        c.pread(buf, off, &self.caller())
    }

    /// sys->write at the fd offset.
    pub fn write(&self, fd: i32, buf: &[u8]) -> Result<usize> {
        self.fds.get_for(fd, OWRITE)?.write(buf, &self.caller())
    }

    /// sys->pwrite at `off`.
    pub fn pwrite(&self, fd: i32, buf: &[u8], off: i64) -> Result<usize> {
        let c = self.fds.get_for(fd, OWRITE)?;
        let off = u64::try_from(off).map_err(|_| Error::NegOffset)?;
        c.pwrite(buf, off, &self.caller())
    }

    /// sys->seek: the new offset.
    pub fn seek(&self, fd: i32, off: i64, whence: i32) -> Result<i64> {
        let c = self.fds.get(fd)?;
        if c.letter() == '|' {
            return Err(Error::IsStream);
        }
        let new = match whence {
            SEEKSTART => {
                if c.is_dir() && off != 0 {
                    return Err(Error::IsDir);
                }
                off
            }
            SEEKRELA | SEEKEND => {
                if c.is_dir() {
                    return Err(Error::IsDir);
                }
                let base = if whence == SEEKRELA {
                    c.offset()
                } else {
                    c.stat(&self.caller())?.length
                };
                (base as i64).checked_add(off).ok_or(Error::NegOffset)?
            }
            _ => return Err(Error::BadArg),
        };
        let new_u = u64::try_from(new).map_err(|_| Error::NegOffset)?;
        c.set_offset(new_u);
        Ok(new)
    }

    /// sys->stat.
    pub fn stat(&self, path: &str) -> Result<Dir> {
        let caller = self.caller();
        self.ns.namec(path, Access::Stat, &caller)?.stat(&caller)
    }

    /// sys->fstat.
    pub fn fstat(&self, fd: i32) -> Result<Dir> {
        self.fds.get(fd)?.stat(&self.caller())
    }

    /// sys->wstat.
    pub fn wstat(&self, path: &str, d: &Dir) -> Result<()> {
        let caller = self.caller();
        let c = self.ns.namec(path, Access::Stat, &caller)?;
        c.file().wstat(d, &caller)
    }

    /// sys->fwstat.
    pub fn fwstat(&self, fd: i32, d: &Dir) -> Result<()> {
        self.fds.get(fd)?.file().wstat(d, &self.caller())
    }

    /// sys->remove.
    pub fn remove(&self, path: &str) -> Result<()> {
        let caller = self.caller();
        self.ns
            .namec(path, Access::Remove, &caller)?
            .remove(&caller)
    }

    /// sys->chdir.
    pub fn chdir(&self, path: &str) -> Result<()> {
        self.ns.chdir(path, &self.caller())
    }

    /// sys->dup.
    pub fn dup(&self, old: i32, new: i32) -> Result<i32> {
        self.fds.dup(old, new)
    }

    /// Closes an fd (an FD's last reference is gone).
    pub fn close(&self, fd: i32) -> Result<()> {
        self.fds.close(fd)
    }

    /// sys->fd2path: the name the file was opened by.
    pub fn fd2path(&self, fd: i32) -> Result<String> {
        Ok(self.fds.get(fd)?.name().to_string())
    }

    /// sys->iounit.
    pub fn iounit(&self, fd: i32) -> Result<u32> {
        Ok(self.fds.get(fd)?.file().iounit())
    }

    /// sys->pipe: two fds on the cross-connected ends of a new pipe.
    pub fn pipe(&self) -> Result<(i32, i32)> {
        let caller = self.caller();
        let dir = self.ns.namec("#|", Access::Todir, &caller)?;
        let mut ends = Vec::with_capacity(2);
        for name in ["data", "data1"] {
            let mut c = dir.walk1(name, &caller)?;
            c.set_name(format!("#|/{name}"));
            ends.push(Arc::new(c.open(ORDWR, &caller)?));
        }
        let (Some(c1), Some(c0)) = (ends.pop(), ends.pop()) else {
            return Err(Error::BadArg);
        };
        let fd0 = self.fds.install(c0)?;
        match self.fds.install(c1) {
            Ok(fd1) => Ok((fd0, fd1)),
            Err(e) => {
                let _ = self.fds.close(fd0);
                Err(e)
            }
        }
    }

    /// sys->dirread: the next entries of an open directory; empty at the end.
    pub fn dirread(&self, fd: i32) -> Result<Vec<Dir>> {
        let c = self.fds.get_for(fd, OREAD)?;
        let mut buf = vec![0u8; DIRREAD];
        let n = c.read(&mut buf, &self.caller())?;
        Dir::unpack_all(&buf[..n])
    }

    /// sys->bind: the mount's sequence number.
    pub fn bind(&self, src: &str, old: &str, flags: u32) -> Result<u32> {
        self.ns.bind(src, old, flags, &self.caller())
    }

    /// sys->unmount.
    pub fn unmount(&self, src: Option<&str>, old: &str) -> Result<()> {
        self.ns.unmount(src, old, &self.caller())
    }
}
