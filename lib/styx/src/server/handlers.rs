//! What the framework does with each request: the protocol's checks on fids, modes,
//! names, counts and offsets, then the file server's operation, then the fid table's
//! update and the reply.

use std::io::Write;
use std::sync::Arc;

use crate::cancel::Cancel;
use crate::constants::*;
use crate::message::{Rmsg, Tmsg};
use crate::qid::Qid;
use crate::server::errors::*;
use crate::server::fids::Fid;
use crate::server::session::Session;
use crate::server::{FileServer, FsError, Opened};
use crate::sync::lock;

type Reply = Result<Rmsg, FsError>;

/// An open fid and its open mode.
type OpenFid<F> = (Arc<Fid<F>>, u8);

/// Runs one request (not `Tversion` or `Tflush`, which the session answers itself).
pub(crate) fn handle<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    msg: Tmsg,
    cancel: &Cancel,
) -> Reply {
    match msg {
        Tmsg::Auth { afid, uname, aname } => auth(s, afid, &uname, &aname),
        Tmsg::Attach {
            fid,
            afid,
            uname,
            aname,
        } => attach(s, fid, afid, &uname, &aname),
        Tmsg::Walk { fid, newfid, names } => walk(s, fid, newfid, &names, cancel),
        Tmsg::Open { fid, mode } => open(s, fid, mode, cancel),
        Tmsg::Create {
            fid,
            name,
            perm,
            mode,
        } => create(s, fid, &name, perm, mode, cancel),
        Tmsg::Read { fid, offset, count } => read(s, fid, offset, count, cancel),
        Tmsg::Write { fid, offset, data } => write(s, fid, offset, &data, cancel),
        Tmsg::Clunk { fid } => {
            s.release(s.fids.remove(fid)?);
            Ok(Rmsg::Clunk)
        }
        Tmsg::Remove { fid } => {
            let entry = s.fids.remove(fid)?;
            s.server.remove(&entry.file, cancel)?;
            Ok(Rmsg::Remove)
        }
        Tmsg::Stat { fid } => Ok(Rmsg::Stat {
            stat: s.server.stat(&s.fids.get(fid)?.file, cancel)?,
        }),
        Tmsg::Wstat { fid, stat } => {
            let entry = s.fids.get(fid)?;
            if !stat.name.is_empty() {
                check_name(&stat.name)?;
            }
            s.server.wstat(&entry.file, &stat, cancel)?;
            Ok(Rmsg::Wstat)
        }
        Tmsg::Version { .. } | Tmsg::Flush { .. } => Err(EBADARG.into()),
    }
}

fn auth<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    afid: u32,
    uname: &str,
    aname: &str,
) -> Reply {
    if s.fids.in_use(afid) {
        return Err(EINUSE.into());
    }
    let (file, aqid) = s.server.auth(uname, aname)?;
    s.fids
        .insert(afid, Fid::new(Arc::new(file), aqid, Some(ORDWR)))?;
    Ok(Rmsg::Auth { aqid })
}

fn attach<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    afid: u32,
    uname: &str,
    aname: &str,
) -> Reply {
    if s.fids.in_use(fid) {
        return Err(EINUSE.into());
    }
    let auth = match afid {
        NOFID => None,
        afid => Some(s.fids.get(afid)?),
    };
    let (file, qid) = s
        .server
        .attach(uname, aname, auth.as_ref().map(|a| &*a.file))?;
    s.fids.insert(fid, Fid::new(Arc::new(file), qid, None))?;
    Ok(Rmsg::Attach { qid })
}

