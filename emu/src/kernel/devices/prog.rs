//! `#p`, the prog device: a directory per process (`/prog/n`) with
//! `status`, `ctl`, `wait`, `ns`, `nsgrp`, `pgrp`, `fd`, `exception`,
//! `stack`, and the files of meters and keepers: `meter` (what the process
//! and its group consumed, the group's budgets) and `keeper` (opened by the
//! keeper of the process's group: one message per read).
//! What only the interpreter knows (the process list, states, killing,
//! wait records) comes through [`ProcessTable`]; the name space and fd
//! texts are made here from the kernel's own tables. `exception` holds the
//! original's `pc module text` of the last exception; when nothing handled it,
//! a second line gives its source line, `file.b:LINE`, read at that moment
//! from the module's symbol file in the prog's name space.

use std::sync::{Arc, Mutex};

use crate::kernel::chan::{lock, Chan};
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::fdtable::FdTable;
use crate::kernel::flags::OREAD;
use crate::kernel::flags::{DMDIR, QTDIR, QTFILE};
use crate::kernel::mount::Namespace;
use crate::kernel::namec::Access;
use dis::vm::last_exception::LastException;

/// The largest symbol file read for a source line.
const MAX_SYMBOLS: usize = 16 << 20;

/// Opening the keeper file of the caller's own process group.
const EKEEPSELF: &str = "a keeper must be outside the group it keeps";

/// What the device shows of one process.
#[derive(Clone)]
pub struct ProgInfo {
    pub pid: u32,
    /// The process group (kill group) id.
    pub pgrp: u32,
    pub user: String,
    /// Processor time used, in milliseconds.
    pub cpu_ms: u64,
    /// `alt`, `send`, `recv`, `debug`, `ready`, `release`, `exiting`, `broken`.
    pub state: String,
    /// Memory in use, in kilobytes.
    pub mem_kb: u64,
    /// The module running, as `Name` or `Caller[$Builtin]`.
    pub module: String,
    pub ns: Arc<Namespace>,
    pub fds: Arc<FdTable>,
    /// The last exception raised, if any.
    pub exception: Option<LastException>,
}

/// A stream of `/prog/n/wait` records.
pub trait WaitQueue: Send + Sync {
    /// The next record (blocking); None when the process is gone.
    fn next(&self) -> Option<String>;
}

/// The interpreter's side of `#p`.
pub trait ProcessTable: Send + Sync {
    /// Every process id, in table order.
    fn pids(&self) -> Vec<u32>;
    /// A process's details; None when it is gone.
    fn info(&self, pid: u32) -> Option<ProgInfo>;
    /// A `ctl` message split into words (`kill`, `killgrp`,
    /// `exceptions propagate`, `restricted`, ...).
    fn ctl(&self, pid: u32, words: &[&str]) -> Result<()>;
    /// Starts collecting the exit records of `pid`'s children.
    fn wait(&self, pid: u32) -> Result<Arc<dyn WaitQueue>>;
    /// The text of `pid`'s `meter` file.
    fn meter(&self, pid: u32) -> Result<String>;
    /// The text of `pid`'s `stack` file.
    fn stack(&self, pid: u32) -> Result<String>;
    /// Makes the caller the keeper of `pid`'s process group: the messages
    /// for the keeper, until the queue is dropped (the keeper leaves).
    fn keeper(&self, pid: u32) -> Result<Arc<dyn WaitQueue>>;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum File {
    Ctl,
    Exception,
    Fd,
    Keeper,
    Meter,
    Ns,
    Nsgrp,
    Pgrp,
    Stack,
    Status,
    Wait,
}

const FILES: &[(&str, File, u32)] = &[
    ("ctl", File::Ctl, 0o200),
    ("exception", File::Exception, 0o400),
    ("fd", File::Fd, 0o400),
    ("keeper", File::Keeper, 0o400),
    ("meter", File::Meter, 0o444),
    ("ns", File::Ns, 0o400),
    ("nsgrp", File::Nsgrp, 0o444),
    ("pgrp", File::Pgrp, 0o444),
    ("stack", File::Stack, 0o400),
    ("status", File::Status, 0o444),
    ("wait", File::Wait, 0o400),
];

const QSHIFT: u32 = 4;

/// The prog device.
pub struct ProgDevice {
    table: Arc<dyn ProcessTable>,
}

impl ProgDevice {
    /// A prog device showing the processes of `table`.
    pub fn new(table: Arc<dyn ProcessTable>) -> ProgDevice {
        ProgDevice { table }
    }
}

impl Device for ProgDevice {
    fn letter(&self) -> char {
        'p'
    }
    fn name(&self) -> &'static str {
        "prog"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(ProgFile::new(self.table.clone(), None, None)))
    }
}

