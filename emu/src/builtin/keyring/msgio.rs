//! Messages on connections, as the authentication protocol exchanges them:
//! `sendmsg`/`getmsg`/`senderrmsg` frame each message with a five-byte header
//! (`%4.4d\n`, or `!%3.3d\n` for an error text); `putstring`/`getstring`,
//! `putbytearray`/`getbytearray` and `puterror` send one message per write on a
//! connection that keeps message boundaries, its first byte 0 for data and 0xff
//! for an error. The reads and writes run off the interpreter, since a
//! connection may wait.

use crate::builtin::sys::frame::Frame;
use crate::builtin::sys::procenv::proc_env;
use crate::kernel::ProcEnv;
use dis::vm::trap::{raise, EXC_BOUNDS};
use dis::vm::{Machine, Prog, Trap, NIL};

/// The longest message.
pub const MAX_MSG: usize = 4096;

/// The descriptor number of an `FD` argument, or None for nil.
fn fd(vm: &Machine, fr: Frame, off: u32) -> Result<Option<i32>, Trap> {
    let f = fr.ptr(vm, off)?;
    if f == NIL {
        Ok(None)
    } else {
        Ok(Some(vm.mem.w(f)?))
    }
}

/// Runs `job` on the caller's kernel state off the interpreter, then `finish`.
fn io<T: Send + 'static>(
    vm: &mut Machine,
    p: &mut Prog,
    job: impl FnOnce(&ProcEnv) -> T + Send + 'static,
    finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
) -> Result<(), Trap> {
    let Some(env) = proc_env(p) else {
        return raise("sys: prog has no kernel state");
    };
    vm.block_on(p, move || job(&env), finish)
}

/// Writes all of `data` in one write; the count written or -1.
fn write(env: &ProcEnv, fd: i32, data: &[u8]) -> i32 {
    env.write(fd, data).map_or(-1, |n| n as i32)
}

/// Reads exactly `n` bytes unless the connection ends or fails first; what was
/// read, and the result of the last read (0 end, -1 error) when short.
pub fn read_n(env: &ProcEnv, fd: i32, n: usize) -> (Vec<u8>, i32) {
    let mut buf = vec![0u8; n];
    let mut got = 0;
    while got < n {
        match env.read(fd, &mut buf[got..]) {
            Ok(0) => return (buf[..got].to_vec(), 0),
            Ok(k) => got += k,
            Err(_) => return (buf[..got].to_vec(), -1),
        }
    }
    (buf, 1)
}

/// Sends a framed message; the count of data bytes written or -1.
pub fn send_msg(env: &ProcEnv, fd: i32, data: &[u8]) -> i32 {
    let header = format!("{:04}\n", data.len());
    if write(env, fd, &header.as_bytes()[..5.min(header.len())]) != 5 {
        return -1;
    }
    write(env, fd, data)
}

/// Sends a framed error text; the count written or -1.
pub fn send_err(env: &ProcEnv, fd: i32, text: &str) -> i32 {
    let header = format!("!{:03}\n", text.len());
    if write(env, fd, &header.as_bytes()[..5.min(header.len())]) != 5 {
        return -1;
    }
    write(env, fd, text.as_bytes())
}

/// Receives a framed message: its bytes, or the error text (the remote error
/// for a `!` message, else `hungup` or `input or format error`).
pub fn get_msg(env: &ProcEnv, fd: i32) -> Result<Vec<u8>, String> {
    let fail = |r: i32| {
        if r > 0 {
            "input or format error".to_string()
        } else {
            "hungup".to_string()
        }
    };
    let (head, r) = read_n(env, fd, 5);
    if head.len() != 5 {
        return Err(fail(if head.is_empty() { r } else { 1 }));
    }
    let remote = head[0] == b'!';
    let digits = &head[usize::from(remote)..];
    let digits: String = digits
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .map(|&c| c as char)
        .collect();
    let len: usize = digits.parse().unwrap_or(0);
    if len >= MAX_MSG {
        return Err(fail(1));
    }
    let (body, r) = read_n(env, fd, len);
    if body.len() != len {
        return Err(fail(if body.is_empty() { r } else { 1 }));
    }
    if remote {
        return Err(String::from_utf8_lossy(&body).into_owned());
    }
    Ok(body)
}

