//! `alt` and `nbalt`: choosing among send and receive cases fairly, or waiting on
//! all of them at once.
//!
//! The table (built in the frame) holds the number of send cases, the number of
//! receive cases, then per case a channel and the address of its value; a receive
//! case may name an array of channels, whose value area starts with a word for the
//! index of the channel chosen.

use super::arena::NIL;
use super::channel::Waiter;
use super::prog::{Prog, State};
use super::trap::{raise, Trap, EXC_NIL};
use super::types::T_ARRAY;
use super::Machine;

/// One ready possibility: case, channel object, value address, and for an array case
/// where the element index goes.
#[derive(Clone, Copy)]
struct Candidate {
    case: u32,
    chan: u32,
    addr: u32,
    index: Option<(u32, u32)>,
}

impl Machine {
    /// The channel objects a case names: itself, or each non-nil element of an array
    /// of channels (with its index).
    fn case_chans(&self, c: u32) -> Result<Vec<(u32, Option<u32>)>, Trap> {
        if c == NIL {
            return raise(EXC_NIL);
        }
        if self.type_of(c)? != T_ARRAY {
            return Ok(vec![(c, None)]);
        }
        let n = self.array_len(c)?;
        let data = self.array_data(c)?;
        let mut out = Vec::new();
        for i in 0..n {
            let e = self.mem.u(data + 4 * i)?;
            if e != NIL {
                out.push((e, Some(i)));
            }
        }
        Ok(out)
    }

    /// The next choice of the original's shared pseudo-random sequence, below `n`.
    fn choose(&mut self, n: u32) -> u32 {
        self.rand = self.rand.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (self.rand >> 8) % n
    }

    /// Executes `alt` (`block` set) or `nbalt` with the table at `tab` and the result
    /// word at `res`. Returns false when the prog must wait.
    #[inline(never)]
    pub fn alt(&mut self, p: &mut Prog, tab: u32, res: u32, block: bool) -> Result<bool, Trap> {
        let nsend = self.mem.u(tab)?;
        let nrecv = self.mem.u(tab + 4)?;
        let total = nsend.wrapping_add(nrecv);
        let mut cases = Vec::new();
        for k in 0..total {
            let c = self.mem.u(tab + 8 + 8 * k)?;
            let addr = self.mem.u(tab + 12 + 8 * k)?;
            for (chan, index) in self.case_chans(c)? {
                let (addr, index) = match index {
                    Some(i) => (addr + 4, Some((addr, i))),
                    None => (addr, None),
                };
                cases.push(Candidate {
                    case: k,
                    chan,
                    addr,
                    index,
                });
            }
        }
        let mut ready = Vec::new();
        for c in &cases {
            let id = self.chan_id(c.chan)?;
            let ok = if c.case < nsend {
                let also_received = cases.iter().any(|r| r.case >= nsend && r.chan == c.chan);
                if also_received && self.chan(id)?.recvq.is_empty() {
                    return raise("alt send/recv on same chan");
                }
                self.can_send(id)?
            } else {
                self.can_recv(id)?
            };
            if ok {
                ready.push(*c);
            }
        }
        if !ready.is_empty() {
            let pick = ready[self.choose(ready.len() as u32) as usize];
            if pick.case < nsend {
                self.try_send(pick.chan, pick.addr)?;
            } else {
                self.try_recv(pick.chan, pick.addr)?;
            }
            if let Some((at, i)) = pick.index {
                self.mem.set_u(at, i)?;
            }
            self.mem.set_u(res, pick.case)?;
            return Ok(true);
        }
        if !block {
            self.mem.set_u(res, total)?;
            return Ok(true);
        }
        p.alt_chans.clear();
        for c in &cases {
            let id = self.chan_id(c.chan)?;
            let w = Waiter {
                prog: p.slot,
                addr: c.addr,
                alt: Some((c.case, c.index)),
            };
            let st = self.chan(id)?;
            if c.case < nsend {
                st.sendq.push_back(w);
            } else {
                st.recvq.push_back(w);
            }
            p.alt_chans.push(id);
        }
        p.alt_result = res;
        p.state = State::Alt;
        Ok(false)
    }
}
