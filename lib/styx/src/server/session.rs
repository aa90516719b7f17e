//! One served connection: the loop that reads requests and hands them to workers,
//! the table of outstanding tags with the flushes waiting on them, version
//! negotiation, and the writing of replies (one at a time, in the order the protocol
//! requires: a request's reply before the `Rflush`es of the flushes that named it).

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use crate::cancel::Cancel;
use crate::constants::{ERRMAX, MAXRPC, ORCLOSE, VERSION};
use crate::frame::read_message;
use crate::message::{Rmsg, Tmsg};
use crate::server::errors::{EBADMSG, EINTR, EMSIZE, ENOVERSION, EREPLY, ETAG};
use crate::server::fids::{Fid, Fids};
use crate::server::workers::Pool;
use crate::server::{handlers, Config, FileServer, FsError, ServeError, MIN_MSIZE};
use crate::sync::{lock, wait};
use crate::version;

/// A request being worked on.
struct Pending {
    /// Tells this request from an earlier one that used the same tag.
    serial: u64,
    cancel: Cancel,
    /// Tags of the `Tflush`es that named this request, in arrival order.
    flushes: Vec<u16>,
}

/// The writing side of the connection with the tags it still owes replies to.
struct Outbox<W> {
    writer: W,
    pending: HashMap<u16, Pending>,
    serial: u64,
    broken: Option<io::Error>,
}

pub(crate) struct Session<'a, S: FileServer, W> {
    pub(crate) server: &'a S,
    pub(crate) fids: Fids<S::File>,
    /// The agreed message size; 0 until a `Tversion` succeeds.
    msize: AtomicU32,
    config: Config,
    out: Mutex<Outbox<W>>,
    /// Requests handed to workers and not yet finished.
    running: Mutex<usize>,
    finished: Condvar,
}

