//! `#D`, the SSL device (ssl(3)): a `clone` file and a directory per
//! connection (`ctl`, `data`, `secretin`, `secretout`, `encalgs`,
//! `hashalgs`). Opening `clone` makes a connection and gives its `ctl`,
//! which reads as the connection's number; writing `fd N` to it pushes the
//! record layer onto descriptor N, after which `data` carries messages over
//! it, in the clear, digested, encrypted or both as `alg` messages say
//! ([`conv`], [`record`]). A connection ends when the last of its `ctl`,
//! `data` and secret files opened is closed. Only the local name works, as
//! `fd` names a descriptor of the caller.

pub mod conv;
pub mod record;

use std::sync::{Arc, Mutex};

use self::conv::Conv;
use self::record::{ENC_ALGS, HASH_ALGS};
use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, OREAD, QTDIR, QTFILE};

/// The most connections at once (the original's).
const MAX_CONVS: usize = 1 << 10;

/// The connections, by number, and how many numbers have been used.
#[derive(Default)]
struct Table {
    convs: Vec<Option<Arc<Conv>>>,
    /// How many opens of each connection's files are live.
    refs: Vec<usize>,
}

/// The SSL device.
pub struct SslDevice {
    table: Arc<Mutex<Table>>,
    /// The owner of the device's own files (the host owner).
    eve: Arc<str>,
}

impl SslDevice {
    /// The device, its files owned by `eve`.
    pub fn new(eve: &str) -> SslDevice {
        SslDevice {
            table: Arc::default(),
            eve: eve.into(),
        }
    }
}

impl Device for SslDevice {
    fn letter(&self) -> char {
        'D'
    }
    fn name(&self) -> &'static str {
        "ssl"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(SslFile::new(self, Node::Top)))
    }
}

/// The files of a connection's directory, in the order it lists them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ConvFile {
    Ctl,
    Data,
    SecretIn,
    SecretOut,
    EncAlgs,
    HashAlgs,
}

const CONV_FILES: [(&str, ConvFile); 6] = [
    ("ctl", ConvFile::Ctl),
    ("data", ConvFile::Data),
    ("secretin", ConvFile::SecretIn),
    ("secretout", ConvFile::SecretOut),
    ("encalgs", ConvFile::EncAlgs),
    ("hashalgs", ConvFile::HashAlgs),
];

impl ConvFile {
    fn name(self) -> &'static str {
        CONV_FILES.iter().find(|e| e.1 == self).map_or("", |e| e.0)
    }

    /// Whether an open of the file holds the connection.
    fn holds(self) -> bool {
        !matches!(self, ConvFile::EncAlgs | ConvFile::HashAlgs)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
    Top,
    Clone,
    Conv(usize),
    File(usize, ConvFile),
}

impl Node {
    /// The qid: connection number and file type, as the original packs them.
    fn qid(self) -> Qid {
        let q = |c: usize, t: u64| (c as u64) << 4 | t;
        match self {
            Node::Top => Qid::new(q(0, 1), 0, QTDIR),
            Node::Clone => Qid::new(q(0, 2), 0, QTFILE),
            Node::Conv(c) => Qid::new(q(c, 3), 0, QTDIR),
            Node::File(c, f) => {
                let t = match f {
                    ConvFile::Data => 4,
                    ConvFile::Ctl => 5,
                    ConvFile::SecretIn => 6,
                    ConvFile::SecretOut => 7,
                    ConvFile::EncAlgs => 8,
                    ConvFile::HashAlgs => 9,
                };
                Qid::new(q(c, t), 0, QTFILE)
            }
        }
    }
}

/// A handle on a file of `#D`; opening `clone` turns it into a `ctl`.
struct SslFile {
    table: Arc<Mutex<Table>>,
    eve: Arc<str>,
    node: Mutex<Node>,
    /// The connection this handle holds open.
    held: Mutex<Option<Arc<Conv>>>,
}

/// Adds a connection at slot `i` (made if need be), owned by `user`.
fn install(t: &mut Table, i: usize, user: &str) -> Arc<Conv> {
    if t.convs.len() <= i {
        t.convs.resize(i + 1, None);
        t.refs.resize(i + 1, 0);
    }
    let conv = Arc::new(Conv::new(user));
    t.convs[i] = Some(conv.clone());
    t.refs[i] = 1;
    conv
}

impl SslFile {
    fn new(dev: &SslDevice, node: Node) -> SslFile {
        SslFile {
            table: dev.table.clone(),
            eve: dev.eve.clone(),
            node: Mutex::new(node),
            held: Mutex::new(None),
        }
    }

    /// A new, unopened handle on `node`.
    fn at(&self, node: Node) -> SslFile {
        SslFile {
            table: self.table.clone(),
            eve: self.eve.clone(),
            node: Mutex::new(node),
            held: Mutex::new(None),
        }
    }

    fn node(&self) -> Node {
        *lock(&self.node)
    }

    fn conv(&self, c: usize) -> Option<Arc<Conv>> {
        lock(&self.table).convs.get(c).cloned().flatten()
    }

    /// The connection this open handle holds (for `data`, `ctl` and the secrets).
    fn held(&self) -> Result<Arc<Conv>> {
        lock(&self.held).clone().ok_or(Error::BadUseFd)
    }

    fn dir(&self, node: Node) -> Dir {
        let owner = |c: usize| {
            self.conv(c)
                .map_or(self.eve.to_string(), |cv| lock(&cv.owner).0.clone())
        };
        let (name, owner, perm) = match node {
            Node::Top => ("#D".to_string(), self.eve.to_string(), 0o555),
            Node::Clone => ("clone".to_string(), self.eve.to_string(), 0o666),
            Node::Conv(c) => (c.to_string(), owner(c), 0o555),
            Node::File(c, f) => (f.name().to_string(), owner(c), 0o660),
        };
        kernel_dir(&name, node.qid(), perm, 0, 'D', &owner)
    }

