//! Reading a native call's arguments from its frame and writing its result through
//! the frame's result pointer; and the print family's varargs as format arguments.

use super::fmt::FormatArgs;
use dis::vm::{Machine, Trap, NIL};
use std::borrow::Cow;

/// Offset of the first argument in a frame.
pub const ARG0: u32 = 32;

/// A native call's frame.
#[derive(Clone, Copy)]
pub struct Frame(pub u32);

impl Frame {
    /// The word argument at byte offset `off` from the first argument.
    pub fn word(self, vm: &Machine, off: u32) -> Result<i32, Trap> {
        vm.mem.w(self.0 + ARG0 + off)
    }

    /// The pointer argument at byte offset `off` from the first argument.
    pub fn ptr(self, vm: &Machine, off: u32) -> Result<u32, Trap> {
        vm.mem.u(self.0 + ARG0 + off)
    }

    /// The big argument at byte offset `off` from the first argument.
    pub fn big(self, vm: &Machine, off: u32) -> Result<i64, Trap> {
        vm.mem.l(self.0 + ARG0 + off)
    }

    /// Where the result goes.
    pub fn ret(self, vm: &Machine) -> Result<u32, Trap> {
        vm.mem.u(self.0 + 16)
    }

    /// Stores a word result.
    pub fn ret_word(self, vm: &mut Machine, v: i32) -> Result<(), Trap> {
        let r = self.ret(vm)?;
        vm.mem.set_w(r, v)
    }

    /// Stores a pointer result that already holds its reference.
    pub fn ret_ptr(self, vm: &mut Machine, v: u32) -> Result<(), Trap> {
        let r = self.ret(vm)?;
        vm.put_ptr(r, v)
    }
}

/// The variable arguments of a print-family call: words at 4-byte offsets, bigs and
/// reals at 8-byte offsets counted from the frame's start.
pub struct VarArgs<'a> {
    pub vm: &'a Machine,
    pub frame: u32,
    /// Offset of the next argument from the frame's start.
    pub off: u32,
}

impl VarArgs<'_> {
    fn next(&mut self, size: u32) -> u32 {
        if size == 8 {
            self.off = (self.off + 7) & !7;
        }
        let at = self.frame + self.off;
        self.off += size;
        at
    }
}

impl FormatArgs for VarArgs<'_> {
    fn word(&mut self) -> i32 {
        let at = self.next(4);
        self.vm.mem.w(at).unwrap_or(0)
    }

    fn big(&mut self) -> i64 {
        let at = self.next(8);
        self.vm.mem.l(at).unwrap_or(0)
    }

    fn real(&mut self) -> f64 {
        let at = self.next(8);
        self.vm.mem.f(at).unwrap_or(0.0)
    }

    fn string(&mut self) -> Option<Cow<'_, str>> {
        let at = self.next(4);
        let s = self.vm.mem.u(at).unwrap_or(NIL);
        if s == NIL {
            return None;
        }
        self.vm.str_text(s).ok().map(Cow::Owned)
    }

    fn heap_header(&mut self) -> Option<(i32, u32)> {
        let at = self.next(4);
        let p = self.vm.mem.u(at).unwrap_or(NIL);
        if p == NIL {
            return None;
        }
        let refs = self.vm.refs(p).ok()? as i32;
        let ty = self.vm.type_of(p).ok()?;
        Some((refs, ty))
    }
}
