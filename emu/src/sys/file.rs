//! The file calls of `$Sys`: open, create, read, readn, pread, write, pwrite,
//! seek, stat, fstat, wstat, fwstat, remove, dirread, fd2path, iounit, pipe and
//! stream, each over the caller's kernel state with the original's argument
//! checks (a nil buffer or negative count transfers nothing; a count beyond the
//! buffer is cut to it) and results.

use super::adt::{get_dir, put_dir, DIR_SIZE};
use super::blocking::{run, waits};
use super::frame::Frame;
use super::module::{env, fail, fd_arg, Sys};
use crate::kernel::{Error, ProcEnv};
use dis::vm::{Machine, Prog, Trap, NIL};

/// Bytes to transfer for a buffer argument and a count: None when the original
/// transfers nothing (nil buffer or negative count).
fn count(vm: &Machine, buf: u32, n: i32) -> Result<Option<usize>, Trap> {
    if buf == NIL || n < 0 {
        return Ok(None);
    }
    Ok(Some((n as u32).min(vm.array_len(buf)?) as usize))
}

/// Copies bytes read into the start of a byte array.
fn fill(vm: &mut Machine, buf: u32, data: &[u8]) -> Result<(), Trap> {
    let at = vm.array_data(buf)?;
    vm.mem
        .slice_mut(at, data.len() as u32)?
        .copy_from_slice(data);
    Ok(())
}

/// Stores a word result, or -1 with the error recorded.
pub(super) fn ret_result<T: TryInto<i32>>(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    r: Result<T, Error>,
) -> Result<(), Trap> {
    match r {
        Ok(v) => fr.ret_word(vm, v.try_into().unwrap_or(i32::MAX)),
        Err(e) => {
            fail(p, e)?;
            fr.ret_word(vm, -1)
        }
    }
}

/// Stores an `FD` result for a new descriptor, or nil with the error recorded.
fn ret_fd(
    sys: &Sys,
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    env: &ProcEnv,
    r: Result<i32, Error>,
) -> Result<(), Trap> {
    fr.ret_ptr(vm, NIL)?;
    match r {
        Ok(fd) => {
            let o = sys.new_fd(vm, &env.fds, fd)?;
            fr.ret_ptr(vm, o)
        }
        Err(e) => fail(p, e),
    }
}

pub fn open(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = vm.str_text(fr.ptr(vm, 0)?)?;
    let mode = fr.word(vm, 4)? as u32;
    let env = env(p)?;
    let r = env.open(&path, mode);
    ret_fd(sys, vm, p, fr, &env, r)
}

pub fn create(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = vm.str_text(fr.ptr(vm, 0)?)?;
    let mode = fr.word(vm, 4)? as u32;
    let perm = fr.word(vm, 8)? as u32;
    let env = env(p)?;
    let r = env.create(&path, mode, perm);
    ret_fd(sys, vm, p, fr, &env, r)
}

/// Reads until `want` bytes or a read gives 0 or fails (readn); returns the count,
/// or the failing read's result when nothing was read.
fn read_full(env: &ProcEnv, fd: i32, data: &mut [u8]) -> Result<usize, Error> {
    let mut t = 0;
    while t < data.len() {
        match env.read(fd, &mut data[t..]) {
            Ok(0) => break,
            Ok(m) => t += m,
            Err(e) if t == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(t)
}

/// read and readn (`all`).
pub fn read(vm: &mut Machine, p: &mut Prog, fr: Frame, all: bool) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let buf = fr.ptr(vm, 4)?;
    let Some(n) = count(vm, buf, fr.word(vm, 8)?)? else {
        return fr.ret_word(vm, 0);
    };
    let env = env(p)?;
    let wait = waits(&env, fd, true);
    let work = move || {
        let mut data = vec![0u8; n];
        let r = if all {
            read_full(&env, fd, &mut data)
        } else {
            env.read(fd, &mut data)
        };
        (r, data)
    };
    run(vm, p, wait, work, move |vm, p, (r, data)| {
        if let Ok(k) = r {
            fill(vm, buf, &data[..k])?;
        }
        ret_result(vm, p, fr, r)
    })
}

pub fn pread(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let buf = fr.ptr(vm, 4)?;
    let off = fr.big(vm, 16)?;
    let Some(n) = count(vm, buf, fr.word(vm, 8)?)? else {
        return fr.ret_word(vm, 0);
    };
    let env = env(p)?;
    let wait = waits(&env, fd, true);
    let work = move || {
        let mut data = vec![0u8; n];
        (env.pread(fd, &mut data, off), data)
    };
    run(vm, p, wait, work, move |vm, p, (r, data)| {
        if let Ok(k) = r {
            fill(vm, buf, &data[..k])?;
        }
        ret_result(vm, p, fr, r)
    })
}

pub fn write(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let buf = fr.ptr(vm, 4)?;
    let Some(n) = count(vm, buf, fr.word(vm, 8)?)? else {
        return fr.ret_word(vm, 0);
    };
    let data = vm.array_bytes(buf)?[..n].to_vec();
    let env = env(p)?;
    let wait = waits(&env, fd, false);
    run(
        vm,
        p,
        wait,
        move || env.write(fd, &data),
        move |vm, p, r| ret_result(vm, p, fr, r),
    )
}

pub fn pwrite(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let buf = fr.ptr(vm, 4)?;
    let off = fr.big(vm, 16)?;
    let Some(n) = count(vm, buf, fr.word(vm, 8)?)? else {
        return fr.ret_word(vm, 0);
    };
    let data = vm.array_bytes(buf)?[..n].to_vec();
    let env = env(p)?;
    let wait = waits(&env, fd, false);
    run(
        vm,
        p,
        wait,
        move || env.pwrite(fd, &data, off),
        move |vm, p, r| ret_result(vm, p, fr, r),
    )
}

pub fn seek(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let off = fr.big(vm, 8)?;
    let whence = fr.word(vm, 16)?;
    let r = match env(p)?.seek(fd, off, whence) {
        Ok(v) => v,
        Err(e) => {
            fail(p, e)?;
            -1
        }
    };
    let at = fr.ret(vm)?;
    vm.mem.set_l(at, r)
}

/// Stores a `(int, Dir)` result: 0 and the Dir, or -1 with the error recorded.
fn ret_stat(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    r: Result<crate::kernel::Dir, Error>,
) -> Result<(), Trap> {
    let at = fr.ret(vm)?;
    match r {
        Ok(d) => {
            put_dir(vm, at + 8, &d)?;
            vm.mem.set_w(at, 0)
        }
        Err(e) => {
            fail(p, e)?;
            vm.mem.set_w(at, -1)
        }
    }
}

pub fn stat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = vm.str_text(fr.ptr(vm, 0)?)?;
    let r = env(p)?.stat(&path);
    ret_stat(vm, p, fr, r)
}

