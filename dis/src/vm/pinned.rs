//! Objects the embedder keeps alive between calls: a built-in module that
//! must find again, in a later call, a value a program gave it (the shell's
//! loaded modules of builtins and their contexts). Each pin holds one
//! reference and is a root for the collector and the heap checker until it
//! is unpinned.

use super::trap::Trap;
use super::Machine;

impl Machine {
    /// Keeps object `a` alive (nil is ignored) until [`Machine::unpin`].
    pub fn pin(&mut self, a: u32) -> Result<(), Trap> {
        if a != super::NIL {
            self.inc(a)?;
            self.pinned.push(a);
        }
        Ok(())
    }

    /// Drops one pin of object `a`, if it has one.
    pub fn unpin(&mut self, a: u32) -> Result<(), Trap> {
        match self.pinned.iter().position(|&p| p == a) {
            Some(i) => {
                self.pinned.swap_remove(i);
                self.dec(a)
            }
            None => Ok(()),
        }
    }

    /// The pinned objects, one entry per pin.
    pub(super) fn pinned_roots(&self) -> impl Iterator<Item = u32> + '_ {
        self.pinned.iter().copied()
    }
}
