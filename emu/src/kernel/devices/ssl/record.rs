//! The record layer of `#D`, SSLv2's without its handshake: each message
//! written goes out as one record, a two-byte length (top bit set) or a
//! three-byte one (length in 14 bits, then the count of padding bytes), then
//! the digest of the outgoing secret, the message and its 32-bit number (when
//! digesting), the message, and random padding to the cipher's block size;
//! everything after the length encrypted when encrypting. This file holds the
//! algorithms (`alg` names), one direction's state ([`Way`]) and the sealing
//! and opening of one record.

use crate::builtin::keyring::cipher::{self, BlockState, Kind, Rc4State};
use crate::builtin::keyring::digest::{digest_of, Alg};
use crate::kernel::error::{Error, Result};

/// The digest names the device takes, as `hashalgs` lists them.
pub const HASH_ALGS: &str = "md4 md5 sha1 sha";

/// The cipher names, as `encalgs` lists them.
pub const ENC_ALGS: &str = "descbc desecb des_56_cbc des_56_ecb des_40_cbc des_40_ecb \
                            rc4 rc4_256 rc4_128 rc4_40 ideacbc ideaecb";

/// The largest record body with a two-byte length, and with a three-byte one.
const MAX_LONG: usize = 0x7fff;
const MAX_PADDED: usize = 0x3fff;

/// A cipher as an `alg` message names it: the cipher, its mode and how much
/// of the secret it keys with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CipherAlg {
    Des {
        cbc: bool,
        bits40: bool,
    },
    Idea {
        cbc: bool,
    },
    /// RC4 keyed with at most this many bytes of the secret.
    Rc4 {
        key_bytes: usize,
    },
}

impl CipherAlg {
    fn named(name: &str) -> Option<CipherAlg> {
        Some(match name {
            "descbc" | "des_56_cbc" => CipherAlg::Des {
                cbc: true,
                bits40: false,
            },
            "desecb" | "des_56_ecb" => CipherAlg::Des {
                cbc: false,
                bits40: false,
            },
            "des_40_cbc" => CipherAlg::Des {
                cbc: true,
                bits40: true,
            },
            "des_40_ecb" => CipherAlg::Des {
                cbc: false,
                bits40: true,
            },
            "rc4" | "rc4_40" => CipherAlg::Rc4 { key_bytes: 5 },
            "rc4_128" => CipherAlg::Rc4 { key_bytes: 16 },
            "rc4_256" => CipherAlg::Rc4 {
                key_bytes: usize::MAX,
            },
            "ideacbc" => CipherAlg::Idea { cbc: true },
            "ideaecb" => CipherAlg::Idea { cbc: false },
            _ => return None,
        })
    }

    fn block_len(self) -> usize {
        match self {
            CipherAlg::Rc4 { .. } => 1,
            _ => 8,
        }
    }

    /// The cipher state keyed from `secret` (DES: key then chaining vector;
    /// IDEA: key then vector from byte 16; RC4: the secret's first bytes).
    fn key(self, secret: &[u8]) -> Result<Cipher> {
        let short = || Error::Text("secret too short".into());
        let block = |kind, klen: usize, key: &[u8], ivec: Option<&[u8]>| {
            cipher::setup(kind, Some(&key[..klen]), ivec).map_err(|_| short())
        };
        Ok(match self {
            CipherAlg::Des { cbc, bits40 } => {
                if secret.len() < 8 {
                    return Err(short());
                }
                let mut key = secret[..8].to_vec();
                if bits40 {
                    for b in key.iter_mut().step_by(2) {
                        *b &= 0x0f;
                    }
                }
                let ivec = secret.get(8..16);
                Cipher::Block(block(Kind::Des, 8, &key, ivec)?, cbc)
            }
            CipherAlg::Idea { cbc } => {
                if secret.len() < 16 {
                    return Err(short());
                }
                let ivec = secret.get(16..24);
                Cipher::Block(block(Kind::Idea, 16, secret, ivec)?, cbc)
            }
            CipherAlg::Rc4 { key_bytes } => {
                let key = &secret[..secret.len().min(key_bytes)];
                let state = cipher::rc4_setup(key).map_err(|_| Error::BadArg)?;
                Cipher::Rc4(Box::new(state))
            }
        })
    }
}

