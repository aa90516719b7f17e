//! `readauthinfo`, `writeauthinfo` and `auth`: the Authinfo file (five framed
//! messages: signer's public key, certificate, secret key, Diffie-Hellman base
//! and modulus) and the original's station-to-station protocol, run off the
//! interpreter on values taken from the Dis objects beforehand.

use super::certs::{self, Cert, KeyObjects};
use super::digest::{digest_of, Alg as Digest};
use super::ipint::{self, IPints};
use super::keys::{b64z, Values};
use super::msgio::{get_msg, send_err, send_msg};
use crate::builtin::sys::frame::Frame;
use crate::builtin::sys::procenv::proc_env;
use crate::kernel::error::quote;
use crate::kernel::flags::{OREAD, OTRUNC, OWRITE};
use crate::kernel::ProcEnv;
use dis::vm::trap::{raise, EXC_NIL};
use dis::vm::types::Kind;
use dis::vm::{Machine, Prog, Trap, NIL};
use iptext::from_text;
use num_bigint_dig::{BigInt, RandBigInt, Sign};
use num_traits::Signed;

const MSG: &str = "input or format error";

/// Offsets of the Authinfo fields.
const MYSK: u32 = 0;
const MYPK: u32 = 4;
const CERT: u32 = 8;
const SPK: u32 = 12;
const ALPHA: u32 = 16;
const P: u32 = 20;

/// The type of Authinfo values (six pointers).
pub fn authinfo_type(vm: &mut Machine) -> u32 {
    vm.types.add(24, &[0, 4, 8, 12, 16, 20], Kind::Plain)
}

/// What an Authinfo holds, out of the Dis heap.
struct Info {
    sk: (Values, String),
    pk: (Values, String),
    cert: Cert,
    spk: (Values, String),
    alpha: BigInt,
    p: BigInt,
}

/// What `readauthinfo`, `writeauthinfo` and `auth` work with.
pub struct Context<'a> {
    pub keys: &'a KeyObjects,
    pub ipints: &'a IPints,
    pub authinfo_type: u32,
}

/// The messages of an Authinfo file, in order.
fn file_messages(i: &Info) -> Vec<Vec<u8>> {
    vec![
        certs::key_to_text(&i.spk.0, &i.spk.1).into_bytes(),
        certs::cert_to_text(&i.cert).into_bytes(),
        certs::key_to_text(&i.sk.0, &i.sk.1).into_bytes(),
        b64z(&i.alpha).into_bytes(),
        b64z(&i.p).into_bytes(),
    ]
}

/// The file's contents parsed: spk, cert, sk, alpha, p.
type Parsed = (
    (Values, String),
    Cert,
    (Values, String),
    Option<BigInt>,
    Option<BigInt>,
);

/// The file read and parsed; `Err(Some(e))` when it cannot be opened (the
/// error `%r` gives then), `Err(None)` when it is not an Authinfo file.
fn read_file(env: &ProcEnv, name: &str) -> Result<Parsed, Option<String>> {
    let fd = env.open(name, OREAD).map_err(|e| Some(e.to_string()))?;
    let r = (|| {
        let next = || get_msg(env, fd).map(|m| String::from_utf8_lossy(&m).into_owned());
        let spk = certs::key_from_text(&next().ok()?, true)?;
        let cert = certs::cert_from_text(&next().ok()?)?;
        let sk = certs::key_from_text(&next().ok()?, false)?;
        let alpha = from_text(&next().ok()?, 64);
        let p = from_text(&next().ok()?, 64);
        Some((spk, cert, sk, alpha, p))
    })();
    let _ = env.close(fd);
    r.ok_or(None)
}

fn write_file(env: &ProcEnv, name: &str, messages: &[Vec<u8>]) -> i32 {
    let fd = env
        .open(name, OTRUNC | OWRITE)
        .or_else(|_| env.create(name, OWRITE, 0o600))
        .or_else(|_| env.open(name, OWRITE));
    let Ok(fd) = fd else { return -1 };
    let ok = messages.iter().all(|m| send_msg(env, fd, m) > 0);
    let _ = env.close(fd);
    if ok {
        0
    } else {
        -1
    }
}

