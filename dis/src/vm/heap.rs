//! The heap inside the arena: blocks with headers, size-class free lists, reference
//! counting with prompt destruction, and the release hook of native objects.
//!
//! Block layout (addresses are of the data; the header is the 16 bytes before it):
//! `-16` block size in bytes with flag bits, `-12` reference count, `-8` type id,
//! `-4` the meter slot of the group it is charged to ([`super::meter`]; 0 for
//! none). Blocks lie back to back from [`HEAP_START`] so the collector can walk
//! them.

use super::arena::{LOW_GUARD, NIL};
use super::trap::{raise, Trap, EXC_HEAP};
use super::types::Kind;
use super::Machine;
use std::collections::BTreeMap;

/// Header bytes before each object.
pub const HDR: u32 = 16;
/// First block address.
pub const HEAP_START: u32 = LOW_GUARD;
/// Flag in the size word: the block is free.
pub const F_FREE: u32 = 1;
/// Flag in the size word: the collector reached the block (when it equals the
/// collector's current meaning of the bit, see [`super::gc`]).
pub const F_MARK: u32 = 2;
const FLAGS: u32 = 15;

/// Blocks up to this size (header included) come from exact size classes.
const SMALL_MAX: u32 = 2048;
const NCLASS: usize = (SMALL_MAX / 16) as usize + 1;