/// A keyed cipher: a block cipher (CBC when the flag is set) or RC4.
enum Cipher {
    Block(BlockState, bool),
    Rc4(Box<Rc4State>),
}

impl Cipher {
    fn apply(&mut self, buf: &mut [u8], decrypt: bool) {
        match self {
            Cipher::Block(s, true) => s.cbc(buf, decrypt),
            Cipher::Block(s, false) => s.ecb(buf, decrypt),
            Cipher::Rc4(s) => s.apply(buf),
        }
    }
}

/// What an `alg` message turns on: a digest, a cipher, or both (neither is
/// `alg clear`, delimiting only).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Algs {
    pub digest: Option<Alg>,
    pub cipher: Option<CipherAlg>,
}

impl Algs {
    /// The algorithms of an `alg` message's argument: names parted by spaces
    /// or `/`, `clear` alone for none; `bad arg in system call` for an
    /// unknown name or none at all.
    pub fn parse(text: &str) -> Result<Algs> {
        let mut algs = Algs::default();
        if text == "clear" {
            return Ok(algs);
        }
        for name in text.split([' ', '/']) {
            match (name, CipherAlg::named(name)) {
                ("md4" | "md5" | "sha1" | "sha", _) => algs.digest = Alg::named(name),
                (_, Some(c)) => algs.cipher = Some(c),
                _ => return Err(Error::BadArg),
            }
        }
        if algs.digest.is_none() && algs.cipher.is_none() {
            return Err(Error::BadArg);
        }
        Ok(algs)
    }

    fn digest_len(self) -> usize {
        self.digest.map_or(0, Alg::len)
    }

    fn block_len(self) -> usize {
        self.cipher.map_or(1, CipherAlg::block_len)
    }

    /// How much of `n` bytes of message the next record carries, and its
    /// padding: as much as a two-byte length holds, padded to the block size
    /// when a three-byte length can hold the result, else cut to a whole
    /// number of blocks.
    fn fit(self, n: usize) -> (usize, usize) {
        let (dig, block) = (self.digest_len(), self.block_len());
        let max = MAX_LONG - dig;
        let m = n.min(max - max % block);
        let over = (m + dig) % block;
        if over == 0 {
            return (m, 0);
        }
        if m + dig + block - over <= MAX_PADDED {
            return (m, block - over);
        }
        (m - over, 0)
    }
}

/// One direction of a connection: its secret, the number of the next
/// record and the keyed algorithms.
#[derive(Default)]
pub struct Way {
    pub secret: Option<Vec<u8>>,
    mid: u32,
    algs: Algs,
    cipher: Option<Cipher>,
}

impl Way {
    /// Starts numbering records from 0 in the clear (an `fd` message).
    pub fn reset(&mut self) {
        self.mid = 0;
        self.algs = Algs::default();
        self.cipher = None;
    }

    /// Turns `algs` on, keying a cipher afresh from the secret.
    pub fn set(&mut self, algs: Algs) -> Result<()> {
        let secret = self.secret.as_deref().unwrap_or_default();
        self.cipher = algs.cipher.map(|c| c.key(secret)).transpose()?;
        self.algs = algs;
        Ok(())
    }

    /// The digest of the secret, `body` and the record number.
    fn digest(&self, alg: Alg, body: &[u8]) -> Vec<u8> {
        let secret = self.secret.as_deref().unwrap_or_default();
        let mut all = Vec::with_capacity(secret.len() + body.len() + 4);
        all.extend_from_slice(secret);
        all.extend_from_slice(body);
        all.extend_from_slice(&self.mid.to_be_bytes());
        digest_of(alg, &all)
    }

