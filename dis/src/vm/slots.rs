//! Where an object's pointer words lie, by index, so that they can be visited a
//! few at a time (the collector scans a big array in pieces) or all at once.

use super::arena::NIL;
use super::trap::Trap;
use super::types::{Kind, TypeInfo, T_NONE};
use super::Machine;

/// The pointer words of one object: an optional lone word (a list's tail, a
/// slice's root array), then `count` blocks of type `t` every `stride` bytes from
/// `base` (an ADT's fields, a list cell's element, an array's elements).
#[derive(Clone, Copy)]
pub struct Slots {
    lone: Option<u32>,
    base: u32,
    t: TypeInfo,
    stride: u32,
    count: u32,
}

impl Slots {
    /// How many pointer words there are.
    pub fn words(&self) -> u32 {
        u32::from(self.lone.is_some()).saturating_add(self.count.saturating_mul(self.t.ptr_len))
    }

    /// The address of pointer word `i` (below [`Slots::words`]).
    pub fn at(&self, m: &Machine, i: u32) -> u32 {
        let i = match (self.lone, i) {
            (Some(a), 0) => return a,
            (Some(_), i) => i - 1,
            (None, i) => i,
        };
        let (elem, j) = if i < self.t.ptr_len {
            (0, i)
        } else {
            (i / self.t.ptr_len, i % self.t.ptr_len)
        };
        self.base
            .wrapping_add(elem.wrapping_mul(self.stride))
            .wrapping_add(m.types.ptr(&self.t, j))
    }
}

impl Machine {
    /// Where the pointer words of object `x` lie.
    pub fn slots(&self, x: u32) -> Result<Slots, Trap> {
        self.slots_typed(x, self.types.get(self.type_of(x)?))
    }

    /// Where the pointer words of object `x`, of type `t`, lie.
    #[inline]
    pub fn slots_typed(&self, x: u32, t: TypeInfo) -> Result<Slots, Trap> {
        let none = Slots {
            lone: None,
            base: x,
            t,
            stride: 0,
            count: 0,
        };
        Ok(match t.kind {
            Kind::Plain | Kind::Native(_) | Kind::ModLink | Kind::Channel => {
                Slots { count: 1, ..none }
            }
            Kind::String | Kind::Stack => none,
            Kind::Array => {
                let root = self.mem.u(x + 8)?;
                if root != NIL {
                    return Ok(Slots {
                        lone: Some(x + 8),
                        ..none
                    });
                }
                let et = self.types.get(self.mem.u(x + 4)?);
                Slots {
                    lone: None,
                    base: self.mem.u(x + 12)?,
                    t: et,
                    stride: et.size,
                    count: if et.ptr_len > 0 { self.mem.u(x)? } else { 0 },
                }
            }
            Kind::List => {
                let ety = self.mem.u(x + 4)?;
                Slots {
                    lone: Some(x),
                    base: x + 8,
                    t: self.types.get(ety),
                    stride: 0,
                    count: u32::from(ety != T_NONE),
                }
            }
        })
    }
}
