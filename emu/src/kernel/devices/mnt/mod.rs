//! `#M`, the mount driver: files of a Styx server reached through a
//! connection (a pipe end, a network line). `sys->mount` turns an open
//! connection into a [`Session`] (one `styx::Client` per connection,
//! shared by every mount of it), attaches, and binds the root it gets
//! into the name space; every operation on a file below it becomes Styx
//! requests. Files keep their server's qids; their status shows `dtype`
//! `M` and the session's number as `dev`, as the original's `mntdirfix`
//! does. `#M` cannot be attached by name.
//!
//! A plain file read from start to end is read ahead (`readahead.rs`).
//!
//! A fid is clunked when the last handle using it goes, and the clunk is
//! answered before the close that let it go returns, as in the original.
//! Only on the interpreter's thread (a dropped `FD`), which must never wait
//! for a server that may be a prog of the same interpreter, is the clunk
//! sent by a session thread of its own instead; the end of the prog that let
//! it go is reported once it is answered (see [`crate::kernel::nowait`]).

mod readahead;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, Weak};

use styx::{Cancel, Client, ClientError, Fid, Walked, IOHDRSZ};

use crate::kernel::chan::{lock, Chan};
use crate::kernel::conn::{ConnIo, Interrupt};
use crate::kernel::device::{Caller, DevFile, Device};
use crate::kernel::dir::{Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{OEXCL, QTAPPEND, QTAUTH, QTDIR, QTEXCL};
use crate::kernel::nowait::{hand_off, may_wait, Done};
use crate::kernel::styxdir::{dir_from_styx, dir_to_styx, error_from_text, qid_from_styx};
use readahead::{Fetch, ReadAhead};

/// The mount driver as the device table lists it; it has no attach by name.
pub struct MntDevice;

impl Device for MntDevice {
    fn letter(&self) -> char {
        'M'
    }
    fn name(&self) -> &'static str {
        "mnt"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Err(Error::NoAttach)
    }
}

/// A negotiated connection to a server.
pub struct Session {
    /// The `dev` number its files show.
    id: u32,
    client: Client,
    /// Fids to clunk, sent by the session's clunk thread, each with what
    /// tells of the clunk's end (by being dropped).
    clunks: Mutex<Sender<(Fid, Done)>>,
    /// Authentication fids handed out by `fauth`, for a later attach.
    auths: Mutex<Vec<Weak<HeldFid>>>,
}

static NEXT_SESSION: AtomicU32 = AtomicU32::new(1);

/// The msize proposed when none is given: the largest the original's
/// `export` agrees to, where the original's mount driver proposes
/// `IOHDRSZ` + 8 KB. A large read then takes one message rather than
/// eight; a server that allows less answers with less.
pub const MOUNT_MSIZE: u32 = IOHDRSZ + 64 * 1024;

/// Sessions by connection, so that mounting one connection twice shares it.
static SESSIONS: Mutex<Vec<(Weak<Chan>, Weak<Session>)>> = Mutex::new(Vec::new());

/// The kernel's text for a client failure.
pub fn client_error(e: ClientError) -> Error {
    match e {
        ClientError::Hungup => Error::Hungup,
        ClientError::Interrupted => Error::Interrupted,
        ClientError::Server(text) => error_from_text(text),
        other => Error::Text(other.to_string()),
    }
}

impl Session {
    /// The session of connection `conn`, negotiating one (Tversion with
    /// `msize` and `version`, 0 and "" for [`MOUNT_MSIZE`] and 9P2000) if it
    /// has none.
    pub fn of(
        conn: &Arc<Chan>,
        msize: u32,
        version: &str,
        caller: &Caller,
    ) -> Result<Arc<Session>> {
        let known = {
            let mut sessions = lock(&SESSIONS);
            sessions.retain(|(c, s)| c.strong_count() > 0 && s.strong_count() > 0);
            sessions
                .iter()
                .find(|(c, _)| std::ptr::eq(c.as_ptr(), Arc::as_ptr(conn)))
                .and_then(|(_, s)| s.upgrade())
        };
        if let Some(s) = known {
            return Ok(s);
        }
        // Negotiating waits for the server: other connections' mounts go on.
        let s = Session::negotiate(conn, msize, version, caller)?;
        lock(&SESSIONS).push((Arc::downgrade(conn), Arc::downgrade(&s)));
        Ok(s)
    }

