//! Moving file status between the kernel and Styx: the kernel's [`Dir`]
//! and [`Qid`] and the `styx` crate's are the same records, field for
//! field; the mount driver and `export` convert at the protocol boundary.
//! Also turns kernel errors into the text a Styx `Rerror` carries.

use super::dir::{Dir, Qid};
use super::error::Error;

/// A kernel qid as Styx sends it.
pub fn qid_to_styx(q: Qid) -> styx::Qid {
    styx::Qid {
        qtype: q.qtype,
        vers: q.vers,
        path: q.path,
    }
}

/// A Styx qid as the kernel keeps it.
pub fn qid_from_styx(q: styx::Qid) -> Qid {
    Qid::new(q.path, q.vers, q.qtype)
}

/// A kernel Dir as Styx sends it.
pub fn dir_to_styx(d: &Dir) -> styx::Dir {
    styx::Dir {
        dtype: d.dtype,
        dev: d.dev,
        qid: qid_to_styx(d.qid),
        mode: d.mode,
        atime: d.atime,
        mtime: d.mtime,
        length: d.length,
        name: d.name.clone(),
        uid: d.uid.clone(),
        gid: d.gid.clone(),
        muid: d.muid.clone(),
    }
}

/// A Styx Dir as the kernel keeps it.
pub fn dir_from_styx(d: styx::Dir) -> Dir {
    Dir {
        name: d.name,
        uid: d.uid,
        gid: d.gid,
        muid: d.muid,
        qid: qid_from_styx(d.qid),
        mode: d.mode,
        atime: d.atime,
        mtime: d.mtime,
        length: d.length,
        dtype: d.dtype,
        dev: d.dev,
    }
}

/// The text a server sends for a kernel error: the device's own words,
/// without the path a name lookup puts in front (the client's kernel adds
/// its own).
pub fn error_text(e: &Error) -> String {
    match e {
        Error::Name { cause, .. } => error_text(cause),
        other => other.to_string(),
    }
}

/// The kernel error an `Rerror` text stands for: the common texts become
/// their variants (so callers can tell them apart), others stay text.
pub fn error_from_text(text: String) -> Error {
    let known = [
        Error::NotExist,
        Error::Exists,
        Error::Perm,
        Error::NotDir,
        Error::IsDir,
        Error::Hungup,
        Error::BadArg,
    ];
    known
        .into_iter()
        .find(|e| e.to_string() == text)
        .unwrap_or(Error::Text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirs_convert_both_ways() {
        let d = Dir {
            name: "f".into(),
            uid: "u".into(),
            gid: "g".into(),
            muid: "m".into(),
            qid: Qid::new(7, 3, 0x80),
            mode: 0x8000_01ed,
            atime: 1,
            mtime: 2,
            length: 9,
            dtype: 'U' as u16,
            dev: 4,
        };
        assert_eq!(dir_from_styx(dir_to_styx(&d)), d);
        let wrapped = Error::NotExist.at_path("/x/y");
        assert_eq!(error_text(&wrapped), "file does not exist");
    }
}
