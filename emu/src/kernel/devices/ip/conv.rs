//! A conversation of `#I` (one line of `tcp` or `udp`) over a host socket,
//! and what its `ctl` messages do, as the original's hosted `devip`:
//! `connect`, `announce`, `bind`, `hangup`, `keepalive`, the UDP address
//! header modes (`headers`, `oldheaders`, `headers4`), and `ttl`, `tos` and
//! `ignoreadvice`, which are accepted and ignored. Sockets are IPv6 with
//! IPv4 mapped into them (plain IPv4 when the host has no IPv6); a call
//! that waits on the network (connect, accept, read) runs without the
//! conversation's lock.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv6Addr, Shutdown, SocketAddr, SocketAddrV6, UdpSocket};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use socket2::{Domain, SockAddr, Socket, TcpKeepalive, Type};

use super::addr::{as_v4, parse_ip, port_number, split_sockaddr, NOADDR};
use crate::kernel::chan::lock;
use crate::kernel::error::{Error, Result};

/// The protocols, in the order the original makes them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Proto {
    Udp,
    Tcp,
}

impl Proto {
    pub const ALL: [Proto; 2] = [Proto::Udp, Proto::Tcp];

    pub fn name(self) -> &'static str {
        match self {
            Proto::Udp => "udp",
            Proto::Tcp => "tcp",
        }
    }
}

/// The most conversations of one protocol (the original's `MAXCONV`).
pub const MAX_CONV: usize = 4096;

/// The sizes of the UDP address headers.
const HEADERS: usize = 3 * 16 + 2 * 2;
const OLD_HEADERS: usize = 2 * 16 + 2 * 2;
const HEADERS4: usize = 2 * 4 + 2 * 2;

/// The keep-alive time the original uses at least.
const KEEPALIVE_MS: u64 = 120_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum State {
    #[default]
    Idle,
    Announcing,
    Announced,
    Connecting,
    Connected,
    Hungup,
}

impl State {
    /// The first word of the `status` file.
    pub fn text(self) -> &'static str {
        match self {
            State::Idle | State::Hungup => "Closed",
            State::Announcing => "Announcing",
            State::Announced => "Announced",
            State::Connecting => "Connecting",
            State::Connected => "Established",
        }
    }
}

/// One conversation.
pub struct Conv {
    pub state: State,
    pub laddr: Ipv6Addr,
    pub lport: u16,
    pub raddr: Ipv6Addr,
    pub rport: u16,
    restricted: bool,
    /// The size of the address header of each datagram (0: none).
    headers: usize,
    sock: Option<Arc<Socket>>,
    /// Opens of its `ctl` and `data` (and the `clone` or `listen` that made it).
    pub inuse: usize,
    pub owner: String,
    pub perm: u32,
}

impl Conv {
    fn new() -> Conv {
        Conv {
            state: State::Idle,
            laddr: NOADDR,
            lport: 0,
            raddr: NOADDR,
            rport: 0,
            restricted: false,
            headers: 0,
            sock: None,
            inuse: 0,
            owner: "network".into(),
            perm: 0o660,
        }
    }
}

/// The conversations of one protocol.
pub struct ProtoConvs {
    pub proto: Proto,
    convs: Mutex<Vec<Arc<Mutex<Conv>>>>,
}

/// A host socket for `proto`: IPv6 taking IPv4 too, or IPv4 alone.
fn new_socket(proto: Proto) -> Result<Socket> {
    let ty = match proto {
        Proto::Tcp => Type::STREAM,
        Proto::Udp => Type::DGRAM,
    };
    let sock = match Socket::new(Domain::IPV6, ty, None) {
        Ok(s) if s.set_only_v6(false).is_ok() => s,
        _ => Socket::new(Domain::IPV4, ty, None).map_err(|e| Error::from_host(&e))?,
    };
    let _ = match proto {
        Proto::Tcp => sock.set_tcp_nodelay(true),
        Proto::Udp => sock.set_broadcast(true),
    };
    Ok(sock)
}

