//! `$Sys` as a built-in module of the VM: argument decoding, results, the
//! per-thread error string, and `FD` objects whose death closes their descriptor.

use super::fds::{FdTable, HostFile};
use super::fmt::format;
use super::frame::{Frame, VarArgs, ARG0};
use super::table::FUNCTIONS;
use super::utf;
use crate::host::HostRoot;
use dis::vm::trap::{raise, truncate, EXC_BOUNDS};
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap, NIL};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

/// The Sys module.
pub struct Sys {
    root: HostRoot,
    fds: FdTable,
    /// Type id of `FD` objects (`{fd: int}`, closed when released).
    fd_type: u32,
    start: Instant,
}

impl Sys {
    pub fn new(root: HostRoot) -> Sys {
        Sys {
            root,
            fds: FdTable::console(),
            fd_type: NIL,
            start: Instant::now(),
        }
    }

    /// A new `FD` object for descriptor `fd`.
    fn new_fd(&self, vm: &mut Machine, fd: i32) -> Result<u32, Trap> {
        let o = vm.alloc(4, self.fd_type)?;
        vm.mem.set_w(o, fd)?;
        Ok(o)
    }

    /// The descriptor number of an `FD` argument (nil: none).
    fn fd_of(vm: &Machine, fd: u32) -> Result<Option<i32>, Trap> {
        if fd == NIL {
            Ok(None)
        } else {
            vm.mem.w(fd).map(Some)
        }
    }

    /// Formats a print-family call whose format string is at argument offset `at`.
    fn format(vm: &Machine, p: &Prog, frame: Frame, at: u32) -> Result<String, Trap> {
        let f = frame.ptr(vm, at)?;
        let text = vm.str_text(f)?;
        let mut args = VarArgs {
            vm,
            frame: frame.0,
            off: ARG0 + at + 4,
        };
        format(&text, &mut args, &p.errstr).or_else(|_| raise("out of memory: heap"))
    }

    /// Writes to descriptor `fd`: bytes written, or −1 with the error string set.
    fn write_fd(&self, p: &mut Prog, fd: Option<i32>, data: &[u8]) -> i32 {
        match fd.and_then(|fd| self.fds.get(fd)) {
            None => {
                p.errstr = "fd out of range or not open".to_string();
                -1
            }
            Some(s) => match s.write(data) {
                Ok(n) => n as i32,
                Err(e) => {
                    p.errstr = truncate(&e).to_string();
                    -1
                }
            },
        }
    }

    /// Opens the file at Inferno path `path` (mode `OREAD`/`OWRITE`/`ORDWR`, with
    /// `OTRUNC`); returns its descriptor or the error text.
    fn open(&mut self, path: &str, mode: i32) -> Result<i32, String> {
        let host = self.root.host_path(path);
        if !host.exists() {
            return Err(self.root.missing(path));
        }
        let (readable, writable) = match mode & 3 {
            0 => (true, false),
            1 => (false, true),
            _ => (true, true),
        };
        if writable && host.is_dir() {
            return Err("permission denied".to_string());
        }
        let file = std::fs::OpenOptions::new()
            .read(readable)
            .write(writable)
            .truncate(writable && mode & 16 != 0)
            .open(&host)
            .map_err(|e| e.to_string())?;
        let stream = HostFile {
            file: RefCell::new(file),
            readable,
            writable,
        };
        self.fds
            .add(Rc::new(stream))
            .ok_or_else(|| "no free file descriptors".to_string())
    }

    /// A byte-array argument's bytes.
    fn bytes(vm: &Machine, a: u32) -> Result<Vec<u8>, Trap> {
        Ok(vm.array_bytes(a)?.to_vec())
    }
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

