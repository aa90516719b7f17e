//! The cipher states (`AESstate`, `DESstate`, `IDEAstate`, `BFstate`,
//! `RC4state`) and their modes: ECB and CBC over the block ciphers of the
//! RustCrypto crates, with the chaining vector kept in the state between calls as
//! the original keeps it. AES's CBC also takes a final partial block, which it
//! encrypts as the original does: the chaining vector is encrypted and XORed in.
//! RC4 keeps its seed and position so that `rc4back` can step back.

use cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use dis::vm::trap::{raise, EXC_BOUNDS};
use dis::vm::{Machine, Trap, NIL};
use rc4::StreamCipher;

const EXC_BAD_BSIZE: &str = "data not multiple of block size";
const EXC_BAD_KEY: &str = "bad encryption key";
const EXC_BAD_IVEC: &str = "bad ivec";

/// A block cipher with its expanded key (boxed: the key schedules differ much
/// in size).
#[derive(Clone)]
pub enum BlockKey {
    Aes128(Box<aes::Aes128>),
    Aes192(Box<aes::Aes192>),
    Aes256(Box<aes::Aes256>),
    Des(Box<des::Des>),
    Idea(Box<idea::Idea>),
    Blowfish(Box<blowfish::Blowfish>),
}

/// Encrypts or decrypts one block in place with cipher `c`.
fn crypt<C: BlockCipherEncrypt + BlockCipherDecrypt>(c: &C, block: &mut [u8], decrypt: bool) {
    if let Ok(b) = <&mut Array<u8, C::BlockSize>>::try_from(block) {
        if decrypt {
            c.decrypt_block(b);
        } else {
            c.encrypt_block(b);
        }
    }
}

impl BlockKey {
    fn block_size(&self) -> usize {
        match self {
            BlockKey::Aes128(_) | BlockKey::Aes192(_) | BlockKey::Aes256(_) => 16,
            _ => 8,
        }
    }

    fn apply(&self, block: &mut [u8], decrypt: bool) {
        match self {
            BlockKey::Aes128(c) => crypt(&**c, block, decrypt),
            BlockKey::Aes192(c) => crypt(&**c, block, decrypt),
            BlockKey::Aes256(c) => crypt(&**c, block, decrypt),
            BlockKey::Des(c) => crypt(&**c, block, decrypt),
            BlockKey::Idea(c) => crypt(&**c, block, decrypt),
            BlockKey::Blowfish(c) => crypt(&**c, block, decrypt),
        }
    }
}

/// A block cipher state: the key and the chaining vector.
#[derive(Clone)]
pub struct BlockState {
    key: BlockKey,
    ivec: Vec<u8>,
}

/// Which cipher a setup call makes.
#[derive(Clone, Copy)]
pub enum Kind {
    Aes,
    Des,
    Idea,
    Blowfish,
}

/// The key and chaining vector of a `*setup(key, ivec)` call, checked as the
/// original checks them.
pub fn setup(kind: Kind, key: Option<&[u8]>, ivec: Option<&[u8]>) -> Result<BlockState, Trap> {
    let Some(key) = key else {
        return raise(EXC_BAD_KEY);
    };
    let made = match kind {
        Kind::Aes => match key.len() {
            16 => aes::Aes128::new_from_slice(key).map(|k| BlockKey::Aes128(Box::new(k))),
            24 => aes::Aes192::new_from_slice(key).map(|k| BlockKey::Aes192(Box::new(k))),
            32 => aes::Aes256::new_from_slice(key).map(|k| BlockKey::Aes256(Box::new(k))),
            _ => return raise(EXC_BAD_KEY),
        },
        Kind::Des if key.len() >= 8 => {
            des::Des::new_from_slice(&key[..8]).map(|k| BlockKey::Des(Box::new(k)))
        }
        Kind::Idea if key.len() >= 16 => {
            idea::Idea::new_from_slice(&key[..16]).map(|k| BlockKey::Idea(Box::new(k)))
        }
        Kind::Blowfish if !key.is_empty() => blowfish::Blowfish::new_from_slice(&blowfish_key(key))
            .map(|k| BlockKey::Blowfish(Box::new(k))),
        _ => return raise(EXC_BAD_KEY),
    };
    let Ok(key) = made else {
        return raise(EXC_BAD_KEY);
    };
    let size = key.block_size();
    let ivec = match ivec {
        None => vec![0; size],
        Some(v) if v.len() == size || (v.len() > size && !matches!(kind, Kind::Blowfish)) => {
            v[..size].to_vec()
        }
        Some(_) => return raise(EXC_BAD_IVEC),
    };
    Ok(BlockState { key, ivec })
}

/// A Blowfish key as the crate takes it (4 to 56 bytes): longer keys are cut to
/// 56 bytes as the original cuts them; a shorter one is repeated, which keeps the
/// key schedule the same since the schedule cycles through the key bytes and 1, 2
/// and 3 divide its 72 bytes.
fn blowfish_key(key: &[u8]) -> Vec<u8> {
    let key = &key[..key.len().min(56)];
    let mut k = key.to_vec();
    while k.len() < 4 {
        k.extend_from_slice(key);
    }
    k
}

/// Checks `n` against a buffer of `len` bytes and the block size (`whole`: only
/// whole blocks allowed).
pub fn check_len(n: i32, len: usize, block: usize, whole: bool) -> Result<usize, Trap> {
    if n < 0 || n as usize > len {
        return raise(EXC_BOUNDS);
    }
    if whole && !(n as usize).is_multiple_of(block) {
        return raise(EXC_BAD_BSIZE);
    }
    Ok(n as usize)
}

