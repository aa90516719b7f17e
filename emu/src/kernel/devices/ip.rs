//! `#I`, the network device, with TCP over the host's sockets: `tcp/clone`
//! and a directory per conversation, `tcp/N/{ctl,data,listen,local,remote,status}`,
//! as the original's. Opening `clone` makes a conversation and gives its `ctl`;
//! reading `ctl` gives the number; writing `connect host!port`, `announce
//! [host!]port` or `hangup` to it acts. Opening `listen` of an announced
//! conversation makes a new one for the next incoming call, which is accepted
//! when its `ctl` (or `data`) is first read, so that an open never waits on the
//! network. A conversation ends when its last file is closed.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};

use crate::kernel::chan::lock;
use crate::kernel::device::{check_open, kernel_dir, read_text, Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, QTDIR, QTFILE};

/// The state of one conversation.
#[derive(Default)]
enum State {
    /// Made by `clone`, nothing done yet (or ended).
    #[default]
    Idle,
    Connected(TcpStream),
    Announced(TcpListener),
    /// Made by opening an announcement's `listen`: the next call it accepts.
    Incoming(TcpListener),
}

#[derive(Default)]
struct Conv {
    state: State,
    /// Open files of the conversation; it ends when none is left.
    opens: usize,
}

/// The network device.
#[derive(Default)]
pub struct IpDevice {
    convs: Arc<Mutex<Vec<Conv>>>,
}

impl IpDevice {
    pub fn new() -> IpDevice {
        IpDevice::default()
    }
}

impl Device for IpDevice {
    fn letter(&self) -> char {
        'I'
    }
    fn name(&self) -> &'static str {
        "ip"
    }
    fn attach(&self, _spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        Ok(Box::new(IpFile::new(self.convs.clone(), Node::Root)))
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

const CONV_FILES: &[(&str, ConvFile, u32)] = &[
    ("ctl", ConvFile::Ctl, 0o666),
    ("data", ConvFile::Data, 0o666),
    ("listen", ConvFile::Listen, 0o666),
    ("local", ConvFile::Local, 0o444),
    ("remote", ConvFile::Remote, 0o444),
    ("status", ConvFile::Status, 0o444),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
    Root,
    Tcp,
    Clone,
    Conv(usize),
    File(usize, ConvFile),
}

impl Node {
    fn qid(self) -> Qid {
        let conv = |n: usize, k: u64| ((n as u64 + 1) << 4) | k;
        match self {
            Node::Root => Qid::new(0, 0, QTDIR),
            Node::Tcp => Qid::new(1, 0, QTDIR),
            Node::Clone => Qid::new(2, 0, QTFILE),
            Node::Conv(n) => Qid::new(conv(n, 0), 0, QTDIR),
            Node::File(n, f) => {
                let k = CONV_FILES.iter().position(|e| e.1 == f).unwrap_or(0) as u64 + 1;
                Qid::new(conv(n, k), 0, QTFILE)
            }
        }
    }

    fn name(self) -> String {
        match self {
            Node::Root => "#I".into(),
            Node::Tcp => "tcp".into(),
            Node::Clone => "clone".into(),
            Node::Conv(n) => n.to_string(),
            Node::File(_, f) => CONV_FILES
                .iter()
                .find(|e| e.1 == f)
                .map_or("", |e| e.0)
                .into(),
        }
    }

    fn perm(self) -> u32 {
        match self {
            Node::Root | Node::Tcp | Node::Conv(_) => DMDIR | 0o555,
            Node::Clone => 0o666,
            Node::File(_, f) => CONV_FILES.iter().find(|e| e.1 == f).map_or(0, |e| e.2),
        }
    }
}

/// A handle on a file of `#I`; opening `clone` or `listen` turns it into
/// the `ctl` of a new conversation.
struct IpFile {
    convs: Arc<Mutex<Vec<Conv>>>,
    node: Mutex<Node>,
    /// The conversation this handle holds open.
    held: Mutex<Option<usize>>,
}

fn host_error(e: &std::io::Error) -> Error {
    Error::from_host(e)
}

/// `host!port` (or `[host]!port`, `*!port`, `port`) as a socket address text.
fn socket_addr(addr: &str, announcing: bool) -> Result<String> {
    let (host, port) = match addr.rsplit_once('!') {
        Some((h, p)) => (h, p),
        None if announcing => ("*", addr),
        None => return Err(Error::Text("bad address syntax".into())),
    };
    let port: u16 = port
        .parse()
        .map_err(|_| Error::Text(format!("bad port: {port}")))?;
    let host = match host {
        "*" | "" => "0.0.0.0",
        h => h.trim_start_matches('[').trim_end_matches(']'),
    };
    Ok(if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    })
}

