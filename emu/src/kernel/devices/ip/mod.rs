//! `#I`, the network device, as the original's hosted one: a directory per
//! protocol (`udp`, `tcp`) with `clone`, `stats` and a directory per
//! conversation (`ctl`, `data`, `listen`, `local`, `remote`, `status`); the
//! `arp` and `ndb` files; and `cs`, the connection server, built in (see
//! [`cs`]). As the original's, `arp` cannot be read and takes only
//! `add IP MAC` requests, which change nothing on a hosted system.
//! Opening `clone` makes a conversation and gives its `ctl`; opening
//! `listen` of an announced conversation waits for a call and gives the new
//! conversation's `ctl`. A conversation ends when its last `ctl` or `data`
//! is closed. [`conv`] holds the sockets and the `ctl` messages.

pub mod addr;
pub mod conv;
pub mod cs;
pub mod ndbquery;
pub mod services;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use self::conv::{Proto, ProtoConvs};
use self::services::Services;
use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, OTRUNC, OWRITE, QTDIR, QTFILE};

/// The owner of the device's own files.
const NETWORK: &str = "network";

/// The size of the `ndb` file (the original's).
const NDB_SIZE: usize = 1024;

/// What all handles on the device share.
struct Shared {
    protos: [ProtoConvs; 2],
    services: Services,
    ndb: Mutex<Vec<u8>>,
}

/// The network device.
pub struct IpDevice {
    shared: Arc<Shared>,
}

impl IpDevice {
    /// A device whose connection server looks service names up in the
    /// files of `/etc/services` form `services` before its own table.
    pub fn new(services: Services) -> IpDevice {
        IpDevice {
            shared: Arc::new(Shared {
                protos: Proto::ALL.map(ProtoConvs::new),
                services,
                ndb: Mutex::new(Vec::new()),
            }),
        }
    }
}

impl Device for IpDevice {
    fn letter(&self) -> char {
        'I'
    }
    fn name(&self) -> &'static str {
        "ip"
    }
    fn attach(&self, spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if spec.parse::<i64>().unwrap_or(0) != 0 {
            return Err(Error::Text("bad specification".into()));
        }
        Ok(Box::new(IpFile::new(self.shared.clone(), Node::Root)))
    }
}

/// A file of a conversation directory.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ConvFile {
    Ctl,
    Data,
    Listen,
    Local,
    Remote,
    Status,
}

const CONV_FILES: [(&str, ConvFile); 6] = [
    ("ctl", ConvFile::Ctl),
    ("data", ConvFile::Data),
    ("listen", ConvFile::Listen),
    ("local", ConvFile::Local),
    ("remote", ConvFile::Remote),
    ("status", ConvFile::Status),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
    Root,
    Arp,
    Cs,
    Ndb,
    Proto(usize),
    Clone(usize),
    Stats(usize),
    Conv(usize, usize),
    File(usize, usize, ConvFile),
}

impl Node {
    /// The qid path: protocol, conversation and file type, as the original
    /// packs them.
    fn qid(self) -> Qid {
        let q = |p: usize, c: usize, t: u64| ((p as u64) << 17) | ((c as u64) << 5) | t;
        let (path, dir) = match self {
            Node::Root => (q(0, 0, 1), true),
            Node::Arp => (q(0, 0, 2), false),
            Node::Ndb => (q(0, 0, 3), false),
            Node::Cs => (q(0, 0, 14), false),
            Node::Proto(p) => (q(p, 0, 4), true),
            Node::Clone(p) => (q(p, 0, 5), false),
            Node::Stats(p) => (q(p, 0, 6), false),
            Node::Conv(p, c) => (q(p, c, 7), true),
            Node::File(p, c, f) => {
                let k = CONV_FILES.iter().position(|e| e.1 == f).unwrap_or(0) as u64;
                (q(p, c, 8 + k), false)
            }
        };
        Qid::new(path, 0, if dir { QTDIR } else { QTFILE })
    }
}

/// A handle on a file of `#I`; opening `clone` or `listen` turns it into
/// the `ctl` of a conversation.
struct IpFile {
    shared: Arc<Shared>,
    node: Mutex<Node>,
    /// The conversation whose `ctl` or `data` this handle holds open.
    held: Mutex<Option<(usize, usize)>>,
    /// On `cs`: the translations of the last address written, each read
    /// taking the next, or why there are none (which each read gives).
    replies: Mutex<std::result::Result<VecDeque<String>, String>>,
}

