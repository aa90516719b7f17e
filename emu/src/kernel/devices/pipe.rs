//! `#|`, pipes: each attach makes a new pipe, a directory holding two
//! cross-connected ends, `data` and `data1`. Writes keep their boundaries
//! (one read returns at most one write's bytes); a read blocks until data
//! comes, and gives end of file once the other end's last opener has
//! closed; writing after this end's reader is gone fails with `write on
//! closed pipe`, which the Sys layer raises in the writer. A read or write
//! that waits fails with `interrupted` when its call is interrupted. The
//! user who attached may rename an end or change its permission (wstat), as
//! std's `${pipe}` does to give the end a name of its own.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use styx::HookGuard;

use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, QTDIR, QTFILE};

/// Bytes queued in one direction before writers wait.
const QUEUE_LIMIT: usize = 32 * 1024;

/// The pipe device.
pub struct PipeDevice;

static NEXT_PIPE: AtomicU64 = AtomicU64::new(1);

#[derive(Default)]
struct Queue {
    msgs: VecDeque<Vec<u8>>,
    len: usize,
    /// The writers are gone: reads give end of file once it is empty.
    hungup: bool,
    /// The reader is gone: writes fail.
    closed: bool,
}

struct PipeState {
    /// `q[0]` is read through `data` and written through `data1`;
    /// `q[1]` the other way round.
    q: [Queue; 2],
    /// Open channels on each end.
    opens: [usize; 2],
    /// Each end's name and permission: `data` and `data1`, 8r660, until a
    /// wstat changes them.
    names: [String; 2],
    perms: [u32; 2],
}

impl PipeState {
    fn new() -> PipeState {
        PipeState {
            q: Default::default(),
            opens: [0; 2],
            names: ["data".to_string(), "data1".to_string()],
            perms: [0o660; 2],
        }
    }
}

struct Pipe {
    id: u64,
    /// Who attached: only they may wstat an end.
    user: Arc<str>,
    state: Mutex<PipeState>,
    changed: Condvar,
}

impl Pipe {
    fn lock(&self) -> MutexGuard<'_, PipeState> {
        lock(&self.state)
    }
    /// Waits for a change, or fails with `interrupted` once the caller's call is
    /// interrupted. The first wait only registers, in `hook`, what wakes the
    /// waiter then (with the state unlocked: the hook takes the lock, and runs
    /// at once if the call is already interrupted) and returns for the caller
    /// to look again.
    fn wait<'a>(
        self: &'a Arc<Self>,
        g: MutexGuard<'a, PipeState>,
        caller: &Caller,
        hook: &mut Option<HookGuard>,
    ) -> Result<MutexGuard<'a, PipeState>> {
        if hook.is_none() {
            drop(g);
            let pipe = self.clone();
            *hook = Some(caller.interrupt.on_cancel(move || {
                let _held = pipe.lock();
                pipe.changed.notify_all();
            }));
            return Ok(self.lock());
        }
        if caller.interrupt.is_cancelled() {
            return Err(Error::Interrupted);
        }
        Ok(self.changed.wait(g).unwrap_or_else(|e| e.into_inner()))
    }
}

impl Device for PipeDevice {
    fn letter(&self) -> char {
        '|'
    }
    fn name(&self) -> &'static str {
        "pipe"
    }
    fn attach(&self, _spec: &str, caller: &Caller) -> Result<Box<dyn DevFile>> {
        let pipe = Arc::new(Pipe {
            id: NEXT_PIPE.fetch_add(1, Ordering::Relaxed),
            user: caller.user.clone(),
            state: Mutex::new(PipeState::new()),
            changed: Condvar::new(),
        });
        Ok(Box::new(PipeFile::new(pipe, None)))
    }
}

/// The pipe's directory (`end` None) or one of its ends.
struct PipeFile {
    pipe: Arc<Pipe>,
    end: Option<usize>,
    opened: AtomicBool,
}

impl PipeFile {
    fn new(pipe: Arc<Pipe>, end: Option<usize>) -> PipeFile {
        PipeFile {
            pipe,
            end,
            opened: AtomicBool::new(false),
        }
    }

    fn qid_of(&self, end: Option<usize>) -> Qid {
        match end {
            None => Qid::new(self.pipe.id << 5, 0, QTDIR),
            Some(e) => Qid::new(self.pipe.id << 5 | (e as u64 + 1), 0, QTFILE),
        }
    }

