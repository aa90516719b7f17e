//! The file calls of `$Sys`: open, create, read, readn, pread, write, pwrite,
//! seek, stat, fstat, wstat, fwstat, remove, dirread, fd2path, iounit, pipe and
//! stream, each over the caller's kernel state with the original's argument
//! checks (a nil buffer or negative count transfers nothing; a count beyond the
//! buffer is cut to it) and results. Everything that reaches a file runs off the
//! interpreter ([`kernel`]), since any file may block.

use super::adt::{get_dir, put_dir, DIR_SIZE};
use super::frame::{Frame, ARG0};
use super::kernel_call::{env, fail, fd_arg, kernel, kernel_fd, FdObjects};
use crate::kernel::fdtable::FdTable;
use crate::kernel::{Dir, Error, ProcEnv, Result as KResult};
use dis::vm::{Machine, Prog, Trap, NIL};
use std::sync::Arc;

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
pub(super) fn ret_word<T: TryInto<i32>>(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    r: KResult<T>,
) -> Result<(), Trap> {
    match r {
        Ok(v) => fr.ret_word(vm, v.try_into().unwrap_or(i32::MAX)),
        Err(e) => {
            fail(p, e)?;
            fr.ret_word(vm, -1)
        }
    }
}

/// Runs `job` off the interpreter and stores its word result.
fn word_call<T: TryInto<i32> + Send + 'static>(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    job: impl FnOnce(&ProcEnv) -> KResult<T> + Send + 'static,
) -> Result<(), Trap> {
    kernel(vm, p, job, move |vm, p, r| ret_word(vm, p, fr, r))
}

/// A descriptor opened by a job, closed again if nobody takes it (the prog that
/// asked was killed while it waited, so its `finish` never runs).
pub(super) struct Opened {
    fds: Arc<FdTable>,
    fd: Option<i32>,
}

impl Opened {
    /// Descriptor `fd` of `env`'s fd table, closed unless taken.
    pub(super) fn new(env: &ProcEnv, fd: i32) -> Opened {
        Opened {
            fds: env.fds.clone(),
            fd: Some(fd),
        }
    }

    /// An `FD` object on the descriptor.
    pub(super) fn into_object(self, fds: &FdObjects, vm: &mut Machine) -> Result<u32, Trap> {
        let table = self.fds.clone();
        fds.make(vm, &table, self.take())
    }

    fn take(mut self) -> i32 {
        self.fd.take().unwrap_or(-1)
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        if let Some(fd) = self.fd {
            let _ = self.fds.close(fd);
        }
    }
}

/// Runs `job`, which opens a new descriptor, off the interpreter and stores an `FD`
/// on it (or nil with the error recorded).
pub(super) fn fd_call(
    fds: &FdObjects,
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    job: impl FnOnce(&ProcEnv) -> KResult<i32> + Send + 'static,
) -> Result<(), Trap> {
    fr.ret_ptr(vm, NIL)?;
    let fds = fds.clone();
    kernel(
        vm,
        p,
        move |env| job(env).map(|fd| Opened::new(env, fd)),
        move |vm, p, r| match r {
            Ok(opened) => {
                let o = opened.into_object(&fds, vm)?;
                fr.ret_ptr(vm, o)
            }
            Err(e) => fail(p, e),
        },
    )
}

/// A string argument (nil reads as empty).
fn text(vm: &Machine, fr: Frame, off: u32) -> Result<String, Trap> {
    vm.str_text(fr.ptr(vm, off)?)
}

pub fn open(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = text(vm, fr, 0)?;
    let mode = fr.word(vm, 4)? as u32;
    fd_call(fds, vm, p, fr, move |env| env.open(&path, mode))
}

pub fn create(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = text(vm, fr, 0)?;
    let mode = fr.word(vm, 4)? as u32;
    let perm = fr.word(vm, 8)? as u32;
    fd_call(fds, vm, p, fr, move |env| env.create(&path, mode, perm))
}

/// Reads until the buffer is full or a read gives 0 or fails (readn); returns the
/// count, or the failing read's result when nothing was read.
fn read_full(env: &ProcEnv, fd: i32, data: &mut [u8]) -> KResult<usize> {
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

/// Reads into the buffer argument: read, readn (`all`) and pread (`at`).
pub fn read(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    all: bool,
    at: Option<i64>,
) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let buf = fr.ptr(vm, 4)?;
    let Some(n) = count(vm, buf, fr.word(vm, 8)?)? else {
        return fr.ret_word(vm, 0);
    };
    if at.is_none() && !all {
        // Data a mount read ahead is copied here, without a worker.
        if let Some(data) = env(p)?.read_now(fd, n) {
            fill(vm, buf, &data)?;
            return fr.ret_word(vm, data.len() as i32);
        }
    }
    kernel_fd(
        vm,
        p,
        (fd, false),
        move |env| {
            let mut data = vec![0u8; n];
            let r = match at {
                Some(off) => env.pread(fd, &mut data, off),
                None if all => read_full(env, fd, &mut data),
                None => env.read(fd, &mut data),
            };
            r.map(|k| {
                data.truncate(k);
                data
            })
        },
        move |vm, p, r| match r {
            Ok(data) => {
                fill(vm, buf, &data)?;
                fr.ret_word(vm, data.len() as i32)
            }
            Err(e) => ret_word::<i32>(vm, p, fr, Err(e)),
        },
    )
}

pub fn pread(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let off = fr.big(vm, 16)?;
    read(vm, p, fr, false, Some(off))
}

