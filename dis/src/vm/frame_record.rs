//! One entry of the interpreter's own record of a prog's frames ([`super::frames`]
//! keeps and follows the record): a frame's address and type and, once it is
//! called, where its caller resumes. Plain data, so that the prog can hold the
//! record without depending on the code that walks it.

use super::arena::NIL;

/// `ret_pc` of a frame not called yet.
const NOT_CALLED: u32 = u32::MAX;

/// One frame on a prog's stack.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub addr: u32,
    /// Its type id.
    pub ty: u32,
    /// Once called, the pc its caller resumes at (0 in a thread's first frame).
    pub ret_pc: u32,
    /// The caller's module link when the call crossed modules, else nil.
    pub ret_ml: u32,
    /// Known at its making to have no pointer words (false when not known).
    pub no_ptrs: bool,
}

impl Frame {
    /// A frame pushed but not called.
    pub fn new(addr: u32, ty: u32) -> Frame {
        Frame {
            addr,
            ty,
            ret_pc: NOT_CALLED,
            ret_ml: NIL,
            no_ptrs: false,
        }
    }

    /// A frame pushed but not called, whose type has no pointer words.
    pub fn new_without_ptrs(addr: u32, ty: u32) -> Frame {
        Frame {
            no_ptrs: true,
            ..Frame::new(addr, ty)
        }
    }

    pub fn called(&self) -> bool {
        self.ret_pc != NOT_CALLED
    }
}
