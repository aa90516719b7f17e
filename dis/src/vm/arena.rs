//! The arena: one byte-addressed, 32-bit space holding every Dis-visible byte
//! (module data, stacks, heap objects). Every access is bounds-checked and a bad
//! address becomes a Dis exception, never a host fault.

use super::trap::{Trap, EXC_NIL};

/// The nil pointer: the all-ones word, as in the original.
pub const NIL: u32 = 0xFFFF_FFFF;

/// Addresses below this are never handed out: a pointer below it (nil plus a small
/// field offset wraps there) is taken as a nil reference when dereferenced.
pub const LOW_GUARD: u32 = 4096;

/// The largest the arena may grow (keeps every address well below nil).
pub const MAX_ARENA: usize = 0xF000_0000;

/// The arena grows by at most this many bytes at a time (and at least
/// [`GROW_MIN`]), so the zeroing of new memory is never one long stall.
const GROW_MAX: usize = 4 << 20;
const GROW_MIN: usize = 256 << 10;

/// Linear memory of one machine. Its address space is reserved (not touched)
/// up to the cap when one is set, so growing never copies it; without a cap the
/// reservation doubles as it fills.
pub struct Arena {
    bytes: Vec<u8>,
    /// The most bytes it may grow to.
    limit: usize,
}

/// The exception a bad access raises: nil-like addresses give the original's
/// "dereference of nil", anything else a segmentation-violation text.
#[cold]
#[inline(never)]
pub fn fault(addr: u32) -> Trap {
    if !(LOW_GUARD..0xFFFF_0000).contains(&addr) {
        Trap::exception(EXC_NIL)
    } else {
        Trap::exception(&format!("sys: segmentation violation addr=0x{addr:08x}"))
    }
}

impl Arena {
    pub fn new() -> Arena {
        Arena {
            bytes: vec![0; LOW_GUARD as usize],
            limit: MAX_ARENA,
        }
    }

    /// Caps the arena at `bytes` (at most [`MAX_ARENA`]); allocations beyond it raise
    /// `out of memory: heap` (`out of memory: stack` for a stack segment).
    pub fn set_limit(&mut self, bytes: usize) {
        self.limit = bytes.min(MAX_ARENA);
        // Reserving is only address space; if the host refuses, growth reserves
        // as it goes.
        let more = self.limit.saturating_sub(self.bytes.len());
        let _ = self.bytes.try_reserve_exact(more);
    }

    /// The most bytes the arena may grow to.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Grows the arena to at least `len` bytes (new bytes are zero); false when
    /// that passes the cap or the host cannot give the memory.
    pub fn grow_to(&mut self, len: usize) -> bool {
        if len > self.limit {
            return false;
        }
        let now = self.bytes.len();
        if len > now {
            let step = (now / 8).clamp(GROW_MIN, GROW_MAX);
            let target = len.max(now + step).min(self.limit);
            if target > self.bytes.capacity() {
                let doubled = self.bytes.capacity().saturating_mul(2);
                let reserve = doubled.max(target).min(self.limit);
                if self.bytes.try_reserve_exact(reserve - now).is_err()
                    && self.bytes.try_reserve_exact(target - now).is_err()
                {
                    // The host has no memory for it: the caller raises
                    // `out of memory`.
                    return false;
                }
            }
            self.bytes.resize(target, 0);
        }
        true
    }

    #[inline(always)]
    fn span<const N: usize>(&self, a: u32) -> Result<[u8; N], Trap> {
        let a = a as usize;
        match self.bytes.get(a..a + N) {
            Some(s) => {
                let mut out = [0u8; N];
                out.copy_from_slice(s);
                Ok(out)
            }
            _ => Err(fault(a as u32)),
        }
    }

    #[inline(always)]
    fn span_mut<const N: usize>(&mut self, a: u32) -> Result<&mut [u8], Trap> {
        let i = a as usize;
        match self.bytes.get_mut(i..i + N) {
            Some(s) => Ok(s),
            _ => Err(fault(a)),
        }
    }

