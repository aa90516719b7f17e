//! The layout of a function's locals and temporaries, the original's way. Code
//! generation gives each a provisional place; when the function is done they are
//! ordered (slots of their own before shared ones; those of a word or less first,
//! by size; then the most used first; then by size; then by name) and laid out
//! in that order after the arguments, each at its own alignment, the names of one
//! tuple declaration together. The code's frame operands then move to the places.

use super::layout;
use dis::object::{Instruction, Operand};
use std::cmp::Reverse;

/// A block of frame bytes the code names: a local or a temporary.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    /// Its provisional offset, given while the code was generated.
    pub at: u32,
    pub size: u32,
    pub align: u32,
    /// Offsets of its pointer words.
    pub ptrs: Vec<u32>,
    /// How often the original counts it used (a temporary: once per allocation).
    pub refs: u32,
    /// The local's name; a temporary's is `.t`, `.b` or `.ex` and a number.
    pub name: String,
    /// The item whose slot this local reuses.
    pub lender: Option<usize>,
    /// It follows the item before it (a later name of one tuple declaration).
    pub glued: bool,
}

/// The counters naming temporaries, module-wide as the original's are.
#[derive(Default)]
pub(crate) struct Names {
    pub temps: u32,
    handlers: u32,
}

impl Names {
    /// The name of a new temporary: `.b` for one moved as a block, `.t` otherwise.
    pub fn temp(&mut self, block: bool) -> String {
        self.temps += 1;
        format!(".{}{}", if block { 'b' } else { 't' }, self.temps - 1)
    }

    /// The name of the exception slot of a handler without a variable.
    pub fn handler(&mut self) -> String {
        self.handlers += 1;
        format!(".ex{}", self.handlers - 1)
    }
}

/// The sort key of an item standing for itself and the items glued to it.
fn key(i: &Item) -> (bool, u32, Reverse<u32>, u32, &[u8]) {
    let small = if i.size <= 4 { i.size } else { 5 };
    (
        i.lender.is_some(),
        small,
        Reverse(i.refs),
        i.size,
        i.name.as_bytes(),
    )
}

/// The final offset of each item, laid out from `start`, and the frame's end.
pub(crate) fn lay_out(items: &[Item], start: u32) -> (Vec<u32>, u32) {
    // runs of items that stay together: one, and those glued after it
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if it.glued => r.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs.sort_by(|a, b| key(&items[a.start]).cmp(&key(&items[b.start])));
    let mut at = vec![0; items.len()];
    let mut off = start;
    let mut run_align = 1;
    for run in runs {
        let head = &items[run.start];
        if head.lender.is_some() {
            continue;
        }
        for i in run.clone() {
            let it = &items[i];
            let mut a = it.align;
            if i == run.start && run.len() > 1 {
                a = items[run.clone()]
                    .iter()
                    .map(|x| x.align)
                    .max()
                    .unwrap_or(1);
                run_align = a;
            }
            off = layout::round(off, a);
            at[i] = off;
            off += it.size;
            if i + 1 == run.end && run.len() > 1 {
                off = layout::round(off, run_align);
            }
        }
    }
    for (i, it) in items.iter().enumerate() {
        if let Some(l) = it.lender {
            at[i] = at[l];
        }
    }
    (at, layout::round(off, 8))
}

/// Maps provisional frame offsets to final ones.
pub(crate) struct Moves {
    /// (provisional start, end, final start), by start.
    spans: Vec<(u32, u32, u32)>,
}

impl Moves {
    pub fn new(items: &[Item], at: &[u32]) -> Moves {
        let mut spans: Vec<_> = items
            .iter()
            .zip(at)
            .map(|(it, &to)| (it.at, it.at + it.size.max(1), to))
            .collect();
        spans.sort();
        Moves { spans }
    }

    /// The final offset of provisional frame offset `o` (unchanged outside every item).
    pub fn offset(&self, o: i32) -> i32 {
        let Ok(u) = u32::try_from(o) else {
            return o;
        };
        let i = self.spans.partition_point(|s| s.0 <= u);
        match i.checked_sub(1).map(|i| self.spans[i]) {
            Some((from, end, to)) if u < end => (to + (u - from)) as i32,
            _ => o,
        }
    }

    fn operand(&self, op: &mut Operand) {
        match op {
            Operand::Fp(o) => *o = self.offset(*o),
            Operand::IndFp(f, _) => *f = self.offset(*f),
            _ => {}
        }
    }

    /// Move the frame operands of `code`.
    pub fn code(&self, code: &mut [Instruction]) {
        for inst in code {
            self.operand(&mut inst.src);
            self.operand(&mut inst.mid);
            self.operand(&mut inst.dst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, size: u32, refs: u32) -> Item {
        Item {
            at: 0,
            size,
            align: size.clamp(1, 8),
            ptrs: Vec::new(),
            refs,
            name: name.into(),
            lender: None,
            glued: false,
        }
    }

    #[test]
    fn small_items_first_then_most_used_then_name() {
        let items = vec![
            item("c", 8, 2),
            item("a", 4, 4),
            item(".t0", 4, 1),
            item("b", 4, 3),
            item("i", 4, 3),
            item("y", 8, 2),
        ];
        let (at, end) = lay_out(&items, 40);
        assert_eq!(at, vec![56, 40, 52, 44, 48, 64]);
        assert_eq!(end, 72);
    }

    #[test]
    fn a_tuple_stays_together_at_its_widest_alignment() {
        let mut t = item("t", 4, 2);
        t.glued = true;
        let items = vec![item("r", 8, 2), t, item("m", 8, 2)];
        let (at, end) = lay_out(&items, 40);
        assert_eq!(at, vec![48, 56, 40]);
        assert_eq!(end, 64);
    }

    #[test]
    fn a_shared_slot_takes_its_lenders_place() {
        let mut k2 = item("k2", 4, 2);
        k2.lender = Some(0);
        let items = vec![item("k", 4, 2), k2];
        let (at, end) = lay_out(&items, 40);
        assert_eq!(at, vec![40, 40]);
        assert_eq!(end, 48);
    }
}
