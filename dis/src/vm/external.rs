//! Channel operations by the embedder: a host-side party (not a prog) sends a value
//! on a channel or receives one, waiting in the channel's queues like a prog would,
//! so Dis code sees an ordinary sender or receiver (in `alt` too). The embedder's
//! callback runs on the interpreter thread when the operation completes, or with
//! `false` when the channel dies first. This is how kernel services (`file2chan`)
//! talk to the progs that serve them.

use super::channel::Waiter;
use super::trap::Trap;
use super::Machine;

/// Marks a waiter's `prog` field as a host-side party's id rather than a prog slot.
pub const EXTERNAL: u32 = 0x8000_0000;

/// What runs when a host-side operation ends: `true` when it completed.
type ExternalDone = Box<dyn FnOnce(&mut Machine, bool)>;

/// A host-side party waiting on a channel. Its channel and value block are roots
/// for the collector while it waits (no prog's frame holds them).
pub struct External {
    done: ExternalDone,
    chan: u32,
    block: u32,
}

impl Machine {
    fn external_id(&mut self, chan: u32, block: u32, done: ExternalDone) -> u32 {
        self.next_external = self.next_external.wrapping_add(1) & !EXTERNAL;
        let id = EXTERNAL | self.next_external;
        self.externals.insert(id, External { done, chan, block });
        id
    }

    /// The objects waiting host-side parties hold, as collector roots.
    pub(super) fn external_roots(&self) -> impl Iterator<Item = u32> + '_ {
        self.externals.values().flat_map(|e| [e.chan, e.block])
    }

    /// The channels host-side parties wait on (their callers hold the references)
    /// and the blocks they send from or receive into (each holding one reference).
    pub(super) fn external_parties(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.externals.values().map(|e| (e.chan, e.block))
    }

    /// Sends the value at `src` (a block of the channel's element type that stays
    /// valid until `done` runs) on channel object `c`, now if a receiver or buffer
    /// room is there, otherwise when a receiver comes.
    pub fn send_external(
        &mut self,
        c: u32,
        src: u32,
        done: impl FnOnce(&mut Machine, bool) + 'static,
    ) -> Result<(), Trap> {
        if self.try_send(c, src)? {
            done(self, true);
            return Ok(());
        }
        let id = self.chan_id(c)?;
        let party = self.external_id(c, src, Box::new(done));
        self.chan(id)?.sendq.push_back(Waiter {
            prog: party,
            addr: src,
            alt: None,
        });
        Ok(())
    }

    /// Receives a value from channel object `c` into `dst` (a block of the element
    /// type, pointer words nil, valid until `done` runs), now or when a sender comes.
    pub fn recv_external(
        &mut self,
        c: u32,
        dst: u32,
        done: impl FnOnce(&mut Machine, bool) + 'static,
    ) -> Result<(), Trap> {
        if self.try_recv(c, dst)? {
            done(self, true);
            return Ok(());
        }
        let id = self.chan_id(c)?;
        let party = self.external_id(c, dst, Box::new(done));
        self.chan(id)?.recvq.push_back(Waiter {
            prog: party,
            addr: dst,
            alt: None,
        });
        Ok(())
    }

    /// Ends a host-side party's wait: `ok` says whether its operation completed.
    /// Returns false when `party` is a prog's slot.
    pub(super) fn end_external(&mut self, party: u32, ok: bool) -> bool {
        if party & EXTERNAL == 0 {
            return false;
        }
        if let Some(e) = self.externals.remove(&party) {
            (e.done)(self, ok);
        }
        true
    }
}