    /// A new session on `conn` (sys->fversion always makes one).
    pub fn negotiate(
        conn: &Arc<Chan>,
        msize: u32,
        version: &str,
        caller: &Caller,
    ) -> Result<Arc<Session>> {
        // The session outlives the call that made it: not its interrupt.
        let caller = Caller {
            interrupt: Cancel::new(),
            ..caller.clone()
        };
        let io = || ConnIo {
            conn: conn.clone(),
            caller: caller.clone(),
            stop: Interrupt::new(),
        };
        let msize = if msize == 0 { MOUNT_MSIZE } else { msize };
        let client = Client::new(io(), io(), msize, version).map_err(client_error)?;
        let (tx, rx) = channel::<(Fid, Done)>();
        let clunker = client.clone();
        std::thread::Builder::new()
            .name("mnt clunk".into())
            .spawn(move || {
                for (fid, done) in rx {
                    // A failed clunk still frees the fid.
                    let _ = clunker.clunk(fid);
                    drop(done);
                }
            })
            .map_err(|e| Error::Text(e.to_string()))?;
        Ok(Arc::new(Session {
            id: NEXT_SESSION.fetch_add(1, Ordering::Relaxed),
            client,
            clunks: Mutex::new(tx),
            auths: Mutex::new(Vec::new()),
        }))
    }

    /// Clunks `fid`: now, unless this thread must not wait for the server
    /// ([`may_wait`]), when the session's clunk thread sends it.
    fn clunk(&self, fid: Fid) {
        if may_wait() {
            // A failed clunk still frees the fid.
            let _ = self.client.clunk(fid);
        } else {
            // The clunk thread is gone only once the session is.
            let _ = lock(&self.clunks).send((fid, hand_off()));
        }
    }

    /// The agreed version.
    pub fn version(&self) -> &str {
        self.client.version()
    }

    /// `Tattach` as `uname` to tree `aname`: the root of the mounted tree.
    /// `auth` is the channel `fauth` gave, if authentication was run.
    pub fn attach(
        self: &Arc<Self>,
        auth: Option<&Chan>,
        uname: &str,
        aname: &str,
    ) -> Result<Box<dyn DevFile>> {
        let afid = match auth {
            None => None,
            Some(c) => Some(self.auth_fid(c)?),
        };
        let afid_ref = afid.as_ref().map(|h| h.fid()).transpose()?;
        let fid = self
            .client
            .attach(afid_ref, uname, aname, None)
            .map_err(client_error)?;
        let mut root = MntFile::new(self.held(fid));
        root.spec = Some(aname.to_string());
        Ok(Box::new(root))
    }

    /// `Tauth` as `uname` for tree `aname`: the authentication file.
    pub fn auth(self: &Arc<Self>, uname: &str, aname: &str) -> Result<Box<dyn DevFile>> {
        let fid = self.client.auth(uname, aname, None).map_err(client_error)?;
        let held = self.held(fid);
        let mut auths = lock(&self.auths);
        auths.retain(|a| a.strong_count() > 0);
        auths.push(Arc::downgrade(&held));
        drop(auths);
        let file = MntFile::new(held.clone());
        *lock(&file.open) = Some(held);
        Ok(Box::new(file))
    }

    /// The authentication fid behind channel `c` (from this session's `fauth`).
    fn auth_fid(&self, c: &Chan) -> Result<Arc<HeldFid>> {
        if c.letter() != 'M' || c.file().devno() != self.id {
            return Err(Error::BadUseFd);
        }
        lock(&self.auths)
            .iter()
            .filter_map(Weak::upgrade)
            .find(|h| h.fid.as_ref().is_some_and(|f| f.qid().path == c.qid().path))
            .ok_or(Error::BadUseFd)
    }

    fn held(self: &Arc<Self>, fid: Fid) -> Arc<HeldFid> {
        Arc::new(HeldFid {
            session: self.clone(),
            fid: Some(fid),
        })
    }
}

/// A fid in use by one or more file handles; clunked when the last goes.
struct HeldFid {
    session: Arc<Session>,
    fid: Option<Fid>,
}

