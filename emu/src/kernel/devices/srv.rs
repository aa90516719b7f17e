//! `#s`, the srv device: directories of files served by programs through
//! `sys->file2chan`. The kernel side is complete here; the Sys module
//! supplies a [`FileServer`] that turns each request into a message on
//! the program's `FileIO` channels and waits for the reply.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use styx::Cancel;

use crate::kernel::chan::{lock, Chan};
use crate::kernel::device::{check_open, kernel_dir, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMAPPEND, DMDIR, DMEXCL, QTDIR, QTFILE};

/// The serving program's side of a file made by file2chan. Calls block
/// until the program replies, or `stop` is raised (the client's call is
/// interrupted): then the client stops waiting with `interrupted`, and the
/// program's reply, when it comes, is taken and dropped, as the original's
/// goes into a reply channel of one place that nobody reads.
pub trait FileServer: Send + Sync {
    /// A client read of `count` bytes at `offset` through channel `fid`.
    fn read(
        &self,
        offset: u64,
        count: usize,
        fid: u64,
        stop: &Cancel,
    ) -> std::result::Result<Vec<u8>, String>;
    /// A client write at `offset` through channel `fid`; the count taken.
    fn write(
        &self,
        offset: u64,
        data: &[u8],
        fid: u64,
        stop: &Cancel,
    ) -> std::result::Result<usize, String>;
    /// The client closed channel `fid`.
    fn close(&self, fid: u64);
}

struct SrvEntry {
    /// Name, permissions and length: `wstat` changes them.
    meta: Mutex<Meta>,
    qid: Qid,
    user: String,
    server: Mutex<Option<Arc<dyn FileServer>>>,
}

/// What `wstat` may change of a srv directory or file.
struct Meta {
    name: String,
    perm: u32,
    length: u64,
}

struct SrvDir {
    spec: String,
    name: String,
    /// Who attached it first (its owner).
    user: String,
    /// Its permissions (the original's `DMDIR|0770` at first).
    perm: Mutex<u32>,
    qid: Qid,
    entries: Mutex<Vec<Arc<SrvEntry>>>,
}

/// The srv device.
#[derive(Default)]
pub struct SrvDevice {
    dirs: Mutex<Vec<Arc<SrvDir>>>,
}

static NEXT_PATH: AtomicU64 = AtomicU64::new(1);
static NEXT_FID: AtomicU64 = AtomicU64::new(1);

fn next_path() -> u64 {
    NEXT_PATH.fetch_add(1, Ordering::Relaxed)
}

/// A served file; dropping it (the program's channels are gone) removes
/// the file, and clients get `mounted device shut down`.
pub struct ServedFile {
    dir: Arc<SrvDir>,
    entry: Arc<SrvEntry>,
}

impl std::fmt::Debug for ServedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ServedFile({}/{})",
            self.dir.name,
            lock(&self.entry.meta).name
        )
    }
}

impl Drop for ServedFile {
    fn drop(&mut self) {
        *lock(&self.entry.server) = None;
        lock(&self.dir.entries).retain(|e| !Arc::ptr_eq(e, &self.entry));
    }
}

impl SrvDevice {
    /// A srv device with no directories yet.
    pub fn new() -> SrvDevice {
        SrvDevice::default()
    }

    /// Makes `file` in the srv directory `dir` (sys->file2chan), served
    /// by `server`, owned by the caller.
    pub fn file2chan(
        &self,
        dir: &Chan,
        file: &str,
        server: Arc<dyn FileServer>,
        caller: &Caller,
    ) -> Result<ServedFile> {
        if file.contains('/') || file.len() >= 64 || file == "." || file == ".." {
            return Err(Error::FileName);
        }
        if !dir.is_dir() || dir.letter() != 's' {
            return Err(Error::Text("directory not a srv device".into()));
        }
        let d = lock(&self.dirs)
            .iter()
            .find(|d| d.qid.path == dir.qid().path)
            .cloned()
            .ok_or(Error::Text("directory not a srv device".into()))?;
        let mut entries = lock(&d.entries);
        if entries.iter().any(|e| lock(&e.meta).name == file) {
            return Err(Error::Exists);
        }
        let entry = Arc::new(SrvEntry {
            meta: Mutex::new(Meta {
                name: file.to_string(),
                perm: 0o660,
                length: 0,
            }),
            qid: Qid::new(next_path(), 0, QTFILE),
            user: caller.user.to_string(),
            server: Mutex::new(Some(server)),
        });
        entries.insert(0, entry.clone());
        drop(entries);
        Ok(ServedFile { dir: d, entry })
    }
}

impl Device for SrvDevice {
    fn letter(&self) -> char {
        's'
    }
    fn name(&self) -> &'static str {
        "srv"
    }
    fn attach(&self, spec: &str, caller: &Caller) -> Result<Box<dyn DevFile>> {
        let mut dirs = lock(&self.dirs);
        let existing = if spec.is_empty() {
            None
        } else {
            dirs.iter().find(|d| d.spec == spec).cloned()
        };
        if let Some(d) = &existing {
            // Others may attach only when it grants them write permission.
            if d.user != *caller.user && *lock(&d.perm) & 2 == 0 {
                return Err(Error::Perm);
            }
        }
        let dir = existing.unwrap_or_else(|| {
            let path = next_path();
            let d = Arc::new(SrvDir {
                spec: spec.to_string(),
                name: format!("srv{}", caller.pid),
                user: caller.user.to_string(),
                perm: Mutex::new(0o770),
                qid: Qid::new(path, 0, QTDIR),
                entries: Mutex::new(Vec::new()),
            });
            dirs.push(d.clone());
            d
        });
        Ok(Box::new(SrvFile::new(dir, None)))
    }
}

