//! How values of each type are stored on the 32-bit Dis model: the move class
//! of a type (which `mov*` family copies it) and the pointer words inside it.

use crate::types::{Type, TypeId, Types};

/// The instruction family that moves, compares or stores a value of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Byte,
    Word,
    Big,
    Real,
    /// A heap pointer (string, ref, array, list, chan, module, fn reference).
    Ptr,
    /// A block of bytes (tuple or adt value) with or without pointers inside.
    Block,
    /// No value (a procedure's result).
    None,
}

/// The class of a type.
pub(crate) fn class(types: &Types, t: TypeId) -> Class {
    match types.get(t) {
        Type::Byte => Class::Byte,
        Type::Int | Type::Fixed(_) | Type::Unknown => Class::Word,
        Type::Big => Class::Big,
        Type::Real => Class::Real,
        Type::Tuple(_) | Type::Adt(..) | Type::Variant(..) => Class::Block,
        Type::None => Class::None,
        _ => Class::Ptr,
    }
}

/// Size in bytes of a stored value (a function value is a reference: one word).
pub(crate) fn size(types: &Types, t: TypeId) -> u32 {
    match types.get(t) {
        Type::Fn(_) => 4,
        _ => types.size(t),
    }
}

/// Alignment in bytes of a stored value.
pub(crate) fn align(types: &Types, t: TypeId) -> u32 {
    match types.get(t) {
        Type::Fn(_) => 4,
        _ => types.align(t).max(1),
    }
}

/// Byte offsets (relative to the value) of the pointer words inside a value of type `t`.
pub(crate) fn pointers(types: &mut Types, t: TypeId, base: u32, out: &mut Vec<u32>) {
    match class(types, t) {
        Class::Ptr => out.push(base),
        Class::Block => {
            let members = member_types(types, t);
            let offs = types.member_offsets(t);
            for (m, off) in members.into_iter().zip(offs) {
                pointers(types, m, base + off, out);
            }
        }
        _ => {}
    }
}

/// The types of the members of a tuple or adt value, in storage order.
pub(crate) fn member_types(types: &mut Types, t: TypeId) -> Vec<TypeId> {
    match types.get(t).clone() {
        Type::Tuple(ts) => ts,
        _ => types
            .fields_of(t)
            .unwrap_or_default()
            .iter()
            .map(|f| f.ty)
            .collect(),
    }
}

/// A pointer map (one bit per word, most significant first, trailing zero bytes dropped).
pub(crate) fn map_bytes(ptrs: &[u32]) -> Vec<u8> {
    let mut map: Vec<u8> = Vec::new();
    for &p in ptrs {
        let w = (p / 4) as usize;
        if map.len() <= w / 8 {
            map.resize(w / 8 + 1, 0);
        }
        map[w / 8] |= 0x80 >> (w % 8);
    }
    while map.last() == Some(&0) {
        map.pop();
    }
    map
}

/// Round `n` up to a multiple of `a`.
pub(crate) fn round(n: u32, a: u32) -> u32 {
    n.div_ceil(a.max(1)) * a.max(1)
}
