//! `#P`, the profiling device (bound on `/prof` by the Profile library): a
//! write-only `ctl` taking the original's messages (`module name...`,
//! `start`, `startmp[123]`, `stop`, `end`, `interval ms`), and a directory
//! per profiled module, named by its number in `%.8x`, holding `name`,
//! `path`, `histogram` (one `index count` pair of a non-zero bucket per
//! read, in increasing order) and `pctl` (accepted, unused). The counting
//! is the interpreter's, in a [`Profile`] shared with this device.
//!
//! Differences from the original: coverage profiling (`startcp pid`) is not
//! offered (the interpreter has no per-instruction hook for it), and a
//! memory profile counts the Dis heap only, whichever of `1`, `2` and `3`
//! (main, heap, image pools) `startmp` names.

use std::sync::{Arc, Mutex};

use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, QTDIR, QTFILE};
use dis::vm::profile::Profile;

/// The largest ctl message read, as the original's buffer.
const MAX_CTL: usize = 127;

/// The smallest read of `histogram`.
const MIN_HISTOGRAM_READ: usize = 20;

/// The profiling device over a machine's profile.
pub struct ProfDevice {
    profile: Arc<Profile>,
}

impl ProfDevice {
    pub fn new(profile: Arc<Profile>) -> ProfDevice {
        ProfDevice { profile }
    }
}

impl Device for ProfDevice {
    fn letter(&self) -> char {
        'P'
    }
    fn name(&self) -> &'static str {
        "prof"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(ProfFile::new(self.profile.clone(), Node::Root)))
    }
}

/// A file of the tree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Root,
    Ctl,
    /// A module's directory, by record number.
    Module(u32),
    Name(u32),
    Path(u32),
    Histogram(u32),
    Pctl(u32),
}

/// A file of a module's directory: its name and the node it is for a
/// module's number.
type ModuleFile = (&'static str, fn(u32) -> Node);

/// The files of a module's directory, as the original lists them.
const MODULE_FILES: [ModuleFile; 4] = [
    ("name", Node::Name),
    ("path", Node::Path),
    ("histogram", Node::Histogram),
    ("pctl", Node::Pctl),
];

impl Node {
    /// The qid: the record number in the high bits, the file below, as the
    /// original's.
    fn qid(self) -> Qid {
        let (id, kind, qtype) = match self {
            Node::Root => (0, 0, QTDIR),
            Node::Module(id) => (id, 0, QTDIR),
            Node::Name(id) => (id, 1, QTFILE),
            Node::Path(id) => (id, 2, QTFILE),
            Node::Histogram(id) => (id, 3, QTFILE),
            Node::Pctl(id) => (id, 4, QTFILE),
            Node::Ctl => (0, 5, QTFILE),
        };
        Qid::new(u64::from(id) << 4 | kind, id, qtype)
    }

    fn perm(self) -> u32 {
        match self {
            Node::Root | Node::Module(_) => DMDIR | 0o555,
            Node::Ctl | Node::Pctl(_) => 0o222,
            _ => 0o444,
        }
    }

    fn name(self) -> String {
        match self {
            Node::Root => "#P".into(),
            Node::Ctl => "ctl".into(),
            Node::Module(id) => format!("{id:08x}"),
            Node::Name(_) => "name".into(),
            Node::Path(_) => "path".into(),
            Node::Histogram(_) => "histogram".into(),
            Node::Pctl(_) => "pctl".into(),
        }
    }

    /// The record a file belongs to.
    fn record(self) -> Option<u32> {
        match self {
            Node::Root | Node::Ctl => None,
            Node::Module(id)
            | Node::Name(id)
            | Node::Path(id)
            | Node::Histogram(id)
            | Node::Pctl(id) => Some(id),
        }
    }

    fn dir(self, user: &str) -> Dir {
        kernel_dir(&self.name(), self.qid(), self.perm(), 0, 'P', user)
    }
}

struct ProfFile {
    profile: Arc<Profile>,
    node: Node,
    /// The next bucket a read of `histogram` looks from.
    cursor: Mutex<usize>,
}

impl ProfFile {
    fn new(profile: Arc<Profile>, node: Node) -> ProfFile {
        ProfFile {
            profile,
            node,
            cursor: Mutex::new(0),
        }
    }

    /// The record this file belongs to must still exist.
    fn check_record(&self) -> Result<()> {
        match self.node.record() {
            Some(id) if !self.profile.has(id) => Err(Error::ThreadExited),
            _ => Ok(()),
        }
    }

    fn ctl(&self, msg: &str) -> Result<()> {
        let words: Vec<&str> = msg
            .split([' ', '\t', '\n'])
            .filter(|w| !w.is_empty())
            .collect();
        let p = &self.profile;
        match words.as_slice() {
            ["module", names @ ..] => p.set_modules(names.iter().map(|s| s.to_string()).collect()),
            ["start"] => p.start_sampling(),
            [w] if w.starts_with("startmp") => p.start_memory(),
            ["stop"] => p.stop(),
            ["end"] => p.end(),
            ["interval", ms] => p.set_interval(parse_ulong(ms)),
            _ => return Err(Error::BadArg),
        }
        Ok(())
    }
}

/// A number as C's `strtoul(s, nil, 0)` reads it: decimal, `0x` hex or
/// `0` octal, up to the first character that does not belong; 0 if none.
fn parse_ulong(s: &str) -> u32 {
    let (digits, radix) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => (h, 16),
        None if s.starts_with('0') => (s, 8),
        None => (s, 10),
    };
    let end = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    u32::from_str_radix(&digits[..end], radix).unwrap_or(if end == 0 { 0 } else { u32::MAX })
}

