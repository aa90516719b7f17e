//! What the translator knows inside one Dis block of the code it builds: the
//! values that direct frame and module-data words hold (read or written earlier
//! in the block), and the pointers already checked (not nil nor in the low
//! guard; so many bytes from them inside the arena). It is all forgotten at a
//! block's start, where control may come from elsewhere; a store forgets the
//! words it may overwrite. Facts about pointers are facts about values, which
//! no store changes: so is an element pointer, an address inside the elements
//! of an array checked to lie apart from its header and from the frame and
//! data spans (see `Tx::index` in [`crate::translate`]).

use cranelift_codegen::ir::Value;
use std::collections::{HashMap, HashSet};

/// The register a direct operand is relative to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Space {
    Frame,
    Data,
}

/// An array in the direct word at `n` of a space, with elements of `size`
/// bytes: `(space, n, size)`.
pub type Array = (Space, u32, i64);

/// The translator's knowledge at the instruction being translated.
#[derive(Default, Clone)]
pub struct Known {
    words: HashMap<(Space, u32), Value>,
    not_nil: HashSet<Value>,
    /// Per pointer, the bytes from it known to lie inside the arena.
    within: HashMap<Value, i64>,
    /// Element pointers, with the array they point into.
    elements: HashMap<Value, Array>,
}

impl Known {
    /// Forgets everything (a block starts).
    pub fn forget_all(&mut self) {
        self.words.clear();
        self.not_nil.clear();
        self.within.clear();
        self.elements.clear();
    }

    /// The value of the word at `n` of `space`, when known.
    pub fn word(&self, space: Space, n: u32) -> Option<Value> {
        self.words.get(&(space, n)).copied()
    }

    /// The word at `n` of `space` holds `v` (just read or written).
    pub fn holds(&mut self, space: Space, n: u32, v: Value) {
        self.words.insert((space, n), v);
    }

    /// `size` bytes at `n` of `space` were written: forgets the words they
    /// overlap there and every word of the other space, which a span may
    /// overlap.
    pub fn stored(&mut self, space: Space, n: u32, size: i64) {
        let (from, to) = (i64::from(n), i64::from(n) + size);
        self.words
            .retain(|&(s, m), _| s == space && (i64::from(m) + 4 <= from || i64::from(m) >= to));
    }

    /// Memory at or above `end` bytes past the register of `space` was written:
    /// forgets the words of `space` that reach past `end`, and every word of the
    /// other space.
    pub fn stored_above(&mut self, space: Space, end: i64) {
        self.words
            .retain(|&(s, m), _| s == space && i64::from(m) + 4 <= end);
    }

    /// Memory was written through a pointer: forgets every word.
    pub fn stored_anywhere(&mut self) {
        self.words.clear();
    }

    /// The words whose values are known, with them, in order.
    pub fn words(&self) -> Vec<((Space, u32), Value)> {
        let mut all: Vec<_> = self.words.iter().map(|(&w, &v)| (w, v)).collect();
        all.sort_unstable_by_key(|&(w, _)| w);
        all
    }

    pub fn is_not_nil(&self, p: Value) -> bool {
        self.not_nil.contains(&p)
    }

    /// `p` is neither nil nor in the low guard.
    pub fn not_nil(&mut self, p: Value) {
        self.not_nil.insert(p);
    }

    /// The bytes from `p` known to lie inside the arena.
    pub fn within(&self, p: Value) -> i64 {
        self.within.get(&p).copied().unwrap_or(0)
    }

    /// `bytes` bytes from `p` lie inside the arena.
    pub fn inside(&mut self, p: Value, bytes: i64) {
        let w = self.within.entry(p).or_insert(0);
        *w = (*w).max(bytes);
    }

    /// The array `p` points at an element of, when known.
    pub fn element(&self, p: Value) -> Option<Array> {
        self.elements.get(&p).copied()
    }

    /// `p` points at an element of `array` (see the module comment).
    pub fn points_into(&mut self, p: Value, array: Array) {
        self.elements.insert(p, array);
    }
}