/// `addr` and `port` as an address of `sock`'s family.
fn sockaddr(sock: &Socket, addr: &Ipv6Addr, port: u16) -> Result<SockAddr> {
    let v6 = sock.local_addr().map(|a| a.is_ipv6()).unwrap_or(true);
    let sa = if v6 {
        SocketAddr::V6(SocketAddrV6::new(*addr, port, 0, 0))
    } else if addr.is_unspecified() {
        SocketAddr::new(IpAddr::from([0, 0, 0, 0]), port)
    } else {
        let v4 = as_v4(addr).ok_or_else(|| Error::Text("invalid IP address".into()))?;
        SocketAddr::new(IpAddr::V4(v4), port)
    };
    Ok(sa.into())
}

fn host(e: std::io::Error) -> Error {
    Error::from_host(&e)
}

/// A socket address as 16 bytes and a port.
fn sock_name(sa: std::io::Result<SockAddr>) -> Result<(Ipv6Addr, u16)> {
    let sa = sa.map_err(host)?;
    let sa = sa
        .as_socket()
        .ok_or_else(|| Error::Text("not AF_INET6".into()))?;
    Ok(split_sockaddr(&sa))
}

fn lock_conv(c: &Arc<Mutex<Conv>>) -> MutexGuard<'_, Conv> {
    lock(c)
}

impl ProtoConvs {
    pub fn new(proto: Proto) -> ProtoConvs {
        ProtoConvs {
            proto,
            convs: Mutex::new(Vec::new()),
        }
    }

    /// How many conversations there are (in use or not).
    pub fn count(&self) -> usize {
        lock(&self.convs).len()
    }

    /// Conversation `n`.
    pub fn get(&self, n: usize) -> Result<Arc<Mutex<Conv>>> {
        lock(&self.convs).get(n).cloned().ok_or(Error::NotExist)
    }

    /// A conversation not in use, made if need be, opened once for `user`
    /// on `sock` (a new socket when none); its number.
    fn clone_conv(&self, user: &str, sock: Option<Socket>) -> Result<(usize, Arc<Mutex<Conv>>)> {
        let sock = match sock {
            Some(s) => s,
            None => new_socket(self.proto)?,
        };
        let mut convs = lock(&self.convs);
        let free = convs.iter().position(|c| lock_conv(c).inuse == 0);
        let n = match free {
            Some(n) => n,
            None if convs.len() < MAX_CONV => {
                convs.push(Arc::new(Mutex::new(Conv::new())));
                convs.len() - 1
            }
            None => return Err(Error::Text("no free devices".into())),
        };
        let conv = convs[n].clone();
        let mut c = lock_conv(&conv);
        *c = Conv::new();
        c.inuse = 1;
        c.owner = user.to_string();
        c.sock = Some(Arc::new(sock));
        drop(c);
        Ok((n, conv))
    }

    /// Opening `clone`: a new conversation's number.
    pub fn open_clone(&self, user: &str) -> Result<usize> {
        self.clone_conv(user, None).map(|(n, _)| n)
    }

    /// Opening `listen` of conversation `n`: waits for a call and makes a
    /// conversation of it; its number.
    pub fn open_listen(&self, n: usize, user: &str, want: u32) -> Result<usize> {
        let conv = self.get(n)?;
        let sock = {
            let c = lock_conv(&conv);
            check_perm(&c, user, want)?;
            if c.state != State::Announced {
                return Err(Error::Text("not announced".into()));
            }
            c.sock.clone().ok_or(Error::Hungup)?
        };
        let (accepted, from) = sock.accept().map_err(host)?;
        let _ = accepted.set_tcp_nodelay(true);
        let (raddr, rport) = sock_name(Ok(from))?;
        let (local, lport) = sock_name(accepted.local_addr())?;
        let (m, made) = self.clone_conv(user, Some(accepted))?;
        let mut c = lock_conv(&made);
        c.raddr = raddr;
        c.rport = rport;
        c.laddr = local;
        c.lport = lport;
        c.state = State::Connected;
        Ok(m)
    }

