//! The client: speaks to a server over one connection and offers file operations on
//! fids, the way Inferno's mount driver does. Any number of threads may call at once
//! (each request gets its own tag); a call given a [`Cancel`] sends `Tflush` when it
//! is raised and fails with [`ClientError::Interrupted`] unless the reply came first.
//!
//! A [`Fid`] is not released by dropping it: give it to [`Client::clunk`] or
//! [`Client::remove`]. Dropping the last clone of a client closes the connection.

mod error;
mod mux;

use std::io::{BufReader, Read, Write};
use std::sync::{Arc, Mutex};

pub use error::ClientError;

use crate::cancel::Cancel;
use crate::constants::{IOHDRSZ, MAXRPC, MAXWELEM, NOFID, NOTAG, VERSION};
use crate::dir::Dir;
use crate::frame::read_message;
use crate::message::{Rmsg, Tmsg};
use crate::qid::Qid;
use crate::sync::lock;
use mux::Mux;

/// A fid of this client's: the file it stands for and, once open, the iounit.
#[derive(Debug, PartialEq, Eq)]
pub struct Fid {
    num: u32,
    qid: Qid,
    iounit: u32,
}

impl Fid {
    /// The number on the wire.
    pub fn num(&self) -> u32 {
        self.num
    }

    pub fn qid(&self) -> Qid {
        self.qid
    }

    /// Largest transfer in one message; 0 until opened.
    pub fn iounit(&self) -> u32 {
        self.iounit
    }
}

/// The outcome of a walk that did not fail at its first name.
#[derive(Debug, PartialEq, Eq)]
pub enum Walked {
    /// Every name was walked: the new fid and the qid of each name.
    Done { fid: Fid, qids: Vec<Qid> },
    /// Only a prefix was: the qids of that prefix; no fid was made.
    Partial { qids: Vec<Qid> },
}

/// Fid numbers in use.
#[derive(Default)]
struct FidNumbers {
    next: u32,
    free: Vec<u32>,
}

struct Shared {
    mux: Arc<Mux>,
    msize: u32,
    version: String,
    fids: Mutex<FidNumbers>,
}

/// A connection to a Styx server; clones share it.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

fn unexpected(reply: Rmsg) -> ClientError {
    match reply {
        Rmsg::Error { ename } => ClientError::Server(ename),
        Rmsg::Flush => ClientError::Interrupted,
        other => ClientError::BadReply(format!("unexpected reply type {}", other.mtype())),
    }
}

/// Sends `Tversion` and checks the answer as the mount driver does.
fn negotiate(
    reader: &mut impl Read,
    writer: &mut impl Write,
    msize: u32,
    version: &str,
) -> Result<(u32, String), ClientError> {
    let fail = |text: &str| ClientError::Version(text.to_owned());
    let request = Tmsg::Version {
        msize,
        version: version.to_owned(),
    };
    let bytes = request.encode(NOTAG).map_err(ClientError::Encode)?;
    writer
        .write_all(&bytes)
        .and_then(|()| writer.flush())
        .map_err(|_| fail("short write in fversion"))?;
    let reply = match read_message(reader, msize.max(MAXRPC)) {
        Ok(Some(reply)) => reply,
        _ => return Err(fail("EOF receiving fversion reply")),
    };
    match Rmsg::decode(&reply) {
        Err(_) => Err(fail("bad fversion conversion on reply")),
        Ok((_, Rmsg::Error { ename })) => Err(ClientError::Server(ename)),
        Ok((
            _,
            Rmsg::Version {
                msize: agreed,
                version: answer,
            },
        )) => {
            if agreed > msize {
                Err(fail("server tries to increase msize in fversion"))
            } else if !(256..=1024 * 1024).contains(&agreed) {
                Err(fail("nonsense value of msize in fversion"))
            } else if !version.starts_with(answer.as_str()) {
                Err(fail("bad 9P version returned from server"))
            } else {
                Ok((agreed, answer))
            }
        }
        Ok(_) => Err(fail("unexpected reply type in fversion")),
    }
}

impl Client {
    /// Negotiates a session over a connection (`reader` and `writer` are its two
    /// directions). `msize` 0 means [`MAXRPC`]; `version` "" means [`VERSION`].
    pub fn new(
        mut reader: impl Read + Send + 'static,
        mut writer: impl Write + Send + 'static,
        msize: u32,
        version: &str,
    ) -> Result<Client, ClientError> {
        let msize = if msize == 0 { MAXRPC } else { msize };
        let version = if version.is_empty() { VERSION } else { version };
        if !version.starts_with(VERSION) {
            return Err(ClientError::Version("bad 9P version specification".into()));
        }
        let (msize, version) = negotiate(&mut reader, &mut writer, msize, version)?;
        Ok(Client {
            shared: Arc::new(Shared {
                // A reply then takes one read of the connection, not two.
                mux: Mux::new(
                    Box::new(BufReader::with_capacity(msize as usize, reader)),
                    Box::new(writer),
                    msize,
                ),
                msize,
                version,
                fids: Mutex::new(FidNumbers::default()),
            }),
        })
    }

