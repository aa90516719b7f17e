//! One connection of `#D`: the channel pushed under it (`fd N`), the
//! secrets and algorithms of each direction, and reads and writes of its
//! `data` through the record layer ([`record`](super::record)): a write is
//! sealed into records on the channel, a read gives the next message (or
//! what is left of it). An error on the channel, a bad record or a digest
//! that does not match hangs the connection up: later reads and writes of
//! `data` fail until a new `fd` message.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::record::{header, Algs, Way};
use crate::kernel::chan::{lock, Chan};
use crate::kernel::device::Caller;
use crate::kernel::error::{Error, Result};
use crate::kernel::fdtable::FdTable;

/// How much a read of the pushed channel asks for (the original's).
const NET_READ: usize = 1 << 16;

/// The longest `ctl` message.
const CTL_MAX: usize = 32;

/// Bytes read from the channel and the message being read.
#[derive(Default)]
struct Input {
    /// Bytes not yet part of a whole record.
    raw: Vec<u8>,
    /// The current message and how much of it has been read.
    msg: Vec<u8>,
    at: usize,
}

/// A connection.
pub struct Conv {
    /// Owner and permissions of its files.
    pub owner: Mutex<(String, u32)>,
    net: Mutex<Option<Arc<Chan>>>,
    /// Set by `fd` and `alg`, cleared by a hang-up.
    live: AtomicBool,
    input: Mutex<Input>,
    rx: Mutex<Way>,
    tx: Mutex<Way>,
}

