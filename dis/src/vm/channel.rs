//! Channels: typed rendezvous points between progs, optionally buffered.
//!
//! A channel object holds `+0` its buffer (an array of the element type, nil when
//! unbuffered) and `+4` the index of its [`ChanState`], which keeps the FIFO queues of
//! waiting senders and receivers and the ring buffer's head and count.

use super::arena::NIL;
use super::prog::{Prog, State};
use super::trap::{raise, Trap, EXC_NEGSIZE, EXC_NIL};
use super::types::{T_CHAN, T_NONE};
use super::Machine;
use std::collections::VecDeque;

/// A prog waiting on a channel.
#[derive(Clone, Copy, Debug)]
pub struct Waiter {
    /// The waiting prog's slot.
    pub prog: u32,
    /// Where the value comes from (sender) or goes (receiver).
    pub addr: u32,
    /// For a prog blocked in `alt`: the case index, and for a case over an array of
    /// channels, where to store the element index.
    pub alt: Option<(u32, Option<(u32, u32)>)>,
}

/// Rust-side state of a channel.
pub struct ChanState {
    /// Element size and type (whose pointers are reference counted on transfer).
    pub size: u32,
    pub ty: u32,
    pub sendq: VecDeque<Waiter>,
    pub recvq: VecDeque<Waiter>,
    /// Ring buffer: capacity, index of the oldest value, values held.
    pub cap: u32,
    pub head: u32,
    pub count: u32,
}

impl Machine {
    /// A new channel of elements of type `ty` (`size` bytes) with `cap` buffer slots.
    #[inline(never)]
    pub fn new_channel(&mut self, ty: u32, size: u32, cap: i32) -> Result<u32, Trap> {
        if cap < 0 {
            return raise(EXC_NEGSIZE);
        }
        let buf = if cap > 0 {
            self.new_array(cap, ty)?
        } else {
            NIL
        };
        let state = ChanState {
            size,
            ty,
            sendq: VecDeque::new(),
            recvq: VecDeque::new(),
            cap: cap as u32,
            head: 0,
            count: 0,
        };
        let id = match self.free_chans.pop() {
            Some(i) => {
                self.chans[i as usize] = Some(state);
                i
            }
            None => {
                self.chans.push(Some(state));
                (self.chans.len() - 1) as u32
            }
        };
        let c = self.alloc(8, T_CHAN)?;
        self.mem.set_u(c, buf)?;
        self.mem.set_u(c + 4, id)?;
        Ok(c)
    }

    /// The state index of channel `c` (nil: `dereference of nil`).
    pub fn chan_id(&self, c: u32) -> Result<u32, Trap> {
        if c == NIL {
            return raise(EXC_NIL);
        }
        self.mem.u(c + 4)
    }

    pub fn chan(&mut self, id: u32) -> Result<&mut ChanState, Trap> {
        match self.chans.get_mut(id as usize) {
            Some(Some(s)) => Ok(s),
            _ => raise(EXC_NIL),
        }
    }

    /// Called when a channel object dies: forgets its state; progs still waiting on
    /// it raise `channel hangup` (`alt channel hungup` in an `alt`) when they next
    /// run.
    pub(super) fn drop_chan(&mut self, c: u32) -> Result<(), Trap> {
        let id = self.mem.u(c + 4)?;
        let Some(state) = self.chans.get_mut(id as usize).and_then(Option::take) else {
            return Ok(());
        };
        self.free_chans.push(id);
        for w in state.sendq.iter().chain(state.recvq.iter()) {
            if self.end_external(w.prog, false) {
                continue;
            }
            let text = if w.alt.is_some() {
                "alt channel hungup"
            } else {
                "channel hangup"
            };
            self.interrupt(w.prog, text);
        }
        Ok(())
    }

    /// Copies one element from `src` to `dst` with the channel's reference rules.
    fn chan_move(&mut self, id: u32, dst: u32, src: u32) -> Result<(), Trap> {
        let (size, ty) = {
            let c = self.chan(id)?;
            (c.size, c.ty)
        };
        if self.types.get(ty).ptr_len > 0 {
            self.move_typed(dst, src, ty)
        } else {
            self.mem.copy(dst, src, size)
        }
    }