    /// Opening `ctl` or `data` of conversation `n`.
    pub fn open_file(&self, n: usize, user: &str, want: u32) -> Result<()> {
        let conv = self.get(n)?;
        let mut c = lock_conv(&conv);
        check_perm(&c, user, want)?;
        c.inuse += 1;
        if c.inuse == 1 {
            c.owner = user.to_string();
            c.perm = 0o660;
            if c.sock.is_none() {
                c.sock = Some(Arc::new(new_socket(self.proto)?));
            }
        }
        Ok(())
    }

    /// Closing an open `ctl` or `data` of conversation `n`; the last close
    /// ends the conversation and wakes any call waiting on its socket.
    pub fn close(&self, n: usize) {
        let Ok(conv) = self.get(n) else { return };
        let mut c = lock_conv(&conv);
        c.inuse = c.inuse.saturating_sub(1);
        if c.inuse > 0 {
            return;
        }
        if let Some(sock) = c.sock.take() {
            let _ = sock.shutdown(Shutdown::Both);
        }
        *c = Conv::new();
    }

    /// A control message to conversation `n`.
    pub fn ctl(&self, n: usize, msg: &str) -> Result<()> {
        let conv = self.get(n)?;
        let f: Vec<&str> = msg.split_whitespace().collect();
        let Some(&verb) = f.first() else {
            return Err(Error::Text("short control request".into()));
        };
        let udp_only = |headers: usize| -> Result<()> {
            if self.proto != Proto::Udp {
                return Err(Error::NoCtl);
            }
            lock_conv(&conv).headers = headers;
            Ok(())
        };
        match verb {
            "connect" => self.connect(&conv, &f),
            "announce" => self.announce(&conv, &f),
            "bind" => {
                let [_, addr] = f[..] else {
                    return Err(Error::Text("bad args to bind".into()));
                };
                set_local(&mut lock_conv(&conv), addr, false)
            }
            "ttl" | "tos" | "ignoreadvice" => Ok(()),
            "headers4" => udp_only(HEADERS4),
            "oldheaders" => udp_only(OLD_HEADERS),
            "headers" => udp_only(HEADERS),
            "hangup" => {
                if self.proto != Proto::Tcp {
                    return Err(Error::NoCtl);
                }
                let mut c = lock_conv(&conv);
                if let Some(sock) = c.sock.take() {
                    let _ = sock.set_linger(Some(Duration::ZERO));
                    let _ = sock.shutdown(Shutdown::Both);
                }
                c.state = State::Hungup;
                Ok(())
            }
            "keepalive" => {
                if self.proto != Proto::Tcp {
                    return Err(Error::NoCtl);
                }
                let sock = lock_conv(&conv)
                    .sock
                    .clone()
                    .ok_or_else(|| Error::Text("not connected".into()))?;
                let ms = f.get(1).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
                let time = Duration::from_millis(ms.max(KEEPALIVE_MS));
                sock.set_tcp_keepalive(&TcpKeepalive::new().with_time(time))
                    .map_err(host)
            }
            _ => Err(Error::NoCtl),
        }
    }