    #[inline(always)]
    pub fn w(&self, a: u32) -> Result<i32, Trap> {
        self.span::<4>(a).map(i32::from_le_bytes)
    }
    #[inline(always)]
    pub fn u(&self, a: u32) -> Result<u32, Trap> {
        self.span::<4>(a).map(u32::from_le_bytes)
    }
    #[inline(always)]
    pub fn set_w(&mut self, a: u32, v: i32) -> Result<(), Trap> {
        self.span_mut::<4>(a)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }
    #[inline(always)]
    pub fn set_u(&mut self, a: u32, v: u32) -> Result<(), Trap> {
        self.set_w(a, v as i32)
    }
    #[inline(always)]
    pub fn b(&self, a: u32) -> Result<u8, Trap> {
        self.span::<1>(a).map(|s| s[0])
    }
    #[inline(always)]
    pub fn set_b(&mut self, a: u32, v: u8) -> Result<(), Trap> {
        self.span_mut::<1>(a)?[0] = v;
        Ok(())
    }
    #[inline(always)]
    pub fn h(&self, a: u32) -> Result<i16, Trap> {
        self.span::<2>(a).map(i16::from_le_bytes)
    }
    #[inline(always)]
    pub fn set_h(&mut self, a: u32, v: i16) -> Result<(), Trap> {
        self.span_mut::<2>(a)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }
    #[inline(always)]
    pub fn l(&self, a: u32) -> Result<i64, Trap> {
        self.span::<8>(a).map(i64::from_le_bytes)
    }
    #[inline(always)]
    pub fn set_l(&mut self, a: u32, v: i64) -> Result<(), Trap> {
        self.span_mut::<8>(a)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }
    #[inline(always)]
    pub fn f(&self, a: u32) -> Result<f64, Trap> {
        self.span::<8>(a).map(f64::from_le_bytes)
    }
    #[inline(always)]
    pub fn set_f(&mut self, a: u32, v: f64) -> Result<(), Trap> {
        self.span_mut::<8>(a)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }
    #[inline(always)]
    pub fn r(&self, a: u32) -> Result<f32, Trap> {
        self.span::<4>(a).map(f32::from_le_bytes)
    }
    #[inline(always)]
    pub fn set_r(&mut self, a: u32, v: f32) -> Result<(), Trap> {
        self.span_mut::<4>(a)?.copy_from_slice(&v.to_le_bytes());
        Ok(())
    }

    /// The `n` bytes at `a`.
    pub fn slice(&self, a: u32, n: u32) -> Result<&[u8], Trap> {
        let i = a as usize;
        match self.bytes.get(i..i + n as usize) {
            Some(s) if i >= LOW_GUARD as usize || n == 0 => Ok(s),
            _ => Err(fault(a)),
        }
    }

    /// The `n` bytes at `a`, writable.
    pub fn slice_mut(&mut self, a: u32, n: u32) -> Result<&mut [u8], Trap> {
        let i = a as usize;
        match self.bytes.get_mut(i..i + n as usize) {
            Some(s) if i >= LOW_GUARD as usize || n == 0 => Ok(s),
            _ => Err(fault(a)),
        }
    }

    /// Every byte of the arena, writable (for a compiled tier, [`super::tier`]).
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// memmove of `n` bytes from `src` to `dst`.
    pub fn copy(&mut self, dst: u32, src: u32, n: u32) -> Result<(), Trap> {
        self.slice(src, n)?;
        self.slice(dst, n)?;
        let (s, d, n) = (src as usize, dst as usize, n as usize);
        self.bytes.copy_within(s..s + n, d);
        Ok(())
    }

    /// Sets `n` bytes at `a` to zero.
    pub fn zero(&mut self, a: u32, n: u32) -> Result<(), Trap> {
        self.slice_mut(a, n)?.fill(0);
        Ok(())
    }
}

impl Default for Arena {
    fn default() -> Self {
        Arena::new()
    }
}
