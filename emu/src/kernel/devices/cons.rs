//! `#c`, the console device: `cons` (keyboard lines in, text out, with
//! the line discipline `consctl` turns off by `rawon`), and the small
//! system files `null`, `time`, `msec`, `sysname`, `user`, `pid`,
//! `random`, `sysctl`, `drivers`, `jit`, `hostowner` and the host's
//! standard streams. The terminal itself is behind [`Console`], so tests
//! can script it. A reader waiting for the keyboard looks now and then
//! whether its process is still there: one killed meanwhile stops without
//! taking input, which stays for the next reader.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, TryLockError};
use std::time::Duration;

use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::devices::prog::ProcessTable;
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, QTDIR, QTFILE};
use crate::kernel::flags::{ORDWR, OWRITE};

/// How long a console reader waits for a key before it looks again whether
/// it is still wanted.
pub const PATIENCE: Duration = Duration::from_millis(100);

/// How often a console reader waiting for another reader's turn looks
/// whether it is still wanted.
const TURN_POLL: Duration = Duration::from_millis(10);

/// The host side of the console.
pub trait Console: Send + Sync {
    /// Reads keyboard input, waiting at most about `patience` for it: `None`
    /// when none came, `Some(0)` at end of input.
    fn read(&self, buf: &mut [u8], patience: Duration) -> std::io::Result<Option<usize>>;
    /// Writes console output (the host's standard output).
    fn write(&self, buf: &[u8]) -> std::io::Result<usize>;
    /// Writes to the host's standard error.
    fn write_error(&self, buf: &[u8]) -> std::io::Result<usize>;
    /// Turns raw keyboard mode (no host echo or line editing) on or off.
    fn set_raw(&self, raw: bool);
    /// Carries out a `/dev/sysctl` command (`halt`, `reboot`, `broken`,
    /// `nobroken`, `exdebug`); unknown ones are `unknown control request`.
    fn sysctl(&self, words: &[&str]) -> Result<()>;
}

/// The width of the original's fixed-size numbers (`msec`, `pid`).
const NUMSIZE: usize = 12;

/// Longest input line kept before it is passed on.
const MAXLINE: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum File {
    Cons,
    Consctl,
    Drivers,
    Hostowner,
    Hoststderr,
    Hoststdin,
    Hoststdout,
    Jit,
    Msec,
    Notquiterandom,
    Null,
    Pid,
    Random,
    Sysctl,
    Sysname,
    Time,
    User,
}

const FILES: &[(&str, File, u32)] = &[
    ("cons", File::Cons, 0o666),
    ("consctl", File::Consctl, 0o222),
    ("drivers", File::Drivers, 0o444),
    ("hostowner", File::Hostowner, 0o644),
    ("hoststderr", File::Hoststderr, 0o222),
    ("hoststdin", File::Hoststdin, 0o444),
    ("hoststdout", File::Hoststdout, 0o222),
    ("jit", File::Jit, 0o666),
    ("msec", File::Msec, 0o444),
    ("notquiterandom", File::Notquiterandom, 0o444),
    ("null", File::Null, 0o666),
    ("pid", File::Pid, 0o444),
    ("random", File::Random, 0o444),
    ("sysctl", File::Sysctl, 0o644),
    ("sysname", File::Sysname, 0o644),
    ("time", File::Time, 0o644),
    ("user", File::User, 0o644),
];

/// Keyboard input waiting to be read.
#[derive(Default)]
struct Input {
    line: Vec<u8>,
    ready: VecDeque<Vec<u8>>,
}

struct Shared {
    console: Arc<dyn Console>,
    /// Whether a reader's process is still there.
    processes: Arc<dyn ProcessTable>,
    sysname: Mutex<String>,
    hostowner: String,
    version: String,
    drivers: OnceLock<String>,
    raw: AtomicBool,
    ctl_opens: Mutex<usize>,
    input: Mutex<Input>,
    time_offset: Mutex<i64>,
    jit: Mutex<u32>,
}