    /// The agreed message size.
    pub fn msize(&self) -> u32 {
        self.shared.msize
    }

    /// The agreed version.
    pub fn version(&self) -> &str {
        &self.shared.version
    }

    fn max_io(&self) -> u32 {
        self.shared.msize - IOHDRSZ
    }

    fn rpc(&self, msg: &Tmsg, cancel: Option<&Cancel>) -> Result<Rmsg, ClientError> {
        let expected = msg.mtype() + 1;
        let reply = self.shared.mux.rpc(msg, cancel)?;
        if reply.mtype() == expected {
            Ok(reply)
        } else {
            Err(unexpected(reply))
        }
    }

    fn new_fid_num(&self) -> Result<u32, ClientError> {
        let mut fids = lock(&self.shared.fids);
        if let Some(num) = fids.free.pop() {
            return Ok(num);
        }
        if fids.next == NOFID {
            return Err(ClientError::Exhausted("fids"));
        }
        fids.next += 1;
        Ok(fids.next)
    }

    fn free_fid_num(&self, num: u32) {
        lock(&self.shared.fids).free.push(num);
    }

    /// Runs a request that makes fid `num`, releasing the number if it fails.
    fn with_new_fid<T>(
        &self,
        num: u32,
        request: impl FnOnce() -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let result = request();
        if result.is_err() {
            self.free_fid_num(num);
        }
        result
    }

    /// `Tauth`: a fid for running an authentication protocol (read and write it).
    pub fn auth(
        &self,
        uname: &str,
        aname: &str,
        cancel: Option<&Cancel>,
    ) -> Result<Fid, ClientError> {
        let num = self.new_fid_num()?;
        self.with_new_fid(num, || {
            let msg = Tmsg::Auth {
                afid: num,
                uname: uname.to_owned(),
                aname: aname.to_owned(),
            };
            match self.rpc(&msg, cancel)? {
                Rmsg::Auth { aqid } => Ok(Fid {
                    num,
                    qid: aqid,
                    iounit: self.max_io(),
                }),
                other => Err(unexpected(other)),
            }
        })
    }

    /// `Tattach`: a fid for the root of tree `aname`.
    pub fn attach(
        &self,
        afid: Option<&Fid>,
        uname: &str,
        aname: &str,
        cancel: Option<&Cancel>,
    ) -> Result<Fid, ClientError> {
        let num = self.new_fid_num()?;
        self.with_new_fid(num, || {
            let msg = Tmsg::Attach {
                fid: num,
                afid: afid.map_or(NOFID, Fid::num),
                uname: uname.to_owned(),
                aname: aname.to_owned(),
            };
            match self.rpc(&msg, cancel)? {
                Rmsg::Attach { qid } => Ok(Fid {
                    num,
                    qid,
                    iounit: 0,
                }),
                other => Err(unexpected(other)),
            }
        })
    }

    /// One `Twalk` of at most `MAXWELEM` names from `from` to `to`.
    fn walk_once(
        &self,
        from: u32,
        to: u32,
        names: &[String],
        cancel: Option<&Cancel>,
    ) -> Result<Vec<Qid>, ClientError> {
        let msg = Tmsg::Walk {
            fid: from,
            newfid: to,
            names: names.to_vec(),
        };
        match self.rpc(&msg, cancel)? {
            Rmsg::Walk { qids } if qids.len() > names.len() => Err(ClientError::TooManyQids),
            Rmsg::Walk { qids } => Ok(qids),
            other => Err(unexpected(other)),
        }
    }

    /// Walks from `fid` through `names` to a new fid (no names: a clone). Longer
    /// walks than `MAXWELEM` names take several messages. An error means the first
    /// name failed; a later failure gives [`Walked::Partial`].
    pub fn walk<N: AsRef<str>>(
        &self,
        fid: &Fid,
        names: &[N],
        cancel: Option<&Cancel>,
    ) -> Result<Walked, ClientError> {
        let names: Vec<String> = names.iter().map(|n| n.as_ref().to_owned()).collect();
        let num = self.new_fid_num()?;
        let mut chunks = names.chunks(MAXWELEM);
        let first = chunks.next().unwrap_or_default();
        let mut qids = self.with_new_fid(num, || self.walk_once(fid.num, num, first, cancel))?;
        if qids.len() < first.len() {
            self.free_fid_num(num);
            return Ok(Walked::Partial { qids });
        }
        for chunk in chunks {
            let more = match self.walk_once(num, num, chunk, cancel) {
                Ok(more) => more,
                Err(ClientError::Server(_)) => Vec::new(),
                Err(e) => {
                    let _ = self.release(num, Tmsg::Clunk { fid: num });
                    return Err(e);
                }
            };
            let complete = more.len() == chunk.len();
            qids.extend(more);
            if !complete {
                let _ = self.release(num, Tmsg::Clunk { fid: num });
                return Ok(Walked::Partial { qids });
            }
        }
        let qid = qids.last().copied().unwrap_or(fid.qid);
        Ok(Walked::Done {
            fid: Fid {
                num,
                qid,
                iounit: 0,
            },
            qids,
        })
    }