impl IpFile {
    fn new(shared: Arc<Shared>, node: Node) -> IpFile {
        IpFile {
            shared,
            node: Mutex::new(node),
            held: Mutex::new(None),
            replies: Mutex::new(Ok(VecDeque::new())),
        }
    }

    fn node(&self) -> Node {
        *lock(&self.node)
    }

    fn protos(&self) -> &[ProtoConvs; 2] {
        &self.shared.protos
    }

    /// The name, owner and permissions of `node`.
    fn describe(&self, node: Node) -> (String, String, u32) {
        let conv = |p: usize, c: usize| {
            self.protos()[p]
                .get(c)
                .map(|cv| {
                    let cv = lock(&cv);
                    (cv.owner.clone(), cv.perm)
                })
                .unwrap_or((NETWORK.into(), 0o660))
        };
        let network = |name: &str, perm: u32| (name.to_string(), NETWORK.to_string(), perm);
        match node {
            Node::Root => network("#I", DMDIR | 0o555),
            Node::Arp => network("arp", 0o664),
            Node::Cs => network("cs", 0o666),
            Node::Ndb => network("ndb", 0o664),
            Node::Proto(p) => network(Proto::ALL[p].name(), DMDIR | 0o555),
            Node::Clone(_) => network("clone", 0o666),
            Node::Stats(_) => network("stats", 0o444),
            Node::Conv(p, c) => (c.to_string(), conv(p, c).0, DMDIR | 0o555),
            Node::File(p, c, f) => {
                let name = CONV_FILES.iter().find(|e| e.1 == f).map_or("", |e| e.0);
                let (owner, perm) = conv(p, c);
                let perm = match f {
                    ConvFile::Ctl | ConvFile::Data | ConvFile::Listen => perm,
                    _ => 0o444,
                };
                (name.to_string(), owner, perm)
            }
        }
    }

    fn dir(&self, node: Node) -> Dir {
        let (name, owner, perm) = self.describe(node);
        let len = match node {
            Node::Ndb => lock(&self.shared.ndb).len() as u64,
            _ => 0,
        };
        kernel_dir(&name, node.qid(), perm & !DMDIR, len, 'I', &owner)
    }

    fn write_ndb(&self, buf: &[u8], offset: u64) -> Result<usize> {
        let mut ndb = lock(&self.shared.ndb);
        let off = usize::try_from(offset).map_err(|_| Error::Text("i/o error".into()))?;
        if off > ndb.len() || off + buf.len() >= NDB_SIZE - 1 {
            return Err(Error::Text("i/o error".into()));
        }
        ndb.truncate(off);
        ndb.extend_from_slice(buf);
        Ok(buf.len())
    }
}

