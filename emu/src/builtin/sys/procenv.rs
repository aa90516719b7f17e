//! The kernel state of a prog: the fd group, name space group and environment
//! group it runs with ([`ProcEnv`]), kept in the prog's embedder slot. `spawn`
//! shares the slot with the child, so a spawned prog uses the same groups as its
//! parent until `pctl` gives it private or new ones. These two functions are the
//! only way in; everything that needs a prog's kernel state (the Sys calls, the
//! loader, `/prog`) goes through them.

use crate::kernel::ProcEnv;
use dis::vm::Prog;
use std::rc::Rc;

/// The kernel state prog `p` runs with (its own pid filled in), or None for a prog
/// started without one.
pub fn proc_env(p: &Prog) -> Option<ProcEnv> {
    let env = p.host.as_ref()?.downcast_ref::<ProcEnv>()?;
    Some(ProcEnv {
        pid: p.pid,
        ..env.clone()
    })
}

/// Gives prog `p` (and the progs it spawns from now on) the kernel state `env`.
pub fn set_proc_env(p: &mut Prog, env: ProcEnv) {
    p.host = Some(Rc::new(env));
}