    fn connect(&self, conv: &Arc<Mutex<Conv>>, f: &[&str]) -> Result<()> {
        let (sock, to) = {
            let mut c = lock_conv(conv);
            if c.state != State::Idle {
                return Err(Error::Text("connection in use".into()));
            }
            c.state = State::Connecting;
            let set = match f {
                [_, raddr] => set_remote(&mut c, raddr),
                [_, raddr, lport] => set_remote(&mut c, raddr).and_then(|_| {
                    c.lport = port_number(lport)?;
                    set_lport(&mut c)
                }),
                _ => Err(Error::Text("bad args to connect".into())),
            };
            if let Err(e) = set {
                c.state = State::Idle;
                return Err(e);
            }
            let sock = c.sock.clone().ok_or(Error::Hungup)?;
            let to = sockaddr(&sock, &c.raddr, c.rport)?;
            (sock, to)
        };
        let done = sock.connect(&to).map_err(host);
        let mut c = lock_conv(conv);
        // As the original: a failed connect leaves the line "connected".
        c.state = State::Connected;
        done?;
        if let Ok((a, p)) = sock_name(sock.local_addr()) {
            c.laddr = a;
            c.lport = p;
        }
        Ok(())
    }

    fn announce(&self, conv: &Arc<Mutex<Conv>>, f: &[&str]) -> Result<()> {
        let sock = {
            let mut c = lock_conv(conv);
            if c.state != State::Idle {
                return Err(Error::Text("connection in use".into()));
            }
            c.state = State::Announcing;
            c.raddr = NOADDR;
            c.rport = 0;
            let [_, addr] = f[..] else {
                c.state = State::Idle;
                return Err(Error::Text("bad args to announce".into()));
            };
            if let Err(e) = set_local(&mut c, addr, true) {
                c.state = State::Idle;
                return Err(e);
            }
            c.sock.clone().ok_or(Error::Hungup)?
        };
        let listening = match self.proto {
            Proto::Tcp => sock.listen(256).map_err(host),
            Proto::Udp => Ok(()),
        };
        lock_conv(conv).state = State::Announced;
        listening
    }

    /// A read of the `data` of conversation `n`.
    pub fn read(&self, n: usize, buf: &mut [u8]) -> Result<usize> {
        let (sock, headers) = self.io(n)?;
        if headers == 0 {
            return (&*sock).read(buf).map_err(host);
        }
        if buf.len() < headers {
            return Err(Error::BadArg);
        }
        let udp: UdpSocket = sock.try_clone().map_err(host)?.into();
        let (got, from) = udp.recv_from(&mut buf[headers..]).map_err(host)?;
        let (raddr, rport) = split_sockaddr(&from);
        let (laddr, lport) = sock_name(sock.local_addr()).unwrap_or((NOADDR, 0));
        let h = &mut buf[..headers];
        h.fill(0);
        match headers {
            HEADERS4 => {
                let v4 = |a: &Ipv6Addr| as_v4(a).map(|v| v.octets());
                let r = v4(&raddr)
                    .ok_or_else(|| Error::Text("OUdphdrlenv4 with IPv6 address".into()))?;
                h[0..4].copy_from_slice(&r);
                if let Some(l) = v4(&laddr) {
                    h[4..8].copy_from_slice(&l);
                }
                h[8..10].copy_from_slice(&rport.to_be_bytes());
                h[10..12].copy_from_slice(&lport.to_be_bytes());
            }
            OLD_HEADERS => {
                h[0..16].copy_from_slice(&raddr.octets());
                h[16..32].copy_from_slice(&laddr.octets());
                h[32..34].copy_from_slice(&rport.to_be_bytes());
                h[34..36].copy_from_slice(&lport.to_be_bytes());
            }
            _ => {
                h[0..16].copy_from_slice(&raddr.octets());
                h[16..32].copy_from_slice(&laddr.octets());
                h[32..48].copy_from_slice(&laddr.octets());
                h[48..50].copy_from_slice(&rport.to_be_bytes());
                h[50..52].copy_from_slice(&lport.to_be_bytes());
            }
        }
        Ok(got + headers)
    }