fn walk<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    newfid: u32,
    names: &[String],
    cancel: &Cancel,
) -> Reply {
    let entry = s.fids.get(fid)?;
    if entry.mode.is_some() {
        return Err(EOPEN.into());
    }
    if newfid != fid && s.fids.in_use(newfid) {
        return Err(EINUSE.into());
    }
    if !names.is_empty() && !entry.qid.is_dir() {
        return Err(ENOTDIR.into());
    }
    let mut file = Arc::clone(&entry.file);
    let mut qid = entry.qid;
    let mut qids = Vec::with_capacity(names.len());
    for name in names {
        if !qid.is_dir() {
            break;
        }
        match s.server.walk(&file, name, cancel) {
            Ok((next, next_qid)) => {
                file = Arc::new(next);
                qid = next_qid;
                qids.push(qid);
            }
            Err(e) if qids.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    if qids.len() == names.len() {
        let walked = Fid::new(file, qid, None);
        if newfid == fid {
            s.fids.replace(fid, &entry, walked)?;
        } else {
            s.fids.insert(newfid, walked)?;
        }
    }
    Ok(Rmsg::Walk { qids })
}

/// Checks the form of an open or create mode.
fn check_mode(mode: u8) -> Result<(), FsError> {
    if mode & !(OEXEC | OTRUNC | ORCLOSE) != 0 {
        return Err(EMODE.into());
    }
    Ok(())
}

fn readable(mode: u8) -> bool {
    matches!(mode & 3, OREAD | ORDWR | OEXEC)
}

fn writable(mode: u8) -> bool {
    matches!(mode & 3, OWRITE | ORDWR)
}

/// A file name a client may create or rename to.
fn check_name(name: &str) -> Result<(), FsError> {
    if name == "." || name == ".." {
        return Err(EDOT.into());
    }
    let bad = |c: char| c == '/' || c < ' ' || ('\u{80}'..='\u{9f}').contains(&c);
    if name.is_empty() || name.chars().any(bad) {
        return Err(ENAME.into());
    }
    Ok(())
}

/// Installs an opened or created file in place of the fid's unopened one.
fn install<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    entry: &Arc<Fid<S::File>>,
    opened: Opened<S::File>,
    mode: u8,
) -> (Qid, u32) {
    let max = s.msize().saturating_sub(IOHDRSZ);
    let iounit = match opened.iounit {
        0 => max,
        n => n.min(max),
    };
    let qid = opened.qid;
    // If another request clunked the fid meanwhile, the open file is dropped.
    let _ = s
        .fids
        .replace(fid, entry, Fid::new(Arc::new(opened.file), qid, Some(mode)));
    (qid, iounit)
}

fn open<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    mode: u8,
    cancel: &Cancel,
) -> Reply {
    let entry = s.fids.get(fid)?;
    if entry.mode.is_some() {
        return Err(EOPEN.into());
    }
    check_mode(mode)?;
    if entry.qid.is_dir() && (writable(mode) || mode & (OTRUNC | ORCLOSE) != 0) {
        return Err(EPERM.into());
    }
    let opened = s.server.open(&entry.file, mode, cancel)?;
    let (qid, iounit) = install(s, fid, &entry, opened, mode);
    Ok(Rmsg::Open { qid, iounit })
}

fn create<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    name: &str,
    perm: u32,
    mode: u8,
    cancel: &Cancel,
) -> Reply {
    let entry = s.fids.get(fid)?;
    if entry.mode.is_some() {
        return Err(EOPEN.into());
    }
    if !entry.qid.is_dir() {
        return Err(ENOTDIR.into());
    }
    check_name(name)?;
    check_mode(mode)?;
    let opened = s.server.create(&entry.file, name, perm, mode, cancel)?;
    let (qid, iounit) = install(s, fid, &entry, opened, mode);
    Ok(Rmsg::Create { qid, iounit })
}

/// Checks common to reads and writes: an open fid, a count the msize allows, and an
/// offset that is not negative as Inferno's 64-bit signed offsets see it.
fn io_fid<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    offset: u64,
    count: usize,
) -> Result<OpenFid<S::File>, FsError> {
    let entry = s.fids.get(fid)?;
    let mode = entry.mode.ok_or(FsError::from(ENOTOPEN))?;
    if count > s.msize().saturating_sub(IOHDRSZ) as usize {
        return Err(ECOUNT.into());
    }
    if offset > i64::MAX as u64 {
        return Err(EOFFSET.into());
    }
    Ok((entry, mode))
}

fn read<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    offset: u64,
    count: u32,
    cancel: &Cancel,
) -> Reply {
    let (entry, mode) = io_fid(s, fid, offset, count as usize)?;
    if !readable(mode) {
        return Err(EACCESS.into());
    }
    if entry.qid.is_dir() {
        return read_dir(s, &entry, offset, count as usize, cancel);
    }
    let mut data = s.server.read(&entry.file, offset, count, cancel)?;
    data.truncate(count as usize);
    Ok(Rmsg::Read { data })
}

/// A directory read: whole stat entries from the list taken at offset 0; other
/// offsets must continue where the previous read ended.
fn read_dir<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    entry: &Fid<S::File>,
    offset: u64,
    count: usize,
    cancel: &Cancel,
) -> Reply {
    let mut cursor = lock(&entry.cursor);
    if offset == 0 {
        cursor.entries = s.server.read_dir(&entry.file, cancel)?;
        cursor.next = 0;
        cursor.offset = 0;
    } else if offset != cursor.offset {
        return Err(EOFFSET.into());
    }
    let mut data = Vec::new();
    while let Some(dir) = cursor.entries.get(cursor.next) {
        let packed = dir.encode().map_err(|e| FsError::new(e.to_string()))?;
        if data.len() + packed.len() > count {
            if data.is_empty() {
                return Err(ESHORTSTAT.into());
            }
            break;
        }
        data.extend_from_slice(&packed);
        cursor.next += 1;
    }
    cursor.offset += data.len() as u64;
    Ok(Rmsg::Read { data })
}

fn write<S: FileServer, W: Write + Send>(
    s: &Session<'_, S, W>,
    fid: u32,
    offset: u64,
    data: &[u8],
    cancel: &Cancel,
) -> Reply {
    let (entry, mode) = io_fid(s, fid, offset, data.len())?;
    if entry.qid.is_dir() {
        return Err(EPERM.into());
    }
    if !writable(mode) {
        return Err(EACCESS.into());
    }
    let count = s.server.write(&entry.file, offset, data, cancel)?;
    Ok(Rmsg::Write {
        count: count.min(data.len() as u32),
    })
}
