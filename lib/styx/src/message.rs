//! The T-messages a client sends and the R-messages a server answers with: their
//! encoding (`size[4] type[1] tag[2] body`) and their strict decoding, which accepts
//! exactly what `encode` produces and refuses anything else with a [`DecodeError`].

use crate::constants::*;
use crate::dir::Dir;
use crate::error::{DecodeError, EncodeError};
use crate::qid::Qid;
use crate::wire::{string_len, Reader, Writer};

/// A request, without its tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tmsg {
    Version {
        msize: u32,
        version: String,
    },
    Auth {
        afid: u32,
        uname: String,
        aname: String,
    },
    Attach {
        fid: u32,
        afid: u32,
        uname: String,
        aname: String,
    },
    Flush {
        oldtag: u16,
    },
    Walk {
        fid: u32,
        newfid: u32,
        names: Vec<String>,
    },
    Open {
        fid: u32,
        mode: u8,
    },
    Create {
        fid: u32,
        name: String,
        perm: u32,
        mode: u8,
    },
    Read {
        fid: u32,
        offset: u64,
        count: u32,
    },
    Write {
        fid: u32,
        offset: u64,
        data: Vec<u8>,
    },
    Clunk {
        fid: u32,
    },
    Remove {
        fid: u32,
    },
    Stat {
        fid: u32,
    },
    Wstat {
        fid: u32,
        stat: Dir,
    },
}

/// A reply, without its tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rmsg {
    Version { msize: u32, version: String },
    Auth { aqid: Qid },
    Attach { qid: Qid },
    Error { ename: String },
    Flush,
    Walk { qids: Vec<Qid> },
    Open { qid: Qid, iounit: u32 },
    Create { qid: Qid, iounit: u32 },
    Read { data: Vec<u8> },
    Write { count: u32 },
    Clunk,
    Remove,
    Stat { stat: Dir },
    Wstat,
}

/// The fixed start of every message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Length of the whole message, this field included.
    pub size: u32,
    pub mtype: u8,
    pub tag: u16,
}

impl Header {
    /// Reads the header of a complete message (`bytes` is the whole message).
    pub fn decode(bytes: &[u8]) -> Result<Header, DecodeError> {
        if bytes.len() < HEADER_SIZE {
            return Err(DecodeError::ShortHeader { len: bytes.len() });
        }
        let mut r = Reader::new(bytes);
        let header = Header {
            size: r.u32("size")?,
            mtype: r.u8("type")?,
            tag: r.u16("tag")?,
        };
        if usize::try_from(header.size).ok() != Some(bytes.len()) {
            return Err(DecodeError::SizeMismatch {
                size: header.size,
                len: bytes.len(),
            });
        }
        Ok(header)
    }
}

/// Starts a message of `len` bytes; the caller checks `len` first.
fn start(len: usize, mtype: u8, tag: u16) -> Result<Writer, EncodeError> {
    let size = u32::try_from(len).map_err(|_| EncodeError::MessageTooLong {
        len,
        limit: u32::MAX as usize,
    })?;
    let mut w = Writer::with_capacity(len);
    w.u32(size);
    w.u8(mtype);
    w.u16(tag);
    Ok(w)
}

/// The body's reader, after checking the header's type against `expected`.
fn body(bytes: &[u8], valid: impl Fn(u8) -> bool) -> Result<(Header, Reader<'_>), DecodeError> {
    let header = Header::decode(bytes)?;
    if !valid(header.mtype) {
        return Err(DecodeError::BadType(header.mtype));
    }
    let mut r = Reader::new(bytes);
    r.take(HEADER_SIZE, "header")?;
    Ok((header, r))
}

/// `n[2] stat[n]` of `Rstat` and `Twstat`.
fn stat_len(stat: &Dir) -> usize {
    2 + stat.encoded_len()
}

fn put_stat(w: &mut Writer, stat: &Dir) -> Result<(), EncodeError> {
    let len = stat.encoded_len();
    w.u16(u16::try_from(len).map_err(|_| EncodeError::StatTooLong(len))?);
    stat.encode_into(w)
}