/// A srv directory (`entry` None) or one of its files.
struct SrvFile {
    dir: Arc<SrvDir>,
    entry: Option<Arc<SrvEntry>>,
    fid: u64,
    opened: AtomicBool,
}

/// The error of a served file's call: `interrupted` once the call is.
fn served_error(text: String, caller: &Caller) -> Error {
    if caller.interrupt.is_cancelled() {
        Error::Interrupted
    } else {
        Error::Text(text)
    }
}

/// Waits for the reply to a request sent with `reply`, a sender of
/// `answer`; a raise of `stop` ends the wait (the reply is then dropped
/// when it comes). `gone` is the error when no reply can come.
pub fn await_reply<T: Send + 'static>(
    reply: &Sender<std::result::Result<T, String>>,
    answer: &Receiver<std::result::Result<T, String>>,
    stop: &Cancel,
    gone: &str,
) -> std::result::Result<T, String> {
    let wake = reply.clone();
    let _hook = stop.on_cancel(move || {
        let _ = wake.send(Err(Error::Interrupted.to_string()));
    });
    answer.recv().unwrap_or_else(|_| Err(gone.to_string()))
}

fn entry_dir(e: &SrvEntry) -> Dir {
    let m = lock(&e.meta);
    kernel_dir(&m.name, e.qid, m.perm, m.length, 's', &e.user)
}

impl SrvFile {
    fn new(dir: Arc<SrvDir>, entry: Option<Arc<SrvEntry>>) -> SrvFile {
        SrvFile {
            dir,
            entry,
            fid: NEXT_FID.fetch_add(1, Ordering::Relaxed),
            opened: AtomicBool::new(false),
        }
    }

    fn server(&self) -> Result<Arc<dyn FileServer>> {
        let entry = self.entry.as_ref().ok_or(Error::IsDir)?;
        lock(&entry.server)
            .clone()
            .ok_or(Error::Text("mounted device shut down".into()))
    }
}

impl DevFile for SrvFile {
    fn qid(&self) -> Qid {
        self.entry.as_ref().map_or(self.dir.qid, |e| e.qid)
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(SrvFile::new(self.dir.clone(), self.entry.clone()))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if self.entry.is_some() {
            return Err(Error::NotExist);
        }
        let e = lock(&self.dir.entries)
            .iter()
            .find(|e| lock(&e.meta).name == name)
            .cloned()
            .ok_or(Error::NotExist)?;
        Ok(Box::new(SrvFile::new(self.dir.clone(), Some(e))))
    }
    fn stat(&self, _caller: &Caller) -> Result<Dir> {
        Ok(match &self.entry {
            None => {
                let perm = *lock(&self.dir.perm);
                kernel_dir(&self.dir.name, self.dir.qid, perm, 0, 's', &self.dir.user)
            }
            Some(e) => entry_dir(e),
        })
    }
    fn open(&self, mode: u32, _caller: &Caller) -> Result<()> {
        match &self.entry {
            None => check_open(DMDIR | *lock(&self.dir.perm), mode),
            Some(e) => {
                check_open(lock(&e.meta).perm, mode)?;
                self.opened.store(true, Ordering::Relaxed);
                Ok(())
            }
        }
    }
    fn close(&self) {
        if self.opened.load(Ordering::Relaxed) {
            if let Ok(server) = self.server() {
                server.close(self.fid);
            }
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        if self.entry.is_none() {
            let entries: Vec<Dir> = lock(&self.dir.entries)
                .iter()
                .map(|e| entry_dir(e))
                .collect();
            return Ok(read_entries(&entries, buf, offset));
        }
        let data = self
            .server()?
            .read(offset, buf.len(), self.fid, &caller.interrupt)
            .map_err(|e| served_error(e, caller))?;
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        Ok(n)
    }
    fn write(&self, buf: &[u8], offset: u64, caller: &Caller) -> Result<usize> {
        self.server()?
            .write(offset, buf, self.fid, &caller.interrupt)
            .map_err(|e| served_error(e, caller))
    }
    /// As the original: only the owner may; a directory keeps its name; a
    /// file's new name must be free; mode and length change as given.
    fn wstat(&self, d: &Dir, caller: &Caller) -> Result<()> {
        let owner = self.entry.as_ref().map_or(&self.dir.user, |e| &e.user);
        if *caller.user != **owner {
            return Err(Error::Perm);
        }
        let Some(entry) = &self.entry else {
            if !d.name.is_empty() && d.name != self.dir.name {
                return Err(Error::Perm);
            }
            if d.mode != !0 {
                *lock(&self.dir.perm) = d.mode & 0o777;
            }
            return Ok(());
        };
        if !d.name.is_empty() {
            crate::kernel::names::validate(&d.name, false)?;
            let entries = lock(&self.dir.entries);
            let taken = entries
                .iter()
                .any(|e| !Arc::ptr_eq(e, entry) && lock(&e.meta).name == d.name);
            if taken {
                return Err(Error::Exists);
            }
            lock(&entry.meta).name = d.name.clone();
        }
        let mut m = lock(&entry.meta);
        if d.mode != !0 {
            m.perm = d.mode & (DMEXCL | DMAPPEND | 0o777);
        }
        if d.length != !0 {
            m.length = d.length;
        }
        Ok(())
    }
    fn remove(&self, _caller: &Caller) -> Result<()> {
        let entry = self.entry.as_ref().ok_or(Error::Perm)?;
        lock(&self.dir.entries).retain(|e| !Arc::ptr_eq(e, entry));
        Ok(())
    }
}
