//! The embedder's per-prog state across the prog table: what the kernel reads to
//! show each prog's fd table and name space in `/prog`.

use super::Machine;
use std::any::Any;
use std::rc::Rc;

impl Machine {
    /// Each prog in the table (not the one whose built-in call is running) with its
    /// embedder state.
    pub fn prog_hosts(&self) -> Vec<(u32, Option<Rc<dyn Any>>)> {
        self.progs
            .iter()
            .flatten()
            .map(|p| (p.pid, p.host.clone()))
            .collect()
    }
}