/// The console device.
pub struct ConsDevice {
    shared: Arc<Shared>,
}

impl ConsDevice {
    /// A console on `console` for the readers of `processes`, naming the
    /// host `sysname`, owned by `hostowner`, reporting `version` in
    /// `/dev/sysctl`.
    pub fn new(
        console: Arc<dyn Console>,
        processes: Arc<dyn ProcessTable>,
        names: (&str, &str, &str),
    ) -> Self {
        let (sysname, hostowner, version) = names;
        ConsDevice {
            shared: Arc::new(Shared {
                console,
                processes,
                sysname: Mutex::new(sysname.to_string()),
                hostowner: hostowner.to_string(),
                version: version.to_string(),
                drivers: OnceLock::new(),
                raw: AtomicBool::new(false),
                ctl_opens: Mutex::new(0),
                input: Mutex::new(Input::default()),
                time_offset: Mutex::new(0),
                jit: Mutex::new(0),
            }),
        }
    }

    /// Sets the text of `/dev/drivers` (known once all devices exist).
    pub fn set_drivers(&self, text: String) {
        let _ = self.shared.drivers.set(text);
    }
}

impl Device for ConsDevice {
    fn letter(&self) -> char {
        'c'
    }
    fn name(&self) -> &'static str {
        "cons"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(ConsFile {
            shared: self.shared.clone(),
            index: None,
            opened: AtomicBool::new(false),
        }))
    }
}

/// The directory (`index` None) or one file of the table.
struct ConsFile {
    shared: Arc<Shared>,
    index: Option<usize>,
    opened: AtomicBool,
}

fn micros_since_epoch() -> i64 {
    crate::kernel::clock::since_epoch().as_micros() as i64
}

/// A number as the original's fixed-width files show it.
fn fixed_number(n: u64) -> String {
    format!("{:>width$} ", n, width = NUMSIZE - 1)
}

fn host_random(buf: &mut [u8]) -> Result<usize> {
    let mut f = std::fs::File::open("/dev/urandom").map_err(|e| Error::from_host(&e))?;
    f.read_exact(buf).map_err(|e| Error::from_host(&e))?;
    Ok(buf.len())
}

/// The text of a small control write, without a trailing newline.
fn control_text(buf: &[u8]) -> Result<String> {
    if buf.len() >= 128 {
        return Err(Error::BadArg);
    }
    let s = String::from_utf8_lossy(buf);
    Ok(s.strip_suffix('\n').unwrap_or(&s).to_string())
}

impl ConsFile {
    fn file(&self) -> Option<(&'static str, File, u32)> {
        self.index.and_then(|i| FILES.get(i).copied())
    }

    fn entry(&self, i: usize, user: &str) -> Dir {
        let (name, file, perm) = FILES[i];
        let len = if file == File::Msec {
            NUMSIZE as u64
        } else {
            0
        };
        kernel_dir(
            name,
            Qid::new(i as u64 + 1, 0, QTFILE),
            perm,
            len,
            'c',
            user,
        )
    }

    /// Reads the keyboard for `caller`, until input comes or the caller's
    /// process is gone (then nothing has been taken from the host).
    fn keyboard(&self, buf: &mut [u8], caller: &Caller) -> Result<usize> {
        loop {
            let got = self
                .shared
                .console
                .read(buf, PATIENCE)
                .map_err(|e| Error::from_host(&e))?;
            match got {
                Some(n) => return Ok(n),
                None => self.check_wanted(caller)?,
            }
        }
    }

    /// Whether `caller` runs as the host owner (the original's eve).
    fn by_owner(&self, caller: &Caller) -> bool {
        *caller.user == *self.shared.hostowner
    }

