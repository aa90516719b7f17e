//! Data item checks: the items are replayed against the blocks they would fill (the
//! module data, then each array they create) without allocating anything, so that every
//! write lands inside its block, every index item names an array made earlier at that
//! address, and array bases nest at most four deep and are popped only when pushed.

use std::collections::BTreeMap;

use super::{Result, Types};
use crate::object::error::{ErrorKind, Location, ObjectError};
use crate::object::{DataItem, Module};

/// How many array bases the loader can stack.
const MAX_DEPTH: usize = 4;

/// A place data items can be written to: the module data or the elements of an array.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct BlockId(usize);

/// An array an item created: its element block and shape.
#[derive(Clone, Copy)]
struct ArrayInfo {
    block: BlockId,
    len: i64,
    elem_size: i64,
}

pub(super) fn check(m: &Module, types: &Types) -> Result<()> {
    // Block sizes in bytes; block 0 is the module data.
    let mut blocks: Vec<i64> = vec![i64::from(m.data_size)];
    // Arrays by the word that points at them: (block, byte offset).
    let mut arrays: BTreeMap<(BlockId, i64), ArrayInfo> = BTreeMap::new();
    let mut stack: Vec<(BlockId, i64)> = Vec::new();
    let mut base = (BlockId(0), 0i64);

    for (i, item) in m.data.iter().enumerate() {
        let fail = |kind| ObjectError {
            kind,
            at: Location::DataItem(i),
        };
        let (block, start) = (base.0, base.1 + i64::from(item_offset(item)));
        let len = written_len(item);
        if len > 0 && !(start >= 0 && start + len <= blocks[block.0]) {
            return Err(fail(ErrorKind::DataOffsetRange));
        }
        // Whatever the item writes replaces array pointers stored there.
        if !matches!(item, DataItem::Index { .. } | DataItem::Pop { .. }) {
            let stale: Vec<_> = arrays
                .range((block, start)..(block, start + len))
                .map(|(k, _)| *k)
                .collect();
            for k in stale {
                arrays.remove(&k);
            }
        }
        match *item {
            DataItem::Array { elem_type, len, .. } => {
                let elem_size = types.size(elem_type).ok_or(fail(ErrorKind::BadArrayType))?;
                if len < 0 {
                    return Err(fail(ErrorKind::ArrayInitRange));
                }
                let info = ArrayInfo {
                    block: BlockId(blocks.len()),
                    len: i64::from(len),
                    elem_size: i64::from(elem_size),
                };
                blocks.push(info.len * info.elem_size);
                arrays.insert((block, start), info);
            }
            DataItem::Index { index, .. } => {
                let info = *arrays
                    .get(&(block, start))
                    .ok_or(fail(ErrorKind::IndNotArray))?;
                let index = i64::from(index);
                if index < 0 || index > info.len || stack.len() >= MAX_DEPTH {
                    return Err(fail(ErrorKind::ArrayInitRange));
                }
                stack.push(base);
                base = (info.block, index * info.elem_size);
            }
            DataItem::Pop { .. } => {
                base = stack.pop().ok_or(fail(ErrorKind::PopRange))?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn item_offset(item: &DataItem) -> i32 {
    match *item {
        DataItem::Bytes { offset, .. }
        | DataItem::Words { offset, .. }
        | DataItem::String { offset, .. }
        | DataItem::Reals { offset, .. }
        | DataItem::Array { offset, .. }
        | DataItem::Index { offset, .. }
        | DataItem::Pop { offset }
        | DataItem::Bigs { offset, .. } => offset,
    }
}

/// How many bytes at the item's address it writes (an index item reads a pointer word;
/// a pop item touches nothing).
fn written_len(item: &DataItem) -> i64 {
    match item {
        DataItem::Bytes { bytes, .. } => bytes.len() as i64,
        DataItem::Words { words, .. } => 4 * words.len() as i64,
        DataItem::Reals { bits, .. } => 8 * bits.len() as i64,
        DataItem::Bigs { values, .. } => 8 * values.len() as i64,
        DataItem::String { .. } | DataItem::Array { .. } | DataItem::Index { .. } => 4,
        DataItem::Pop { .. } => 0,
    }
}