fn get_stat(r: &mut Reader<'_>) -> Result<Dir, DecodeError> {
    let count = usize::from(r.u16("stat count")?);
    let entry = r.take(count, "stat")?;
    let size = match entry {
        [lo, hi, ..] => 2 + usize::from(u16::from_le_bytes([*lo, *hi])),
        _ => return Err(DecodeError::Truncated { field: "stat" }),
    };
    if size != count {
        return Err(DecodeError::StatCount { count, entry: size });
    }
    Dir::decode(entry)
}

fn data_count(data: &[u8]) -> Result<u32, EncodeError> {
    u32::try_from(data.len()).map_err(|_| EncodeError::MessageTooLong {
        len: data.len(),
        limit: u32::MAX as usize,
    })
}

fn get_data(r: &mut Reader<'_>) -> Result<Vec<u8>, DecodeError> {
    let count = r.u32("count")?;
    let count = usize::try_from(count).map_err(|_| DecodeError::Truncated { field: "data" })?;
    Ok(r.take(count, "data")?.to_vec())
}

impl Tmsg {
    /// The message's type number.
    pub fn mtype(&self) -> u8 {
        match self {
            Tmsg::Version { .. } => TVERSION,
            Tmsg::Auth { .. } => TAUTH,
            Tmsg::Attach { .. } => TATTACH,
            Tmsg::Flush { .. } => TFLUSH,
            Tmsg::Walk { .. } => TWALK,
            Tmsg::Open { .. } => TOPEN,
            Tmsg::Create { .. } => TCREATE,
            Tmsg::Read { .. } => TREAD,
            Tmsg::Write { .. } => TWRITE,
            Tmsg::Clunk { .. } => TCLUNK,
            Tmsg::Remove { .. } => TREMOVE,
            Tmsg::Stat { .. } => TSTAT,
            Tmsg::Wstat { .. } => TWSTAT,
        }
    }

    /// Bytes of the encoded message, header included.
    pub fn encoded_len(&self) -> usize {
        HEADER_SIZE
            + match self {
                Tmsg::Version { version, .. } => 4 + string_len(version),
                Tmsg::Auth { uname, aname, .. } => 4 + string_len(uname) + string_len(aname),
                Tmsg::Attach { uname, aname, .. } => 8 + string_len(uname) + string_len(aname),
                Tmsg::Flush { .. } => 2,
                Tmsg::Walk { names, .. } => 10 + names.iter().map(|n| string_len(n)).sum::<usize>(),
                Tmsg::Open { .. } => 5,
                Tmsg::Create { name, .. } => 4 + string_len(name) + 5,
                Tmsg::Read { .. } => 16,
                Tmsg::Write { data, .. } => 16 + data.len(),
                Tmsg::Clunk { .. } | Tmsg::Remove { .. } | Tmsg::Stat { .. } => 4,
                Tmsg::Wstat { stat, .. } => 4 + stat_len(stat),
            }
    }

    /// The message on the wire, with `tag`.
    pub fn encode(&self, tag: u16) -> Result<Vec<u8>, EncodeError> {
        let mut w = start(self.encoded_len(), self.mtype(), tag)?;
        match self {
            Tmsg::Version { msize, version } => {
                w.u32(*msize);
                w.string(version, "version")?;
            }
            Tmsg::Auth { afid, uname, aname } => {
                w.u32(*afid);
                w.string(uname, "uname")?;
                w.string(aname, "aname")?;
            }
            Tmsg::Attach {
                fid,
                afid,
                uname,
                aname,
            } => {
                w.u32(*fid);
                w.u32(*afid);
                w.string(uname, "uname")?;
                w.string(aname, "aname")?;
            }
            Tmsg::Flush { oldtag } => w.u16(*oldtag),
            Tmsg::Walk { fid, newfid, names } => {
                if names.len() > MAXWELEM {
                    return Err(EncodeError::TooManyNames(names.len()));
                }
                w.u32(*fid);
                w.u32(*newfid);
                w.u16(names.len() as u16);
                for name in names {
                    w.string(name, "wname")?;
                }
            }
            Tmsg::Open { fid, mode } => {
                w.u32(*fid);
                w.u8(*mode);
            }
            Tmsg::Create {
                fid,
                name,
                perm,
                mode,
            } => {
                w.u32(*fid);
                w.string(name, "name")?;
                w.u32(*perm);
                w.u8(*mode);
            }
            Tmsg::Read { fid, offset, count } => {
                w.u32(*fid);
                w.u64(*offset);
                w.u32(*count);
            }
            Tmsg::Write { fid, offset, data } => {
                w.u32(*fid);
                w.u64(*offset);
                w.u32(data_count(data)?);
                w.bytes.extend_from_slice(data);
            }
            Tmsg::Clunk { fid } | Tmsg::Remove { fid } | Tmsg::Stat { fid } => w.u32(*fid),
            Tmsg::Wstat { fid, stat } => {
                w.u32(*fid);
                put_stat(&mut w, stat)?;
            }
        }
        Ok(w.bytes)
    }