    /// A write of `user`: the host owner, and only it, may give its process
    /// another name (one write at offset 0, a trailing newline dropped); the
    /// process is then no longer the owner, so cannot change it back.
    fn set_user(&self, buf: &[u8], offset: u64, caller: &Caller) -> Result<()> {
        if !self.by_owner(caller) {
            return Err(Error::Perm);
        }
        let name = control_text(buf)?;
        if offset != 0 || name.is_empty() {
            return Err(Error::BadArg);
        }
        caller.identity.rename(&name);
        Ok(())
    }

    /// Fails when the caller no longer wants its read: with `interrupted`
    /// once its call is interrupted (its prog killed), with `thread exited`
    /// once its process has left the process table.
    fn check_wanted(&self, caller: &Caller) -> Result<()> {
        if caller.interrupt.is_cancelled() {
            return Err(Error::Interrupted);
        }
        if self.shared.processes.info(caller.pid).is_none() {
            return Err(Error::ThreadExited);
        }
        Ok(())
    }

    fn read_cons(&self, buf: &mut [u8], caller: &Caller) -> Result<usize> {
        let sh = &self.shared;
        // A reader waiting for another's turn looks now and then whether it
        // is still wanted, and one no longer wanted leaves without taking
        // the input that is ready.
        let mut input = loop {
            match sh.input.try_lock() {
                Ok(input) => break input,
                Err(TryLockError::Poisoned(e)) => break e.into_inner(),
                Err(TryLockError::WouldBlock) => {
                    self.check_wanted(caller)?;
                    std::thread::sleep(TURN_POLL);
                }
            }
        };
        loop {
            if let Some(front) = input.ready.front_mut() {
                let n = buf.len().min(front.len());
                buf[..n].copy_from_slice(&front[..n]);
                front.drain(..n);
                if front.is_empty() {
                    input.ready.pop_front();
                }
                return Ok(n);
            }
            let mut chunk = [0u8; 256];
            let k = self.keyboard(&mut chunk, caller)?;
            if k == 0 {
                if input.line.is_empty() {
                    return Ok(0);
                }
                let line = std::mem::take(&mut input.line);
                input.ready.push_back(line);
                continue;
            }
            let raw = sh.raw.load(Ordering::Relaxed);
            for &ch in &chunk[..k] {
                let mut send = false;
                if raw {
                    input.line.push(ch);
                } else {
                    match ch {
                        0x08 | 0x7f => {
                            input.line.pop();
                        }
                        0x15 => input.line.clear(),
                        0x04 => send = true,
                        b'\n' => {
                            input.line.push(ch);
                            send = true;
                        }
                        _ => input.line.push(ch),
                    }
                }
                if send || input.line.len() >= MAXLINE {
                    let line = std::mem::take(&mut input.line);
                    input.ready.push_back(line);
                }
            }
            if raw && !input.line.is_empty() {
                let line = std::mem::take(&mut input.line);
                input.ready.push_back(line);
            }
        }
    }

    fn set_raw(&self, raw: bool) {
        self.shared.raw.store(raw, Ordering::Relaxed);
        self.shared.console.set_raw(raw);
    }
}

