//! `#C`, the command device (the original's devcmd, see its cmd(3)): runs
//! commands of the host. `/cmd/clone` reserves a connection `n`, whose
//! `ctl` takes `dir`, `exec`, `kill`, `killonclose` and `nice`; `data` is
//! the command's standard input and output, `stderr` its error output,
//! `status` the connection's state line and `wait` its exit line
//! (`pid 0 0 0 status`, an empty status meaning success).
//!
//! The device exists only when `emu` is started with `-C`: running host
//! commands escapes the system's confinement, so a kernel made without it
//! has no `#C` and an attach fails with `unknown device in # filename`.
//! Commands run in a process group of their own, which `kill` and closing
//! the connection end with SIGTERM; a `nice` request is recorded (its
//! number shows nowhere) but this emu does not lower the priority.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::kernel::chan::lock;
use crate::kernel::device::{check_mode, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{host_text, quote, Error, Result};
use crate::kernel::flags::{ORDWR, OREAD, OWRITE, QTDIR, QTFILE};

/// The kinds of file, the low four bits of a qid path (as the original's).
const Q_TOP: u64 = 0;
const Q_CMD: u64 = 1;
const Q_CLONE: u64 = 2;
const Q_CONV: u64 = 3;
const Q_DATA: u64 = 4;
const Q_STDERR: u64 = 5;
const Q_CTL: u64 = 6;
const Q_STATUS: u64 = 7;
const Q_WAIT: u64 = 8;

/// The files of a connection directory, in the order a read lists them.
const CONV_FILES: [(&str, u64); 5] = [
    ("data", Q_DATA),
    ("stderr", Q_STDERR),
    ("ctl", Q_CTL),
    ("status", Q_STATUS),
    ("wait", Q_WAIT),
];

/// The most connections there can be at once (the original's `maxconv`).
const MAX_CONVS: usize = 1000;

/// The command device; connections live as long as the kernel.
pub struct CmdDevice {
    /// The host directory commands run in unless `dir` says otherwise.
    root: String,
    convs: Arc<Mutex<Vec<Arc<Conv>>>>,
}

impl CmdDevice {
    /// A command device whose commands start in host directory `root`.
    pub fn new(root: PathBuf) -> CmdDevice {
        CmdDevice {
            root: root.to_string_lossy().into_owned(),
            convs: Arc::default(),
        }
    }
}

/// One connection.
struct Conv {
    x: usize,
    st: Mutex<ConvState>,
    changed: Condvar,
}

/// A connection's state, as the original's `Conv`.
struct ConvState {
    inuse: usize,
    owner: String,
    perm: u32,
    state: &'static str,
    dir: String,
    /// The command's name, once `exec` has been asked for.
    arg0: Option<String>,
    /// The host process id while the command runs.
    child: Option<u32>,
    killed: bool,
    killonclose: bool,
    nice: u32,
    /// The command's standard input, output and error, while open.
    pipes: [Option<Arc<File>>; 3],
    /// Opens of `data` for writing, for reading, and of `stderr`.
    counts: [usize; 3],
    /// Exit lines not yet read; present once `wait` is opened.
    waitq: Option<VecDeque<String>>,
}

impl ConvState {
    fn fresh(owner: &str, dir: &str) -> ConvState {
        ConvState {
            inuse: 1,
            owner: owner.to_string(),
            perm: 0o660,
            state: "Closed",
            dir: dir.to_string(),
            arg0: None,
            child: None,
            killed: false,
            killonclose: false,
            nice: 0,
            pipes: [None, None, None],
            counts: [0; 3],
            waitq: None,
        }
    }
}

impl Conv {
    fn lock(&self) -> MutexGuard<'_, ConvState> {
        lock(&self.st)
    }
}