    /// Decodes one whole message (the size field must match `bytes.len()`), giving
    /// its tag and body.
    pub fn decode(bytes: &[u8]) -> Result<(u16, Tmsg), DecodeError> {
        let is_request = |t| (TVERSION..=TWSTAT).contains(&t) && t % 2 == 0 && t != TERROR;
        let (header, mut r) = body(bytes, is_request)?;
        let msg = match header.mtype {
            TVERSION => Tmsg::Version {
                msize: r.u32("msize")?,
                version: r.string("version")?,
            },
            TAUTH => Tmsg::Auth {
                afid: r.u32("afid")?,
                uname: r.string("uname")?,
                aname: r.string("aname")?,
            },
            TATTACH => Tmsg::Attach {
                fid: r.u32("fid")?,
                afid: r.u32("afid")?,
                uname: r.string("uname")?,
                aname: r.string("aname")?,
            },
            TFLUSH => Tmsg::Flush {
                oldtag: r.u16("oldtag")?,
            },
            TWALK => {
                let fid = r.u32("fid")?;
                let newfid = r.u32("newfid")?;
                let n = usize::from(r.u16("nwname")?);
                if n > MAXWELEM {
                    return Err(DecodeError::TooManyNames(n));
                }
                let names = (0..n)
                    .map(|_| r.string("wname"))
                    .collect::<Result<_, _>>()?;
                Tmsg::Walk { fid, newfid, names }
            }
            TOPEN => Tmsg::Open {
                fid: r.u32("fid")?,
                mode: r.u8("mode")?,
            },
            TCREATE => Tmsg::Create {
                fid: r.u32("fid")?,
                name: r.string("name")?,
                perm: r.u32("perm")?,
                mode: r.u8("mode")?,
            },
            TREAD => Tmsg::Read {
                fid: r.u32("fid")?,
                offset: r.u64("offset")?,
                count: r.u32("count")?,
            },
            TWRITE => Tmsg::Write {
                fid: r.u32("fid")?,
                offset: r.u64("offset")?,
                data: get_data(&mut r)?,
            },
            TCLUNK => Tmsg::Clunk { fid: r.u32("fid")? },
            TREMOVE => Tmsg::Remove { fid: r.u32("fid")? },
            TSTAT => Tmsg::Stat { fid: r.u32("fid")? },
            _ => Tmsg::Wstat {
                fid: r.u32("fid")?,
                stat: get_stat(&mut r)?,
            },
        };
        r.finish("the last field")?;
        Ok((header.tag, msg))
    }
}

impl Rmsg {
    /// The message's type number.
    pub fn mtype(&self) -> u8 {
        match self {
            Rmsg::Version { .. } => RVERSION,
            Rmsg::Auth { .. } => RAUTH,
            Rmsg::Attach { .. } => RATTACH,
            Rmsg::Error { .. } => RERROR,
            Rmsg::Flush => RFLUSH,
            Rmsg::Walk { .. } => RWALK,
            Rmsg::Open { .. } => ROPEN,
            Rmsg::Create { .. } => RCREATE,
            Rmsg::Read { .. } => RREAD,
            Rmsg::Write { .. } => RWRITE,
            Rmsg::Clunk => RCLUNK,
            Rmsg::Remove => RREMOVE,
            Rmsg::Stat { .. } => RSTAT,
            Rmsg::Wstat => RWSTAT,
        }
    }

