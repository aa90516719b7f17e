//! The distribution calls of `$Sys`: `mount` of a Styx connection, `fversion`,
//! `fauth`, `export`, and the network calls `dial`, `announce` and `listen`.
//! Each waits for the other end, so the work runs on a host worker (only the
//! caller waits); `export` with `EXPASYNC` serves from a native process instead
//! and returns at once.

use super::blocking::run;
use super::file::ret_result;
use super::frame::Frame;
use super::module::{env, fail, fd_arg, FdMaker, Sys};
use crate::kernel::conn::Interrupt;
use crate::kernel::sysnet::Connection;
use crate::kernel::{Error, ProcEnv};
use dis::vm::{Machine, Prog, Trap, NIL};

/// `Sys->EXPASYNC`: serve from a kernel process and return.
const EXPASYNC: i32 = 1;

/// A string argument; nil reads as "".
fn text(vm: &Machine, fr: Frame, off: u32) -> Result<String, Trap> {
    let s = fr.ptr(vm, off)?;
    if s == NIL {
        Ok(String::new())
    } else {
        vm.str_text(s)
    }
}

/// mount(fd, afd, on, flags, spec): the mount's sequence number, or -1.
pub fn mount(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let afd = Some(fd_arg(vm, fr, 4)?).filter(|&a| a >= 0);
    let on = text(vm, fr, 8)?;
    let flags = fr.word(vm, 12)? as u32;
    let spec = text(vm, fr, 16)?;
    let env = env(p)?;
    let work = move || env.mount(fd, afd, &on, flags, &spec);
    run(vm, p, true, work, move |vm, p, r| ret_result(vm, p, fr, r))
}

/// fversion(fd, msize, version): `(msize, version agreed)` or `(-1, nil)`. As
/// in the original, the msize returned is the one asked for.
pub fn fversion(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let msize = fr.word(vm, 4)?;
    let version = text(vm, fr, 8)?;
    let env = env(p)?;
    let work = move || env.fversion(fd, msize.max(0) as u32, &version);
    run(vm, p, true, work, move |vm, p, r| {
        let at = fr.ret(vm)?;
        match r {
            Ok(v) => {
                let s = vm.new_string(&v)?;
                vm.put_ptr(at + 4, s)?;
                vm.mem.set_w(at, msize)
            }
            Err(e) => {
                fail(p, e)?;
                vm.put_ptr(at + 4, NIL)?;
                vm.mem.set_w(at, -1)
            }
        }
    })
}

/// fauth(fd, aname): an `FD` on the authentication file, or nil when the server
/// needs no authentication (the error says so).
pub fn fauth(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let aname = text(vm, fr, 4)?;
    let env = env(p)?;
    let fds = env.fds.clone();
    fr.ret_ptr(vm, NIL)?;
    let work = move || env.fauth(fd, &aname);
    let owner = sys.fd_maker();
    run(vm, p, true, work, move |vm, p, r| match r {
        Ok(afd) => {
            let o = owner.new_fd(vm, &fds, afd)?;
            fr.ret_ptr(vm, o)
        }
        Err(e) => fail(p, e),
    })
}

/// export(fd, dir, flag): serves the name space below `dir` on `fd`; with
/// `EXPASYNC` a native process serves and the call returns at once, otherwise
/// it returns when the client hangs up. 0, or -1 with the error set.
pub fn export(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fd_arg(vm, fr, 0)?;
    let dir = text(vm, fr, 4)?;
    let flag = fr.word(vm, 8)?;
    let env = env(p)?;
    let exporting = match env.export(fd, &dir) {
        Ok(x) => x,
        Err(e) => {
            fail(p, e)?;
            return fr.ret_word(vm, -1);
        }
    };
    if flag == EXPASYNC {
        let kprocs = sys.kernel()?.kprocs.clone();
        let started = kprocs.spawn("exportfs", &env, p.pgrp, move |kp| {
            // The client hanging up or a kill ends the service; nobody waits
            // for how.
            let _ = exporting.serve(kp.interrupt());
        });
        let r = started.map(|_| 0).map_err(|e| Error::Text(e.to_string()));
        return ret_result(vm, p, fr, r);
    }
    let work = move || exporting.serve(&Interrupt::new()).map(|_| 0);
    run(vm, p, true, work, move |vm, p, r| ret_result(vm, p, fr, r))
}

/// Stores a `(int, Connection)` result: 0 and the line, or -1 and nil fields with
/// the error set.
fn ret_connection(
    fds_owner: &FdMaker,
    env: &ProcEnv,
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    r: Result<Connection, Error>,
) -> Result<(), Trap> {
    let at = fr.ret(vm)?;
    for off in [4, 8, 12] {
        vm.put_ptr(at + off, NIL)?;
    }
    let c = match r {
        Ok(c) => c,
        Err(e) => {
            vm.mem.set_w(at, -1)?;
            return fail(p, e);
        }
    };
    if let Some(dfd) = c.dfd {
        let o = fds_owner.new_fd(vm, &env.fds, dfd)?;
        vm.put_ptr(at + 4, o)?;
    }
    let o = fds_owner.new_fd(vm, &env.fds, c.cfd)?;
    vm.put_ptr(at + 8, o)?;
    let dir = vm.new_string(&c.dir)?;
    vm.put_ptr(at + 12, dir)?;
    vm.mem.set_w(at, 0)
}

/// Runs a network call on a worker and stores its `(int, Connection)`.
fn network(
    sys: &Sys,
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    call: impl FnOnce(&ProcEnv) -> Result<Connection, Error> + Send + 'static,
) -> Result<(), Trap> {
    let env = env(p)?;
    let owner = sys.fd_maker();
    let worker_env = env.clone();
    run(
        vm,
        p,
        true,
        move || call(&worker_env),
        move |vm, p, r| ret_connection(&owner, &env, vm, p, fr, r),
    )
}

/// dial(addr, local): a connected line.
pub fn dial(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let addr = text(vm, fr, 0)?;
    network(sys, vm, p, fr, move |env| env.dial(&addr))
}

/// announce(addr): an announced line.
pub fn announce(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let addr = text(vm, fr, 0)?;
    network(sys, vm, p, fr, move |env| env.announce(&addr))
}

/// listen(c): the next call to the line `c` announced.
pub fn listen(sys: &Sys, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let dir = text(vm, fr, 8)?;
    network(sys, vm, p, fr, move |env| env.listen(&dir))
}