impl BlockState {
    /// The block size in bytes.
    pub fn block_size(&self) -> usize {
        self.key.block_size()
    }

    /// ECB over whole blocks of `buf`.
    pub fn ecb(&self, buf: &mut [u8], decrypt: bool) {
        for block in buf.chunks_exact_mut(self.block_size()) {
            self.key.apply(block, decrypt);
        }
    }

    /// CBC over `buf`, chaining from and into the state's vector; a final partial
    /// block is XORed with the encrypted vector.
    pub fn cbc(&mut self, buf: &mut [u8], decrypt: bool) {
        let size = self.block_size();
        let mut blocks = buf.chunks_mut(size);
        for block in blocks.by_ref() {
            if block.len() < size {
                self.key.apply(&mut self.ivec, false);
                for (b, v) in block.iter_mut().zip(&self.ivec) {
                    *b ^= v;
                }
                break;
            }
            if decrypt {
                let cipher = block.to_vec();
                self.key.apply(block, true);
                for (b, v) in block.iter_mut().zip(&self.ivec) {
                    *b ^= v;
                }
                self.ivec = cipher;
            } else {
                for (b, v) in block.iter_mut().zip(&self.ivec) {
                    *b ^= v;
                }
                self.key.apply(block, false);
                self.ivec.copy_from_slice(block);
            }
        }
    }
}

/// An RC4 state: the running cipher, its seed and how many key-stream bytes it
/// has used.
pub struct Rc4State {
    seed: Vec<u8>,
    used: u64,
    cipher: rc4::Rc4,
}

/// The RC4 key the crate takes (1 to 256 bytes): the original cycles through
/// longer seeds only as far as 256 bytes.
pub fn rc4_setup(seed: &[u8]) -> Result<Rc4State, Trap> {
    let seed = seed[..seed.len().min(256)].to_vec();
    match rc4::Rc4::new_from_slice(&seed) {
        Ok(cipher) => Ok(Rc4State {
            seed,
            used: 0,
            cipher,
        }),
        Err(_) => raise(EXC_BAD_KEY),
    }
}

impl Rc4State {
    /// XORs the next key-stream bytes into `buf`.
    pub fn apply(&mut self, buf: &mut [u8]) {
        self.cipher.apply_keystream(buf);
        self.used += buf.len() as u64;
    }

    /// Moves `n` bytes forward in the key stream (back for negative `n`).
    pub fn skip(&mut self, n: i64) {
        if n < 0 {
            return self.back(n.unsigned_abs());
        }
        let mut left = n as u64;
        let mut scratch = [0u8; 4096];
        while left > 0 {
            let k = left.min(scratch.len() as u64) as usize;
            self.apply(&mut scratch[..k]);
            left -= k as u64;
        }
    }

    /// Moves `n` bytes back in the key stream: the stream restarts from the seed
    /// and runs forward to the earlier position.
    pub fn back(&mut self, n: u64) {
        let target = self.used.saturating_sub(n);
        if let Ok(fresh) = rc4_setup(&self.seed) {
            *self = fresh;
            self.skip(target as i64);
        }
    }
}

/// The bytes of an optional byte-array argument.
pub fn opt_bytes(vm: &Machine, a: u32) -> Result<Option<Vec<u8>>, Trap> {
    if a == NIL {
        Ok(None)
    } else {
        Ok(Some(vm.array_bytes(a)?.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn aes_cbc_matches_sp800_38a() {
        // NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt), first two blocks.
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let iv = hex("000102030405060708090a0b0c0d0e0f");
        let plain = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        let want = hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");
        let mut s = setup(Kind::Aes, Some(&key), Some(&iv)).unwrap();
        let mut buf = plain.clone();
        s.cbc(&mut buf[..16], false);
        s.cbc(&mut buf[16..], false);
        assert_eq!(buf, want);
        let mut d = setup(Kind::Aes, Some(&key), Some(&iv)).unwrap();
        d.cbc(&mut buf, true);
        assert_eq!(buf, plain);
    }

    #[test]
    fn des_ecb_known_answer() {
        // The classic DES example: key 133457799BBCDFF1, 0123456789ABCDEF.
        let s = setup(Kind::Des, Some(&hex("133457799bbcdff1")), None).unwrap();
        let mut buf = hex("0123456789abcdef");
        s.ecb(&mut buf, false);
        assert_eq!(buf, hex("85e813540f0ab405"));
    }

    #[test]
    fn rc4_steps_back() {
        // RFC 6229: key 0102030405, key stream from offset 0.
        let mut s = rc4_setup(&hex("0102030405")).unwrap();
        let mut a = [0u8; 16];
        s.apply(&mut a);
        assert_eq!(a.to_vec(), hex("b2396305f03dc027ccc3524a0a1118a8"));
        s.back(16);
        let mut b = [0u8; 16];
        s.apply(&mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn short_blowfish_keys_are_cycled() {
        let a = setup(Kind::Blowfish, Some(b"ab"), None).unwrap();
        let b = setup(Kind::Blowfish, Some(b"abab"), None).unwrap();
        let (mut x, mut y) = ([1u8; 8], [1u8; 8]);
        a.ecb(&mut x, false);
        b.ecb(&mut y, false);
        assert_eq!(x, y);
    }
}