    fn attach(&mut self, vm: &mut Machine, index: u32) {
        self.fd_type = vm.add_native_type(index, 4, &[]);
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let fr = Frame(frame);
        let name = FUNCTIONS.get(func as usize).map_or("", |f| f.name);
        match name {
            "print" => {
                let text = Self::format(vm, p, fr, 0)?;
                let n = self.write_fd(p, Some(1), text.as_bytes());
                fr.ret_word(vm, n)
            }
            "fprint" => {
                let fd = Self::fd_of(vm, fr.ptr(vm, 0)?)?;
                let text = Self::format(vm, p, fr, 4)?;
                let n = self.write_fd(p, fd, text.as_bytes());
                fr.ret_word(vm, n)
            }
            "sprint" => {
                let text = Self::format(vm, p, fr, 0)?;
                let s = vm.new_string(&text)?;
                fr.ret_ptr(vm, s)
            }
            "aprint" => {
                let text = Self::format(vm, p, fr, 0)?;
                let a = vm.new_byte_array(text.as_bytes())?;
                fr.ret_ptr(vm, a)
            }
            "fildes" => {
                let n = fr.word(vm, 0)?;
                let fd = match self.fds.dup(n) {
                    Some(new) => self.new_fd(vm, new)?,
                    None => {
                        p.errstr = "fd out of range or not open".to_string();
                        NIL
                    }
                };
                fr.ret_ptr(vm, fd)
            }
            "write" => {
                let fd = Self::fd_of(vm, fr.ptr(vm, 0)?)?;
                let buf = fr.ptr(vm, 4)?;
                let n = fr.word(vm, 8)?;
                let data = Self::bytes(vm, buf)?;
                let n = usize::try_from(n).unwrap_or(0).min(data.len());
                let written = self.write_fd(p, fd, &data[..n]);
                fr.ret_word(vm, written)
            }
            "werrstr" => {
                let s = fr.ptr(vm, 0)?;
                p.errstr = werrstr_text(&vm.str_text(s)?);
                fr.ret_word(vm, 0)
            }
            "millisec" => {
                let ms = self.start.elapsed().as_millis() as i32;
                fr.ret_word(vm, ms)
            }
            "tokenize" => {
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
            "utfbytes" => {
                let a = fr.ptr(vm, 0)?;
                let buf = Self::bytes(vm, a)?;
                let n = bounds(utf::utfbytes(
                    (a != NIL).then_some(&buf[..]),
                    fr.word(vm, 4)?,
                ))?;
                fr.ret_word(vm, n)
            }
            "byte2char" => {
                let a = fr.ptr(vm, 0)?;
                let buf = Self::bytes(vm, a)?;
                let (c, w, ok) = bounds(utf::byte2char(
                    (a != NIL).then_some(&buf[..]),
                    fr.word(vm, 4)?,
                ))?;
                let r = fr.ret(vm)?;
                vm.mem.set_w(r, c)?;
                vm.mem.set_w(r + 4, w)?;
                vm.mem.set_w(r + 8, ok)
            }
            "char2byte" => {
                let c = fr.word(vm, 0)?;
                let a = fr.ptr(vm, 4)?;
                let n = fr.word(vm, 8)?;
                let mut buf = Self::bytes(vm, a)?;
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
            "open" => {
                let path = vm.str_text(fr.ptr(vm, 0)?)?;
                let mode = fr.word(vm, 4)?;
                let fd = match self.open(&path, mode) {
                    Ok(n) => self.new_fd(vm, n)?,
                    Err(e) => {
                        p.errstr = truncate(&e).to_string();
                        NIL
                    }
                };
                fr.ret_ptr(vm, fd)
            }
            "read" => {
                let fd = Self::fd_of(vm, fr.ptr(vm, 0)?)?;
                let buf = fr.ptr(vm, 4)?;
                let n = fr.word(vm, 8)?;
                let len = vm.array_len(buf)?;
                let want = usize::try_from(n).unwrap_or(0).min(len as usize);
                let mut data = vec![0u8; want];
                let got = match fd.and_then(|fd| self.fds.get(fd)) {
                    None => Err("fd out of range or not open".to_string()),
                    Some(s) => s.read(&mut data),
                };
                let r = match got {
                    Ok(k) => {
                        let at = vm.array_data(buf)?;
                        vm.mem.slice_mut(at, k as u32)?.copy_from_slice(&data[..k]);
                        k as i32
                    }
                    Err(e) => {
                        p.errstr = truncate(&e).to_string();
                        -1
                    }
                };
                fr.ret_word(vm, r)
            }
            other => raise(&format!("sys: {other} not implemented")),
        }
    }

    fn release(&mut self, vm: &mut Machine, obj: u32) {
        if let Ok(fd) = vm.mem.w(obj) {
            self.fds.close(fd);
        }
    }
}

/// The error string `werrstr` sets: text longer than ERRMAX − 1 bytes keeps at most
/// 123 bytes, cut at a character boundary, followed by `...`.
fn werrstr_text(s: &str) -> String {
    if s.len() <= 127 {
        return s.to_string();
    }
    let mut end = 123;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}
