//! `#/`, the root device: the skeleton of empty directories that the boot
//! name space binds devices and host directories onto.

use crate::kernel::device::{check_open, kernel_dir, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::QTDIR;
use std::sync::Arc;

/// The directories of the original hosted kernel's root.
pub const BOOT_DIRS: &[&str] = &[
    "chan", "dev", "env", "fd", "net", "net.alt", "nvfs", "prog", "prof",
];

/// The root device with a fixed list of top-level directories.
pub struct RootDevice {
    dirs: Arc<Vec<String>>,
}

impl RootDevice {
    /// A root holding the named (empty) directories.
    pub fn new(dirs: &[&str]) -> RootDevice {
        RootDevice {
            dirs: Arc::new(dirs.iter().map(|s| s.to_string()).collect()),
        }
    }
}

impl Device for RootDevice {
    fn letter(&self) -> char {
        '/'
    }
    fn name(&self) -> &'static str {
        "root"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(RootFile {
            dirs: self.dirs.clone(),
            index: None,
        }))
    }
}

/// The root (`index` None) or one of its directories.
struct RootFile {
    dirs: Arc<Vec<String>>,
    index: Option<usize>,
}

impl RootFile {
    fn dir_of(&self, index: Option<usize>, user: &str) -> Dir {
        let (name, path) = match index {
            None => ("/", 0),
            Some(i) => (self.dirs[i].as_str(), i as u64 + 1),
        };
        kernel_dir(name, Qid::new(path, 0, QTDIR), 0o555, 0, '/', user)
    }
}

impl DevFile for RootFile {
    fn qid(&self) -> Qid {
        Qid::new(self.index.map_or(0, |i| i as u64 + 1), 0, QTDIR)
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(RootFile {
            dirs: self.dirs.clone(),
            index: self.index,
        })
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if self.index.is_some() {
            return Err(Error::NotExist);
        }
        let i = self
            .dirs
            .iter()
            .position(|d| d == name)
            .ok_or(Error::NotExist)?;
        Ok(Box::new(RootFile {
            dirs: self.dirs.clone(),
            index: Some(i),
        }))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        Ok(self.dir_of(self.index, &caller.user))
    }
    fn open(&self, mode: u32, _caller: &Caller) -> Result<()> {
        check_open(crate::kernel::flags::DMDIR | 0o555, mode)
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        if self.index.is_some() {
            return Ok(0);
        }
        let entries: Vec<Dir> = (0..self.dirs.len())
            .map(|i| self.dir_of(Some(i), &caller.user))
            .collect();
        Ok(read_entries(&entries, buf, offset))
    }
}
