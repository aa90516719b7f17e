//! Array objects. Layout: `+0` length, `+4` element type id, `+8` root (nil for an
//! array that owns its elements, else the array a slice shares them with), `+12`
//! address of element 0, `+16` the elements of a root array.

use super::arena::NIL;
use super::trap::{raise, Trap, EXC_BOUNDS, EXC_HEAP, EXC_NEGSIZE, EXC_NIL};
use super::types::{Kind, T_ARRAY};
use super::Machine;

/// Bytes of an array header.
pub const ARRAY_HDR: u32 = 16;

impl Machine {
    /// A new array of `n` elements of type `elem`, zeroed with nil pointers.
    pub fn new_array(&mut self, n: i32, elem: u32) -> Result<u32, Trap> {
        if n < 0 {
            return raise(EXC_NEGSIZE);
        }
        let et = self.types.get(elem);
        let bytes = match (n as u32)
            .checked_mul(et.size)
            .and_then(|b| b.checked_add(ARRAY_HDR))
        {
            Some(b) => b,
            None => return raise(EXC_HEAP),
        };
        let a = self.alloc(bytes, T_ARRAY)?;
        self.mem.set_w(a, n)?;
        self.mem.set_u(a + 4, elem)?;
        self.mem.set_u(a + 8, NIL)?;
        self.mem.set_u(a + 12, a + ARRAY_HDR)?;
        if et.ptr_len > 0 && matches!(et.kind, Kind::Plain | Kind::Native(_)) {
            for i in 0..n as u32 {
                for j in 0..et.ptr_len {
                    let off = self.types.ptr(&et, j);
                    self.mem.set_u(a + ARRAY_HDR + i * et.size + off, NIL)?;
                }
            }
        }
        Ok(a)
    }

    /// A new byte array holding `bytes`.
    pub fn new_byte_array(&mut self, bytes: &[u8]) -> Result<u32, Trap> {
        let n = i32::try_from(bytes.len()).or_else(|_| raise(EXC_HEAP))?;
        let a = self.new_array(n, super::types::T_BYTE)?;
        self.mem
            .slice_mut(a + ARRAY_HDR, bytes.len() as u32)?
            .copy_from_slice(bytes);
        Ok(a)
    }

    /// Length of an array (nil: 0).
    #[inline]
    pub fn array_len(&self, a: u32) -> Result<u32, Trap> {
        if a == NIL {
            Ok(0)
        } else {
            self.mem.u(a)
        }
    }

    /// Address of element 0.
    #[inline]
    pub fn array_data(&self, a: u32) -> Result<u32, Trap> {
        self.mem.u(a + 12)
    }

    /// Element type id.
    pub fn array_elem(&self, a: u32) -> Result<u32, Trap> {
        self.mem.u(a + 4)
    }

    /// The bytes of a byte array (nil: empty).
    pub fn array_bytes(&self, a: u32) -> Result<&[u8], Trap> {
        if a == NIL {
            return Ok(&[]);
        }
        let n = self.mem.u(a)?;
        let d = self.array_data(a)?;
        self.mem.slice(d, n)
    }

    /// Address of element `i` of an array whose elements are `size` bytes.
    #[inline]
    pub fn array_index(&self, a: u32, i: i32, size: u32) -> Result<u32, Trap> {
        if a == NIL {
            return raise(EXC_BOUNDS);
        }
        let n = self.mem.u(a)?;
        if (i as u32) >= n {
            return raise(EXC_BOUNDS);
        }
        Ok(self.mem.u(a + 12)? + (i as u32) * size)
    }

    /// `slicea`: replaces the array in slot `at` by its elements `from..to`.
    pub fn array_slice(&mut self, at: u32, from: i32, to: i32) -> Result<(), Trap> {
        let a = self.mem.u(at)?;
        if a == NIL {
            if from == to {
                return Ok(());
            }
            return raise(EXC_NIL);
        }
        let n = self.mem.u(a)?;
        if from < 0 || to < from || (to as u32) > n {
            return raise(EXC_BOUNDS);
        }
        let elem = self.mem.u(a + 4)?;
        let size = self.types.get(elem).size;
        let old_root = self.mem.u(a + 8)?;
        let data = self.mem.u(a + 12)? + (from as u32) * size;
        let s = self.alloc(ARRAY_HDR, T_ARRAY)?;
        self.mem.set_w(s, to - from)?;
        self.mem.set_u(s + 4, elem)?;
        self.mem.set_u(s + 12, data)?;
        if old_root == NIL {
            // The slot's reference to the root becomes the slice's.
            self.mem.set_u(s + 8, a)?;
            self.mem.set_u(at, s)?;
        } else {
            self.inc(old_root)?;
            self.mem.set_u(s + 8, old_root)?;
            self.put_ptr(at, s)?;
        }
        Ok(())
    }

    /// `slicela`: copies every element of `src` into `dst` from index `off`.
    pub fn array_copy_into(&mut self, src: u32, dst: u32, off: i32) -> Result<(), Trap> {
        if src == NIL {
            return Ok(());
        }
        if dst == NIL {
            return raise(EXC_NIL);
        }
        let n = self.mem.u(src)?;
        let dn = self.mem.u(dst)?;
        if off < 0 || u64::from(off as u32) + u64::from(n) > u64::from(dn) {
            return raise(EXC_BOUNDS);
        }
        let elem = self.mem.u(dst + 4)?;
        let et = self.types.get(elem);
        let s = self.mem.u(src + 12)?;
        let d = self.mem.u(dst + 12)? + (off as u32) * et.size;
        if et.ptr_len > 0 {
            for i in 0..n {
                self.inc_ptrs(s + i * et.size, elem)?;
            }
            for i in 0..n {
                let e = d + i * et.size;
                for j in 0..et.ptr_len {
                    let p = self.mem.u(e + self.types.ptr(&et, j))?;
                    self.dec(p)?;
                }
            }
        }
        self.mem.copy(d, s, n * et.size)
    }
}
