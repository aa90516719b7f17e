//! The process calls of `$Sys`: pctl (fd, name space and environment groups, the
//! device restriction, and the returned pid), the integer-level fd calls dup and
//! fildes, sleep and millisec.

use super::frame::Frame;
use super::kernel_call::{env, fail, FdObjects};
use super::procenv::set_proc_env;
use crate::kernel::flags::NEWPGRP;
use dis::vm::{Machine, Prog, Trap, NIL};
use std::time::Duration;

/// pctl(flags, movefd): the caller's pid, or -1.
pub fn pctl(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let flags = fr.word(vm, 0)? as u32;
    let mut list = fr.ptr(vm, 4)?;
    let mut movefd = Vec::new();
    while list != NIL {
        movefd.push(vm.mem.w(vm.list_head(list)?)?);
        list = vm.list_tail(list)?;
    }
    let mut env = env(p)?;
    if let Err(e) = env.pctl(flags, &movefd) {
        fail(p, e)?;
        return fr.ret_word(vm, -1);
    }
    set_proc_env(p, env);
    if flags & NEWPGRP != 0 {
        vm.new_pgrp(p);
    }
    fr.ret_word(vm, p.pid as i32)
}

/// dup(old, new): the new descriptor, or -1.
pub fn dup(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let old = fr.word(vm, 0)?;
    let new = fr.word(vm, 4)?;
    match env(p)?.dup(old, new) {
        Ok(fd) => fr.ret_word(vm, fd),
        Err(e) => {
            fail(p, e)?;
            fr.ret_word(vm, -1)
        }
    }
}

/// fildes(fd): an `FD` on a new descriptor dup'ed from `fd`, or nil.
pub fn fildes(fds: &FdObjects, vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let fd = fr.word(vm, 0)?;
    fr.ret_ptr(vm, NIL)?;
    let env = env(p)?;
    match env.dup(fd, -1) {
        Ok(new) => {
            let o = fds.make(vm, &env.fds, new)?;
            fr.ret_ptr(vm, o)
        }
        Err(e) => fail(p, e),
    }
}

/// sleep(ms): the prog waits (others run) and gets 0; a period ≤ 0 returns at once.
pub fn sleep(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let ms = fr.word(vm, 0)?;
    if ms <= 0 {
        return fr.ret_word(vm, 0);
    }
    let deadline = vm.clock().now() + Duration::from_millis(ms as u64);
    vm.sleep_until(p, deadline, move |vm, _| fr.ret_word(vm, 0));
    Ok(())
}

/// The millisecond clock (the one `/dev/msec` reads), wrapping.
pub fn millisec(vm: &mut Machine, fr: Frame) -> Result<(), Trap> {
    fr.ret_word(vm, crate::kernel::clock::millisec() as u32 as i32)
}
