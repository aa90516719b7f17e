//! Typed blocks: `new`/`newz`/`mnewz` objects and `movmp`-style copies with
//! reference counting.

use crate::vm::arena::NIL;
use crate::vm::trap::{raise, Trap, EXC_ILLEGAL, EXC_MODULE, EXC_TYPE};
use crate::vm::Machine;

impl Machine {
    /// A new object of type `t` (pointers nil, the rest zero).
    pub fn new_object(&mut self, t: u32) -> Result<u32, Trap> {
        if t == u32::MAX {
            return raise(EXC_ILLEGAL);
        }
        let size = self.types.get(t).size;
        self.alloc(size, t)
    }

    /// Machine type id of type number `t` of the module behind link `l`.
    pub fn module_type(&self, l: u32, t: i32) -> Result<u32, Trap> {
        if l == NIL {
            return raise(EXC_MODULE);
        }
        let code = match &self.link(l)?.code {
            Some(c) => c,
            None => return raise(EXC_TYPE),
        };
        match usize::try_from(t).ok().and_then(|i| code.type_ids.get(i)) {
            Some(&id) if id != u32::MAX => Ok(id),
            _ => raise(EXC_ILLEGAL),
        }
    }

    /// Copies a type-`t` block from `s` to `d`: the source's pointers gain a
    /// reference, the destination's old pointers lose one.
    pub fn move_typed(&mut self, d: u32, s: u32, t: u32) -> Result<(), Trap> {
        let size = self.types.get(t).size;
        self.inc_ptrs(s, t)?;
        let ti = self.types.get(t);
        for j in 0..ti.ptr_len {
            let v = self.mem.u(d + self.types.ptr(&ti, j))?;
            self.dec(v)?;
        }
        self.mem.copy(d, s, size)
    }
}