/// `#p` (pid None), `/prog/n` (file None) or one of its files.
struct ProgFile {
    table: Arc<dyn ProcessTable>,
    pid: Option<u32>,
    file: Option<usize>,
    /// For `wait` and `keeper`: the records this open file reads.
    wait: Mutex<Option<Arc<dyn WaitQueue>>>,
    /// For `ns`: how many of its entries this open file has given.
    ns_given: Mutex<usize>,
}

/// Processor time as the status line shows it: `m:ss.t`.
fn cpu_text(ms: u64) -> String {
    let tenths = ms / 100;
    let sec = tenths / 10;
    format!("{:4}:{:02}.{}", sec / 60, sec % 60, tenths % 10)
}

/// The `/prog/n/status` line.
pub fn status_line(p: &ProgInfo) -> String {
    format!(
        "{:8} {:8} {:>10} {} {:>10} {:5}K {}",
        p.pid,
        p.pgrp,
        p.user,
        cpu_text(p.cpu_ms),
        p.state,
        p.mem_kb,
        p.module
    )
}

/// The `/prog/n/fd` text: the current directory, then one line per fd.
pub fn fd_text(ns: &Namespace, fds: &FdTable) -> String {
    let mut s = format!("{}\n", ns.dot().name());
    let list = fds.list();
    let width = list
        .iter()
        .map(|(_, c)| c.qid().vers.to_string().len())
        .max()
        .unwrap_or(0);
    for (fd, c) in list {
        s += &fd_line(fd, &c, width);
    }
    s
}

/// The line of descriptor `fd` on channel `c`, its qid version `width`
/// digits wide, as `/prog/n/fd` and `/fd/Nctl` show it.
pub fn fd_line(fd: i32, c: &Chan, width: usize) -> String {
    let mode = match c.mode().unwrap_or(0) & 3 {
        0 => "r ",
        1 => "w ",
        _ => "rw",
    };
    let q = c.qid();
    format!(
        "{:3} {} {} {:4} ({:016x} {:>w$} {:02x}) {:5} {:8} {}\n",
        fd,
        mode,
        c.letter(),
        c.file().devno(),
        q.path,
        q.vers,
        q.qtype,
        c.file().iounit(),
        c.offset(),
        c.name(),
        w = width
    )
}

impl ProgFile {
    fn new(table: Arc<dyn ProcessTable>, pid: Option<u32>, file: Option<usize>) -> ProgFile {
        ProgFile {
            table,
            pid,
            file,
            wait: Mutex::new(None),
            ns_given: Mutex::new(0),
        }
    }

    fn info(&self) -> Result<ProgInfo> {
        self.pid
            .and_then(|p| self.table.info(p))
            .ok_or(Error::ThreadExited)
    }

    fn pid_dir(&self, p: &ProgInfo) -> Dir {
        let qid = Qid::new((p.pid as u64) << QSHIFT, p.pid, QTDIR);
        kernel_dir(&p.pid.to_string(), qid, 0o555, 0, 'p', &p.user)
    }

    fn file_dir(&self, p: &ProgInfo, i: usize) -> Dir {
        let (name, _, perm) = FILES[i];
        let qid = Qid::new((p.pid as u64) << QSHIFT | (i as u64 + 1), p.pid, QTFILE);
        kernel_dir(name, qid, perm, 0, 'p', &p.user)
    }
}