/// An address as the original prints it: `ip!port`.
fn addr_text(a: std::io::Result<std::net::SocketAddr>) -> String {
    match a {
        Ok(a) => format!("{}!{}\n", a.ip(), a.port()),
        Err(_) => "::!0\n".to_string(),
    }
}

impl IpFile {
    fn new(convs: Arc<Mutex<Vec<Conv>>>, node: Node) -> IpFile {
        IpFile {
            convs,
            node: Mutex::new(node),
            held: Mutex::new(None),
        }
    }

    fn node(&self) -> Node {
        *lock(&self.node)
    }

    /// A conversation not in use (made if need be), held open by this handle.
    fn new_conv(&self, state: State) -> usize {
        let mut convs = lock(&self.convs);
        let n = match convs.iter().position(|c| c.opens == 0) {
            Some(n) => n,
            None => {
                convs.push(Conv::default());
                convs.len() - 1
            }
        };
        convs[n] = Conv { state, opens: 1 };
        n
    }

    /// Runs `f` on conversation `n`'s state.
    fn with<T>(&self, n: usize, f: impl FnOnce(&mut State) -> Result<T>) -> Result<T> {
        let mut convs = lock(&self.convs);
        let c = convs.get_mut(n).ok_or(Error::NotExist)?;
        f(&mut c.state)
    }

    /// The stream of a connected conversation, accepting an incoming call
    /// first if it is one (waiting for it).
    fn stream(&self, n: usize) -> Result<TcpStream> {
        let listener = self.with(n, |st| match st {
            State::Connected(_) => Ok(None),
            State::Incoming(l) => l.try_clone().map(Some).map_err(|e| host_error(&e)),
            _ => Err(Error::Hungup),
        })?;
        if let Some(l) = listener {
            let (s, _) = l.accept().map_err(|e| host_error(&e))?;
            self.with(n, |st| {
                *st = State::Connected(s);
                Ok(())
            })?;
        }
        self.with(n, |st| match st {
            State::Connected(s) => s.try_clone().map_err(|e| host_error(&e)),
            _ => Err(Error::Hungup),
        })
    }

    fn ctl(&self, n: usize, msg: &str) -> Result<()> {
        let words: Vec<&str> = msg.split_whitespace().collect();
        match words.as_slice() {
            ["connect", addr, ..] => {
                let target = socket_addr(addr, false)?;
                let addrs = target.to_socket_addrs().map_err(|e| host_error(&e))?;
                let mut last = Error::Text("address not found".into());
                for a in addrs {
                    match TcpStream::connect(a) {
                        Ok(s) => {
                            return self.with(n, |st| {
                                *st = State::Connected(s);
                                Ok(())
                            })
                        }
                        Err(e) => last = host_error(&e),
                    }
                }
                Err(last)
            }
            ["announce", addr] => {
                let l = TcpListener::bind(socket_addr(addr, true)?).map_err(|e| host_error(&e))?;
                self.with(n, |st| {
                    *st = State::Announced(l);
                    Ok(())
                })
            }
            ["hangup"] => self.with(n, |st| {
                if let State::Connected(s) = st {
                    let _ = s.shutdown(Shutdown::Both);
                }
                *st = State::Idle;
                Ok(())
            }),
            _ => Err(Error::NoCtl),
        }
    }

    fn text(&self, n: usize, f: ConvFile) -> Result<String> {
        self.with(n, |st| {
            Ok(match (f, &*st) {
                (ConvFile::Local, State::Connected(s)) => addr_text(s.local_addr()),
                (ConvFile::Local, State::Announced(l) | State::Incoming(l)) => {
                    addr_text(l.local_addr())
                }
                (ConvFile::Remote, State::Connected(s)) => addr_text(s.peer_addr()),
                (ConvFile::Local | ConvFile::Remote, _) => "::!0\n".into(),
                (_, State::Idle) => "Closed\n".into(),
                (_, State::Connected(_)) => "Established\n".into(),
                (_, State::Announced(_)) => "Announced\n".into(),
                (_, State::Incoming(_)) => "Listen\n".into(),
            })
        })
    }
}

