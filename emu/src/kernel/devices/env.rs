//! `#e`, the environment device: one file per variable of the calling
//! process's environment group. Reading gives the value, create and write
//! set it, remove unsets it.

use std::sync::Mutex;

use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{now_secs, read_entries, Dir, Qid};
use crate::kernel::env::{next_var_path, EnvVar};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, OTRUNC, QTDIR, QTFILE};

/// Longest variable name.
const MAXNAME: usize = 127;

/// Largest value a write may make.
const MAXVALUE: usize = 16 << 20;

/// The environment device.
pub struct EnvDevice;

impl Device for EnvDevice {
    fn letter(&self) -> char {
        'e'
    }
    fn name(&self) -> &'static str {
        "env"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(EnvFile {
            var: Mutex::new(None),
        }))
    }
}

/// The directory (None) or the variable of that name.
struct EnvFile {
    var: Mutex<Option<(String, Qid)>>,
}

fn var_qid(v: &EnvVar) -> Qid {
    Qid::new(v.path, v.vers, QTFILE)
}

fn var_dir(name: &str, v: &EnvVar, user: &str) -> Dir {
    let mut d = kernel_dir(name, var_qid(v), 0o666, v.value.len() as u64, 'e', user);
    d.mtime = v.mtime;
    d.atime = v.mtime;
    d
}

impl EnvFile {
    fn name(&self) -> Option<String> {
        lock(&self.var).as_ref().map(|(n, _)| n.clone())
    }

    /// Runs `f` on this file's variable, which must still exist.
    fn with_var<T>(&self, caller: &Caller, f: impl FnOnce(&mut EnvVar) -> T) -> Result<T> {
        let name = self.name().ok_or(Error::IsDir)?;
        let mut vars = caller.env.lock();
        let var = vars.get_mut(&name).ok_or(Error::NotExist)?;
        Ok(f(var))
    }
}

impl DevFile for EnvFile {
    fn qid(&self) -> Qid {
        lock(&self.var)
            .as_ref()
            .map_or(Qid::new(0, 0, QTDIR), |(_, q)| *q)
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(EnvFile {
            var: Mutex::new(lock(&self.var).clone()),
        })
    }
    fn walk(&self, name: &str, caller: &Caller) -> Result<Box<dyn DevFile>> {
        if self.name().is_some() {
            return Err(Error::NotExist);
        }
        let vars = caller.env.lock();
        let v = vars.get(name).ok_or(Error::NotExist)?;
        Ok(Box::new(EnvFile {
            var: Mutex::new(Some((name.to_string(), var_qid(v)))),
        }))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        match self.name() {
            None => Ok(kernel_dir("#e", self.qid(), 0o775, 0, 'e', &caller.user)),
            Some(name) => {
                let vars = caller.env.lock();
                let v = vars.get(&name).ok_or(Error::NotExist)?;
                Ok(var_dir(&name, v, &caller.user))
            }
        }
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        if self.name().is_none() {
            return check_open(DMDIR | 0o775, mode);
        }
        check_open(0o666, mode)?;
        if mode & OTRUNC != 0 {
            self.with_var(caller, |v| {
                v.value.clear();
                v.vers = v.vers.wrapping_add(1);
                v.mtime = now_secs();
            })?;
        }
        Ok(())
    }
    fn create(&self, name: &str, mode: u32, _perm: u32, caller: &Caller) -> Result<()> {
        if self.name().is_some() {
            return Err(Error::NotDir);
        }
        check_open(0o666, mode)?;
        if name.len() > MAXNAME || name == "." || name == ".." {
            return Err(Error::FileName);
        }
        let mut vars = caller.env.lock();
        if vars.contains_key(name) {
            return Err(Error::Exists);
        }
        let v = EnvVar {
            value: Vec::new(),
            path: next_var_path(),
            vers: 0,
            mtime: now_secs(),
        };
        *lock(&self.var) = Some((name.to_string(), var_qid(&v)));
        vars.insert(name.to_string(), v);
        Ok(())
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        if self.name().is_none() {
            let entries: Vec<Dir> = caller
                .env
                .lock()
                .iter()
                .map(|(n, v)| var_dir(n, v, &caller.user))
                .collect();
            return Ok(read_entries(&entries, buf, offset));
        }
        self.with_var(caller, |v| read_text(&v.value, buf, offset))
    }
    fn write(&self, buf: &[u8], offset: u64, caller: &Caller) -> Result<usize> {
        let end = usize::try_from(offset)
            .ok()
            .and_then(|off| off.checked_add(buf.len()))
            .filter(|&end| end <= MAXVALUE)
            .ok_or(Error::TooBig)?;
        let off = end - buf.len();
        self.with_var(caller, |v| {
            if v.value.len() < end {
                v.value.resize(end, 0);
            }
            v.value[off..end].copy_from_slice(buf);
            v.vers = v.vers.wrapping_add(1);
            v.mtime = now_secs();
            buf.len()
        })
    }
    fn remove(&self, caller: &Caller) -> Result<()> {
        let name = self.name().ok_or(Error::Perm)?;
        caller
            .env
            .lock()
            .remove(&name)
            .map(|_| ())
            .ok_or(Error::NotExist)
    }
}