    /// A write to the `data` of conversation `n`: with a UDP address header,
    /// one datagram to the address it gives.
    pub fn write(&self, n: usize, buf: &[u8]) -> Result<usize> {
        let (sock, headers) = self.io(n)?;
        if headers == 0 {
            (&*sock).write_all(buf).map_err(host)?;
            return Ok(buf.len());
        }
        if buf.len() < headers {
            return Err(Error::Text("i/o count too small".into()));
        }
        let (addr, port) = match headers {
            HEADERS4 => {
                let v4: [u8; 4] = buf[0..4].try_into().unwrap_or_default();
                let v6 = std::net::Ipv4Addr::from(v4).to_ipv6_mapped();
                (v6, u16::from_be_bytes([buf[8], buf[9]]))
            }
            OLD_HEADERS => (addr16(&buf[0..16]), u16::from_be_bytes([buf[32], buf[33]])),
            _ => (addr16(&buf[0..16]), u16::from_be_bytes([buf[48], buf[49]])),
        };
        let to = sockaddr(&sock, &addr, port)?;
        let sent = sock.send_to(&buf[headers..], &to).map_err(host)?;
        Ok(sent + headers)
    }

    /// The socket and header size of conversation `n` for a data transfer.
    fn io(&self, n: usize) -> Result<(Arc<Socket>, usize)> {
        let conv = self.get(n)?;
        let c = lock_conv(&conv);
        let sock = c.sock.clone().ok_or(Error::Hungup)?;
        Ok((sock, c.headers))
    }
}

/// 16 bytes of a header as an address.
fn addr16(b: &[u8]) -> Ipv6Addr {
    let a: [u8; 16] = b.try_into().unwrap_or_default();
    Ipv6Addr::from(a)
}

/// The original's permission check on opening a conversation's files.
fn check_perm(c: &Conv, user: &str, want: u32) -> Result<()> {
    if want & (c.perm >> 6) != want && (user != c.owner || want & c.perm != want) {
        return Err(Error::Perm);
    }
    Ok(())
}

/// `connect`'s `address!port[!r]`.
fn set_remote(c: &mut Conv, text: &str) -> Result<()> {
    let (addr, rest) = text
        .split_once('!')
        .ok_or_else(|| Error::Text("malformed address".into()))?;
    c.raddr = parse_ip(addr).ok_or_else(|| Error::Text("invalid IP address".into()))?;
    c.rport = port_number(rest)?;
    if let Some((_, flags)) = rest.split_once('!') {
        c.restricted = format!("!{flags}").contains("!r");
    }
    Ok(())
}

/// `announce`'s and `bind`'s `[address!]port` (`*` for any address and,
/// announcing, any port).
fn set_local(c: &mut Conv, text: &str, announcing: bool) -> Result<()> {
    let (addr, port) = match text.split_once('!') {
        Some((a, "r")) => (None, a),
        Some((a, p)) => (Some(a), p),
        None => (None, text),
    };
    match addr {
        None if announcing => c.laddr = NOADDR,
        None => {}
        Some("*") => c.laddr = NOADDR,
        Some(a) => c.laddr = parse_ip(a).ok_or_else(|| Error::Text("invalid IP address".into()))?,
    }
    c.lport = if announcing && port == "*" {
        0
    } else {
        port_number(port)?
    };
    set_lport(c)
}

/// Binds the socket to the local address and port, then learns what the
/// host chose for any left unset.
fn set_lport(c: &mut Conv) -> Result<()> {
    let sock = c.sock.clone().ok_or(Error::Hungup)?;
    let _ = sock.set_reuse_address(true);
    if c.restricted {
        let bound = (600..1024).any(|p| {
            sockaddr(&sock, &c.laddr, p)
                .map(|a| sock.bind(&a).is_ok())
                .unwrap_or(false)
        });
        if !bound {
            return Err(Error::Text("no restricted port free".into()));
        }
    } else {
        sock.bind(&sockaddr(&sock, &c.laddr, c.lport)?)
            .map_err(host)?;
    }
    let (a, p) = sock_name(sock.local_addr())?;
    if c.lport == 0 || c.restricted {
        c.lport = p;
    }
    if c.laddr.is_unspecified() {
        c.laddr = a;
    }
    Ok(())
}