/// A number as C's `strtoul(p, 0, 0)` reads one: decimal, `0x` hex or
/// `0` octal, up to the first character that is not a digit.
fn c_number(text: &str) -> Option<i64> {
    let t = text.trim_start();
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or(t.strip_prefix("0X")) {
        (h, 16)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    let end = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    if end == 0 {
        return (radix == 8).then_some(0);
    }
    i64::from_str_radix(&digits[..end], radix).ok()
}

impl Conv {
    /// A new connection owned by `user`, with nothing pushed.
    pub fn new(user: &str) -> Conv {
        Conv {
            owner: Mutex::new((user.to_string(), 0o660)),
            net: Mutex::new(None),
            live: AtomicBool::new(false),
            input: Mutex::new(Input::default()),
            rx: Mutex::new(Way::default()),
            tx: Mutex::new(Way::default()),
        }
    }

    /// The pushed channel, for `data` (which needs `fd` first).
    fn net(&self) -> Result<Arc<Chan>> {
        if !self.live.load(Ordering::SeqCst) {
            return Err(Error::BadUseFd);
        }
        lock(&self.net).clone().ok_or(Error::BadUseFd)
    }

    /// Hangs up: `data` is unusable and unread bytes are dropped.
    fn hangup(&self, input: Option<&mut Input>) {
        self.live.store(false, Ordering::SeqCst);
        if let Some(i) = input {
            *i = Input::default();
        }
    }

    /// Ends the connection: its channel is let go.
    pub fn close(&self) {
        self.hangup(None);
        lock(&self.net).take();
    }

    /// Reads from `data`: the next message, or the rest of the current one,
    /// as far as `buf` holds.
    pub fn read(&self, buf: &mut [u8], caller: &Caller) -> Result<usize> {
        let net = self.net()?;
        let mut input = lock(&self.input);
        if input.at >= input.msg.len() {
            match self.next_message(&net, &mut input, caller) {
                Ok(msg) => {
                    input.msg = msg;
                    input.at = 0;
                }
                Err(e) => {
                    if e.to_string() != "interrupted" {
                        self.hangup(Some(&mut input));
                    }
                    return Err(e);
                }
            }
        }
        let n = buf.len().min(input.msg.len() - input.at);
        buf[..n].copy_from_slice(&input.msg[input.at..input.at + n]);
        input.at += n;
        Ok(n)
    }

    /// Reads the channel until a whole record is in, and opens it.
    fn next_message(&self, net: &Chan, input: &mut Input, caller: &Caller) -> Result<Vec<u8>> {
        let mut chunk = Vec::new();
        loop {
            if let Some(h) = header(&input.raw) {
                let (len, pad, head) = h?;
                if input.raw.len() >= head + len {
                    let body = input.raw[head..head + len].to_vec();
                    input.raw.drain(..head + len);
                    return lock(&self.rx).open(body, pad);
                }
            }
            chunk.resize(NET_READ, 0);
            let n = net.read(&mut chunk, caller)?;
            if n == 0 {
                return Err(Error::Hungup);
            }
            input.raw.extend_from_slice(&chunk[..n]);
        }
    }

    /// Writes `buf` to `data`: sealed into records and written to the channel.
    pub fn write(&self, buf: &[u8], caller: &Caller) -> Result<usize> {
        let net = self.net()?;
        let mut tx = lock(&self.tx);
        let wire = tx.seal(buf);
        let mut rest = &wire[..];
        while !rest.is_empty() {
            match net.write(rest, caller) {
                Ok(0) => {
                    self.hangup(self.input.try_lock().ok().as_deref_mut());
                    return Err(Error::Hungup);
                }
                Ok(n) => rest = &rest[n.min(rest.len())..],
                Err(e) => {
                    self.hangup(self.input.try_lock().ok().as_deref_mut());
                    return Err(e);
                }
            }
        }
        Ok(buf.len())
    }

    /// Sets the incoming (`secretin`) or outgoing secret.
    pub fn set_secret(&self, incoming: bool, secret: &[u8]) {
        let way = if incoming { &self.rx } else { &self.tx };
        lock(way).secret = Some(secret.to_vec());
    }

    /// Carries out a `ctl` message: `fd N`, `alg ...`, `secretin B64`,
    /// `secretout B64`.
    pub fn ctl(&self, msg: &[u8], caller: &Caller) -> Result<()> {
        if msg.len() >= CTL_MAX {
            return Err(Error::BadArg);
        }
        let text = String::from_utf8_lossy(msg);
        let line = text.split('\n').next().unwrap_or_default();
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v, Some(a)),
            None => (line, None),
        };
        let mut rx = lock(&self.rx);
        let mut tx = lock(&self.tx);
        match (verb, arg) {
            ("fd", arg) => {
                let fd = arg.and_then(c_number).ok_or(Error::BadArg)?;
                let fd = i32::try_from(fd).map_err(|_| Error::BadFd)?;
                let fds = caller
                    .fds
                    .upgrade()
                    .and_then(|f| f.downcast::<FdTable>().ok())
                    .ok_or(Error::BadFd)?;
                *lock(&self.net) = Some(fds.get(fd)?);
                rx.reset();
                tx.reset();
                self.live.store(true, Ordering::SeqCst);
            }
            ("alg", Some(arg)) => {
                if lock(&self.net).is_none() {
                    return Err(Error::Text("must set fd before algorithm".into()));
                }
                let algs = if arg == "clear" {
                    Algs::default()
                } else {
                    if tx.secret.is_none() {
                        tx.secret = rx.secret.clone();
                    }
                    if rx.secret.is_none() {
                        rx.secret = tx.secret.clone();
                    }
                    if rx.secret.is_none() {
                        return Err(Error::Text("algorithm but no secret".into()));
                    }
                    Algs::parse(arg)?
                };
                rx.set(algs)?;
                tx.set(algs)?;
                self.live.store(true, Ordering::SeqCst);
            }
            ("secretin", Some(arg)) => rx.secret = Some(iptext::dec64(arg.as_bytes())),
            ("secretout", Some(arg)) => tx.secret = Some(iptext::dec64(arg.as_bytes())),
            _ => return Err(Error::BadArg),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_numbers_read_as_strtoul_reads_them() {
        assert_eq!(c_number("12"), Some(12));
        assert_eq!(c_number("0x1f"), Some(31));
        assert_eq!(c_number("010"), Some(8));
        assert_eq!(c_number("0"), Some(0));
        assert_eq!(c_number("7 "), Some(7));
        assert_eq!(c_number("x"), None);
    }
}