    /// The records that carry `data`, sealed, one at least.
    pub fn seal(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data.len() + 32);
        let mut rest = data;
        loop {
            let (m, pad) = self.algs.fit(rest.len());
            self.seal_one(&rest[..m], pad, &mut out);
            rest = &rest[m..];
            if rest.is_empty() {
                return out;
            }
        }
    }

    fn seal_one(&mut self, msg: &[u8], pad: usize, out: &mut Vec<u8>) {
        let dig = self.algs.digest_len();
        let len = dig + msg.len() + pad;
        if pad > 0 {
            out.extend_from_slice(&[(len >> 8) as u8, len as u8, pad as u8]);
        } else {
            out.extend_from_slice(&[(len >> 8) as u8 | 0x80, len as u8]);
        }
        let start = out.len();
        out.resize(start + dig, 0);
        out.extend_from_slice(msg);
        out.extend((0..pad).map(|_| rand::random::<u8>()));
        if let Some(alg) = self.algs.digest {
            let d = self.digest(alg, &out[start + dig..]);
            out[start..start + dig].copy_from_slice(&d);
        }
        if let Some(c) = &mut self.cipher {
            c.apply(&mut out[start..], false);
        }
        self.mid = self.mid.wrapping_add(1);
    }

    /// The message of a record's `body` (what follows its length), with
    /// `pad` bytes of padding: decrypted, its digest checked, unpadded.
    pub fn open(&mut self, mut body: Vec<u8>, pad: usize) -> Result<Vec<u8>> {
        let result = self.open_body(&mut body, pad);
        self.mid = self.mid.wrapping_add(1);
        result.map(|start| body.drain(start..body.len() - pad).collect())
    }

    fn open_body(&mut self, body: &mut [u8], pad: usize) -> Result<usize> {
        if let Some(c) = &mut self.cipher {
            if !body.len().is_multiple_of(self.algs.block_len()) {
                return Err(Error::Text("ssl encrypted message too short".into()));
            }
            c.apply(body, true);
        }
        let dig = self.algs.digest_len();
        if body.len() < dig + pad {
            return Err(Error::Text("ssl message too short".into()));
        }
        if let Some(alg) = self.algs.digest {
            let want = self.digest(alg, &body[dig..]);
            let differ = want
                .iter()
                .zip(&body[..dig])
                .fold(0, |d, (a, b)| d | (a ^ b));
            if differ != 0 {
                return Err(Error::Text("bad digest".into()));
            }
        }
        Ok(dig)
    }
}