    fn opened(&self, fid: &mut Fid, qid: Qid, iounit: u32) {
        fid.qid = qid;
        fid.iounit = match iounit {
            0 => self.max_io(),
            n => n.min(self.max_io()),
        };
    }

    /// `Topen` with `mode` (`OREAD`.. `OEXEC`, maybe `OTRUNC`, `ORCLOSE`).
    pub fn open(
        &self,
        fid: &mut Fid,
        mode: u8,
        cancel: Option<&Cancel>,
    ) -> Result<(), ClientError> {
        match self.rpc(&Tmsg::Open { fid: fid.num, mode }, cancel)? {
            Rmsg::Open { qid, iounit } => {
                self.opened(fid, qid, iounit);
                Ok(())
            }
            other => Err(unexpected(other)),
        }
    }

    /// `Tcreate`: makes `name` in the directory `fid` stands for, which then stands
    /// for the new file, open with `mode`.
    pub fn create(
        &self,
        fid: &mut Fid,
        name: &str,
        perm: u32,
        mode: u8,
        cancel: Option<&Cancel>,
    ) -> Result<(), ClientError> {
        let msg = Tmsg::Create {
            fid: fid.num,
            name: name.to_owned(),
            perm,
            mode,
        };
        match self.rpc(&msg, cancel)? {
            Rmsg::Create { qid, iounit } => {
                self.opened(fid, qid, iounit);
                Ok(())
            }
            other => Err(unexpected(other)),
        }
    }

    fn io_unit(&self, fid: &Fid) -> usize {
        match fid.iounit {
            0 => self.max_io() as usize,
            n => n as usize,
        }
    }

    /// Reads up to `count` bytes at `offset`, in iounit-sized messages, stopping at
    /// the first short one (so a short result is end of file or a short read).
    pub fn read(
        &self,
        fid: &Fid,
        offset: u64,
        count: usize,
        cancel: Option<&Cancel>,
    ) -> Result<Vec<u8>, ClientError> {
        let mut data = Vec::new();
        while data.len() < count {
            let want = (count - data.len()).min(self.io_unit(fid));
            let msg = Tmsg::Read {
                fid: fid.num,
                offset: offset + data.len() as u64,
                count: want as u32,
            };
            let mut got = match self.rpc(&msg, cancel)? {
                Rmsg::Read { data } => data,
                other => return Err(unexpected(other)),
            };
            got.truncate(want);
            let short = got.len() < want;
            data.extend_from_slice(&got);
            if short {
                break;
            }
        }
        Ok(data)
    }

    /// Writes `data` at `offset`, in iounit-sized messages, stopping at the first
    /// short one; the count written.
    pub fn write(
        &self,
        fid: &Fid,
        offset: u64,
        data: &[u8],
        cancel: Option<&Cancel>,
    ) -> Result<usize, ClientError> {
        let mut done = 0;
        while done < data.len() {
            let chunk = &data[done..(done + self.io_unit(fid)).min(data.len())];
            let msg = Tmsg::Write {
                fid: fid.num,
                offset: offset + done as u64,
                data: chunk.to_vec(),
            };
            let count = match self.rpc(&msg, cancel)? {
                Rmsg::Write { count } => (count as usize).min(chunk.len()),
                other => return Err(unexpected(other)),
            };
            done += count;
            if count < chunk.len() {
                break;
            }
        }
        Ok(done)
    }

    pub fn stat(&self, fid: &Fid, cancel: Option<&Cancel>) -> Result<Dir, ClientError> {
        match self.rpc(&Tmsg::Stat { fid: fid.num }, cancel)? {
            Rmsg::Stat { stat } => Ok(stat),
            other => Err(unexpected(other)),
        }
    }

    /// Changes the fields of `dir` that are not "don't touch" ([`Dir::null`]).
    pub fn wstat(&self, fid: &Fid, dir: &Dir, cancel: Option<&Cancel>) -> Result<(), ClientError> {
        let msg = Tmsg::Wstat {
            fid: fid.num,
            stat: dir.clone(),
        };
        self.rpc(&msg, cancel).map(drop)
    }

    /// Sends a request that ends fid `num` and frees the number whatever the answer.
    fn release(&self, num: u32, msg: Tmsg) -> Result<(), ClientError> {
        let result = self.rpc(&msg, None).map(drop);
        self.free_fid_num(num);
        result
    }

    /// `Tremove`: removes the file; the fid is gone even if that fails.
    pub fn remove(&self, fid: Fid) -> Result<(), ClientError> {
        self.release(fid.num, Tmsg::Remove { fid: fid.num })
    }

    /// `Tclunk`: forgets the fid.
    pub fn clunk(&self, fid: Fid) -> Result<(), ClientError> {
        self.release(fid.num, Tmsg::Clunk { fid: fid.num })
    }
}
