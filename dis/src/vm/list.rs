//! List cells. Layout: `+0` tail, `+4` element type id (`T_NONE` when the element
//! holds no pointers), `+8` the element.

use super::arena::NIL;
use super::trap::{raise, Trap, EXC_NIL};
use super::types::{T_LIST, T_NONE, T_PTR};
use super::Machine;

/// Offset of the element in a cell.
pub const CELL_ELEM: u32 = 8;

impl Machine {
    /// `cons*`: a new cell with an element of `size` bytes (copied from `src`, its
    /// pointers described by `elem` gaining a reference) in front of the list in slot
    /// `at`, whose reference becomes the tail.
    pub fn cons(&mut self, src: u32, size: u32, elem: u32, at: u32) -> Result<(), Trap> {
        let c = self.alloc(CELL_ELEM + size, T_LIST)?;
        let tail = self.mem.u(at)?;
        self.mem.set_u(c, tail)?;
        self.mem.copy(c + CELL_ELEM, src, size)?;
        let has_ptrs = elem != T_NONE && self.types.get(elem).ptr_len > 0;
        self.mem
            .set_u(c + 4, if has_ptrs { elem } else { T_NONE })?;
        if has_ptrs {
            self.inc_ptrs(c + CELL_ELEM, elem)?;
        }
        self.mem.set_u(at, c)
    }

    /// A new cell holding pointer `v` (its reference moves into the cell) in front of
    /// `tail` (whose reference moves too).
    pub fn cons_ptr(&mut self, v: u32, tail: u32) -> Result<u32, Trap> {
        let c = self.alloc(CELL_ELEM + 4, T_LIST)?;
        self.mem.set_u(c, tail)?;
        self.mem.set_u(c + 4, T_PTR)?;
        self.mem.set_u(c + CELL_ELEM, v)?;
        Ok(c)
    }

    /// Address of the element of a non-nil list.
    #[inline]
    pub fn list_head(&self, l: u32) -> Result<u32, Trap> {
        if l == NIL {
            return raise(EXC_NIL);
        }
        Ok(l + CELL_ELEM)
    }

    /// The tail of a non-nil list.
    #[inline]
    pub fn list_tail(&self, l: u32) -> Result<u32, Trap> {
        if l == NIL {
            return raise(EXC_NIL);
        }
        self.mem.u(l)
    }

    /// Number of cells of a list.
    pub fn list_len(&self, mut l: u32) -> Result<i32, Trap> {
        let mut n = 0i32;
        while l != NIL {
            n = n.wrapping_add(1);
            l = self.mem.u(l)?;
        }
        Ok(n)
    }
}
