//! Which operand slots the operands written after a mnemonic fill.
//!
//! Three operands are always `src, mid, dst`. Fewer fill the slots the opcode uses
//! (its shape in `isa`), in that order; an optional middle may be left out. The printer
//! and the parser both decide through [`slots`], so what one writes the other reads.

use crate::isa::{Opcode, Use};

/// The three slots in text order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Src,
    Mid,
    Dst,
}

const ALL: [Slot; 3] = [Slot::Src, Slot::Mid, Slot::Dst];

/// The slots that `count` written operands fill for `op`, or `None` when `op` cannot
/// be written with that many.
pub fn slots(op: Opcode, count: usize) -> Option<Vec<Slot>> {
    let shape = op.shape();
    let uses = [shape.src, shape.mid, shape.dst];
    let used: Vec<Slot> = ALL
        .into_iter()
        .zip(uses)
        .filter(|(_, u)| *u != Use::No)
        .map(|(slot, _)| slot)
        .collect();
    if count == 3 {
        Some(ALL.to_vec())
    } else if count == used.len() {
        Some(used)
    } else if shape.mid == Use::Opt && count + 1 == used.len() {
        Some(used.into_iter().filter(|s| *s != Slot::Mid).collect())
    } else {
        None
    }
}

/// The operand counts `op` can be written with, for error messages ("2 or 3").
pub fn counts(op: Opcode) -> String {
    let valid: Vec<String> = (0..=3)
        .filter(|&n| slots(op, n).is_some())
        .map(|n| n.to_string())
        .collect();
    match valid.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_follow_the_shape() {
        assert_eq!(slots(Opcode::Ret, 0), Some(vec![]));
        assert_eq!(slots(Opcode::Jmp, 1), Some(vec![Slot::Dst]));
        assert_eq!(slots(Opcode::Raise, 1), Some(vec![Slot::Src]));
        assert_eq!(slots(Opcode::Movw, 2), Some(vec![Slot::Src, Slot::Dst]));
        assert_eq!(slots(Opcode::Addw, 2), Some(vec![Slot::Src, Slot::Dst]));
        assert_eq!(slots(Opcode::Newcw, 1), Some(vec![Slot::Dst]));
        assert_eq!(slots(Opcode::Newcw, 2), Some(vec![Slot::Mid, Slot::Dst]));
        assert_eq!(slots(Opcode::Load, 2), None);
        assert_eq!(slots(Opcode::Movw, 1), None);
        assert_eq!(slots(Opcode::Movw, 3), Some(ALL.to_vec()));
        assert_eq!(counts(Opcode::Addw), "2 or 3");
        assert_eq!(counts(Opcode::Movw), "2 or 3");
        assert_eq!(counts(Opcode::Ret), "0 or 3");
    }
}