    /// Address of buffer slot `i` of channel object `c`.
    fn chan_slot(&self, c: u32, size: u32, i: u32) -> Result<u32, Trap> {
        let buf = self.mem.u(c)?;
        Ok(self.array_data(buf)? + i * size)
    }

    /// Whether a send on the channel would complete now.
    pub fn can_send(&mut self, id: u32) -> Result<bool, Trap> {
        let c = self.chan(id)?;
        Ok(!c.recvq.is_empty() || c.count < c.cap)
    }

    /// Whether a receive on the channel would complete now.
    pub fn can_recv(&mut self, id: u32) -> Result<bool, Trap> {
        let c = self.chan(id)?;
        Ok(!c.sendq.is_empty() || c.count > 0)
    }

    /// Sends the value at `src` on channel object `c` if that can complete now;
    /// returns false when the sender must wait.
    #[inline(never)]
    pub fn try_send(&mut self, c: u32, src: u32) -> Result<bool, Trap> {
        let id = self.chan_id(c)?;
        if let Some(w) = self.chan(id)?.recvq.pop_front() {
            self.chan_move(id, w.addr, src)?;
            self.wake(w)?;
            return Ok(true);
        }
        let (size, cap, head, count) = {
            let s = self.chan(id)?;
            (s.size, s.cap, s.head, s.count)
        };
        if count < cap {
            let slot = self.chan_slot(c, size, (head + count) % cap)?;
            self.chan_move(id, slot, src)?;
            self.chan(id)?.count += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// Queues the prog as a sender of the value at `src` (copied to the prog's own
    /// word first when it is an immediate operand's scratch copy).
    #[inline(never)]
    pub fn wait_send(&mut self, p: &mut Prog, c: u32, src: u32, imm: bool) -> Result<(), Trap> {
        let mut addr = src;
        if imm {
            if p.imm == NIL {
                p.imm = self.alloc(8, T_NONE)?;
            }
            self.mem.copy(p.imm, src, 8)?;
            addr = p.imm;
        }
        let id = self.chan_id(c)?;
        self.chan(id)?.sendq.push_back(Waiter {
            prog: p.slot,
            addr,
            alt: None,
        });
        p.state = State::Send;
        Ok(())
    }

    /// Queues the prog as a receiver into `dst`.
    #[inline(never)]
    pub fn wait_recv(&mut self, p: &mut Prog, c: u32, dst: u32) -> Result<(), Trap> {
        let id = self.chan_id(c)?;
        self.chan(id)?.recvq.push_back(Waiter {
            prog: p.slot,
            addr: dst,
            alt: None,
        });
        p.state = State::Recv;
        Ok(())
    }

    /// The id of a pointer-free type of `size` bytes (for `newcm` channels).
    #[inline(never)]
    pub fn size_type(&mut self, size: u32) -> u32 {
        if let Some(&t) = self.size_types.get(&size) {
            return t;
        }
        let t = self.types.add(size, &[], super::types::Kind::Plain);
        self.size_types.insert(size, t);
        t
    }

    /// Receives from channel object `c` into `dst` if a value is there now; returns
    /// false when the receiver must wait.
    #[inline(never)]
    pub fn try_recv(&mut self, c: u32, dst: u32) -> Result<bool, Trap> {
        let id = self.chan_id(c)?;
        let (size, ty, cap, head, count) = {
            let s = self.chan(id)?;
            (s.size, s.ty, s.cap, s.head, s.count)
        };
        if count > 0 {
            let slot = self.chan_slot(c, size, head)?;
            self.chan_move(id, dst, slot)?;
            self.clear_ptrs(slot, ty)?;
            {
                let s = self.chan(id)?;
                s.head = (head + 1) % cap;
                s.count -= 1;
            }
            if let Some(w) = self.chan(id)?.sendq.pop_front() {
                let tail = self.chan_slot(c, size, (head + count) % cap)?;
                self.chan_move(id, tail, w.addr)?;
                self.chan(id)?.count += 1;
                self.wake(w)?;
            }
            return Ok(true);
        }
        if let Some(w) = self.chan(id)?.sendq.pop_front() {
            self.chan_move(id, dst, w.addr)?;
            self.wake(w)?;
            return Ok(true);
        }
        Ok(false)
    }
}
