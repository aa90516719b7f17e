//! The digests and symmetric ciphers that `$Keyring` and `$Crypt` both offer
//! with the same signatures: `md4` to `sha512`, the HMACs, `DigestState.copy`,
//! AES, DES, IDEA and Blowfish in ECB and CBC, and RC4; each module keeps its own
//! hidden-state objects ([`Symmetric`]).

use super::cipher::{self, check_len, opt_bytes, BlockState, Kind, Rc4State};
use super::digest::{self, Alg, Hasher};
use super::handle::Handles;
use crate::builtin::sys::frame::Frame;
use dis::vm::{Machine, Trap, NIL};

/// The exception of a cipher state argument that is not one.
const WRONG_STATE: &str = "type not constructed correctly: bad encryption state";

/// One module's digest and cipher states.
pub struct Symmetric {
    pub digests: Handles<Hasher>,
    aes: Handles<BlockState>,
    des: Handles<BlockState>,
    idea: Handles<BlockState>,
    blowfish: Handles<BlockState>,
    rc4: Handles<Rc4State>,
}

impl Symmetric {
    /// Registers the state adts' object types in `vm`.
    pub fn register(vm: &mut Machine) -> Symmetric {
        Symmetric {
            digests: Handles::register(vm, "type not constructed correctly: DigestState"),
            aes: Handles::register(vm, WRONG_STATE),
            des: Handles::register(vm, WRONG_STATE),
            idea: Handles::register(vm, WRONG_STATE),
            blowfish: Handles::register(vm, WRONG_STATE),
            rc4: Handles::register(vm, WRONG_STATE),
        }
    }

    /// Runs digest or cipher function `name`; None if it is not one.
    pub fn call(&self, vm: &mut Machine, name: &str, fr: Frame) -> Option<Result<(), Trap>> {
        if let Some(alg) = Alg::named(name) {
            return Some(self.digest(vm, alg, fr));
        }
        if !matches!(
            name,
            "hmac_md5"
                | "hmac_sha1"
                | "DigestState.copy"
                | "aessetup"
                | "dessetup"
                | "ideasetup"
                | "blowfishsetup"
                | "aescbc"
                | "desecb"
                | "descbc"
                | "ideaecb"
                | "ideacbc"
                | "blowfishcbc"
                | "rc4setup"
                | "rc4"
                | "rc4skip"
                | "rc4back"
        ) {
            return None;
        }
        Some(self.cipher(vm, name, fr))
    }

    fn digest(&self, vm: &mut Machine, alg: Alg, fr: Frame) -> Result<(), Trap> {
        let args = (
            fr.ptr(vm, 0)?,
            fr.word(vm, 4)?,
            fr.ptr(vm, 8)?,
            fr.ptr(vm, 12)?,
        );
        let obj = digest::digest(vm, &self.digests, alg, args)?;
        fr.ret_ptr(vm, obj)
    }

    fn cipher(&self, vm: &mut Machine, name: &str, fr: Frame) -> Result<(), Trap> {
        match name {
            "hmac_md5" | "hmac_sha1" => {
                let args = (
                    fr.ptr(vm, 0)?,
                    fr.word(vm, 4)?,
                    fr.ptr(vm, 8)?,
                    fr.ptr(vm, 12)?,
                    fr.ptr(vm, 16)?,
                );
                let obj = digest::hmac(vm, &self.digests, name == "hmac_sha1", args)?;
                fr.ret_ptr(vm, obj)
            }
            "DigestState.copy" => {
                let obj = digest::copy(vm, &self.digests, fr.ptr(vm, 0)?)?;
                fr.ret_ptr(vm, obj)
            }
            "aessetup" | "dessetup" | "ideasetup" | "blowfishsetup" => {
                let (kind, objects) = match name {
                    "aessetup" => (Kind::Aes, &self.aes),
                    "dessetup" => (Kind::Des, &self.des),
                    "ideasetup" => (Kind::Idea, &self.idea),
                    _ => (Kind::Blowfish, &self.blowfish),
                };
                let key = opt_bytes(vm, fr.ptr(vm, 0)?)?;
                let ivec = opt_bytes(vm, fr.ptr(vm, 4)?)?;
                let state = cipher::setup(kind, key.as_deref(), ivec.as_deref())?;
                let obj = objects.make(vm, state)?;
                fr.ret_ptr(vm, obj)
            }
            "aescbc" | "desecb" | "descbc" | "ideaecb" | "ideacbc" | "blowfishcbc" => {
                let objects = match name.as_bytes()[0] {
                    b'a' => &self.aes,
                    b'd' => &self.des,
                    b'i' => &self.idea,
                    _ => &self.blowfish,
                };
                let (state, buf) = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?);
                let (n, decrypt) = (fr.word(vm, 8)?, fr.word(vm, 12)? != 0);
                if buf == NIL {
                    return Ok(());
                }
                let len = vm.array_len(buf)? as usize;
                let ecb = name.ends_with("ecb");
                let block = if name == "aescbc" { 16 } else { 8 };
                let n = check_len(n, len, block, name != "aescbc")?;
                objects.check(vm, state)?;
                let at = vm.array_data(buf)?;
                let mut bytes = vm.mem.slice(at, n as u32)?.to_vec();
                objects.with(vm, state, |s| {
                    if ecb {
                        s.ecb(&mut bytes, decrypt)
                    } else {
                        s.cbc(&mut bytes, decrypt)
                    }
                })?;
                vm.mem.slice_mut(at, n as u32)?.copy_from_slice(&bytes);
                Ok(())
            }
            "rc4setup" => {
                let seed = fr.ptr(vm, 0)?;
                if seed == NIL {
                    return fr.ret_ptr(vm, NIL);
                }
                let state = cipher::rc4_setup(vm.array_bytes(seed)?)?;
                let obj = self.rc4.make(vm, state)?;
                fr.ret_ptr(vm, obj)
            }
            "rc4" => {
                let (state, buf, n) = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?, fr.word(vm, 8)?);
                if buf == NIL {
                    return Ok(());
                }
                let n = check_len(n, vm.array_len(buf)? as usize, 1, false)?;
                self.rc4.check(vm, state)?;
                let at = vm.array_data(buf)?;
                let mut bytes = vm.mem.slice(at, n as u32)?.to_vec();
                self.rc4.with(vm, state, |s| s.apply(&mut bytes))?;
                vm.mem.slice_mut(at, n as u32)?.copy_from_slice(&bytes);
                Ok(())
            }
            "rc4skip" | "rc4back" => {
                let (state, n) = (fr.ptr(vm, 0)?, i64::from(fr.word(vm, 4)?));
                let n = if name == "rc4back" { -n } else { n };
                self.rc4.with(vm, state, |s| s.skip(n))
            }
            _ => Ok(()),
        }
    }
}
