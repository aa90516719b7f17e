//! The type descriptor table in the original's order. The original keeps one
//! descriptor per distinct (size, pointer map), frames and heap types alike, sorted
//! by size, then by the map's length, then by its bytes; the module data's
//! descriptor is number 0 (and so is any other of the same size and map). Code
//! generation numbers descriptors as it needs them; `renumber` makes the table the
//! original's and rewrites every reference: instruction operands, links, the entry
//! and array data.

use dis::isa::Opcode;
use dis::object::{DataItem, Instruction, Link, Operand, TypeDesc};

/// The operand of `inst` that names a type descriptor of this module, if any.
fn desc_operand(inst: &mut Instruction) -> Option<&mut Operand> {
    match inst.op {
        Opcode::Frame | Opcode::New | Opcode::Newz | Opcode::Newcmp => Some(&mut inst.src),
        Opcode::Newa | Opcode::Newaz | Opcode::Movmp | Opcode::Consmp | Opcode::Headmp => {
            Some(&mut inst.mid)
        }
        _ => None,
    }
}

/// The parts of a module that name descriptors.
pub(super) struct Users<'a> {
    pub code: &'a mut [Instruction],
    pub links: &'a mut [Link],
    pub entry_type: &'a mut i32,
    pub data: &'a mut [DataItem],
}

/// Replaces `descs` (indexed by number, 0 the module data's) by the original's
/// table and renumbers `users`. A descriptor nothing names is dropped unless it is
/// in `keep` (the frames of the functions generated, which the original lists
/// whether called or not).
pub(super) fn renumber(descs: &mut Vec<TypeDesc>, keep: &[i32], users: Users) {
    let mut used = vec![false; descs.len()];
    let mut mark = |id: i32| {
        if let Some(u) = usize::try_from(id).ok().and_then(|i| used.get_mut(i)) {
            *u = true;
        }
    };
    mark(0);
    keep.iter().for_each(|&id| mark(id));
    for inst in users.code.iter_mut() {
        if let Some(Operand::Imm(id)) = desc_operand(inst) {
            mark(*id);
        }
    }
    users.links.iter().for_each(|l| mark(l.desc));
    mark(*users.entry_type);
    for item in users.data.iter() {
        if let DataItem::Array { elem_type, .. } = item {
            mark(*elem_type);
        }
    }
    let key = |d: &TypeDesc| (d.size, d.map.len(), d.map.clone());
    let data_key = key(&descs[0]);
    let mut keys: Vec<_> = (1..descs.len())
        .filter(|&i| used[i])
        .map(|i| key(&descs[i]))
        .filter(|k| *k != data_key)
        .collect();
    keys.sort();
    keys.dedup();
    let new_id = |d: &TypeDesc| {
        let k = key(d);
        if k == data_key {
            0
        } else {
            keys.binary_search(&k).map_or(-1, |p| p as i32 + 1)
        }
    };
    let ids: Vec<i32> = descs.iter().map(new_id).collect();
    let renumbered = |id: i32| {
        usize::try_from(id)
            .ok()
            .and_then(|i| ids.get(i))
            .copied()
            .unwrap_or(id)
    };
    for inst in users.code.iter_mut() {
        if let Some(Operand::Imm(id)) = desc_operand(inst) {
            *id = renumbered(*id);
        }
    }
    for l in users.links.iter_mut() {
        l.desc = renumbered(l.desc);
    }
    *users.entry_type = renumbered(*users.entry_type);
    for item in users.data.iter_mut() {
        if let DataItem::Array { elem_type, .. } = item {
            *elem_type = renumbered(*elem_type);
        }
    }
    let mut table = vec![descs[0].clone()];
    table.extend(
        keys.into_iter()
            .enumerate()
            .map(|(i, (size, _, map))| TypeDesc {
                id: i as i32 + 1,
                size,
                map,
            }),
    );
    *descs = table;
}