/// Allocator state.
pub struct Heap {
    /// Per 16-byte size class: first free block (data address), 0 when empty;
    /// the next link is kept in the free block's reference-count word.
    heads: [u32; NCLASS],
    /// Larger free blocks by size.
    large: BTreeMap<u32, Vec<u32>>,
    /// End of the blocks handed out so far.
    pub top: u32,
    /// Bytes in blocks currently in use.
    pub in_use: u64,
    /// Bytes allocated since the machine started (blocks handed out, gross).
    pub allocated: u64,
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            heads: [0; NCLASS],
            large: BTreeMap::new(),
            top: HEAP_START,
            in_use: 0,
            allocated: 0,
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Machine {
    /// A new block of `size` data bytes of type `ty`, reference count 1, zeroed, its
    /// type's pointer words nil.
    pub fn alloc(&mut self, size: u32, ty: u32) -> Result<u32, Trap> {
        let a = self.alloc_raw(size)?;
        self.mem.set_u(a - 12, 1)?;
        self.mem.set_u(a - 8, ty)?;
        let t = self.types.get(ty);
        if matches!(t.kind, Kind::Plain | Kind::Native(_)) {
            for i in 0..t.ptr_len {
                let off = self.types.ptr(&t, i);
                if off + 4 <= size {
                    self.mem.set_u(a + off, NIL)?;
                }
            }
        }
        Ok(a)
    }

    /// A zeroed block of `size` bytes with only its size word set.
    fn alloc_raw(&mut self, size: u32) -> Result<u32, Trap> {
        let total = match size.checked_add(HDR + 15) {
            Some(n) => n & !15,
            None => return raise(EXC_HEAP),
        };
        let a = if total <= SMALL_MAX {
            let class = (total / 16) as usize;
            let head = self.heap.heads[class];
            if head != 0 {
                self.heap.heads[class] = self.mem.u(head - 12)?;
                head
            } else {
                self.bump(total)?
            }
        } else {
            self.take_large(total)?
        };
        let bsize = self.mem.u(a - HDR)? & !FLAGS;
        self.heap.in_use += u64::from(bsize);
        self.heap.allocated += u64::from(bsize);
        if self.heap.in_use > self.gc.trigger {
            self.gc_wanted = true;
        }
        self.mem.set_u(a - HDR, bsize | self.gc.alloc_bits)?;
        self.mem.zero(a - 12, bsize - 4)?;
        if self.meters.on {
            self.charge_block(a, bsize)?;
        }
        if self.alloc_site.is_some() {
            self.profile_alloc(a, bsize - HDR);
        }
        Ok(a)
    }

    fn bump(&mut self, total: u32) -> Result<u32, Trap> {
        let start = self.heap.top;
        let end = start as usize + total as usize;
        if !self.mem.grow_to(end) {
            return raise(EXC_HEAP);
        }
        self.heap.top = end as u32;
        self.mem.set_u(start, total)?;
        Ok(start + HDR)
    }

    fn take_large(&mut self, total: u32) -> Result<u32, Trap> {
        let found = self
            .heap
            .large
            .range(total..)
            .next()
            .map(|(size, list)| (*size, list.last().copied()));
        let (size, a) = match found {
            Some((size, Some(a))) => (size, a),
            _ => return self.bump(total),
        };
        if let Some(list) = self.heap.large.get_mut(&size) {
            list.pop();
            if list.is_empty() {
                self.heap.large.remove(&size);
            }
        }
        if size - total >= 64 {
            let rest = a - HDR + total;
            self.mem.set_u(rest, size - total)?;
            self.mem.set_u(a - HDR, total)?;
            self.put_free(rest + HDR, size - total)?;
        }
        Ok(a)
    }

    /// Returns a block to the free lists.
    pub fn free_block(&mut self, a: u32) -> Result<(), Trap> {
        let size = self.mem.u(a - HDR)? & !FLAGS;
        if self.meters.on {
            self.credit_block(a, size);
        }
        if self.profile_frees {
            self.profile_free(a);
        }
        self.heap.in_use = self.heap.in_use.saturating_sub(u64::from(size));
        self.put_free(a, size)
    }

    fn put_free(&mut self, a: u32, size: u32) -> Result<(), Trap> {
        self.mem.set_u(a - HDR, size | F_FREE)?;
        if size <= SMALL_MAX {
            let class = (size / 16) as usize;
            self.mem.set_u(a - 12, self.heap.heads[class])?;
            self.heap.heads[class] = a;
        } else {
            self.heap.large.entry(size).or_default().push(a);
        }
        Ok(())
    }

    /// Adds one reference to `a` (nil is ignored).
    #[inline(always)]
    pub fn inc(&mut self, a: u32) -> Result<(), Trap> {
        if a != NIL {
            let r = self.mem.u(a.wrapping_sub(12))?;
            self.mem.set_u(a - 12, r.wrapping_add(1))?;
            if self.gc.barrier {
                self.shade(a);
            }
        }
        Ok(())
    }

    /// Drops one reference to `a` (nil is ignored), destroying it when none remain.
    #[inline(always)]
    pub fn dec(&mut self, a: u32) -> Result<(), Trap> {
        if a != NIL {
            let r = self.mem.u(a.wrapping_sub(12))?;
            if r > 1 {
                self.mem.set_u(a - 12, r - 1)?;
            } else {
                self.destroy(a)?;
            }
        }
        Ok(())
    }

    /// The current reference count of an object.
    pub fn refs(&self, a: u32) -> Result<u32, Trap> {
        self.mem.u(a.wrapping_sub(12))
    }

    /// The type id of an object.
    #[inline(always)]
    pub fn type_of(&self, a: u32) -> Result<u32, Trap> {
        self.mem.u(a.wrapping_sub(8))
    }

    /// Destroys an object whose last reference went, and iteratively everything that
    /// loses its last reference as a result.
    #[cold]
    fn destroy(&mut self, a: u32) -> Result<(), Trap> {
        let mut work = std::mem::take(&mut self.work);
        work.push(a);
        let mut result = Ok(());
        while let Some(x) = work.pop() {
            if let Err(e) = self.destroy_one(x, &mut work) {
                result = Err(e);
            }
        }
        self.work = work;
        result
    }

    fn destroy_one(&mut self, x: u32, work: &mut Vec<u32>) -> Result<(), Trap> {
        let size = self.mem.u(x.wrapping_sub(HDR))?;
        if size & F_FREE != 0 {
            return Ok(());
        }
        self.mem.set_u(x - 12, 0)?;
        let t = self.types.get(self.type_of(x)?);
        if matches!(t.kind, Kind::Plain | Kind::String) {
            // The usual objects: an ADT or a tuple, whose pointers are its type's,
            // and a string, whose type has none.
            for i in 0..t.ptr_len {
                let c = self.mem.u(x.wrapping_add(self.types.ptr(&t, i)))?;
                self.drop_child(c, work)?;
            }
            return self.free_block(x);
        }
        self.release_kind(x, t.kind)?;
        let slots = self.slots_typed(x, t)?;
        for i in 0..slots.words() {
            let c = self.mem.u(slots.at(self, i))?;
            self.drop_child(c, work)?;
        }
        self.free_block(x)
    }

    /// Drops the reference a dying object held on `c`; `c` joins `work` when that
    /// was its last.
    #[inline(always)]
    fn drop_child(&mut self, c: u32, work: &mut Vec<u32>) -> Result<(), Trap> {
        if c != NIL {
            let r = self.mem.u(c.wrapping_sub(12))?;
            if r > 1 {
                self.mem.set_u(c - 12, r - 1)?;
            } else if r == 1 {
                work.push(c);
            }
        }
        Ok(())
    }

    /// Does what the death of object `x` of `kind` needs beyond freeing it: a
    /// native object's release hook, a module link's or channel's state dropped.
    #[inline]
    pub(super) fn release_kind(&mut self, x: u32, kind: Kind) -> Result<(), Trap> {
        match kind {
            Kind::Native(index) => self.release_native(index, x),
            Kind::ModLink => self.drop_link(x)?,
            Kind::Channel => self.drop_chan(x)?,
            _ => {}
        }
        Ok(())
    }

    /// Calls `f` with every pointer an object holds.
    pub fn for_children(
        &mut self,
        x: u32,
        f: &mut dyn FnMut(&mut Machine, u32) -> Result<(), Trap>,
    ) -> Result<(), Trap> {
        let slots = self.slots(x)?;
        for i in 0..slots.words() {
            let c = self.mem.u(slots.at(self, i))?;
            f(self, c)?;
        }
        Ok(())
    }

    /// Adds a reference to every pointer of the `ty`-typed block at `a`.
    pub fn inc_ptrs(&mut self, a: u32, ty: u32) -> Result<(), Trap> {
        let t = self.types.get(ty);
        for i in 0..t.ptr_len {
            let p = self.mem.u(a + self.types.ptr(&t, i))?;
            self.inc(p)?;
        }
        Ok(())
    }

    /// Drops the reference of every pointer of the `ty`-typed block at `a` and sets
    /// those words to nil.
    pub fn clear_ptrs(&mut self, a: u32, ty: u32) -> Result<(), Trap> {
        let t = self.types.get(ty);
        for i in 0..t.ptr_len {
            let at = a + self.types.ptr(&t, i);
            let p = self.mem.u(at)?;
            self.mem.set_u(at, NIL)?;
            self.dec(p)?;
        }
        Ok(())
    }

    /// Stores pointer `v` (already holding its reference) at `at`, releasing the old one.
    #[inline(always)]
    pub fn put_ptr(&mut self, at: u32, v: u32) -> Result<(), Trap> {
        let old = self.mem.u(at)?;
        self.mem.set_u(at, v)?;
        self.dec(old)
    }
}
