//! The distribution calls of `$Sys`: `mount` of a Styx connection, `fversion`,
//! `fauth` and `export`. Each waits for the other end, so the work runs on a
//! host worker (only the caller waits); `export` with `EXPASYNC` serves from a
//! native process instead and returns at once. The network calls (`dial`,
//! `announce`, `listen`) have no network device to use yet and fail with a
//! clear error.

use super::blocking::run;
use super::file::ret_result;
use super::frame::Frame;
use super::module::{env, fail, fd_arg, Sys};
use crate::kernel::conn::Interrupt;
use crate::kernel::Error;
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

/// dial, announce and listen: `(-1, Connection(nil, nil, nil))` with an error
/// saying there is no network.
pub fn no_network(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let at = fr.ret(vm)?;
    for off in [4, 8, 12] {
        vm.put_ptr(at + off, NIL)?;
    }
    vm.mem.set_w(at, -1)?;
    fail(p, Error::Text("network not supported: no #I device".into()))
}