impl DevFile for ProfFile {
    fn qid(&self) -> Qid {
        self.node.qid()
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(ProfFile::new(self.profile.clone(), self.node))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        let node = match self.node {
            Node::Root if name == "ctl" => Node::Ctl,
            Node::Root => {
                let id = self
                    .profile
                    .records()
                    .into_iter()
                    .map(|(id, _, _)| id)
                    .find(|&id| Node::Module(id).name() == name)
                    .ok_or(Error::NotExist)?;
                Node::Module(id)
            }
            Node::Module(id) => {
                let (_, make) = MODULE_FILES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .ok_or(Error::NotExist)?;
                make(id)
            }
            _ => return Err(Error::NotDir),
        };
        let f = ProfFile::new(self.profile.clone(), node);
        f.check_record().map_err(|_| Error::NotExist)?;
        Ok(Box::new(f))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        self.check_record().map_err(|_| Error::NotExist)?;
        Ok(self.node.dir(&caller.user))
    }
    fn open(&self, mode: u32, _caller: &Caller) -> Result<()> {
        check_open(self.node.perm(), mode)?;
        self.check_record()?;
        *lock(&self.cursor) = 0;
        Ok(())
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let records = || self.profile.records().into_iter();
        match self.node {
            Node::Root => {
                let entries: Vec<Dir> = std::iter::once(Node::Ctl)
                    .chain(records().map(|(id, _, _)| Node::Module(id)))
                    .map(|n| n.dir(&caller.user))
                    .collect();
                Ok(read_entries(&entries, buf, offset))
            }
            Node::Module(id) => {
                self.check_record()?;
                let entries: Vec<Dir> = MODULE_FILES
                    .iter()
                    .map(|(_, make)| make(id).dir(&caller.user))
                    .collect();
                Ok(read_entries(&entries, buf, offset))
            }
            Node::Name(id) | Node::Path(id) => {
                let (_, name, path) = records().find(|r| r.0 == id).ok_or(Error::ThreadExited)?;
                let text = if matches!(self.node, Node::Name(_)) {
                    name
                } else {
                    path
                };
                Ok(read_text(text.as_bytes(), buf, offset))
            }
            Node::Histogram(id) => {
                self.check_record()?;
                let mut cursor = lock(&self.cursor);
                let Some((i, n)) = self.profile.next_bucket(id, *cursor) else {
                    return Ok(0);
                };
                *cursor = i + 1;
                if buf.len() < MIN_HISTOGRAM_READ {
                    return Err(Error::Text("read or write too small".into()));
                }
                let pair = format!("{i} {n}");
                let k = pair.len().min(buf.len());
                buf[..k].copy_from_slice(&pair.as_bytes()[..k]);
                Ok(k)
            }
            Node::Ctl | Node::Pctl(_) => Err(Error::Perm),
        }
    }
    fn write(&self, buf: &[u8], _offset: u64, _caller: &Caller) -> Result<usize> {
        match self.node {
            Node::Ctl => {
                let n = buf.len().min(MAX_CTL);
                self.ctl(&String::from_utf8_lossy(&buf[..n]))?;
                Ok(buf.len())
            }
            Node::Pctl(_) => {
                self.check_record()?;
                Ok(buf.len())
            }
            Node::Root | Node::Module(_) => Err(Error::IsDir),
            _ => Err(Error::Perm),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_strtoul() {
        assert_eq!(parse_ulong("10"), 10);
        assert_eq!(parse_ulong("0x10"), 16);
        assert_eq!(parse_ulong("010"), 8);
        assert_eq!(parse_ulong("7ms"), 7);
        assert_eq!(parse_ulong("x"), 0);
    }
}
