//! File descriptor tables: small integers naming open channels, shared by
//! the progs of an fd group. New descriptors take the lowest free slot;
//! the table grows 20 slots at a time, so a `dup` onto a number 20 or more
//! beyond its size fails, as in the original.

use std::sync::{Arc, Mutex, MutexGuard};

use super::chan::{lock, Chan};
use super::error::{Error, Result};
use super::flags::{ORDWR, OTRUNC};

/// Slots added when the table grows.
const DELTAFD: usize = 20;
/// The most descriptors a table may hold.
const MAXNFD: usize = 4000;

#[derive(Default, Clone)]
struct Slots {
    fds: Vec<Option<Arc<Chan>>>,
}

impl Slots {
    fn with_size(n: usize) -> Slots {
        Slots { fds: vec![None; n] }
    }

    /// Makes room for descriptor `fd`, growing by at most DELTAFD.
    fn grow(&mut self, fd: usize) -> Result<()> {
        if fd < self.fds.len() {
            return Ok(());
        }
        let n = (self.fds.len() + DELTAFD).min(MAXNFD);
        if fd >= n {
            return Err(Error::BadFd);
        }
        self.fds.resize(n, None);
        Ok(())
    }
}

/// An fd group's table.
pub struct FdTable {
    slots: Mutex<Slots>,
}

impl FdTable {
    /// An empty table.
    pub fn new() -> Arc<FdTable> {
        Arc::new(FdTable {
            slots: Mutex::new(Slots::with_size(DELTAFD)),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        lock(&self.slots)
    }

    /// A private copy (pctl FORKFD): the same channels, shared.
    pub fn fork(&self) -> Arc<FdTable> {
        Arc::new(FdTable {
            slots: Mutex::new(self.lock().clone()),
        })
    }

    /// A new table of the same size holding only the listed descriptors
    /// under the same numbers (pctl NEWFD).
    pub fn keep(&self, fds: &[i32]) -> Arc<FdTable> {
        let old = self.lock();
        let mut new = Slots::with_size(old.fds.len());
        for &fd in fds {
            let Ok(i) = usize::try_from(fd) else { continue };
            if let (Some(Some(c)), Some(slot)) = (old.fds.get(i), new.fds.get_mut(i)) {
                if slot.is_none() {
                    *slot = Some(c.clone());
                }
            }
        }
        Arc::new(FdTable {
            slots: Mutex::new(new),
        })
    }

    /// The channel behind `fd`.
    pub fn get(&self, fd: i32) -> Result<Arc<Chan>> {
        let slots = self.lock();
        usize::try_from(fd)
            .ok()
            .and_then(|i| slots.fds.get(i))
            .and_then(|s| s.clone())
            .ok_or(Error::BadFd)
    }

    /// The channel behind `fd`, checked for an I/O `mode` (OREAD or
    /// OWRITE, possibly with OTRUNC), as the original's `fdtochan`.
    pub fn get_for(&self, fd: i32, mode: u32) -> Result<Arc<Chan>> {
        let c = self.get(fd)?;
        let Some(cmode) = c.mode() else {
            return Err(Error::BadUseFd);
        };
        if cmode == ORDWR {
            return Ok(c);
        }
        if mode & OTRUNC != 0 && cmode == super::flags::OREAD {
            return Err(Error::BadUseFd);
        }
        if mode & !OTRUNC != cmode {
            return Err(Error::BadUseFd);
        }
        Ok(c)
    }

    /// Puts a channel in the lowest free slot and returns its number.
    pub fn install(&self, c: Arc<Chan>) -> Result<i32> {
        let mut slots = self.lock();
        let i = slots
            .fds
            .iter()
            .position(Option::is_none)
            .unwrap_or(slots.fds.len());
        slots.grow(i).map_err(|_| Error::NoFd)?;
        slots.fds[i] = Some(c);
        Ok(i as i32)
    }

    /// sys->dup: `new` -1 takes the lowest free slot, otherwise `new` is
    /// closed first and then names the same channel as `old`.
    pub fn dup(&self, old: i32, new: i32) -> Result<i32> {
        let c = self.get(old)?;
        if c.qid().qtype & super::flags::QTAUTH != 0 {
            return Err(Error::Perm);
        }
        if new == -1 {
            return self.install(c);
        }
        let previous = {
            let mut slots = self.lock();
            let i = usize::try_from(new).map_err(|_| Error::BadFd)?;
            slots.grow(i)?;
            slots.fds[i].replace(c)
        };
        drop(previous);
        Ok(new)
    }

    /// Closes `fd`.
    pub fn close(&self, fd: i32) -> Result<()> {
        let c = {
            let mut slots = self.lock();
            usize::try_from(fd)
                .ok()
                .and_then(|i| slots.fds.get_mut(i))
                .and_then(Option::take)
                .ok_or(Error::BadFd)?
        };
        drop(c);
        Ok(())
    }

    /// The open descriptors and their channels, in order.
    pub fn list(&self) -> Vec<(i32, Arc<Chan>)> {
        self.lock()
            .fds
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.clone().map(|c| (i as i32, c)))
            .collect()
    }
}

impl std::fmt::Debug for FdTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FdTable({} open)", self.list().len())
    }
}
