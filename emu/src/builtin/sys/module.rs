//! `$Sys` as a built-in module of the VM: its state, the dispatch of each call to
//! the file that implements it, and the calls that need no kernel (the print
//! family, `werrstr`, `tokenize`, the UTF functions). What the calls share is in
//! `kernel_call.rs`.

use super::adt;
use super::fmt::format;
use super::frame::{Frame, VarArgs, ARG0};
use super::kernel_call::{env, errstr_text, fail, fd_arg, kernel_fd, FdObjects};
use super::table::FUNCTIONS;
use super::{dist, file, file2chan, namespace, proc, utf};
use crate::kernel::devices::srv::SrvDevice;
use crate::kernel::nowait;
use crate::proc::kproc::Kprocs;
use dis::vm::trap::{raise, EXC_BOUNDS};
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap, NIL};
use std::rc::Rc;
use std::sync::Arc;

/// The Sys module.
pub struct Sys {
    pub(super) fds: FdObjects,
    /// Type id of `Dir` values (dirread's array elements).
    pub(super) dir_type: u32,
    /// The parts of the kernel beyond a prog's own state (none in a machine
    /// that runs outside a kernel).
    parts: Option<KernelParts>,
    /// Files served through file2chan, and the types their values use.
    served: file2chan::Served,
    f2c_types: Option<file2chan::Types>,
}

/// What the Sys module reaches of the kernel besides a prog's own state: the
/// native processes and the srv device.
pub(super) struct KernelParts {
    pub kprocs: Arc<Kprocs>,
    pub srv: Arc<SrvDevice>,
}

impl Default for Sys {
    fn default() -> Self {
        Sys::new()
    }
}

impl Sys {
    pub fn new() -> Sys {
        Sys {
            fds: FdObjects {
                ty: NIL,
                owners: Rc::default(),
            },
            dir_type: NIL,
            parts: None,
            served: Rc::default(),
            f2c_types: None,
        }
    }

    /// The Sys module of a kernel with native processes `kprocs` and srv
    /// device `srv`.
    pub fn in_kernel(mut self, kprocs: Arc<Kprocs>, srv: Arc<SrvDevice>) -> Sys {
        self.parts = Some(KernelParts { kprocs, srv });
        self
    }

    /// The kernel's parts, or the error of a machine running outside one.
    pub(super) fn parts(&self) -> Result<&KernelParts, Trap> {
        match &self.parts {
            Some(k) => Ok(k),
            None => raise("sys: no kernel"),
        }
    }
}

/// Formats a print-family call whose format string is at argument offset `at`.
fn format_args(vm: &Machine, p: &Prog, frame: Frame, at: u32) -> Result<String, Trap> {
    let f = frame.ptr(vm, at)?;
    let text = vm.str_text(f)?;
    let mut args = VarArgs {
        vm,
        frame: frame.0,
        off: ARG0 + at + 4,
    };
    format(&text, &mut args, &p.errstr).or_else(|_| raise("out of memory: heap"))
}

/// Writes formatted text to descriptor `fd`; the result is the bytes written, or
/// -1. `print` to a closed fd 1 returns without a result, as the original's does.
fn print_to(vm: &mut Machine, p: &mut Prog, fr: Frame, fd: i32, text: String) -> Result<(), Trap> {
    if fd == 1 && env(p)?.fds.get(1).is_err() {
        return Ok(());
    }
    kernel_fd(
        vm,
        p,
        (fd, true),
        move |env| env.write(fd, text.as_bytes()),
        move |vm, p, r| match r {
            Ok(n) => fr.ret_word(vm, n as i32),
            Err(e) => {
                fail(p, e)?;
                fr.ret_word(vm, -1)
            }
        },
    )
}

/// A byte-array argument's bytes.
pub(super) fn bytes(vm: &Machine, a: u32) -> Result<Vec<u8>, Trap> {
    Ok(vm.array_bytes(a)?.to_vec())
}

fn bounds<T>(r: Result<T, utf::BoundsError>) -> Result<T, Trap> {
    r.or_else(|_| raise(EXC_BOUNDS))
}

