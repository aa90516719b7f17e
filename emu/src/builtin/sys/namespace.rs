//! The name space calls of `$Sys`: bind, unmount and chdir, acting on the
//! caller's name space group (shared with every prog that did not fork it).
//! Their walks may cross a mount whose server is a prog (memfs, mntgen), so
//! they run off the interpreter thread, as open does.

use super::frame::Frame;
use super::kernel_call::{fail, kernel};
use dis::vm::{Machine, Prog, Trap, NIL};

/// A string argument; nil stays None.
fn opt_text(vm: &Machine, fr: Frame, off: u32) -> Result<Option<String>, Trap> {
    let s = fr.ptr(vm, off)?;
    if s == NIL {
        Ok(None)
    } else {
        vm.str_text(s).map(Some)
    }
}

/// Stores 0-or-positive `Ok` values as they are, errors as -1.
fn ret(
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
    r: Result<i32, crate::kernel::Error>,
) -> Result<(), Trap> {
    match r {
        Ok(v) => fr.ret_word(vm, v),
        Err(e) => {
            fail(p, e)?;
            fr.ret_word(vm, -1)
        }
    }
}

/// bind(s, on, flags): the new mount's sequence number.
pub fn bind(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let src = opt_text(vm, fr, 0)?.unwrap_or_default();
    let on = opt_text(vm, fr, 4)?.unwrap_or_default();
    let flags = fr.word(vm, 8)? as u32;
    kernel(
        vm,
        p,
        move |env| env.bind(&src, &on, flags).map(|n| n as i32),
        move |vm, p, r| ret(vm, p, fr, r),
    )
}

/// unmount(s1, s2): s1 nil removes everything mounted on s2.
pub fn unmount(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let src = opt_text(vm, fr, 0)?;
    let on = opt_text(vm, fr, 4)?.unwrap_or_default();
    kernel(
        vm,
        p,
        move |env| env.unmount(src.as_deref(), &on).map(|_| 0),
        move |vm, p, r| ret(vm, p, fr, r),
    )
}

/// chdir(path): the group's current directory.
pub fn chdir(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let path = opt_text(vm, fr, 0)?.unwrap_or_default();
    kernel(
        vm,
        p,
        move |env| env.chdir(&path).map(|_| 0),
        move |vm, p, r| ret(vm, p, fr, r),
    )
}