/// Sends one unframed message, marked as data or (`error`) an error text.
fn put_buf(env: &ProcEnv, fd: i32, data: &[u8], error: bool) -> i32 {
    let n = data.len().min(MAX_MSG - 1);
    let mut buf = Vec::with_capacity(n + 1);
    buf.push(if error { 0xff } else { 0 });
    buf.extend_from_slice(&data[..n]);
    write(env, fd, &buf)
}

/// Receives one unframed message: its data, or the error text.
fn get_buf(env: &ProcEnv, fd: i32) -> Result<Vec<u8>, String> {
    let mut buf = vec![0u8; MAX_MSG];
    let n = match env.read(fd, &mut buf) {
        Ok(n) if n > 0 => n,
        _ => return Err("hungup".into()),
    };
    match buf[0] {
        0 => Ok(buf[1..n].to_vec()),
        0xff if n > 1 => Err(String::from_utf8_lossy(&buf[1..n.min(64)]).into_owned()),
        0xff => Err("unknown".into()),
        _ => Err("failure".into()),
    }
}

/// Runs message function `name`; None if it is not one.
pub fn call(vm: &mut Machine, p: &mut Prog, name: &str, fr: Frame) -> Option<Result<(), Trap>> {
    let r = match name {
        "sendmsg" | "putbytearray" => (|| {
            fr.ret_word(vm, -1)?;
            let (f, a, n) = (fd(vm, fr, 0)?, fr.ptr(vm, 4)?, fr.word(vm, 8)?);
            let Some(f) = f else { return Ok(()) };
            if a == NIL || (name == "sendmsg" && n < 0) {
                return Ok(());
            }
            let bytes = vm.array_bytes(a)?;
            if n < 0 || n as usize > bytes.len() {
                return raise(EXC_BOUNDS);
            }
            let data = bytes[..n as usize].to_vec();
            let framed = name == "sendmsg";
            io(
                vm,
                p,
                move |env| {
                    if framed {
                        send_msg(env, f, &data)
                    } else {
                        put_buf(env, f, &data, false)
                    }
                },
                move |vm, _p, r| fr.ret_word(vm, r),
            )
        })(),
        "senderrmsg" | "putstring" | "puterror" => (|| {
            fr.ret_word(vm, -1)?;
            let (f, s) = (fd(vm, fr, 0)?, fr.ptr(vm, 4)?);
            let Some(f) = f else { return Ok(()) };
            if s == NIL && name != "senderrmsg" {
                return Ok(());
            }
            let text = if s == NIL {
                String::new()
            } else {
                vm.str_text(s)?
            };
            let which = name.to_string();
            io(
                vm,
                p,
                move |env| match which.as_str() {
                    "senderrmsg" => i32::from(send_err(env, f, &text) > 0) - 1,
                    "putstring" => put_buf(env, f, text.as_bytes(), false),
                    _ => put_buf(env, f, text.as_bytes(), true),
                },
                move |vm, _p, r| fr.ret_word(vm, r),
            )
        })(),
        "getmsg" => (|| {
            fr.ret_ptr(vm, NIL)?;
            let Some(f) = fd(vm, fr, 0)? else {
                p.errstr = "nil fd".into();
                return Ok(());
            };
            io(
                vm,
                p,
                move |env| get_msg(env, f),
                move |vm, p, r| match r {
                    Ok(bytes) => {
                        let a = vm.new_byte_array(&bytes)?;
                        fr.ret_ptr(vm, a)
                    }
                    Err(e) => {
                        p.errstr = e;
                        Ok(())
                    }
                },
            )
        })(),
        "getstring" | "getbytearray" => (|| {
            let ret = fr.ret(vm)?;
            vm.put_ptr(ret, NIL)?;
            vm.put_ptr(ret + 4, NIL)?;
            let Some(f) = fd(vm, fr, 0)? else {
                return Ok(());
            };
            let as_string = name == "getstring";
            io(
                vm,
                p,
                move |env| get_buf(env, f),
                move |vm, _p, r| match r {
                    Ok(bytes) => {
                        let v = if as_string {
                            vm.new_string_utf8(&bytes)?
                        } else {
                            vm.new_byte_array(&bytes)?
                        };
                        vm.put_ptr(ret, v)
                    }
                    Err(e) => {
                        let s = vm.new_string(&e)?;
                        vm.put_ptr(ret + 4, s)
                    }
                },
            )
        })(),
        _ => return None,
    };
    Some(r)
}
