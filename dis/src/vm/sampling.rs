//! The machine's side of profiling ([`super::profile`]): a turn the scheduler
//! hands over when a profile wants one, and the heap's allocation and free
//! hooks of a memory profile. When no profile runs, the scheduler's only cost
//! is one flag read per turn, and the heap's one branch per block.
//!
//! A due time sample runs the prog's turn for a random share of a quantum and
//! counts the pc it stops at, so samples do not fall on quantum boundaries of
//! a loop whose length divides the quantum. A memory profile runs the prog
//! one instruction at a time, so each allocation is charged to the pc that
//! made it.

use super::exec::Yield;
use super::profile::Profile;
use super::prog::Prog;
use super::run::QUANTUM;
use super::trap::Trap;
use super::Machine;
use std::rc::Rc;
use std::sync::Arc;

impl Machine {
    /// Counts into `profile` when it runs (the device `#P` controls it).
    pub fn set_profile(&mut self, profile: Arc<Profile>) {
        self.profile = Some(profile);
    }

    /// Whether the next turn goes to [`Machine::profiled_turn`].
    #[inline(always)]
    pub(super) fn profiling(&self) -> bool {
        matches!(&self.profile, Some(p) if p.wanted())
    }

    /// A turn of `p` for the running profile.
    pub(super) fn profiled_turn(&mut self, p: &mut Prog) -> Result<Yield, Trap> {
        let Some(profile) = self.profile.clone() else {
            return self.exec(p, QUANTUM);
        };
        if profile.memory_wanted() {
            self.profile_frees = true;
            return self.memory_turn(p, &profile);
        }
        if !profile.take_sample() {
            return self.exec(p, QUANTUM);
        }
        self.profile_rand = self
            .profile_rand
            .wrapping_mul(1_103_515_245)
            .wrapping_add(12345);
        let quantum = 1 + (self.profile_rand >> 16) % QUANTUM;
        let turn = self.exec(p, quantum);
        let code = &p.code;
        if let Some(path) = &code.path {
            profile.sample(&code.name, path, code.insts.len(), p.pc);
        }
        turn
    }

    /// A turn run one instruction at a time, each allocation charged to the
    /// instruction making it.
    fn memory_turn(&mut self, p: &mut Prog, profile: &Profile) -> Result<Yield, Trap> {
        let mut code = p.code.clone();
        let mut record = record_of(profile, &code);
        let mut turn = Ok(Yield::Quantum);
        for _ in 0..QUANTUM {
            if !Rc::ptr_eq(&code, &p.code) {
                code = p.code.clone();
                record = record_of(profile, &code);
            }
            self.alloc_site = record.map(|r| (r, p.pc + 1));
            turn = self.exec(p, 1);
            if !matches!(turn, Ok(Yield::Quantum)) {
                break;
            }
        }
        self.alloc_site = None;
        turn
    }

    /// Charges a new block to the running memory profile.
    #[inline(never)]
    pub(super) fn profile_alloc(&mut self, a: u32, size: u32) {
        if let (Some(p), Some((record, pc))) = (&self.profile, self.alloc_site) {
            p.allocated(record, pc, a, size);
        }
    }

    /// Takes a freed block back from the running memory profile.
    #[inline(never)]
    pub(super) fn profile_free(&mut self, a: u32) {
        match &self.profile {
            Some(p) if p.memory_wanted() => p.freed(a),
            _ => self.profile_frees = false,
        }
    }
}

fn record_of(profile: &Profile, code: &super::module::Code) -> Option<u32> {
    let path = code.path.as_deref()?;
    profile.record_for(&code.name, path, code.insts.len())
}
