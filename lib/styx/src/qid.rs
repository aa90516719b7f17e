//! `Qid`: the server's unique identity of a file (type, version, path).

use crate::constants::QTDIR;

/// A file's identity as the server gives it: `type[1] vers[4] path[8]` on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Qid {
    /// `QT*` bits: the top byte of the file's mode.
    pub qtype: u8,
    /// Changes when the file is modified.
    pub vers: u32,
    /// Unique among the server's files.
    pub path: u64,
}

impl Qid {
    /// Whether the qid is a directory's.
    pub fn is_dir(&self) -> bool {
        self.qtype & QTDIR != 0
    }
}