impl DevFile for IpFile {
    fn qid(&self) -> Qid {
        self.node().qid()
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        Box::new(IpFile::new(self.convs.clone(), self.node()))
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        let next = match self.node() {
            Node::Root if name == "tcp" => Node::Tcp,
            Node::Tcp if name == "clone" => Node::Clone,
            Node::Tcp => {
                let n: usize = name.parse().map_err(|_| Error::NotExist)?;
                if n.to_string() != name || n >= lock(&self.convs).len() {
                    return Err(Error::NotExist);
                }
                Node::Conv(n)
            }
            Node::Conv(n) => {
                let f = CONV_FILES
                    .iter()
                    .find(|e| e.0 == name)
                    .ok_or(Error::NotExist)?;
                Node::File(n, f.1)
            }
            _ => return Err(Error::NotExist),
        };
        Ok(Box::new(IpFile::new(self.convs.clone(), next)))
    }
    fn stat(&self, caller: &Caller) -> Result<Dir> {
        let node = self.node();
        Ok(kernel_dir(
            &node.name(),
            node.qid(),
            node.perm(),
            0,
            'I',
            &caller.user,
        ))
    }
    fn open(&self, mode: u32, _caller: &Caller) -> Result<()> {
        let node = self.node();
        check_open(node.perm(), mode)?;
        let conv = match node {
            Node::Clone => self.new_conv(State::Idle),
            Node::File(n, ConvFile::Listen) => {
                let l = self.with(n, |st| match st {
                    State::Announced(l) => l.try_clone().map_err(|e| host_error(&e)),
                    _ => Err(Error::Text("not announced".into())),
                })?;
                self.new_conv(State::Incoming(l))
            }
            Node::File(n, _) => {
                let mut convs = lock(&self.convs);
                convs.get_mut(n).ok_or(Error::NotExist)?.opens += 1;
                *lock(&self.held) = Some(n);
                return Ok(());
            }
            _ => return Ok(()),
        };
        *lock(&self.node) = Node::File(conv, ConvFile::Ctl);
        *lock(&self.held) = Some(conv);
        Ok(())
    }
    fn close(&self) {
        let Some(n) = lock(&self.held).take() else {
            return;
        };
        let mut convs = lock(&self.convs);
        if let Some(c) = convs.get_mut(n) {
            c.opens = c.opens.saturating_sub(1);
            if c.opens == 0 {
                c.state = State::Idle;
            }
        }
    }
    fn read(&self, buf: &mut [u8], offset: u64, caller: &Caller) -> Result<usize> {
        let node = self.node();
        let dir = |n: Node| kernel_dir(&n.name(), n.qid(), n.perm(), 0, 'I', &caller.user);
        let entries: Vec<Dir> = match node {
            Node::Root => vec![dir(Node::Tcp)],
            Node::Tcp => {
                let count = lock(&self.convs).len();
                std::iter::once(Node::Clone)
                    .chain((0..count).map(Node::Conv))
                    .map(dir)
                    .collect()
            }
            Node::Conv(n) => CONV_FILES.iter().map(|e| dir(Node::File(n, e.1))).collect(),
            Node::Clone => return Err(Error::BadUseFd),
            Node::File(n, ConvFile::Ctl) => {
                if self.with(n, |st| Ok(matches!(st, State::Incoming(_))))? {
                    self.stream(n)?;
                }
                return Ok(read_text(n.to_string().as_bytes(), buf, offset));
            }
            Node::File(n, ConvFile::Data) => {
                return self.stream(n)?.read(buf).map_err(|e| host_error(&e));
            }
            Node::File(_, ConvFile::Listen) => return Err(Error::BadUseFd),
            Node::File(n, f) => {
                return Ok(read_text(self.text(n, f)?.as_bytes(), buf, offset));
            }
        };
        Ok(read_entries(&entries, buf, offset))
    }
    fn write(&self, buf: &[u8], _offset: u64, _caller: &Caller) -> Result<usize> {
        match self.node() {
            Node::File(n, ConvFile::Ctl) => {
                self.ctl(n, &String::from_utf8_lossy(buf))?;
                Ok(buf.len())
            }
            Node::File(n, ConvFile::Data) => {
                self.stream(n)?.write_all(buf).map_err(|e| host_error(&e))?;
                Ok(buf.len())
            }
            _ => Err(Error::Perm),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_translate() {
        assert_eq!(
            socket_addr("127.0.0.1!564", false).unwrap(),
            "127.0.0.1:564"
        );
        assert_eq!(socket_addr("*!6666", true).unwrap(), "0.0.0.0:6666");
        assert_eq!(socket_addr("6666", true).unwrap(), "0.0.0.0:6666");
        assert_eq!(socket_addr("::1!80", false).unwrap(), "[::1]:80");
        assert!(socket_addr("host", false).is_err());
        assert!(socket_addr("h!port", false).is_err());
    }
}