impl Device for CmdDevice {
    fn letter(&self) -> char {
        'C'
    }
    fn name(&self) -> &'static str {
        "cmd"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(CmdFile {
            convs: self.convs.clone(),
            root: self.root.clone(),
            node: Mutex::new((Q_TOP, 0)),
            mode: Mutex::new(None),
        }))
    }
}

/// A file of the device: its kind and connection number, and the mode it
/// was opened with.
struct CmdFile {
    convs: Arc<Mutex<Vec<Arc<Conv>>>>,
    root: String,
    node: Mutex<(u64, usize)>,
    mode: Mutex<Option<u32>>,
}

fn qid_of(kind: u64, conv: usize) -> Qid {
    let qtype = if matches!(kind, Q_TOP | Q_CMD | Q_CONV) {
        QTDIR
    } else {
        QTFILE
    };
    Qid::new((conv as u64) << 4 | kind, 0, qtype)
}

fn entry(name: &str, kind: u64, conv: usize, owner: &str, perm: u32) -> Dir {
    kernel_dir(name, qid_of(kind, conv), perm, 0, 'C', owner)
}

/// The words of a control message, quoted as the original's `parsecmd`
/// reads them (single quotes, a doubled quote inside standing for one).
fn ctl_words(text: &str) -> Vec<String> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return words;
        }
        let mut word = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if c == '\'' {
                if quoted && chars.next_if_eq(&'\'').is_some() {
                    word.push('\'');
                } else {
                    quoted = !quoted;
                }
            } else if !quoted && c.is_whitespace() {
                break;
            } else {
                word.push(c);
            }
        }
        words.push(word);
    }
}

/// The original's error for a control message it cannot use.
fn ctl_error(what: &str, words: &[String]) -> Error {
    let quoted: Vec<String> = words.iter().map(|w| quote(w, false)).collect();
    Error::Text(format!("{what} \"{}\"", quoted.join(" ")))
}

/// The exit line of a finished command, as the original's Unix emu
/// writes it.
fn exit_line(pid: u32, status: std::io::Result<std::process::ExitStatus>) -> String {
    match status {
        Err(e) => format!("0 0 0 0 {}", quote(&host_text(&e), false)),
        Ok(s) => match (s.code(), s.signal()) {
            (Some(0), _) => format!("{pid} 0 0 0 ''"),
            (Some(n), _) => format!("{pid} 0 0 0 'exit: {n}'"),
            (None, Some(15 | 9)) => format!("{pid} 0 0 0 killed"),
            (None, Some(n)) => format!("{pid} 0 0 0 'signal: {n}'"),
            (None, None) => format!("{pid} 0 0 0 'odd status'"),
        },
    }
}

/// Sends SIGTERM to the process group of command `pid`.
fn kill_group(pid: u32) -> Result<()> {
    let group = nix::unistd::Pid::from_raw(pid as i32);
    nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGTERM)
        .map_err(|e| Error::Text(e.desc().to_string()))
}

impl CmdFile {
    fn node(&self) -> (u64, usize) {
        *lock(&self.node)
    }

    fn conv(&self, x: usize) -> Result<Arc<Conv>> {
        lock(&self.convs).get(x).cloned().ok_or(Error::NotExist)
    }

    fn conv_entry(&self, kind: u64, x: usize) -> Result<Dir> {
        let conv = self.conv(x)?;
        let st = conv.lock();
        let (name, _) = CONV_FILES
            .iter()
            .find(|(_, k)| *k == kind)
            .ok_or(Error::NotExist)?;
        let perm = match kind {
            Q_DATA | Q_CTL => st.perm,
            _ => 0o444,
        };
        Ok(entry(name, kind, x, &st.owner, perm))
    }