impl DevFile for ProgFile {
    fn qid(&self) -> Qid {
        match (self.pid, self.file) {
            (None, _) => Qid::new(0, 0, QTDIR),
            (Some(p), None) => Qid::new((p as u64) << QSHIFT, p, QTDIR),
            (Some(p), Some(i)) => Qid::new((p as u64) << QSHIFT | (i as u64 + 1), p, QTFILE),
        }
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(ProgFile::new(self.table.clone(), self.pid, self.file))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        match (self.pid, self.file) {
            (None, _) => {
                let pid: u32 = name.parse().map_err(|_| Error::NotExist)?;
                if pid == 0 || pid.to_string() != name || self.table.info(pid).is_none() {
                    return Err(Error::NotExist);
                }
                Ok(Box::new(ProgFile::new(self.table.clone(), Some(pid), None)))
            }
            (Some(pid), None) => {
                let i = FILES
                    .iter()
                    .position(|(n, _, _)| *n == name)
                    .ok_or(Error::NotExist)?;
                Ok(Box::new(ProgFile::new(
                    self.table.clone(),
                    Some(pid),
                    Some(i),
                )))
            }
            _ => Err(Error::NotExist),
        }
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        if self.pid.is_none() {
            return Ok(kernel_dir("#p", self.qid(), 0o555, 0, 'p', &caller.user));
        }
        let p = self.info()?;
        Ok(match self.file {
            None => self.pid_dir(&p),
            Some(i) => self.file_dir(&p, i),
        })
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        let Some(i) = self.file else {
            return check_open(DMDIR | 0o555, mode);
        };
        let p = self.info()?;
        check_open(FILES[i].2, mode)?;
        match FILES[i].1 {
            File::Wait => *lock(&self.wait) = Some(self.table.wait(p.pid)?),
            File::Keeper => {
                // A keeper inside its group would be held, or stopped, with
                // the members it should release.
                if self
                    .table
                    .info(caller.pid)
                    .is_some_and(|c| c.pgrp == p.pgrp)
                {
                    return Err(Error::Text(EKEEPSELF.into()));
                }
                *lock(&self.wait) = Some(self.table.keeper(p.pid)?);
            }
            _ => {}
        }
        Ok(())
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let Some(i) = self.file else {
            let entries: Vec<Dir> = match self.pid {
                None => self
                    .table
                    .pids()
                    .into_iter()
                    .filter_map(|pid| self.table.info(pid))
                    .map(|p| self.pid_dir(&p))
                    .collect(),
                Some(_) => {
                    let p = self.info()?;
                    (0..FILES.len()).map(|i| self.file_dir(&p, i)).collect()
                }
            };
            return Ok(read_entries(&entries, buf, offset));
        };
        if matches!(FILES[i].1, File::Wait | File::Keeper) {
            let q = lock(&self.wait).clone().ok_or(Error::BadUseFd)?;
            let rec = q.next().unwrap_or_default();
            let n = rec.len().min(buf.len());
            buf[..n].copy_from_slice(&rec.as_bytes()[..n]);
            return Ok(n);
        }
        let p = self.info()?;
        let text = match FILES[i].1 {
            File::Status => status_line(&p),
            // One entry (a bind, a mount, then the final cd) per read, as the
            // original gives them; the offset plays no part.
            File::Ns => {
                let mut given = lock(&self.ns_given);
                let text = p.ns.text();
                let Some(entry) = text.split_inclusive('\n').nth(*given) else {
                    return Ok(0);
                };
                *given += 1;
                let n = entry.len().min(buf.len());
                buf[..n].copy_from_slice(&entry.as_bytes()[..n]);
                return Ok(n);
            }
            File::Nsgrp => format!("{:>11} ", p.ns.id()),
            File::Pgrp => format!("{:>11} ", p.pgrp),
            File::Fd => fd_text(&p.ns, &p.fds),
            File::Exception => match &p.exception {
                None => String::new(),
                Some(x) => match source_line(x, &p.ns, caller) {
                    Some(at) if x.uncaught => format!("{}\n{at}", x.line()),
                    _ => x.line(),
                },
            },
            File::Meter => self.table.meter(p.pid)?,
            File::Stack => self.table.stack(p.pid)?,
            File::Ctl | File::Wait | File::Keeper => return Err(Error::Perm),
        };
        Ok(read_text(text.as_bytes(), buf, offset))
    }
    fn write(&self, buf: &[u8], _offset: u64, _caller: &Caller) -> Result<usize> {
        let i = self.file.ok_or(Error::IsDir)?;
        if FILES[i].1 != File::Ctl {
            return Err(Error::Perm);
        }
        let p = self.info()?;
        let text = String::from_utf8_lossy(buf);
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            return Err(Error::NoCtl);
        }
        self.table.ctl(p.pid, &words)?;
        Ok(buf.len())
    }
}

/// `file:line` of the instruction that raised `exc`, from its module's symbol
/// file as it is now in name space `ns`.
fn source_line(exc: &LastException, ns: &Namespace, caller: &Caller) -> Option<String> {
    let c = ns
        .namec(&exc.symbol_file()?, Access::Open(OREAD), caller)
        .ok()?;
    let mut text = Vec::new();
    let mut buf = vec![0u8; 8192];
    loop {
        let n = c.read(&mut buf, caller).ok()?;
        if n == 0 {
            break;
        }
        text.extend_from_slice(&buf[..n]);
        if text.len() > MAX_SYMBOLS {
            return None;
        }
    }
    exc.source_line(&text)
}