impl HeldFid {
    fn fid(&self) -> Result<&Fid> {
        self.fid.as_ref().ok_or(Error::Hungup)
    }

    fn client(&self) -> &Client {
        &self.session.client
    }

    /// A new fid for the same file (a walk of no names).
    fn clone_fid(&self) -> Result<Fid> {
        let names: [&str; 0] = [];
        match self.client().walk(self.fid()?, &names, None) {
            Ok(Walked::Done { fid, .. }) => Ok(fid),
            Ok(Walked::Partial { .. }) => Err(Error::NotExist),
            Err(e) => Err(client_error(e)),
        }
    }
}

impl Drop for HeldFid {
    fn drop(&mut self) {
        if let Some(fid) = self.fid.take() {
            self.session.clunk(fid);
        }
    }
}

/// A file of a mounted tree: the fid it was walked to, and its own fid
/// once opened.
struct MntFile {
    base: Arc<HeldFid>,
    qid: Mutex<Qid>,
    open: Mutex<Option<Arc<HeldFid>>>,
    /// For an open file other than a directory: its read-ahead.
    ahead: Mutex<Option<Ahead>>,
    /// For the root an attach gave: the attach specifier.
    spec: Option<String>,
}

/// The read-ahead of an open file, with the way to read it and the size
/// of a piece (what one message carries).
struct Ahead {
    state: ReadAhead,
    fetch: Fetch,
    piece: usize,
}

impl Ahead {
    fn new(fid: &Arc<HeldFid>) -> Ahead {
        let held = fid.clone();
        let fetch: Fetch = Arc::new(move |offset, size| {
            held.client()
                .read(held.fid().ok()?, offset, size, None)
                .ok()
        });
        let piece = match fid.fid.as_ref().map_or(0, Fid::iounit) {
            0 => fid.client().msize().saturating_sub(IOHDRSZ) as usize,
            n => n as usize,
        };
        Ahead {
            state: ReadAhead::new(),
            fetch,
            piece,
        }
    }
}

impl MntFile {
    fn new(base: Arc<HeldFid>) -> MntFile {
        let qid = base
            .fid
            .as_ref()
            .map(|f| qid_from_styx(f.qid()))
            .unwrap_or_default();
        MntFile {
            base,
            qid: Mutex::new(qid),
            open: Mutex::new(None),
            ahead: Mutex::new(None),
            spec: None,
        }
    }

    /// The fid operations go to: the open one if any.
    fn current(&self) -> Arc<HeldFid> {
        lock(&self.open)
            .clone()
            .unwrap_or_else(|| self.base.clone())
    }

    fn session(&self) -> &Arc<Session> {
        &self.base.session
    }

    fn opened(&self) -> Result<Arc<HeldFid>> {
        lock(&self.open).clone().ok_or(Error::BadUseFd)
    }

    /// Makes `fid` this handle's open fid.
    fn set_open(&self, fid: Fid) {
        let qid = qid_from_styx(fid.qid());
        *lock(&self.qid) = qid;
        let held = self.session().held(fid);
        if qid.qtype & QTDIR == 0 {
            *lock(&self.ahead) = Some(Ahead::new(&held));
        }
        *lock(&self.open) = Some(held);
    }

    /// The length of the open file `f` if it is a plain one (one the
    /// server keeps no special rules for reading); asked of the server.
    fn plain_length(&self, f: &HeldFid) -> Option<u64> {
        if self.qid().qtype & (QTDIR | QTAPPEND | QTEXCL | QTAUTH) != 0 {
            return None;
        }
        f.client().stat(f.fid().ok()?, None).ok().map(|d| d.length)
    }
}

