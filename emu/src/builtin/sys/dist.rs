//! The distribution calls of `$Sys`: `mount` of a Styx connection, `fversion`,
//! `fauth`, `export`, and the network calls `dial`, `announce` and `listen`.
//! Each waits for the other end, so the work runs off the interpreter (only the
//! caller waits); `export` with `EXPASYNC` serves from a native process instead
//! and returns at once.

use super::file::{fd_call, ret_word, Opened};
use super::frame::Frame;
use super::kernel_call::{env, fail, fd_arg, kernel, FdObjects};
use crate::kernel::conn::Interrupt;
use crate::kernel::sysnet::Connection;
use crate::kernel::{Error, ProcEnv};
use crate::proc::kproc::Kprocs;
use dis::vm::{Machine, Prog, Trap, NIL};
use std::sync::Arc;

/// `Sys->EXPASYNC`: serve from a kernel process and return.
const EXPASYNC: i32 = 1;

/// A string argument; nil reads as "".
fn text(vm: &Machine, fr: Frame, off: u32) -> Result<String, Trap> {
    vm.str_text(fr.ptr(vm, off)?)
}

/// mount(fd, afd, on, flags, spec): the mount's sequence number, or -1.
pub fn mount(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let afd = Some(fd_arg(vm, fr, 4)?).filter(|&a| a >= 0);
    let on = text(vm, fr, 8)?;
    let flags = fr.word(vm, 12)? as u32;
    let spec = text(vm, fr, 16)?;
    kernel(
        vm,
        p,
        move |env| env.mount(fd, afd, &on, flags, &spec),
        move |vm, p, r| ret_word(vm, p, fr, r),
    )
}

/// fversion(fd, msize, version): `(msize, version agreed)` or `(-1, nil)`. As
/// in the original, the msize returned is the one asked for.
pub fn fversion(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let msize = fr.word(vm, 4)?;
    let version = text(vm, fr, 8)?;
    kernel(
        vm,
        p,
        move |env| env.fversion(fd, msize.max(0) as u32, &version),
        move |vm, p, r| {
            let at = fr.ret(vm)?;
            match r {
                Ok(v) => {
                    let s = vm.new_string(&v)?;
                    vm.put_ptr(at + 4, s)?;
                    vm.mem.set_w(at, msize)
                }
                Err(e) => {
                    vm.put_ptr(at + 4, NIL)?;
                    vm.mem.set_w(at, -1)?;
                    fail(p, e)
                }
            }
        },
    )
}

/// fauth(fd, aname): an `FD` on the authentication file, or nil when the server
/// needs no authentication (the error says so).
pub fn fauth(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let aname = text(vm, fr, 4)?;
    fd_call(fds, vm, p, fr, move |env| env.fauth(fd, &aname))
}

/// export(fd, dir, flag): serves the name space below `dir` on `fd`; with
/// `EXPASYNC` a native process serves and the call returns at once, otherwise
/// it returns when the client hangs up. 0, or -1 with the error set.
pub fn export(kprocs: &Arc<Kprocs>, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let dir = text(vm, fr, 4)?;
    let flag = fr.word(vm, 8)?;
    if flag != EXPASYNC {
        let serve = move |env: &ProcEnv| {
            env.export(fd, &dir)?.serve(&Interrupt::new())?;
            Ok(0)
        };
        return kernel(vm, p, serve, move |vm, p, r| ret_word(vm, p, fr, r));
    }
    let env = env(p)?;
    let kprocs = kprocs.clone();
    let pgrp = p.pgrp;
    let start = move |env: &ProcEnv| {
        let exporting = env.export(fd, &dir)?;
        kprocs
            .spawn("exportfs", env, pgrp, move |kp| {
                // The client hanging up or a kill ends the service; nobody
                // waits to hear how.
                let _ = exporting.serve(kp.interrupt());
            })
            .map(|_| 0)
            .map_err(|e| Error::from_host(&e))
    };
    let r = start(&env);
    ret_word(vm, p, fr, r)
}

/// A line's descriptors while they travel back from a worker.
struct Line {
    dfd: Option<Opened>,
    cfd: Opened,
    dir: String,
}

impl Line {
    fn of(env: &ProcEnv, c: Connection) -> Line {
        Line {
            dfd: c.dfd.map(|fd| Opened::new(env, fd)),
            cfd: Opened::new(env, c.cfd),
            dir: c.dir,
        }
    }
}

/// Runs a network call off the interpreter and stores its `(int, Connection)`:
/// 0 and the line, or -1 and nil fields with the error set.
fn network(
    fds: &FdObjects,
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    call: impl FnOnce(&ProcEnv) -> Result<Connection, Error> + Send + 'static,
) -> Result<(), Trap> {
    let fds = fds.clone();
    kernel(
        vm,
        p,
        move |env| call(env).map(|c| Line::of(env, c)),
        move |vm, p, r| {
            let at = fr.ret(vm)?;
            for off in [4, 8, 12] {
                vm.put_ptr(at + off, NIL)?;
            }
            let line = match r {
                Ok(line) => line,
                Err(e) => {
                    vm.mem.set_w(at, -1)?;
                    return fail(p, e);
                }
            };
            if let Some(dfd) = line.dfd {
                let o = dfd.into_object(&fds, vm)?;
                vm.put_ptr(at + 4, o)?;
            }
            let o = line.cfd.into_object(&fds, vm)?;
            vm.put_ptr(at + 8, o)?;
            let dir = vm.new_string(&line.dir)?;
            vm.put_ptr(at + 12, dir)?;
            vm.mem.set_w(at, 0)
        },
    )
}

/// dial(addr, local): a connected line.
pub fn dial(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let addr = text(vm, fr, 0)?;
    let local = text(vm, fr, 4)?;
    network(fds, vm, p, fr, move |env| env.dial_from(&addr, &local))
}

/// announce(addr): an announced line.
pub fn announce(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let addr = text(vm, fr, 0)?;
    network(fds, vm, p, fr, move |env| env.announce(&addr))
}

/// listen(c): the next call to the line `c` announced.
pub fn listen(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let dir = text(vm, fr, 8)?;
    network(fds, vm, p, fr, move |env| env.listen(&dir))
}