impl Builtin for Sys {
    fn path(&self) -> &str {
        "$Sys"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        let owners = self.fds.owners.clone();
        self.fds.ty = vm.add_native_type(
            4,
            &[],
            Rc::new(move |vm, obj| {
                let owner = owners.borrow_mut().remove(&obj);
                if let Some((fds, fd)) = owner {
                    // Closing a descriptor already closed by other means is
                    // harmless. A clunk this thread could not wait for is
                    // waited for by the prog that let the FD go, before its
                    // next instruction, as the original's clunks before it.
                    let (_, late) = nowait::watch(|| fds.close(fd));
                    if !late.is_empty() {
                        vm.hold_running(move || nowait::wait_handed_off(late));
                    }
                }
            }),
        );
        self.dir_type = adt::dir_type(vm);
        self.f2c_types = Some(file2chan::register(vm, &self.served));
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let fr = Frame(frame);
        let name = FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        match name {
            "print" => {
                let text = format_args(vm, p, fr, 0)?;
                print_to(vm, p, fr, 1, text)
            }
            "fprint" => {
                let fd = fd_arg(vm, fr, 0)?;
                let text = format_args(vm, p, fr, 4)?;
                print_to(vm, p, fr, fd, text)
            }
            "sprint" => {
                let text = format_args(vm, p, fr, 0)?;
                let s = vm.new_string(&text)?;
                fr.ret_ptr(vm, s)
            }
            "aprint" => {
                let text = format_args(vm, p, fr, 0)?;
                let a = vm.new_byte_array(text.as_bytes())?;
                fr.ret_ptr(vm, a)
            }
            "werrstr" => {
                let s = fr.ptr(vm, 0)?;
                p.errstr = errstr_text(&vm.str_text(s)?);
                fr.ret_word(vm, 0)
            }
            "tokenize" => tokenize(vm, fr),
            "utfbytes" => {
                let a = fr.ptr(vm, 0)?;
                let buf = bytes(vm, a)?;
                let n = bounds(utf::utfbytes(
                    (a != NIL).then_some(&buf[..]),
                    fr.word(vm, 4)?,
                ))?;
                fr.ret_word(vm, n)
            }
            "byte2char" => {
                let a = fr.ptr(vm, 0)?;
                let buf = bytes(vm, a)?;
                let (c, w, ok) = bounds(utf::byte2char(
                    (a != NIL).then_some(&buf[..]),
                    fr.word(vm, 4)?,
                ))?;
                let r = fr.ret(vm)?;
                vm.mem.set_w(r, c)?;
                vm.mem.set_w(r + 4, w)?;
                vm.mem.set_w(r + 8, ok)
            }
            "char2byte" => char2byte(vm, fr),
            "open" => file::open(&self.fds, vm, p, fr),
            "create" => file::create(&self.fds, vm, p, fr),
            "read" => file::read(vm, p, fr, false, None),
            "readn" => file::read(vm, p, fr, true, None),
            "pread" => file::pread(vm, p, fr),
            "write" => file::write(vm, p, fr, None),
            "pwrite" => file::pwrite(vm, p, fr),
            "seek" => file::seek(vm, p, fr),
            "stat" => file::stat(vm, p, fr),
            "fstat" => file::fstat(vm, p, fr),
            "wstat" => file::wstat(vm, p, fr),
            "fwstat" => file::fwstat(vm, p, fr),
            "remove" => file::remove(vm, p, fr),
            "dirread" => file::dirread(self.dir_type, vm, p, fr),
            "fd2path" => file::fd2path(vm, p, fr),
            "iounit" => file::iounit(vm, p, fr),
            "pipe" => file::pipe(&self.fds, vm, p, fr),
            "stream" => file::stream(vm, p, fr),
            "bind" => namespace::bind(vm, p, fr),
            "unmount" => namespace::unmount(vm, p, fr),
            "chdir" => namespace::chdir(vm, p, fr),
            "dup" => proc::dup(vm, p, fr),
            "fildes" => proc::fildes(&self.fds, vm, p, fr),
            "pctl" => proc::pctl(vm, p, fr),
            "sleep" => proc::sleep(vm, p, fr),
            "millisec" => proc::millisec(vm, fr),
            "mount" => dist::mount(vm, p, fr),
            "fversion" => dist::fversion(vm, p, fr),
            "fauth" => dist::fauth(&self.fds, vm, p, fr),
            "export" => dist::export(&self.parts()?.kprocs, vm, p, fr),
            "dial" => dist::dial(&self.fds, vm, p, fr),
            "announce" => dist::announce(&self.fds, vm, p, fr),
            "listen" => dist::listen(&self.fds, vm, p, fr),
            "file2chan" => match self.f2c_types {
                Some(types) => {
                    file2chan::file2chan(&self.parts()?.srv, types, &self.served, vm, p, fr)
                }
                None => raise("sys: file2chan not attached"),
            },
            other => raise(&format!("sys: {other} not implemented")),
        }
    }
}

fn tokenize(vm: &mut Machine, fr: Frame) -> Result<(), Trap> {
    let s = fr.ptr(vm, 0)?;
    let d = fr.ptr(vm, 4)?;
    let chars = vm.str_runes(s)?;
    let delim = vm.str_runes(d)?;
    let ranges = utf::tokenize(
        (s != NIL).then_some(&chars[..]),
        (d != NIL).then_some(&delim[..]),
    );
    let r = fr.ret(vm)?;
    let mut list = NIL;
    for range in ranges.iter().rev() {
        let word = vm.new_string_runes(chars.get(range.clone()).unwrap_or(&[]))?;
        list = vm.cons_ptr(word, list)?;
    }
    vm.mem.set_w(r, ranges.len() as i32)?;
    vm.put_ptr(r + 4, list)
}

fn char2byte(vm: &mut Machine, fr: Frame) -> Result<(), Trap> {
    let c = fr.word(vm, 0)?;
    let a = fr.ptr(vm, 4)?;
    let n = fr.word(vm, 8)?;
    let mut buf = bytes(vm, a)?;
    let target = (a != NIL).then_some(&mut buf[..]);
    let written = bounds(utf::char2byte(c, target, n))?;
    if a != NIL {
        let data = vm.array_data(a)?;
        vm.mem
            .slice_mut(data, buf.len() as u32)?
            .copy_from_slice(&buf);
    }
    fr.ret_word(vm, written)
}