    fn end_dir(&self, e: usize, user: &str) -> Dir {
        let st = self.pipe.lock();
        let len = st.q[e].len as u64;
        kernel_dir(
            &st.names[e],
            self.qid_of(Some(e)),
            st.perms[e],
            len,
            '|',
            user,
        )
    }
}

impl DevFile for PipeFile {
    fn qid(&self) -> Qid {
        self.qid_of(self.end)
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(PipeFile::new(self.pipe.clone(), self.end))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if self.end.is_some() {
            return Err(Error::NotExist);
        }
        let e = self
            .pipe
            .lock()
            .names
            .iter()
            .position(|n| n == name)
            .ok_or(Error::NotExist)?;
        Ok(Box::new(PipeFile::new(self.pipe.clone(), Some(e))))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        Ok(match self.end {
            None => kernel_dir(".", self.qid(), 0o555, 0, '|', &caller.user),
            Some(e) => self.end_dir(e, &caller.user),
        })
    }
    fn open(&self, mode: u32, _caller: &Caller) -> Result<()> {
        let Some(e) = self.end else {
            return check_open(DMDIR | 0o500, mode);
        };
        let mut st = self.pipe.lock();
        check_open(st.perms[e], mode)?;
        st.opens[e] += 1;
        drop(st);
        self.opened.store(true, Ordering::Relaxed);
        Ok(())
    }
    fn close(&self) {
        let Some(e) = self.end else { return };
        if !self.opened.load(Ordering::Relaxed) {
            return;
        }
        let mut st = self.pipe.lock();
        st.opens[e] -= 1;
        if st.opens[e] == 0 {
            // This end's writers are gone: the other end reads end of
            // file; its readers are gone: the other end's writes fail.
            st.q[1 - e].hungup = true;
            let mine = &mut st.q[e];
            mine.closed = true;
            mine.msgs.clear();
            mine.len = 0;
        }
        if st.opens == [0, 0] {
            st.q = Default::default();
        }
        drop(st);
        self.pipe.changed.notify_all();
    }
    /// As the original: only the attaching user, only an end; a new name
    /// must differ from the other end's.
    fn wstat(&self, d: &Dir, caller: &Caller) -> Result<()> {
        let Some(e) = self.end else {
            return Err(Error::Perm);
        };
        if *caller.user != *self.pipe.user {
            return Err(Error::Perm);
        }
        let mut st = self.pipe.lock();
        if !d.name.is_empty() {
            crate::kernel::names::validate(&d.name, false)?;
            if st.names[1 - e] == d.name {
                return Err(Error::Exists);
            }
            st.names[e] = d.name.clone();
        }
        if d.mode != !0 {
            st.perms[e] = d.mode & 0o777;
        }
        Ok(())
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let Some(e) = self.end else {
            let entries = [self.end_dir(0, &caller.user), self.end_dir(1, &caller.user)];
            return Ok(read_entries(&entries, buf, offset));
        };
        let mut st = self.pipe.lock();
        let mut hook = None;
        loop {
            let q = &mut st.q[e];
            if let Some(front) = q.msgs.front_mut() {
                let n = buf.len().min(front.len());
                buf[..n].copy_from_slice(&front[..n]);
                front.drain(..n);
                if front.is_empty() {
                    q.msgs.pop_front();
                }
                q.len -= n;
                drop(st);
                self.pipe.changed.notify_all();
                return Ok(n);
            }
            if q.hungup || q.closed {
                return Ok(0);
            }
            st = self.pipe.wait(st, caller, &mut hook)?;
        }
    }
    fn write(&self, buf: &[u8], _offset: u64, caller: &Caller) -> Result<usize> {
        let Some(e) = self.end else {
            return Err(Error::Perm);
        };
        let mut st = self.pipe.lock();
        let mut hook = None;
        loop {
            let q = &mut st.q[1 - e];
            if q.closed {
                return Err(Error::ClosedPipe);
            }
            if q.len < QUEUE_LIMIT {
                q.msgs.push_back(buf.to_vec());
                q.len += buf.len();
                drop(st);
                self.pipe.changed.notify_all();
                return Ok(buf.len());
            }
            st = self.pipe.wait(st, caller, &mut hook)?;
        }
    }
}
