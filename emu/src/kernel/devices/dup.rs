//! `#d`, the dup device (bound on `/fd`): for each open descriptor `N` of
//! the calling process, a file `N`, whose open gives a new descriptor on
//! the same channel (as `sys->dup(N, -1)`), and `Nctl`, which reads as
//! the descriptor's line of `/prog/n/fd`. A stat of `N` tells of the
//! device file: length 0, mode 0400, 0200 or 0600 as the descriptor is
//! open for reading, writing or both.

use std::sync::Arc;

use crate::kernel::chan::Chan;
use crate::kernel::device::{
    check_mode, check_open, kernel_dir, read_text, Caller, DevFile, Device,
};
use crate::kernel::devices::prog::fd_line;
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::fdtable::FdTable;
use crate::kernel::flags::{DMDIR, QTDIR, QTFILE};

/// The dup device.
pub struct DupDevice;

impl Device for DupDevice {
    fn letter(&self) -> char {
        'd'
    }
    fn name(&self) -> &'static str {
        "dup"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(DupFile { entry: None }))
    }
}

/// One file of the directory: a descriptor, and whether it is its `ctl`.
#[derive(Clone, Copy)]
struct Entry {
    fd: i32,
    ctl: bool,
}

impl Entry {
    fn name(self) -> String {
        if self.ctl {
            format!("{}ctl", self.fd)
        } else {
            self.fd.to_string()
        }
    }

    /// As the original numbers them: 2·fd + 1, and one more for `ctl`.
    fn qid(self) -> Qid {
        Qid::new(2 * self.fd as u64 + 1 + u64::from(self.ctl), 0, QTFILE)
    }

    /// The permission of the file for the descriptor's channel `c`.
    fn perm(self, c: &Chan) -> u32 {
        if self.ctl {
            return 0o400;
        }
        match c.mode().unwrap_or(0) & 3 {
            0 => 0o400,
            1 => 0o200,
            2 => 0o600,
            _ => 0,
        }
    }

    fn dir(self, c: &Chan, user: &str) -> Dir {
        kernel_dir(&self.name(), self.qid(), self.perm(c), 0, 'd', user)
    }
}

/// The directory (`entry` None) or one of its files.
struct DupFile {
    entry: Option<Entry>,
}

/// The caller's descriptors.
fn fds(caller: &Caller) -> Result<Arc<FdTable>> {
    caller
        .fds
        .upgrade()
        .and_then(|fds| fds.downcast::<FdTable>().ok())
        .ok_or(Error::BadFd)
}

/// The entry named `name` among the open descriptors of `fds`.
fn lookup(fds: &FdTable, name: &str) -> Option<Entry> {
    let (number, ctl) = match name.strip_suffix("ctl") {
        Some(n) => (n, true),
        None => (name, false),
    };
    let fd: i32 = number.parse().ok()?;
    // Only the names the directory lists: no sign, no leading zeros.
    if fd.to_string() != number || fds.get(fd).is_err() {
        return None;
    }
    Some(Entry { fd, ctl })
}

impl DevFile for DupFile {
    fn qid(&self) -> Qid {
        match self.entry {
            None => Qid::new(0, 0, QTDIR),
            Some(e) => e.qid(),
        }
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(DupFile { entry: self.entry })
    }
    fn walk(&self, name: &str, caller: &Caller) -> Result<Box<dyn DevFile>> {
        if self.entry.is_some() {
            return Err(Error::NotDir);
        }
        let fds = fds(caller)?;
        let entry = lookup(&fds, name).ok_or(Error::NotExist)?;
        Ok(Box::new(DupFile { entry: Some(entry) }))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        let Some(e) = self.entry else {
            return Ok(kernel_dir("#d", self.qid(), 0o555, 0, 'd', &caller.user));
        };
        let c = fds(caller)?.get(e.fd)?;
        Ok(e.dir(&c, &caller.user))
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        match self.entry {
            None => check_open(DMDIR | 0o555, mode),
            Some(Entry { ctl: true, .. }) => check_open(0o400, mode),
            // The open itself is the descriptor's: its mode must allow this one.
            Some(Entry { fd, ctl: false }) => fds(caller)?
                .get_for(
                    fd,
                    check_mode(mode)? | (mode & crate::kernel::flags::OTRUNC),
                )
                .map(|_| ()),
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let fds = fds(caller)?;
        let Some(e) = self.entry else {
            let entries: Vec<Dir> = fds
                .list()
                .into_iter()
                .flat_map(|(fd, c)| {
                    [false, true].map(|ctl| Entry { fd, ctl }.dir(&c, &caller.user))
                })
                .collect();
            return Ok(read_entries(&entries, buf, offset));
        };
        if !e.ctl {
            // An open `N` is the descriptor's own channel, never this file.
            return Err(Error::Perm);
        }
        let c = fds.get(e.fd)?;
        Ok(read_text(fd_line(e.fd, &c, 0).as_bytes(), buf, offset))
    }
    fn dup_of(&self) -> Option<i32> {
        match self.entry {
            Some(Entry { fd, ctl: false }) => Some(fd),
            _ => None,
        }
    }
}