/// A record's header: the length of its body and of its padding, and how
/// many bytes the header took; None while `head` is too short to tell.
pub fn header(head: &[u8]) -> Option<Result<(usize, usize, usize)>> {
    let (&b0, &b1) = (head.first()?, head.get(1)?);
    if b0 & 0x80 != 0 {
        return Some(Ok((usize::from(b0 & 0x7f) << 8 | usize::from(b1), 0, 2)));
    }
    let len = usize::from(b0 & 0x3f) << 8 | usize::from(b1);
    let pad = usize::from(*head.get(2)?);
    if pad > len {
        return Some(Err(Error::Text("bad pad in ssl message".into())));
    }
    Some(Ok((len, pad, 3)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(algs: &str, secret: &[u8]) -> (Way, Way) {
        let algs = Algs::parse(algs).unwrap();
        let mut ways = [Way::default(), Way::default()];
        for w in &mut ways {
            w.secret = Some(secret.to_vec());
            w.set(algs).unwrap();
        }
        let [a, b] = ways;
        (a, b)
    }

    /// Opens every record of `wire`.
    fn open_all(rx: &mut Way, mut wire: &[u8]) -> Result<Vec<Vec<u8>>> {
        let mut msgs = Vec::new();
        while !wire.is_empty() {
            let (len, pad, h) = header(wire).unwrap()?;
            msgs.push(rx.open(wire[h..h + len].to_vec(), pad)?);
            wire = &wire[h + len..];
        }
        Ok(msgs)
    }

    #[test]
    fn records_round_trip_under_every_algorithm() {
        let secret: Vec<u8> = (0..40).collect();
        let names = ENC_ALGS.split(' ').chain(HASH_ALGS.split(' '));
        let combos = names
            .map(str::to_string)
            .chain(["sha1/rc4_256", "md5 des_56_cbc", "sha ideacbc"].map(String::from))
            .chain(["clear".to_string()]);
        for alg in combos {
            let (mut tx, mut rx) = pair(&alg, &secret);
            for n in [0usize, 1, 7, 8, 100, 16_370, 16_384, 40_000, 70_000] {
                let msg: Vec<u8> = (0..n).map(|i| (i * 7) as u8).collect();
                let wire = tx.seal(&msg);
                let got = open_all(&mut rx, &wire).unwrap();
                assert_eq!(got.concat(), msg, "{alg} {n}");
                if n > 100 && Algs::parse(&alg).unwrap().cipher.is_some() {
                    let clear = wire.windows(16).any(|w| w == &msg[50..66]);
                    assert!(!clear, "{alg}: data in the clear");
                }
            }
        }
    }

    #[test]
    fn the_wire_format_is_the_originals() {
        // A digested record: 0x80|len, len, sha1(secret, message, number 0), message.
        let (mut tx, _) = pair("sha1", b"key");
        let wire = tx.seal(b"hi");
        assert_eq!(&wire[..2], &[0x80, 22]);
        assert_eq!(wire[2..22], digest_of(Alg::Sha1, b"keyhi\0\0\0\0")[..]);
        assert_eq!(&wire[22..], b"hi");
        // The second record is number 1.
        let wire = tx.seal(b"hi");
        assert_eq!(wire[2..22], digest_of(Alg::Sha1, b"keyhi\0\0\0\x01")[..]);
        // A block cipher pads: three-byte length, then the padding count.
        let (mut tx, _) = pair("des_56_ecb", &[1; 16]);
        let wire = tx.seal(b"abc");
        assert_eq!(&wire[..3], &[0, 8, 5]);
        assert_eq!(wire.len(), 11);
        // RC4 keyed by the whole secret encrypts in place.
        let (mut tx, _) = pair("rc4_256", b"secret");
        let wire = tx.seal(b"plain");
        let mut rc4 = cipher::rc4_setup(b"secret").unwrap();
        let mut body = wire[2..].to_vec();
        rc4.apply(&mut body);
        assert_eq!(body, b"plain");
    }

    #[test]
    fn a_changed_byte_is_found() {
        for alg in ["sha1", "md5/rc4_128", "sha1 des_56_cbc"] {
            let (mut tx, mut rx) = pair(alg, b"a shared secret of some length");
            let mut wire = tx.seal(b"a message to tamper with");
            let last = wire.len() - 1;
            wire[last] ^= 1;
            let err = open_all(&mut rx, &wire).unwrap_err();
            assert_eq!(err.to_string(), "bad digest", "{alg}");
        }
        // A replayed record has the wrong number.
        let (mut tx, mut rx) = pair("sha1", b"s");
        let wire = tx.seal(b"once");
        open_all(&mut rx, &wire).unwrap();
        assert!(open_all(&mut rx, &wire).is_err());
    }

    #[test]
    fn algorithm_names() {
        assert_eq!(Algs::parse("clear").unwrap(), Algs::default());
        let a = Algs::parse("sha1/rc4_256").unwrap();
        assert_eq!(a.digest, Some(Alg::Sha1));
        assert_eq!(
            a.cipher,
            Some(CipherAlg::Rc4 {
                key_bytes: usize::MAX
            })
        );
        assert_eq!(Algs::parse("sha1 nonesuch"), Err(Error::BadArg));
        assert_eq!(Algs::parse(""), Err(Error::BadArg));
        let mut w = Way {
            secret: Some(vec![1; 7]),
            ..Way::default()
        };
        let err = w.set(Algs::parse("des_56_cbc").unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "secret too short");
        assert!(matches!(header(&[0x00, 4, 5]), Some(Err(_))));
        assert!(header(&[0x00, 4]).is_none());
    }
}
