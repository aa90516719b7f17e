//! The digests (`md4`, `md5`, `sha1`, `sha224`, `sha256`, `sha384`, `sha512`,
//! `hmac_md5`, `hmac_sha1`) and `DigestState` objects, which hold a running hash
//! and can be copied. A call hashes `n` bytes of its buffer into the state (a new
//! one when nil); with a digest array it also writes the result there.

use super::handle::Handles;
use dis::vm::trap::raise;
use dis::vm::{Machine, Trap, NIL};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;

/// The original's exceptions.
const EXC_INVAL: &str = "invalid argument";
const EXC_BAD_DIGEST: &str = "bad digest value";
const EXC_BAD_KEY: &str = "bad encryption key";

/// A running hash; `Fresh` until the first call fixes the algorithm.
#[derive(Clone, Default)]
pub enum Hasher {
    #[default]
    Fresh,
    Md4(md4::Md4),
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    HmacMd5(Hmac<md5::Md5>),
    HmacSha1(Hmac<sha1::Sha1>),
}

/// A digest algorithm by name, as the Keyring functions and certificates name it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Alg {
    Md4,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Alg {
    /// The algorithm of a Keyring function or hash-algorithm name.
    pub fn named(name: &str) -> Option<Alg> {
        Some(match name {
            "md4" => Alg::Md4,
            "md5" => Alg::Md5,
            "sha1" | "sha" => Alg::Sha1,
            "sha224" => Alg::Sha224,
            "sha256" => Alg::Sha256,
            "sha384" => Alg::Sha384,
            "sha512" => Alg::Sha512,
            _ => return None,
        })
    }

    /// Length of the digest in bytes.
    pub fn len(self) -> usize {
        match self {
            Alg::Md4 | Alg::Md5 => 16,
            Alg::Sha1 => 20,
            Alg::Sha224 => 28,
            Alg::Sha256 => 32,
            Alg::Sha384 => 48,
            Alg::Sha512 => 64,
        }
    }

    fn start(self) -> Hasher {
        match self {
            Alg::Md4 => Hasher::Md4(Default::default()),
            Alg::Md5 => Hasher::Md5(Default::default()),
            Alg::Sha1 => Hasher::Sha1(Default::default()),
            Alg::Sha224 => Hasher::Sha224(Default::default()),
            Alg::Sha256 => Hasher::Sha256(Default::default()),
            Alg::Sha384 => Hasher::Sha384(Default::default()),
            Alg::Sha512 => Hasher::Sha512(Default::default()),
        }
    }
}

impl Hasher {
    /// Whether this state may continue a hash of `alg` (`Fresh` may start any).
    fn is(&self, alg: Alg) -> bool {
        matches!(
            (self, alg),
            (Hasher::Md4(_), Alg::Md4)
                | (Hasher::Md5(_), Alg::Md5)
                | (Hasher::Sha1(_), Alg::Sha1)
                | (Hasher::Sha224(_), Alg::Sha224)
                | (Hasher::Sha256(_), Alg::Sha256)
                | (Hasher::Sha384(_), Alg::Sha384)
                | (Hasher::Sha512(_), Alg::Sha512)
        )
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Fresh => {}
            Hasher::Md4(h) => h.update(data),
            Hasher::Md5(h) => h.update(data),
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha224(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
            Hasher::HmacMd5(h) => h.update(data),
            Hasher::HmacSha1(h) => h.update(data),
        }
    }