/// The error text as sent: at most `ERRMAX - 1` bytes, cut at a character boundary.
fn ename(error: FsError) -> String {
    let mut text = error.0;
    let mut end = text.len().min(ERRMAX - 1);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

impl<'a, S: FileServer, W: Write + Send> Session<'a, S, W> {
    pub(crate) fn new(server: &'a S, writer: W, config: Config) -> Self {
        Session {
            server,
            fids: Fids::new(),
            msize: AtomicU32::new(0),
            config,
            out: Mutex::new(Outbox {
                writer,
                pending: HashMap::new(),
                serial: 0,
                broken: None,
            }),
            running: Mutex::new(0),
            finished: Condvar::new(),
        }
    }

    pub(crate) fn msize(&self) -> u32 {
        self.msize.load(Ordering::SeqCst)
    }

    /// Reads and dispatches requests until end of file or a protocol error.
    pub(crate) fn run<'scope, 'env>(
        &'env self,
        reader: &mut impl Read,
        pool: &Pool<'scope, 'env>,
    ) -> Result<(), ServeError> {
        loop {
            if let Some(e) = lock(&self.out).broken.take() {
                return Err(ServeError::Write(e));
            }
            let limit = match self.msize() {
                0 => MAXRPC,
                m => m,
            };
            let Some(bytes) = read_message(reader, limit).map_err(ServeError::Frame)? else {
                return Ok(());
            };
            let (tag, msg) = match Tmsg::decode(&bytes) {
                Ok(decoded) => decoded,
                Err(e) => {
                    self.refuse_malformed(&bytes).ok_or(ServeError::Decode(e))?;
                    continue;
                }
            };
            match msg {
                Tmsg::Version { msize, version } => self.version(tag, msize, &version),
                _ if self.msize() == 0 => self.reply_now(tag, Err(ENOVERSION.into())),
                Tmsg::Flush { oldtag } => self.flush(tag, oldtag),
                msg => match self.begin(tag) {
                    None => self.reply_now(tag, Err(ETAG.into())),
                    Some((serial, cancel)) if self.prompt(&msg) => {
                        let result = handlers::handle(self, msg, &cancel);
                        self.finish(tag, serial, result);
                    }
                    Some((serial, cancel)) => {
                        *lock(&self.running) += 1;
                        pool.run(Box::new(move || {
                            let result = if cancel.is_cancelled() {
                                Err(EINTR.into())
                            } else {
                                handlers::handle(self, msg, &cancel)
                            };
                            self.finish(tag, serial, result);
                            *lock(&self.running) -= 1;
                            self.finished.notify_all();
                        }))
                    }
                },
            }
        }
    }

    /// Whether `msg` is a read or write of a file the server says is prompt.
    fn prompt(&self, msg: &Tmsg) -> bool {
        match msg {
            Tmsg::Read { fid, .. } | Tmsg::Write { fid, .. } => self
                .fids
                .get(*fid)
                .is_ok_and(|f| self.server.prompt(&f.file)),
            _ => false,
        }
    }

    /// `Tversion`: cancels everything outstanding and waits for it to end, clunks
    /// every fid, then negotiates.
    fn version(&self, tag: u16, msize: u32, proposed: &str) {
        self.abandon_requests();
        let mut running = lock(&self.running);
        while *running > 0 {
            running = wait(&self.finished, running);
        }
        drop(running);
        self.clunk_all();
        self.msize.store(0, Ordering::SeqCst);
        let msize = msize.min(self.config.max_msize);
        if msize < MIN_MSIZE {
            self.reply_now(tag, Err(EMSIZE.into()));
            return;
        }
        let agreed = version::agree(proposed);
        if agreed == VERSION {
            self.msize.store(msize, Ordering::SeqCst);
        }
        let reply = Rmsg::Version {
            msize,
            version: agreed.to_owned(),
        };
        self.reply_now(tag, Ok(reply));
    }

    /// Records a new outstanding request; `None` if its tag is already outstanding.
    fn begin(&self, tag: u16) -> Option<(u64, Cancel)> {
        let mut out = lock(&self.out);
        if out.pending.contains_key(&tag) {
            return None;
        }
        out.serial += 1;
        let serial = out.serial;
        let cancel = Cancel::new();
        out.pending.insert(
            tag,
            Pending {
                serial,
                cancel: cancel.clone(),
                flushes: Vec::new(),
            },
        );
        Some((serial, cancel))
    }

    /// Sends a finished request's reply, unless it was flushed and failed (then only
    /// the `Rflush`es) or abandoned by a `Tversion` (then nothing).
    fn finish(&self, tag: u16, serial: u64, result: Result<Rmsg, FsError>) {
        let mut out = lock(&self.out);
        if out.pending.get(&tag).map(|p| p.serial) != Some(serial) {
            return;
        }
        let Some(pending) = out.pending.remove(&tag) else {
            return;
        };
        if pending.flushes.is_empty() || result.is_ok() {
            self.write(&mut out, tag, result);
        }
        for flush in pending.flushes {
            self.write(&mut out, flush, Ok(Rmsg::Flush));
        }
    }

    /// `Tflush`: answered at once if `oldtag` is not outstanding, else after it.
    fn flush(&self, tag: u16, oldtag: u16) {
        let cancel = {
            let mut out = lock(&self.out);
            match out.pending.get_mut(&oldtag) {
                Some(pending) => {
                    pending.flushes.push(tag);
                    pending.cancel.clone()
                }
                None => {
                    self.write(&mut out, tag, Ok(Rmsg::Flush));
                    return;
                }
            }
        };
        cancel.cancel();
    }

    /// Forgets every outstanding request (no reply will be sent) and cancels it.
    pub(crate) fn abandon_requests(&self) {
        let pending = std::mem::take(&mut lock(&self.out).pending);
        for request in pending.into_values() {
            request.cancel.cancel();
        }
    }

    /// Clunks every fid.
    pub(crate) fn clunk_all(&self) {
        for fid in self.fids.take_all() {
            self.release(fid);
        }
    }

    /// The end of a clunked fid: an `ORCLOSE` file is removed; the handle is dropped
    /// when the last request using it ends.
    pub(crate) fn release(&self, fid: Arc<Fid<S::File>>) {
        if fid.mode.is_some_and(|mode| mode & ORCLOSE != 0) {
            let _ = self.server.remove(&fid.file, &Cancel::new());
        }
    }

    /// A request that does not decode, whole in its frame: answered `Rerror` on
    /// its tag when that tag is free (nothing else may be answered on it), and the
    /// session goes on. `None` when it has no tag to answer on.
    fn refuse_malformed(&self, bytes: &[u8]) -> Option<()> {
        let tag = u16::from_le_bytes([*bytes.get(5)?, *bytes.get(6)?]);
        if lock(&self.out).pending.contains_key(&tag) {
            return None;
        }
        self.reply_now(tag, Err(EBADMSG.into()));
        Some(())
    }

    fn reply_now(&self, tag: u16, result: Result<Rmsg, FsError>) {
        let mut out = lock(&self.out);
        self.write(&mut out, tag, result);
    }

    fn write(&self, out: &mut Outbox<W>, tag: u16, result: Result<Rmsg, FsError>) {
        if out.broken.is_some() {
            return;
        }
        let msg = result.unwrap_or_else(|e| Rmsg::Error { ename: ename(e) });
        let limit = match self.msize() {
            0 => usize::MAX,
            m => m as usize,
        };
        let bytes = match msg.encode(tag) {
            Ok(bytes) if bytes.len() <= limit => Ok(bytes),
            _ => Rmsg::Error {
                ename: EREPLY.to_owned(),
            }
            .encode(tag),
        };
        let Ok(bytes) = bytes else {
            return;
        };
        if let Err(e) = out
            .writer
            .write_all(&bytes)
            .and_then(|()| out.writer.flush())
        {
            out.broken = Some(e);
        }
    }
}
