//! Native processes (kprocs): host threads that are processes in the
//! kernel's sense, with a pid from the same sequence as the progs', a
//! process group, and a [`ProcEnv`] (fd table, name space, environment).
//! They appear in `/prog` beside the progs, in state `release` (running
//! outside the interpreter), and can be killed: a kill removes the process
//! at once and raises its [`Interrupt`], which the thread's blocking work
//! watches and stops at its next step.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use crate::kernel::chan::lock;
use crate::kernel::conn::Interrupt;
use crate::kernel::devices::prog::ProgInfo;
use crate::kernel::ProcEnv;

/// One native process.
pub struct Kproc {
    /// The name `/prog/n/status` shows in the module column.
    name: String,
    env: ProcEnv,
    pgrp: u32,
    interrupt: Interrupt,
    /// The fds and name space the process uses now, when it forked them
    /// after it started (a shell does): what `/prog` shows.
    adopted: Mutex<Option<ProcEnv>>,
}

impl Kproc {
    /// The process's kernel state.
    pub fn env(&self) -> &ProcEnv {
        &self.env
    }

    /// The flag a kill raises.
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }

    /// Makes `env`'s fd table and name space the ones `/prog` shows, the
    /// first time only: a shell nested in the process (whose fds may hold
    /// a pipe its reader waits to see closed) changes nothing.
    pub fn adopt(&self, env: &ProcEnv) {
        lock(&self.adopted).get_or_insert_with(|| env.clone());
    }

    fn info(&self) -> ProgInfo {
        let adopted = lock(&self.adopted);
        let shown = adopted.as_ref().unwrap_or(&self.env);
        ProgInfo {
            pid: self.env.pid,
            pgrp: self.pgrp,
            user: self.env.user().to_string(),
            // Host threads' processor time is not measured.
            cpu_ms: 0,
            state: "release".to_string(),
            mem_kb: 0,
            module: self.name.clone(),
            ns: shown.ns.clone(),
            fds: shown.fds.clone(),
            exception: None,
        }
    }
}

/// The next process id; the interpreter's progs take theirs from the same
/// counter.
pub type PidSource = Arc<AtomicU32>;

/// The kernel's native processes.
pub struct Kprocs {
    procs: Mutex<Vec<Arc<Kproc>>>,
    next_pid: PidSource,
}

impl Kprocs {
    /// No native processes yet; pids come from `next_pid`.
    pub fn new(next_pid: PidSource) -> Arc<Kprocs> {
        Arc::new(Kprocs {
            procs: Mutex::new(Vec::new()),
            next_pid,
        })
    }

    /// Starts `body` on a new host thread as process `name` in process
    /// group `pgrp`, with the groups of `env`; returns its pid. The
    /// process is gone from the table when `body` returns or it is killed.
    pub fn spawn(
        self: &Arc<Self>,
        name: &str,
        env: &ProcEnv,
        pgrp: u32,
        body: impl FnOnce(&Arc<Kproc>) + Send + 'static,
    ) -> std::io::Result<u32> {
        let pid = self.next_pid.fetch_add(1, Ordering::Relaxed);
        let kp = Arc::new(Kproc {
            name: name.to_string(),
            env: env.spawn(pid),
            pgrp,
            interrupt: Interrupt::new(),
            adopted: Mutex::new(None),
        });
        lock(&self.procs).push(kp.clone());
        let table = self.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("kproc {name}"))
            .spawn(move || {
                body(&kp);
                table.remove(pid);
            });
        if let Err(e) = spawned {
            self.remove(pid);
            return Err(e);
        }
        Ok(pid)
    }

    fn remove(&self, pid: u32) -> Option<Arc<Kproc>> {
        let mut procs = lock(&self.procs);
        let i = procs.iter().position(|k| k.env.pid == pid)?;
        Some(procs.remove(i))
    }

    /// The pids of the native processes, oldest first.
    pub fn pids(&self) -> Vec<u32> {
        lock(&self.procs).iter().map(|k| k.env.pid).collect()
    }

    /// What `/prog` shows of native process `pid`.
    pub fn info(&self, pid: u32) -> Option<ProgInfo> {
        lock(&self.procs)
            .iter()
            .find(|k| k.env.pid == pid)
            .map(|k| k.info())
    }

    /// Kills native process `pid`; false if there is none.
    pub fn kill(&self, pid: u32) -> bool {
        match self.remove(pid) {
            Some(k) => {
                k.interrupt.raise();
                true
            }
            None => false,
        }
    }

    /// Kills every native process of group `pgrp`.
    pub fn kill_group(&self, pgrp: u32) {
        let killed: Vec<Arc<Kproc>> = {
            let mut procs = lock(&self.procs);
            let (gone, kept) = std::mem::take(&mut *procs)
                .into_iter()
                .partition(|k| k.pgrp == pgrp);
            *procs = kept;
            gone
        };
        for k in killed {
            k.interrupt.raise();
        }
    }
}