    /// The digest so far; the state is fresh again afterwards.
    fn finish(&mut self) -> Vec<u8> {
        match std::mem::take(self) {
            Hasher::Fresh => Vec::new(),
            Hasher::Md4(h) => h.finalize().to_vec(),
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha224(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
            Hasher::HmacMd5(h) => h.finalize().into_bytes().to_vec(),
            Hasher::HmacSha1(h) => h.finalize().into_bytes().to_vec(),
        }
    }
}

/// Adds `extra` to the hash in `h` (of `alg`; another state starts afresh) and
/// returns the digest, as signing and verifying certificates do.
pub fn conclude(h: &mut Hasher, alg: Alg, extra: &[u8]) -> Vec<u8> {
    if !h.is(alg) {
        *h = alg.start();
    }
    h.update(extra);
    h.finish()
}

/// The whole digest of `data` by `alg`.
pub fn digest_of(alg: Alg, data: &[u8]) -> Vec<u8> {
    let mut h = alg.start();
    h.update(data);
    h.finish()
}

/// The bytes `buf[0:n]` a digest call hashes (n clipped to the array's length; a
/// nil buffer only with n 0).
fn input(vm: &Machine, buf: u32, n: i32) -> Result<&[u8], Trap> {
    if buf == NIL {
        if n != 0 {
            return raise(EXC_INVAL);
        }
        return Ok(&[]);
    }
    if n < 0 {
        return raise(EXC_INVAL);
    }
    let bytes = vm.array_bytes(buf)?;
    Ok(&bytes[..bytes.len().min(n as usize)])
}

/// The state object a call works on: `state`, with a new reference, or a new one.
fn state_object(vm: &mut Machine, states: &Handles<Hasher>, state: u32) -> Result<u32, Trap> {
    if state == NIL {
        states.make(vm, Hasher::Fresh)
    } else {
        states.check(vm, state)?;
        vm.inc(state)?;
        Ok(state)
    }
}

/// Checks that `digest` (nil, or an array of at least `len` bytes) can take a result.
fn check_digest(vm: &Machine, digest: u32, len: usize) -> Result<(), Trap> {
    if digest != NIL && (vm.array_len(digest)? as usize) < len {
        return raise(EXC_BAD_DIGEST);
    }
    Ok(())
}

/// Writes a finished digest into the array `digest`.
fn put_digest(vm: &mut Machine, digest: u32, value: &[u8]) -> Result<(), Trap> {
    let at = vm.array_data(digest)?;
    vm.mem
        .slice_mut(at, value.len() as u32)?
        .copy_from_slice(value);
    Ok(())
}

/// `md5(buf, n, digest, state)` and its kind for algorithm `alg`: returns the
/// state object (a new reference).
pub fn digest(
    vm: &mut Machine,
    states: &Handles<Hasher>,
    alg: Alg,
    (buf, n, digest, state): (u32, i32, u32, u32),
) -> Result<u32, Trap> {
    input(vm, buf, n)?;
    check_digest(vm, digest, alg.len())?;
    let obj = state_object(vm, states, state)?;
    let data = input(vm, buf, n)?;
    let done = states.with(vm, obj, |h| {
        if !h.is(alg) {
            *h = alg.start();
        }
        h.update(data);
        (digest != NIL).then(|| h.finish())
    });
    finish(vm, obj, digest, done)
}

/// Stores the result of a call whose state object is `obj`, releasing `obj` if
/// that fails.
fn finish(
    vm: &mut Machine,
    obj: u32,
    digest: u32,
    done: Result<Option<Vec<u8>>, Trap>,
) -> Result<u32, Trap> {
    let stored = match done {
        Ok(Some(value)) => put_digest(vm, digest, &value),
        Ok(None) => Ok(()),
        Err(t) => Err(t),
    };
    if let Err(t) = stored {
        vm.dec(obj)?;
        return Err(t);
    }
    Ok(obj)
}

/// `hmac_md5(data, n, key, digest, state)` (`sha1`: hmac_sha1 instead).
pub fn hmac(
    vm: &mut Machine,
    states: &Handles<Hasher>,
    sha1: bool,
    (data, n, key, digest, state): (u32, i32, u32, u32, u32),
) -> Result<u32, Trap> {
    input(vm, data, n)?;
    if key == NIL || vm.array_len(key)? > 64 {
        return raise(EXC_BAD_KEY);
    }
    let key = vm.array_bytes(key)?.to_vec();
    check_digest(vm, digest, if sha1 { 20 } else { 16 })?;
    let obj = state_object(vm, states, state)?;
    let bytes = input(vm, data, n)?;
    let done = states.with(vm, obj, |h| {
        let keyed = matches!(
            (sha1, &*h),
            (true, Hasher::HmacSha1(_)) | (false, Hasher::HmacMd5(_))
        );
        if !keyed {
            let made = if sha1 {
                Hmac::new_from_slice(&key).map(Hasher::HmacSha1)
            } else {
                Hmac::new_from_slice(&key).map(Hasher::HmacMd5)
            };
            match made {
                Ok(m) => *h = m,
                Err(_) => return None,
            }
        }
        h.update(bytes);
        Some((digest != NIL).then(|| h.finish()))
    });
    let done = match done {
        Ok(Some(d)) => Ok(d),
        Ok(None) => raise(EXC_BAD_KEY),
        Err(t) => Err(t),
    };
    finish(vm, obj, digest, done)
}

/// `DigestState.copy`: a new object with a copy of the state (nil for nil).
pub fn copy(vm: &mut Machine, states: &Handles<Hasher>, state: u32) -> Result<u32, Trap> {
    if state == NIL {
        return Ok(NIL);
    }
    let h = states.get(vm, state)?;
    states.make(vm, h)
}