impl DevFile for MntFile {
    fn qid(&self) -> Qid {
        *lock(&self.qid)
    }
    fn devno(&self) -> u32 {
        self.session().id
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(MntFile {
            base: self.base.clone(),
            qid: Mutex::new(self.qid()),
            open: Mutex::new(None),
            ahead: Mutex::new(None),
            spec: self.spec.clone(),
        })
    }
    fn walk(&self, name: &str, caller: &Caller) -> Result<Box<dyn DevFile>> {
        let from = self.current();
        match from
            .client()
            .walk(from.fid()?, &[name], Some(&caller.interrupt))
        {
            Ok(Walked::Done { fid, .. }) => Ok(Box::new(MntFile::new(self.session().held(fid)))),
            Ok(Walked::Partial { .. }) => Err(Error::NotExist),
            Err(e) => Err(client_error(e)),
        }
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        let f = self.current();
        let stat = f.client().stat(f.fid()?, Some(&caller.interrupt));
        let mut d = dir_from_styx(stat.map_err(client_error)?);
        d.dtype = 'M' as u16;
        d.dev = self.session().id;
        Ok(d)
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        if lock(&self.open).is_some() {
            // An authentication file is open from the start.
            return Ok(());
        }
        let mut fid = self.base.clone_fid()?;
        let client = self.base.client();
        if let Err(e) = client.open(&mut fid, mode as u8, Some(&caller.interrupt)) {
            self.session().clunk(fid);
            return Err(client_error(e));
        }
        self.set_open(fid);
        Ok(())
    }
    fn create(&self, name: &str, mode: u32, perm: u32, caller: &Caller) -> Result<()> {
        let mut fid = self.base.clone_fid()?;
        let client = self.base.client();
        let mode = (mode & !OEXCL) as u8;
        if let Err(e) = client.create(&mut fid, name, perm, mode, Some(&caller.interrupt)) {
            self.session().clunk(fid);
            return Err(client_error(e));
        }
        self.set_open(fid);
        Ok(())
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let f = self.opened()?;
        let mut ahead = lock(&self.ahead);
        if let Some(a) = ahead.as_mut() {
            if let Some(n) = a.state.take(buf, offset) {
                return Ok(n);
            }
        }
        let data = f
            .client()
            .read(f.fid()?, offset, buf.len(), Some(&caller.interrupt))
            .map_err(client_error)?;
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        if let Some(a) = ahead.as_mut() {
            let length = || self.plain_length(&f);
            a.state
                .note(offset, buf.len(), n, &a.fetch, a.piece, length);
        }
        if self.qid().qtype & QTDIR != 0 {
            fix_entries(&mut buf[..n], self.session().id);
        }
        Ok(n)
    }
    fn read_now(&self, buf: &mut [u8], offset: u64) -> Option<usize> {
        let mut ahead = self.ahead.try_lock().ok()?;
        let a = ahead.as_mut()?;
        if !a.state.at_hand(offset, buf.len()) {
            return None;
        }
        a.state.take(buf, offset)
    }
    fn write(&self, buf: &[u8], offset: u64, caller: &Caller) -> Result<usize> {
        if let Some(a) = lock(&self.ahead).as_mut() {
            a.state.forget();
        }
        let f = self.opened()?;
        f.client()
            .write(f.fid()?, offset, buf, Some(&caller.interrupt))
            .map_err(client_error)
    }
    fn remove(&self, _caller: &Caller) -> Result<()> {
        let fid = self.current().clone_fid()?;
        self.base.client().remove(fid).map_err(client_error)
    }
    fn wstat(&self, dir: &Dir, caller: &Caller) -> Result<()> {
        let f = self.current();
        f.client()
            .wstat(f.fid()?, &dir_to_styx(dir), Some(&caller.interrupt))
            .map_err(client_error)
    }
    fn close(&self) {
        lock(&self.ahead).take();
        lock(&self.open).take();
    }
    fn mount_spec(&self) -> Option<&str> {
        self.spec.as_deref()
    }
    fn iounit(&self) -> u32 {
        lock(&self.open)
            .as_ref()
            .and_then(|f| f.fid.as_ref().map(Fid::iounit))
            .unwrap_or(0)
    }
}

/// Sets the type and instance of every stat entry of a directory read to
/// the mount's, leaving the rest as the server sent it.
fn fix_entries(mut data: &mut [u8], dev: u32) {
    while data.len() >= 8 {
        let size = u16::from_le_bytes([data[0], data[1]]) as usize + 2;
        if size > data.len() {
            return;
        }
        data[2..4].copy_from_slice(&('M' as u16).to_le_bytes());
        data[4..8].copy_from_slice(&dev.to_le_bytes());
        data = &mut data[size..];
    }
}