/// Writes the buffer argument: write, and pwrite (`at`).
pub fn write(vm: &mut Machine, p: &mut Prog, fr: Frame, at: Option<i64>) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let buf = fr.ptr(vm, 4)?;
    let Some(n) = count(vm, buf, fr.word(vm, 8)?)? else {
        return fr.ret_word(vm, 0);
    };
    let data = vm.array_bytes(buf)?[..n].to_vec();
    kernel_fd(
        vm,
        p,
        (fd, true),
        move |env| match at {
            Some(off) => env.pwrite(fd, &data, off),
            None => env.write(fd, &data),
        },
        move |vm, p, r| ret_word(vm, p, fr, r),
    )
}

pub fn pwrite(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let off = fr.big(vm, 16)?;
    write(vm, p, fr, Some(off))
}

pub fn seek(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let off = fr.big(vm, 8)?;
    let whence = fr.word(vm, 16)?;
    kernel_fd(
        vm,
        p,
        (fd, false),
        move |env| env.seek(fd, off, whence),
        move |vm, p, r| {
            let v = match r {
                Ok(v) => v,
                Err(e) => {
                    fail(p, e)?;
                    -1
                }
            };
            let at = fr.ret(vm)?;
            vm.mem.set_l(at, v)
        },
    )
}

/// Runs a stat job and stores its `(int, Dir)` result: 0 and the Dir, or -1 with
/// the error recorded.
fn stat_call(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    job: impl FnOnce(&ProcEnv) -> KResult<Dir> + Send + 'static,
) -> Result<(), Trap> {
    kernel(vm, p, job, move |vm, p, r| {
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
    })
}

pub fn stat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = text(vm, fr, 0)?;
    stat_call(vm, p, fr, move |env| env.stat(&path))
}

pub fn fstat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    stat_call(vm, p, fr, move |env| env.fstat(fd))
}

pub fn wstat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = text(vm, fr, 0)?;
    let d = get_dir(vm, fr.0 + ARG0 + 8)?;
    word_call(vm, p, fr, move |env| env.wstat(&path, &d).map(|_| 0))
}

pub fn fwstat(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let d = get_dir(vm, fr.0 + ARG0 + 8)?;
    word_call(vm, p, fr, move |env| env.fwstat(fd, &d).map(|_| 0))
}

pub fn remove(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = text(vm, fr, 0)?;
    word_call(vm, p, fr, move |env| env.remove(&path).map(|_| 0))
}

/// `(n, array of Dir)`: the next entries, `(0, nil)` at the end, `(-1, nil)` on
/// error.
pub fn dirread(dir_type: u32, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let at = fr.ret(vm)?;
    vm.mem.set_w(at, -1)?;
    vm.put_ptr(at + 4, NIL)?;
    kernel(
        vm,
        p,
        move |env| env.dirread(fd),
        move |vm, p, r| {
            let at = fr.ret(vm)?;
            let dirs = match r {
                Ok(d) => d,
                Err(e) => return fail(p, e),
            };
            if dirs.is_empty() {
                return vm.mem.set_w(at, 0);
            }
            let a = vm.new_array(dirs.len() as i32, dir_type)?;
            vm.put_ptr(at + 4, a)?;
            let data = vm.array_data(a)?;
            for (i, d) in dirs.iter().enumerate() {
                put_dir(vm, data + i as u32 * DIR_SIZE, d)?;
            }
            vm.mem.set_w(at, dirs.len() as i32)
        },
    )
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
    ret_word(vm, p, fr, r)
}

/// Fills `fds[0]` and `fds[1]` with the two ends of a new pipe; -1 (error string
/// untouched) for an array shorter than 2.
pub fn pipe(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let a = fr.ptr(vm, 0)?;
    fr.ret_word(vm, -1)?;
    if vm.array_len(a)? < 2 {
        return Ok(());
    }
    let env = env(p)?;
    let ends = match env.pipe() {
        Ok((fd0, fd1)) => [fd0, fd1],
        Err(e) => return fail(p, e),
    };
    for (i, fd) in ends.into_iter().enumerate() {
        let o = fds.make(vm, &env.fds, fd)?;
        let slot = vm.array_index(a, i as i32, 4)?;
        vm.put_ptr(slot, o)?;
    }
    fr.ret_word(vm, 0)
}

/// Copies `src` to `dst` through a buffer of `size` bytes, writing whenever the
/// buffer is full and once more at the end; returns the bytes copied.
fn copy(env: &ProcEnv, src: i32, dst: i32, size: usize) -> KResult<usize> {
    let mut buf = Vec::new();
    buf.try_reserve_exact(size)
        .map_err(|_| Error::Text("out of memory".to_string()))?;
    buf.resize(size, 0);
    let (mut t, mut total) = (0usize, 0usize);
    loop {
        match env.read(src, &mut buf[t..]) {
            Ok(n) if n > 0 => t += n,
            _ => break,
        }
        if t >= size {
            if env.write(dst, &buf[..t]).ok() != Some(t) {
                t = 0;
                break;
            }
            total += t;
            t = 0;
        }
    }
    if t != 0 {
        // As in the original, a failure of the last write is not reported.
        let _ = env.write(dst, &buf[..t]);
        total += t;
    }
    Ok(total)
}

pub fn stream(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let src = fd_arg(vm, fr, 0)?;
    let dst = fd_arg(vm, fr, 4)?;
    let Ok(size) = usize::try_from(fr.word(vm, 8)?) else {
        return ret_word::<i32>(vm, p, fr, Err(Error::BadArg));
    };
    if size == 0 {
        return fr.ret_word(vm, 0);
    }
    word_call(vm, p, fr, move |env| copy(env, src, dst, size))
}