impl Context<'_> {
    /// The values of the Authinfo at `ai`; `Err` names the first missing part
    /// (as the protocol reports it).
    fn info(&self, vm: &Machine, ai: u32) -> Result<Result<Info, &'static str>, Trap> {
        if ai == NIL {
            return Ok(Err("no authentication information"));
        }
        let field = |off| vm.mem.u(ai + off);
        if field(P)? == NIL {
            return Ok(Err("missing diffie hellman mod"));
        }
        if field(ALPHA)? == NIL {
            return Ok(Err("missing diffie hellman base"));
        }
        Ok(Ok(Info {
            sk: self.keys.sk(vm, field(MYSK)?)?,
            pk: self.keys.pk(vm, field(MYPK)?)?,
            cert: self.keys.cert(vm, field(CERT)?)?,
            spk: self.keys.pk(vm, field(SPK)?)?,
            alpha: (*ipint::value(vm, self.ipints, field(ALPHA)?)?).clone(),
            p: (*ipint::value(vm, self.ipints, field(P)?)?).clone(),
        }))
    }

    /// `writeauthinfo(filename, info)`.
    pub fn write(&self, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
        fr.ret_word(vm, -1)?;
        let (name, ai) = (fr.ptr(vm, 0)?, fr.ptr(vm, 4)?);
        if name == NIL || ai == NIL {
            return raise(EXC_NIL);
        }
        let name = vm.str_text(name)?;
        let info = match self.info(vm, ai)? {
            Ok(i) => i,
            Err(_) => return raise(EXC_NIL),
        };
        let messages = file_messages(&info);
        let Some(env) = proc_env(p) else {
            return raise("sys: prog has no kernel state");
        };
        vm.block_on(
            p,
            move || write_file(&env, &name, &messages),
            move |vm, _p, r| fr.ret_word(vm, r),
        )
    }

    /// `readauthinfo(filename)`.
    pub fn read(&self, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
        fr.ret_ptr(vm, NIL)?;
        let name = fr.ptr(vm, 0)?;
        if name == NIL {
            return Ok(());
        }
        let name = vm.str_text(name)?;
        let Some(env) = proc_env(p) else {
            return raise("sys: prog has no kernel state");
        };
        let (keys, ipints, ty) = (self.keys.clone(), self.ipints.clone(), self.authinfo_type);
        let job_name = name.clone();
        vm.block_on(
            p,
            move || read_file(&env, &job_name),
            move |vm, p, r| {
                let (spk, cert, sk, alpha, pv) = match r {
                    Ok(v) => v,
                    Err(unopened) => {
                        p.errstr =
                            unopened.unwrap_or_else(|| format!("{}: {MSG}", quote(&name, false)));
                        return Ok(());
                    }
                };
                let ai = vm.alloc(24, ty)?;
                fr.ret_ptr(vm, ai)?;
                let pk = (sk.0.public(), sk.1.clone());
                let o = keys.new_pk(vm, spk.0, &spk.1)?;
                vm.put_ptr(ai + SPK, o)?;
                let o = keys.new_cert(vm, cert, None)?;
                vm.put_ptr(ai + CERT, o)?;
                let o = keys.new_sk(vm, sk.0, &sk.1)?;
                vm.put_ptr(ai + MYSK, o)?;
                let o = keys.new_pk(vm, pk.0, &pk.1)?;
                vm.put_ptr(ai + MYPK, o)?;
                for (off, v) in [(ALPHA, alpha), (P, pv)] {
                    let o = match v {
                        Some(v) => ipint::make(vm, &ipints, v)?,
                        None => NIL,
                    };
                    vm.put_ptr(ai + off, o)?;
                }
                p.errstr = format!("{}: {MSG}", quote(&name, false));
                Ok(())
            },
        )
    }

    /// `auth(fd, info, setid)`: (his name, the shared secret) or (error, nil).
    pub fn auth(&self, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
        let ret = fr.ret(vm)?;
        vm.put_ptr(ret, NIL)?;
        vm.put_ptr(ret + 4, NIL)?;
        let f = fr.ptr(vm, 0)?;
        let fd = if f == NIL { -1 } else { vm.mem.w(f)? };
        if fd < 0 {
            let s = vm.new_string("bad fd")?;
            return vm.put_ptr(ret, s);
        }
        let info = self.info(vm, fr.ptr(vm, 4)?)?;
        let setid = fr.word(vm, 8)? != 0;
        let Some(env) = proc_env(p) else {
            return raise("sys: prog has no kernel state");
        };
        let job_env = env.clone();
        vm.block_on(
            p,
            move || run(&job_env, fd, info),
            move |vm, _p, r| {
                let (name, user) = match r {
                    Ok((name, secret)) => {
                        let a = vm.new_byte_array(&secret)?;
                        vm.put_ptr(ret + 4, a)?;
                        (name.clone(), name)
                    }
                    Err(e) => (e, "nobody".to_string()),
                };
                let s = vm.new_string(&name)?;
                vm.put_ptr(ret, s)?;
                if setid {
                    env.identity.rename(&user);
                }
                Ok(())
            },
        )
    }
}

/// Reads a framed message as text; `Err` holds the failure and whether it came
/// from the connection (a remote error or hang-up) rather than the protocol.
fn get_text(env: &ProcEnv, fd: i32) -> Result<String, (String, bool)> {
    get_msg(env, fd)
        .map(|m| String::from_utf8_lossy(&m).into_owned())
        .map_err(|e| (e, true))
}

fn send(env: &ProcEnv, fd: i32, m: &[u8]) -> Result<(), (String, bool)> {
    if send_msg(env, fd, m) <= 0 {
        return Err((MSG.to_string(), false));
    }
    Ok(())
}

fn fail<T>(e: &str) -> Result<T, (String, bool)> {
    Err((e.to_string(), false))
}