    /// The original's `cmdclone`: an unused connection, or a new one.
    fn clone_conv(&self, user: &str) -> Result<usize> {
        let mut convs = lock(&self.convs);
        for c in convs.iter() {
            let mut st = c.lock();
            if st.inuse == 0 && st.child.is_none() {
                *st = ConvState::fresh(user, &self.root);
                return Ok(c.x);
            }
        }
        if convs.len() >= MAX_CONVS {
            return Err(Error::Text("no such device".into()));
        }
        let x = convs.len();
        convs.push(Arc::new(Conv {
            x,
            st: Mutex::new(ConvState::fresh(user, &self.root)),
            changed: Condvar::new(),
        }));
        Ok(x)
    }

    fn exec(&self, conv: &Arc<Conv>, words: &[String]) -> Result<()> {
        let mut st = conv.lock();
        if st.child.is_some() || st.arg0.is_some() || st.pipes.iter().any(Option::is_some) {
            return Err(Error::Text("device or object already in use".into()));
        }
        let Some((name, args)) = words[1..].split_first() else {
            return Err(Error::Text("read or write too small".into()));
        };
        st.arg0 = Some(name.clone());
        st.state = "Execute";
        if let Err(e) = std::fs::read_dir(&st.dir) {
            st.state = "Done";
            return Err(Error::Text(format!(
                "can't chdir to {}: {}",
                st.dir,
                host_text(&e)
            )));
        }
        let spawned = Command::new(name)
            .args(args)
            .current_dir(&st.dir)
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(e) => {
                st.state = "Done";
                return Err(Error::Text(format!("exec failed: {}", host_text(&e))));
            }
        };
        let pipe = |fd: Option<OwnedFd>| fd.map(|fd| Arc::new(File::from(fd)));
        st.pipes = [
            pipe(child.stdin.take().map(OwnedFd::from)),
            pipe(child.stdout.take().map(OwnedFd::from)),
            pipe(child.stderr.take().map(OwnedFd::from)),
        ];
        let pid = child.id();
        st.child = Some(pid);
        drop(st);
        let waiter = conv.clone();
        let root = self.root.clone();
        std::thread::spawn(move || {
            let line = exit_line(pid, child.wait());
            let mut st = waiter.lock();
            st.child = None;
            if st.inuse > 0 {
                st.state = "Done";
                if let Some(q) = st.waitq.as_mut() {
                    q.push_back(line);
                }
            } else {
                let owner = "cmd";
                *st = ConvState::fresh(owner, &root);
                st.inuse = 0;
                st.perm = 0o666;
            }
            drop(st);
            waiter.changed.notify_all();
        });
        Ok(())
    }

    fn ctl(&self, conv: &Arc<Conv>, buf: &[u8]) -> Result<()> {
        let words = ctl_words(&String::from_utf8_lossy(buf));
        let Some(verb) = words.first() else {
            return Err(Error::Text("empty control message".into()));
        };
        let wrong_count = |n: usize| words.len() != n;
        match verb.as_str() {
            "dir" if wrong_count(2) => Err(ctl_error("wrong #args in control message", &words)),
            "dir" => {
                conv.lock().dir = words[1].clone();
                Ok(())
            }
            "exec" => self.exec(conv, &words),
            "kill" if wrong_count(1) => Err(ctl_error("wrong #args in control message", &words)),
            "kill" => match conv.lock().child {
                None => Err(Error::Text("not started".into())),
                Some(pid) => kill_group(pid),
            },
            "nice" => {
                conv.lock().nice = words.get(1).map_or(1, |n| n.parse().unwrap_or(0));
                Ok(())
            }
            "killonclose" => {
                conv.lock().killonclose = true;
                Ok(())
            }
            _ => Err(ctl_error("unknown control message", &words)),
        }
    }
}