impl DevFile for ConsFile {
    fn qid(&self) -> Qid {
        match self.index {
            None => Qid::new(0, 0, QTDIR),
            Some(i) => Qid::new(i as u64 + 1, 0, QTFILE),
        }
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(ConsFile {
            shared: self.shared.clone(),
            index: self.index,
            opened: AtomicBool::new(false),
        })
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if self.index.is_some() {
            return Err(Error::NotExist);
        }
        let i = FILES
            .iter()
            .position(|(n, _, _)| *n == name)
            .ok_or(Error::NotExist)?;
        Ok(Box::new(ConsFile {
            shared: self.shared.clone(),
            index: Some(i),
            opened: AtomicBool::new(false),
        }))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        Ok(match self.index {
            None => kernel_dir("#c", self.qid(), 0o555, 0, 'c', &caller.user),
            Some(i) => self.entry(i, &caller.user),
        })
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        let Some((_, file, perm)) = self.file() else {
            return check_open(DMDIR | 0o555, mode);
        };
        check_open(perm, mode)?;
        // As the original: `user` belongs to the host owner, and its mode
        // lets no one else write it.
        if file == File::User && matches!(mode & 3, OWRITE | ORDWR) && !self.by_owner(caller) {
            return Err(Error::Perm);
        }
        if file == File::Consctl {
            *lock(&self.shared.ctl_opens) += 1;
        }
        self.opened.store(true, Ordering::Relaxed);
        Ok(())
    }
    fn close(&self) {
        if self.opened.load(Ordering::Relaxed) && self.file().map(|f| f.1) == Some(File::Consctl) {
            let mut n = lock(&self.shared.ctl_opens);
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.set_raw(false);
            }
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let sh = &self.shared;
        let Some((_, file, _)) = self.file() else {
            let entries: Vec<Dir> = (0..FILES.len())
                .map(|i| self.entry(i, &caller.user))
                .collect();
            return Ok(read_entries(&entries, buf, offset));
        };
        let text = match file {
            File::Cons => return self.read_cons(buf, caller),
            File::Hoststdin => return self.keyboard(buf, caller),
            File::Random | File::Notquiterandom => return host_random(buf),
            File::Null => return Ok(0),
            File::Drivers => sh.drivers.get().cloned().unwrap_or_default(),
            File::Hostowner => sh.hostowner.clone(),
            File::Jit => lock(&sh.jit).to_string(),
            File::Msec => fixed_number(crate::kernel::clock::millisec()),
            File::Pid => fixed_number(caller.pid as u64),
            File::Sysctl => sh.version.clone(),
            File::Sysname => lock(&sh.sysname).clone(),
            File::Time => (micros_since_epoch() + *lock(&sh.time_offset)).to_string(),
            File::User => caller.user.to_string(),
            File::Consctl | File::Hoststdout | File::Hoststderr => return Err(Error::Perm),
        };
        Ok(read_text(text.as_bytes(), buf, offset))
    }
    fn write(&self, buf: &[u8], offset: u64, caller: &Caller) -> Result<usize> {
        let sh = &self.shared;
        let Some((_, file, _)) = self.file() else {
            return Err(Error::Perm);
        };
        let host = |r: std::io::Result<usize>| r.map_err(|e| Error::from_host(&e));
        match file {
            File::Cons | File::Hoststdout => return host(sh.console.write(buf)),
            File::Hoststderr => return host(sh.console.write_error(buf)),
            File::Null => {}
            File::Consctl => {
                for word in String::from_utf8_lossy(buf).split_whitespace() {
                    match word {
                        "rawon" => self.set_raw(true),
                        "rawoff" => self.set_raw(false),
                        _ => {}
                    }
                }
            }
            File::Sysctl => {
                let text = String::from_utf8_lossy(buf);
                let words: Vec<&str> = text.split_whitespace().collect();
                if words.is_empty() {
                    return Err(Error::NoCtl);
                }
                sh.console.sysctl(&words)?;
            }
            File::Time => {
                let t: i64 = control_text(buf)?
                    .trim()
                    .parse()
                    .map_err(|_| Error::BadArg)?;
                *lock(&sh.time_offset) = t - micros_since_epoch();
            }
            File::Sysname => {
                if offset != 0 {
                    return Err(Error::BadArg);
                }
                *lock(&sh.sysname) = control_text(buf)?;
            }
            File::Jit => {
                let v: u32 = control_text(buf)?
                    .trim()
                    .parse()
                    .map_err(|_| Error::BadArg)?;
                if v > 9 {
                    return Err(Error::BadArg);
                }
                *lock(&sh.jit) = v;
            }
            File::User => self.set_user(buf, offset, caller)?,
            File::Hostowner => return Err(Error::Perm),
            File::Drivers
            | File::Hoststdin
            | File::Msec
            | File::Notquiterandom
            | File::Pid
            | File::Random => return Err(Error::Perm),
        }
        Ok(buf.len())
    }
}