    /// Bytes of the encoded message, header included.
    pub fn encoded_len(&self) -> usize {
        HEADER_SIZE
            + match self {
                Rmsg::Version { version, .. } => 4 + string_len(version),
                Rmsg::Auth { .. } | Rmsg::Attach { .. } => QIDSZ,
                Rmsg::Error { ename } => string_len(ename),
                Rmsg::Flush | Rmsg::Clunk | Rmsg::Remove | Rmsg::Wstat => 0,
                Rmsg::Walk { qids } => 2 + QIDSZ * qids.len(),
                Rmsg::Open { .. } | Rmsg::Create { .. } => QIDSZ + 4,
                Rmsg::Read { data } => 4 + data.len(),
                Rmsg::Write { .. } => 4,
                Rmsg::Stat { stat } => stat_len(stat),
            }
    }

    /// The message on the wire, with `tag`.
    pub fn encode(&self, tag: u16) -> Result<Vec<u8>, EncodeError> {
        let mut w = start(self.encoded_len(), self.mtype(), tag)?;
        match self {
            Rmsg::Version { msize, version } => {
                w.u32(*msize);
                w.string(version, "version")?;
            }
            Rmsg::Auth { aqid: qid } | Rmsg::Attach { qid } => w.qid(qid),
            Rmsg::Error { ename } => w.string(ename, "ename")?,
            Rmsg::Flush | Rmsg::Clunk | Rmsg::Remove | Rmsg::Wstat => {}
            Rmsg::Walk { qids } => {
                if qids.len() > MAXWELEM {
                    return Err(EncodeError::TooManyQids(qids.len()));
                }
                w.u16(qids.len() as u16);
                for qid in qids {
                    w.qid(qid);
                }
            }
            Rmsg::Open { qid, iounit } | Rmsg::Create { qid, iounit } => {
                w.qid(qid);
                w.u32(*iounit);
            }
            Rmsg::Read { data } => {
                w.u32(data_count(data)?);
                w.bytes.extend_from_slice(data);
            }
            Rmsg::Write { count } => w.u32(*count),
            Rmsg::Stat { stat } => put_stat(&mut w, stat)?,
        }
        Ok(w.bytes)
    }

    /// Decodes one whole message (the size field must match `bytes.len()`), giving
    /// its tag and body.
    pub fn decode(bytes: &[u8]) -> Result<(u16, Rmsg), DecodeError> {
        let is_reply = |t| (RVERSION..=RWSTAT).contains(&t) && t % 2 == 1;
        let (header, mut r) = body(bytes, is_reply)?;
        let msg = match header.mtype {
            RVERSION => Rmsg::Version {
                msize: r.u32("msize")?,
                version: r.string("version")?,
            },
            RAUTH => Rmsg::Auth {
                aqid: r.qid("aqid")?,
            },
            RATTACH => Rmsg::Attach { qid: r.qid("qid")? },
            RERROR => Rmsg::Error {
                ename: r.string("ename")?,
            },
            RFLUSH => Rmsg::Flush,
            RWALK => {
                let n = usize::from(r.u16("nwqid")?);
                if n > MAXWELEM {
                    return Err(DecodeError::TooManyQids(n));
                }
                let qids = (0..n).map(|_| r.qid("wqid")).collect::<Result<_, _>>()?;
                Rmsg::Walk { qids }
            }
            ROPEN => Rmsg::Open {
                qid: r.qid("qid")?,
                iounit: r.u32("iounit")?,
            },
            RCREATE => Rmsg::Create {
                qid: r.qid("qid")?,
                iounit: r.u32("iounit")?,
            },
            RREAD => Rmsg::Read {
                data: get_data(&mut r)?,
            },
            RWRITE => Rmsg::Write {
                count: r.u32("count")?,
            },
            RCLUNK => Rmsg::Clunk,
            RREMOVE => Rmsg::Remove,
            RSTAT => Rmsg::Stat {
                stat: get_stat(&mut r)?,
            },
            _ => Rmsg::Wstat,
        };
        r.finish("the last field")?;
        Ok((header.tag, msg))
    }
}