impl DevFile for CmdFile {
    fn qid(&self) -> Qid {
        let (kind, x) = self.node();
        qid_of(kind, x)
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(CmdFile {
            convs: self.convs.clone(),
            root: self.root.clone(),
            node: Mutex::new(self.node()),
            mode: Mutex::new(None),
        })
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        let next = match self.node() {
            (Q_TOP, _) if name == "cmd" => (Q_CMD, 0),
            (Q_CMD, _) if name == "clone" => (Q_CLONE, 0),
            (Q_CMD, _) => {
                let x: usize = name
                    .parse()
                    .ok()
                    .filter(|x: &usize| x.to_string() == name)
                    .ok_or(Error::NotExist)?;
                self.conv(x)?;
                (Q_CONV, x)
            }
            (Q_CONV, x) => {
                let &(_, kind) = CONV_FILES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .ok_or(Error::NotExist)?;
                (kind, x)
            }
            _ => return Err(Error::NotExist),
        };
        Ok(Box::new(CmdFile {
            convs: self.convs.clone(),
            root: self.root.clone(),
            node: Mutex::new(next),
            mode: Mutex::new(None),
        }))
    }
    fn stat(&self, _caller: &Caller) -> Result<Dir> {
        match self.node() {
            (Q_TOP, _) => Ok(entry("#C", Q_TOP, 0, "cmd", 0o555)),
            (Q_CMD, _) => Ok(entry("cmd", Q_CMD, 0, "cmd", 0o555)),
            (Q_CLONE, _) => Ok(entry("clone", Q_CLONE, 0, "cmd", 0o666)),
            (Q_CONV, x) => self.stat_conv(x),
            (kind, x) => self.conv_entry(kind, x),
        }
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        let mode = check_mode(mode)? & 3;
        let (kind, x) = self.node();
        match kind {
            Q_TOP | Q_CMD | Q_CONV | Q_STATUS if mode != OREAD => return Err(Error::Perm),
            Q_TOP | Q_CMD | Q_CONV | Q_STATUS => {}
            Q_CLONE => {
                let x = self.clone_conv(&caller.user)?;
                *lock(&self.node) = (Q_CTL, x);
            }
            _ => {
                let conv = self.conv(x)?;
                let mut st = conv.lock();
                let need = match mode {
                    OREAD => 4,
                    OWRITE => 2,
                    _ => 6,
                };
                if need & (st.perm >> 6) != need && *st.owner != *caller.user {
                    return Err(Error::Perm);
                }
                match kind {
                    Q_DATA => {
                        if mode == OWRITE || mode == ORDWR {
                            st.counts[0] += 1;
                        }
                        if mode == OREAD || mode == ORDWR {
                            st.counts[1] += 1;
                        }
                    }
                    Q_STDERR if mode != OREAD => return Err(Error::Perm),
                    Q_STDERR => st.counts[2] += 1,
                    Q_WAIT => {
                        st.waitq.get_or_insert_with(VecDeque::new);
                    }
                    _ => {}
                }
                st.inuse += 1;
                if st.inuse == 1 {
                    st.state = "Open";
                    st.owner = caller.user.to_string();
                    st.perm = 0o660;
                    st.nice = 0;
                }
            }
        }
        *lock(&self.mode) = Some(mode);
        Ok(())
    }
    fn close(&self) {
        let Some(mode) = *lock(&self.mode) else {
            return;
        };
        let (kind, x) = self.node();
        if !matches!(kind, Q_CTL | Q_DATA | Q_STDERR | Q_WAIT) {
            return;
        }
        let Ok(conv) = self.conv(x) else { return };
        let mut st = conv.lock();
        let release = |st: &mut ConvState, i: usize| {
            st.counts[i] = st.counts[i].saturating_sub(1);
            if st.counts[i] == 0 {
                st.pipes[i] = None;
            }
        };
        if kind == Q_DATA {
            if mode == OWRITE || mode == ORDWR {
                release(&mut st, 0);
            }
            if mode == OREAD || mode == ORDWR {
                release(&mut st, 1);
            }
        } else if kind == Q_STDERR {
            release(&mut st, 2);
        }
        st.inuse = st.inuse.saturating_sub(1);
        let last = st.inuse == 0;
        match st.child {
            Some(pid) if !st.killed && (last || (st.killonclose && kind == Q_CTL)) => {
                let _ = kill_group(pid);
                st.killed = true;
            }
            Some(_) => {}
            None if last => {
                *st = ConvState::fresh("cmd", &self.root);
                st.inuse = 0;
                st.perm = 0o666;
            }
            None => {}
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, _caller: &Caller) -> Result<usize> {
        let (kind, x) = self.node();
        match kind {
            Q_TOP => {
                let entries = [entry("cmd", Q_CMD, 0, "cmd", 0o555)];
                Ok(read_entries(&entries, buf, offset))
            }
            Q_CMD => {
                let count = lock(&self.convs).len();
                let mut entries = Vec::with_capacity(count + 1);
                for x in 0..count {
                    entries.push(self.stat_conv(x)?);
                }
                entries.push(entry("clone", Q_CLONE, 0, "cmd", 0o666));
                Ok(read_entries(&entries, buf, offset))
            }
            Q_CONV => {
                let mut entries = Vec::new();
                for (_, kind) in CONV_FILES {
                    entries.push(self.conv_entry(kind, x)?);
                }
                Ok(read_entries(&entries, buf, offset))
            }
            Q_CTL => Ok(read_text(x.to_string().as_bytes(), buf, offset)),
            Q_STATUS => {
                let conv = self.conv(x)?;
                let st = conv.lock();
                let text = format!(
                    "cmd/{} {} {} {} {}\n",
                    x,
                    st.inuse,
                    st.state,
                    quote(&st.dir, false),
                    quote(st.arg0.as_deref().unwrap_or(""), false)
                );
                Ok(read_text(text.as_bytes(), buf, offset))
            }
            Q_DATA | Q_STDERR => {
                let i = if kind == Q_DATA { 1 } else { 2 };
                let pipe = self.conv(x)?.lock().pipes[i].clone();
                match pipe {
                    None => Ok(0),
                    Some(f) => (&*f).read(buf).map_err(|e| Error::Text(host_text(&e))),
                }
            }
            Q_WAIT => {
                let conv = self.conv(x)?;
                let mut st = conv.lock();
                loop {
                    if let Some(line) = st.waitq.as_mut().and_then(VecDeque::pop_front) {
                        let n = line.len().min(buf.len());
                        buf[..n].copy_from_slice(&line.as_bytes()[..n]);
                        return Ok(n);
                    }
                    st = conv.changed.wait(st).unwrap_or_else(|e| e.into_inner());
                }
            }
            _ => Err(Error::Perm),
        }
    }
    fn write(&self, buf: &[u8], _offset: u64, _caller: &Caller) -> Result<usize> {
        let (kind, x) = self.node();
        match kind {
            Q_CTL => {
                self.ctl(&self.conv(x)?, buf)?;
                Ok(buf.len())
            }
            Q_DATA => {
                let pipe = self.conv(x)?.lock().pipes[0].clone();
                let f = pipe.ok_or(Error::Hungup)?;
                match (&*f).write(buf) {
                    Ok(0) => Err(Error::Hungup),
                    Ok(n) => Ok(n),
                    Err(e) => Err(Error::Text(host_text(&e))),
                }
            }
            _ => Err(Error::Perm),
        }
    }
}

impl CmdFile {
    fn stat_conv(&self, x: usize) -> Result<Dir> {
        let owner = self.conv(x)?.lock().owner.clone();
        Ok(entry(&x.to_string(), Q_CONV, x, &owner, 0o555))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_words_are_unquoted_as_parsecmd_does() {
        assert_eq!(
            ctl_words("exec echo 'a b' 'it''s'\n"),
            vec!["exec", "echo", "a b", "it's"]
        );
        assert_eq!(ctl_words("  "), Vec::<String>::new());
        assert_eq!(
            ctl_error("unknown control message", &ctl_words("bad 'x y'")).to_string(),
            "unknown control message \"bad 'x y'\""
        );
    }
}