pub fn fstat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let r = env(p)?.fstat(fd);
    ret_stat(vm, p, fr, r)
}

pub fn wstat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = vm.str_text(fr.ptr(vm, 0)?)?;
    let d = get_dir(vm, fr.0 + super::frame::ARG0 + 8)?;
    let r = env(p)?.wstat(&path, &d).map(|_| 0);
    ret_result(vm, p, fr, r)
}

pub fn fwstat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let d = get_dir(vm, fr.0 + super::frame::ARG0 + 8)?;
    let r = env(p)?.fwstat(fd, &d).map(|_| 0);
    ret_result(vm, p, fr, r)
}

pub fn remove(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = vm.str_text(fr.ptr(vm, 0)?)?;
    let r = env(p)?.remove(&path).map(|_| 0);
    ret_result(vm, p, fr, r)
}

/// `(n, array of Dir)`: the next entries, `(0, nil)` at the end, `(-1, nil)` on
/// error.
pub fn dirread(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let at = fr.ret(vm)?;
    vm.mem.set_w(at, -1)?;
    vm.put_ptr(at + 4, NIL)?;
    let dirs = match env(p)?.dirread(fd) {
        Ok(d) => d,
        Err(e) => return fail(p, e),
    };
    if dirs.is_empty() {
        return vm.mem.set_w(at, 0);
    }
    let a = vm.new_array(dirs.len() as i32, sys.dir_type)?;
    vm.put_ptr(at + 4, a)?;
    let data = vm.array_data(a)?;
    for (i, d) in dirs.iter().enumerate() {
        put_dir(vm, data + i as u32 * DIR_SIZE, d)?;
    }
    vm.mem.set_w(at, dirs.len() as i32)
}

pub fn fd2path(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    fr.ret_ptr(vm, NIL)?;
    match env(p)?.fd2path(fd) {
        Ok(name) => {
            let s = vm.new_string(&name)?;
            fr.ret_ptr(vm, s)
        }
        Err(e) => fail(p, e),
    }
}

pub fn iounit(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let r = env(p)?.iounit(fd);
    ret_result(vm, p, fr, r)
}

/// Fills `fds[0]` and `fds[1]` with the two ends of a new pipe; -1 (error string
/// untouched) for an array shorter than 2.
pub fn pipe(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let a = fr.ptr(vm, 0)?;
    fr.ret_word(vm, -1)?;
    if vm.array_len(a)? < 2 {
        return Ok(());
    }
    let env = env(p)?;
    let (fd0, fd1) = match env.pipe() {
        Ok(ends) => ends,
        Err(e) => return fail(p, e),
    };
    for (i, fd) in [fd0, fd1].into_iter().enumerate() {
        let o = sys.new_fd(vm, &env.fds, fd)?;
        let slot = vm.array_index(a, i as i32, 4)?;
        vm.put_ptr(slot, o)?;
    }
    fr.ret_word(vm, 0)
}

/// Copies `src` to `dst` through a buffer of `bufsiz` bytes, writing whenever the
/// buffer is full and once more at the end; returns the bytes copied.
pub fn stream(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let src = fd_arg(vm, fr, 0)?;
    let dst = fd_arg(vm, fr, 4)?;
    let Ok(size) = usize::try_from(fr.word(vm, 8)?) else {
        fail(p, Error::BadArg)?;
        return fr.ret_word(vm, -1);
    };
    let env = env(p)?;
    let mut buf = vec![0u8; size];
    let (mut t, mut total) = (0usize, 0usize);
    while t < size {
        match env.read(src, &mut buf[t..]) {
            Ok(n) if n > 0 => t += n,
            Ok(_) => break,
            Err(e) => {
                fail(p, e)?;
                break;
            }
        }
        if t >= size {
            match env.write(dst, &buf[..t]) {
                Ok(n) if n == t => {}
                Ok(_) => {
                    t = 0;
                    break;
                }
                Err(e) => {
                    fail(p, e)?;
                    t = 0;
                    break;
                }
            }
            total += t;
            t = 0;
        }
    }
    if t != 0 {
        if let Err(e) = env.write(dst, &buf[..t]) {
            fail(p, e)?;
        }
        total += t;
    }
    fr.ret_word(vm, total.min(i32::MAX as usize) as i32)
}