impl DevFile for IpFile {
    fn qid(&self) -> Qid {
        self.node().qid()
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(IpFile::new(self.shared.clone(), self.node()))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        let next = match self.node() {
            Node::Root => match name {
                "arp" => Node::Arp,
                "cs" => Node::Cs,
                "ndb" => Node::Ndb,
                _ => Node::Proto(
                    Proto::ALL
                        .iter()
                        .position(|p| p.name() == name)
                        .ok_or(Error::NotExist)?,
                ),
            },
            Node::Proto(p) => match name {
                "clone" => Node::Clone(p),
                "stats" => Node::Stats(p),
                _ => {
                    let c: usize = name.parse().map_err(|_| Error::NotExist)?;
                    if c.to_string() != name || c >= self.protos()[p].count() {
                        return Err(Error::NotExist);
                    }
                    Node::Conv(p, c)
                }
            },
            Node::Conv(p, c) => {
                let f = CONV_FILES
                    .iter()
                    .find(|e| e.0 == name)
                    .ok_or(Error::NotExist)?;
                Node::File(p, c, f.1)
            }
            _ => return Err(Error::NotExist),
        };
        Ok(Box::new(IpFile::new(self.shared.clone(), next)))
    }
    fn stat(&self, _caller: &Caller) -> Result<Dir> {
        Ok(self.dir(self.node()))
    }
    fn open(&self, mode: u32, caller: &Caller) -> Result<()> {
        let node = self.node();
        let (_, _, perm) = self.describe(node);
        let want = [4, 2, 6, 1][(mode & 3) as usize];
        let user = &caller.user;
        let held = match node {
            Node::Clone(p) => {
                check_open(perm, mode)?;
                (p, self.protos()[p].open_clone(user)?)
            }
            Node::File(p, c, ConvFile::Listen) => (p, self.protos()[p].open_listen(c, user, want)?),
            Node::File(p, c, ConvFile::Ctl | ConvFile::Data) => {
                self.protos()[p].open_file(c, user, want)?;
                *lock(&self.held) = Some((p, c));
                return Ok(());
            }
            Node::Ndb => {
                check_open(perm, mode)?;
                if mode & (OWRITE | OTRUNC) == OWRITE | OTRUNC {
                    lock(&self.shared.ndb).clear();
                }
                return Ok(());
            }
            _ => return check_open(perm, mode),
        };
        *lock(&self.node) = Node::File(held.0, held.1, ConvFile::Ctl);
        *lock(&self.held) = Some(held);
        Ok(())
    }
    fn close(&self) {
        if let Some((p, c)) = lock(&self.held).take() {
            self.protos()[p].close(c);
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, _caller: &Caller) -> Result<usize> {
        let node = self.node();
        let entries: Vec<Dir> = match node {
            Node::Root => Proto::ALL
                .iter()
                .enumerate()
                .map(|(p, _)| Node::Proto(p))
                .chain([Node::Arp, Node::Ndb, Node::Cs])
                .map(|n| self.dir(n))
                .collect(),
            Node::Proto(p) => (0..self.protos()[p].count())
                .map(|c| Node::Conv(p, c))
                .chain([Node::Clone(p), Node::Stats(p)])
                .map(|n| self.dir(n))
                .collect(),
            Node::Conv(p, c) => CONV_FILES
                .iter()
                .map(|e| self.dir(Node::File(p, c, e.1)))
                .collect(),
            Node::Cs => {
                let line = match &mut *lock(&self.replies) {
                    Ok(lines) => lines.pop_front().unwrap_or_default(),
                    Err(e) => return Err(Error::Text(e.clone())),
                };
                return Ok(read_text(line.as_bytes(), buf, 0));
            }
            Node::Ndb => return Ok(read_text(&lock(&self.shared.ndb), buf, offset)),
            Node::Arp | Node::Clone(_) => return Err(Error::Perm),
            Node::Stats(_) => return Err(Error::Text("stats not implemented".into())),
            Node::File(p, c, f) => {
                let text = match f {
                    ConvFile::Ctl => c.to_string(),
                    ConvFile::Data => return self.protos()[p].read(c, buf),
                    ConvFile::Listen => return Err(Error::Perm),
                    ConvFile::Local | ConvFile::Remote | ConvFile::Status => {
                        let cv = self.protos()[p].get(c)?;
                        let cv = lock(&cv);
                        match f {
                            ConvFile::Local => addr::addr_port_text(&cv.laddr, cv.lport),
                            ConvFile::Remote => addr::addr_port_text(&cv.raddr, cv.rport),
                            _ => format!("{}\n", cv.state.text()),
                        }
                    }
                };
                return Ok(read_text(text.as_bytes(), buf, offset));
            }
        };
        Ok(read_entries(&entries, buf, offset))
    }
    fn write(&self, buf: &[u8], offset: u64, _caller: &Caller) -> Result<usize> {
        match self.node() {
            Node::File(p, c, ConvFile::Ctl) => {
                self.protos()[p].ctl(c, &String::from_utf8_lossy(buf))?;
                Ok(buf.len())
            }
            Node::File(p, c, ConvFile::Data) => self.protos()[p].write(c, buf),
            Node::Cs => {
                let query = String::from_utf8_lossy(buf);
                let lines = cs::translate(&query, &self.shared.services);
                *lock(&self.replies) = lines.clone().map(VecDeque::from);
                lines.map(|_| buf.len()).map_err(Error::Text)
            }
            Node::Ndb => self.write_ndb(buf, offset),
            Node::Arp => arp_request(buf),
            _ => Err(Error::Perm),
        }
    }
}

/// A write to `arp`: `add IP MAC` (a trailing newline allowed) is taken and
/// does nothing; anything else is a bad request.
fn arp_request(buf: &[u8]) -> Result<usize> {
    let text = String::from_utf8_lossy(buf);
    let words: Vec<&str> = text
        .strip_suffix('\n')
        .unwrap_or(&text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect();
    match words[..] {
        ["add", _, _] => Ok(buf.len()),
        _ => Err(Error::Text("bad arp request".into())),
    }
}