    /// Opens a connection's file: the connection is made again when its
    /// number is free, else the caller must be let in by its permissions.
    fn open_conv(&self, c: usize, mode: u32, user: &str) -> Result<Arc<Conv>> {
        let want = [4, 2, 6, 0][(mode & 3) as usize];
        let mut t = lock(&self.table);
        if let Some(conv) = t.convs.get(c).cloned().flatten() {
            let (owner, perm) = lock(&conv.owner).clone();
            if want & (perm >> 6) != want && (owner != user || want & perm != want) {
                return Err(Error::Perm);
            }
            t.refs[c] += 1;
            return Ok(conv);
        }
        Ok(install(&mut t, c, user))
    }

    /// Makes a connection at the lowest free number (`clone`).
    fn clone_conv(&self, user: &str) -> Result<(usize, Arc<Conv>)> {
        let mut t = lock(&self.table);
        let i = t
            .convs
            .iter()
            .position(Option::is_none)
            .unwrap_or(t.convs.len());
        if i >= MAX_CONVS {
            return Err(Error::Text("no free devices".into()));
        }
        Ok((i, install(&mut t, i, user)))
    }
}

impl DevFile for SslFile {
    fn qid(&self) -> Qid {
        self.node().qid()
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(self.at(self.node()))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        let next = match self.node() {
            Node::Top if name == "clone" => Node::Clone,
            Node::Top => {
                let c: usize = name.parse().map_err(|_| Error::NotExist)?;
                if c.to_string() != name || c >= lock(&self.table).convs.len() {
                    return Err(Error::NotExist);
                }
                Node::Conv(c)
            }
            Node::Conv(c) => {
                let f = CONV_FILES.iter().find(|e| e.0 == name);
                Node::File(c, f.ok_or(Error::NotExist)?.1)
            }
            _ => return Err(Error::NotExist),
        };
        Ok(Box::new(self.at(next)))
    }
    fn stat(&self, _caller: &Caller) -> Result<Dir> {
        Ok(self.dir(self.node()))
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        let conv = match self.node() {
            Node::Top | Node::Conv(_) => return check_open(DMDIR | 0o555, mode),
            Node::File(_, f) if !f.holds() => {
                return match mode & 3 {
                    OREAD => Ok(()),
                    _ => Err(Error::Perm),
                };
            }
            Node::Clone => {
                let (c, conv) = self.clone_conv(&caller.user)?;
                *lock(&self.node) = Node::File(c, ConvFile::Ctl);
                conv
            }
            Node::File(c, _) => self.open_conv(c, mode, &caller.user)?,
        };
        *lock(&self.held) = Some(conv);
        Ok(())
    }
    fn close(&self) {
        let Some(conv) = lock(&self.held).take() else {
            return;
        };
        let Node::File(c, _) = self.node() else {
            return;
        };
        let mut t = lock(&self.table);
        let same = t.convs.get(c).cloned().flatten();
        if !same.is_some_and(|s| Arc::ptr_eq(&s, &conv)) {
            return;
        }
        t.refs[c] -= 1;
        if t.refs[c] == 0 {
            t.convs[c] = None;
            drop(t);
            conv.close();
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let entries: Vec<Dir> = match self.node() {
            Node::Top => (0..lock(&self.table).convs.len())
                .map(Node::Conv)
                .chain([Node::Clone])
                .map(|n| self.dir(n))
                .collect(),
            Node::Conv(c) => CONV_FILES
                .iter()
                .map(|e| self.dir(Node::File(c, e.1)))
                .collect(),
            Node::File(c, ConvFile::Ctl) => {
                return Ok(read_text(c.to_string().as_bytes(), buf, offset));
            }
            Node::File(_, ConvFile::Data) => return self.held()?.read(buf, caller),
            Node::File(_, ConvFile::EncAlgs) => {
                return Ok(read_text(ENC_ALGS.as_bytes(), buf, offset));
            }
            Node::File(_, ConvFile::HashAlgs) => {
                return Ok(read_text(HASH_ALGS.as_bytes(), buf, offset));
            }
            _ => return Err(Error::BadUseFd),
        };
        Ok(read_entries(&entries, buf, offset))
    }
    fn write(&self, buf: &[u8], _offset: u64, caller: &Caller) -> Result<usize> {
        let conv = self.held()?;
        match self.node() {
            Node::File(_, ConvFile::Data) => return conv.write(buf, caller),
            Node::File(_, ConvFile::Ctl) => conv.ctl(buf, caller)?,
            Node::File(_, ConvFile::SecretIn) => conv.set_secret(true, buf),
            Node::File(_, ConvFile::SecretOut) => conv.set_secret(false, buf),
            _ => return Err(Error::BadUseFd),
        }
        Ok(buf.len())
    }
    fn wstat(&self, d: &Dir, caller: &Caller) -> Result<()> {
        let c = match self.node() {
            Node::Conv(c) | Node::File(c, _) => c,
            _ => return Err(Error::BadUseFd),
        };
        let conv = self.conv(c).ok_or(Error::BadUseFd)?;
        let mut owner = lock(&conv.owner);
        if owner.0 != *caller.user {
            return Err(Error::Perm);
        }
        if !d.uid.is_empty() {
            owner.0 = d.uid.clone();
        }
        if d.mode != !0 {
            owner.1 = d.mode;
        }
        Ok(())
    }
}