/// The exchange up to the shared secret: his name and alpha**(r0*r1) mod p.
fn exchange(
    env: &ProcEnv,
    fd: i32,
    info: Result<Info, &'static str>,
) -> Result<(String, Vec<u8>), (String, bool)> {
    send(env, fd, b"1")?;
    let version = get_text(env, fd)?;
    if version.len() > 4 || version.trim().parse::<i32>().ok() != Some(1) {
        return fail("incompatible authentication protocol");
    }
    let info = match info {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let (p, alpha) = (&info.p, &info.alpha);
    if p.is_negative() {
        return fail("-ve modulus");
    }
    let r0 = BigInt::from(rand::rng().gen_biguint(p.bits()));
    let alphar0 = ipint::expmod(alpha, &r0, Some(p)).or_else(|_| fail(MSG))?;
    send(env, fd, b64z(&alphar0).as_bytes())?;
    send(env, fd, certs::cert_to_text(&info.cert).as_bytes())?;
    send(
        env,
        fd,
        certs::key_to_text(&info.pk.0, &info.pk.1).as_bytes(),
    )?;

    let alphar1 = from_text(&get_text(env, fd)?, 64).unwrap_or_default();
    if p <= &alphar1 {
        return fail("implausible parameter value");
    }
    if alphar0 == alphar1 {
        return fail("possible replay attack");
    }
    let Some(hiscert) = certs::cert_from_text(&get_text(env, fd)?) else {
        return fail("bad certificate syntax");
    };
    let pktext = get_text(env, fd)?;
    let Some(hispk) = certs::key_from_text(&pktext, true) else {
        return fail("bad public key");
    };
    if !verify(&info.spk.0, &hiscert, pktext.as_bytes()) {
        return fail("pk doesn't match certificate");
    }
    let now = crate::kernel::clock::since_epoch().as_secs() as i64;
    if hiscert.exp != 0 && i64::from(hiscert.exp) <= now {
        return fail("certificate expired");
    }
    let mine = format!("{}{}", b64z(&alphar0), b64z(&alphar1));
    let Some(alphacert) = sign(&info.sk, mine.as_bytes()) else {
        return fail(MSG);
    };
    send(env, fd, certs::cert_to_text(&alphacert).as_bytes())?;
    let Some(hiscert) = certs::cert_from_text(&get_text(env, fd)?) else {
        return fail("alpha**r1 doesn't match certificate");
    };
    let his = format!("{}{}", b64z(&alphar1), b64z(&alphar0));
    if !verify(&hispk.0, &hiscert, his.as_bytes()) {
        return fail("bad certificate");
    }
    let secret = ipint::expmod(&alphar1, &r0, Some(p)).or_else(|_| fail("bad conversion"))?;
    Ok((hispk.1, iptext::magnitude_bytes(&secret)))
}

/// The digest integer a certificate by `signer` with expiry `exp` signs for
/// `data` (sha1 over the data, then "signer exp").
fn signed_value(ha: &str, data: &[u8], signer: &str, exp: i32) -> Option<BigInt> {
    let alg = match ha {
        "sha" | "sha1" => Digest::Sha1,
        "md5" => Digest::Md5,
        "md4" => Digest::Md4,
        _ => return None,
    };
    let mut all = data.to_vec();
    all.extend_from_slice(format!("{signer} {exp}").as_bytes());
    Some(BigInt::from_bytes_be(Sign::Plus, &digest_of(alg, &all)))
}

fn sign(sk: &(Values, String), data: &[u8]) -> Option<Cert> {
    let m = signed_value("sha1", data, &sk.1, 0)?;
    Some(Cert {
        sig: sk.0.sign(&m)?,
        ha: "sha1".into(),
        signer: sk.1.clone(),
        exp: 0,
    })
}

fn verify(pk: &Values, c: &Cert, data: &[u8]) -> bool {
    match signed_value(&c.ha, data, &c.signer, c.exp) {
        Some(m) => pk.verify(&c.sig, &m),
        None => false,
    }
}

/// The whole protocol: the exchange, then the status messages both ways.
fn run(
    env: &ProcEnv,
    fd: i32,
    info: Result<Info, &'static str>,
) -> Result<(String, Vec<u8>), String> {
    let r = exchange(env, fd, info);
    let from_link = matches!(&r, Err((_, true)));
    match &r {
        Ok(_) => {
            send_msg(env, fd, b"OK");
        }
        Err((_, true)) => {
            send_err(env, fd, "remote: missing your authentication data");
        }
        Err((e, false)) => {
            send_err(env, fd, &format!("remote: {e}"));
        }
    }
    let mut result = r.map_err(|(e, _)| e);
    if !from_link {
        loop {
            match get_msg(env, fd) {
                Ok(m) if m == b"OK" => break,
                Ok(_) => {}
                Err(e) => {
                    let remote = !matches!(e.as_str(), "hungup" | MSG);
                    result = Err(match result {
                        Err(mine) => mine,
                        Ok(_) if remote => e,
                        Ok(_) => MSG.to_string(),
                    });
                    break;
                }
            }
        }
    }
    result
}
