//! The interpreter's progs as the prog device (`#p`) sees them: the kernel's
//! [`ProcessTable`] over a [`Machine`] that only its own thread may touch.
//!
//! Device calls come from host workers (a prog's Sys call runs its file work
//! off the interpreter; a kproc), which ask the machine through its [`Remote`]
//! and wait for the answer. Should one come from the interpreter thread itself,
//! which cannot wait for itself, it sees the progs as last listed, and its
//! control requests (a kill) run as soon as the calling prog's turn allows.
//!
//! Wait records follow the original: a prog's `/prog/n/wait`, once open, gets one
//! `pid "Module":text` line for each child spawned after the open when it ends.
//! A group's keeper (whoever holds its `/prog/n/keeper` open) gets the
//! machine's messages about the group ([`dis::vm::keeper`]), one line per read;
//! the group has no keeper again once that file is closed.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread::ThreadId;

use dis::vm::blocking::Remote;
use dis::vm::ending::{KillScope, KILLED};
use dis::vm::procs::{CtlError, ExceptionMode, ProgEvent, ProgEvents};
use dis::vm::State;
use dis::vm::{Budget, KeepError, Machine, MeterError};

use crate::kernel::chan::lock;
use crate::kernel::devices::prog::{ProcessTable, ProgInfo, WaitQueue};
use crate::kernel::error::{Error, Result};
use crate::kernel::ProcEnv;
use crate::proc::meter_text::{meter_file, meter_message};

/// The original's text for a control message it does not know.
const EBADCTL: &str = "bad process or channel control request";
/// Opening the keeper file of a group that has a keeper.
const EKEPT: &str = "group already has a keeper";
/// `resume` of a prog that no keeper holds.
const ENOTHELD: &str = "prog not held by a keeper";

/// One `/prog/n/wait` or `/prog/n/keeper` file's records.
#[derive(Default)]
struct WaitRecords {
    state: Mutex<(VecDeque<String>, bool)>,
    changed: Condvar,
}

impl WaitRecords {
    fn push(&self, record: String) {
        lock(&self.state).0.push_back(record);
        self.changed.notify_all();
    }

    /// The prog is gone: readers waiting get end of file.
    fn close(&self) {
        lock(&self.state).1 = true;
        self.changed.notify_all();
    }
}

impl WaitQueue for WaitRecords {
    fn next(&self) -> Option<String> {
        let mut st = lock(&self.state);
        loop {
            if let Some(r) = st.0.pop_front() {
                return Some(r);
            }
            if st.1 {
                return None;
            }
            st = self.changed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Which wait files hear of which progs.
#[derive(Default)]
struct Waits {
    /// The open wait files of each prog.
    open: HashMap<u32, Vec<Weak<WaitRecords>>>,
    /// For each prog, the wait files of its parent open when it was spawned.
    told: HashMap<u32, Vec<Weak<WaitRecords>>>,
}

impl Waits {
    fn spawned(&mut self, parent: u32, child: u32) {
        let listeners: Vec<Weak<WaitRecords>> = self
            .open
            .get(&parent)
            .map(|l| l.iter().filter(|w| w.strong_count() > 0).cloned().collect())
            .unwrap_or_default();
        if !listeners.is_empty() {
            self.told.insert(child, listeners);
        }
    }

    fn exited(&mut self, pid: u32, module: &str, text: &str) {
        let record = format!("{pid} \"{module}\":{text}");
        // A broken prog stays in the table and reports again when killed.
        let last = !is_broken(text);
        let listeners = if last {
            self.told.remove(&pid)
        } else {
            self.told.get(&pid).cloned()
        };
        for w in listeners.into_iter().flatten() {
            if let Some(q) = w.upgrade() {
                q.push(record.clone());
            }
        }
        if last {
            for w in self.open.remove(&pid).into_iter().flatten() {
                if let Some(q) = w.upgrade() {
                    q.close();
                }
            }
        }
    }
}

/// The records of a group's keeper; when the keeper closes its file (the
/// last reference goes), the group has no keeper again.
struct Keeper {
    records: WaitRecords,
    pgrp: u32,
    remote: Remote,
}

impl WaitQueue for Keeper {
    fn next(&self) -> Option<String> {
        self.records.next()
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        let pgrp = self.pgrp;
        self.remote.post(move |vm| vm.set_keeper(pgrp, false));
    }
}

/// Whether a prog that ended with `text` is kept broken.
fn is_broken(text: &str) -> bool {
    !(text.is_empty() || text == "interrupted" || text == KILLED || text.starts_with("fail:"))
}

/// The progs of one machine, for `#p`.
pub struct ProgView {
    remote: Mutex<Remote>,
    /// The interpreter's thread.
    home: ThreadId,
    /// The progs as last listed.
    snapshot: Mutex<Vec<ProgInfo>>,
    waits: Mutex<Waits>,
    /// The keeper of each process group that has one.
    keepers: Mutex<HashMap<u32, Weak<Keeper>>>,
}

/// A control request to the machine.
#[derive(Clone, Copy)]
enum Ctl {
    Kill(KillScope),
    Exceptions(ExceptionMode),
    Meter(Budget, Option<u64>),
    Resume,
}

impl ProgView {
    /// The view of `vm`'s progs; made on the interpreter thread. Give
    /// [`ProgView::events`] to the machine so wait files hear of exits.
    pub fn new(vm: &Machine) -> Arc<ProgView> {
        Arc::new(ProgView {
            remote: Mutex::new(vm.remote()),
            home: std::thread::current().id(),
            snapshot: Mutex::new(Vec::new()),
            waits: Mutex::new(Waits::default()),
            keepers: Mutex::new(HashMap::new()),
        })
    }

    /// The machine's prog-event handler that keeps the wait files and the
    /// listing.
    pub fn events(self: &Arc<Self>) -> ProgEvents {
        let view = self.clone();
        Box::new(move |e: &ProgEvent| {
            let mut waits = lock(&view.waits);
            match *e {
                ProgEvent::Spawned { parent, child } => waits.spawned(parent, child),
                ProgEvent::Exited { pid, module, text } => {
                    waits.exited(pid, module, text);
                    // The listing must not keep an ended prog's fds (a pipe's
                    // writing end) open.
                    lock(&view.snapshot).retain(|p| p.pid != pid);
                }
                ProgEvent::Kept { pgrp, message } => {
                    let keeper = lock(&view.keepers).get(&pgrp).and_then(Weak::upgrade);
                    if let Some(k) = keeper {
                        k.records.push(format!("{message}\n"));
                    }
                }
            }
        })
    }

    /// The progs now (on the interpreter thread: as last listed).
    fn progs(&self) -> Vec<ProgInfo> {
        let remote = lock(&self.remote).clone();
        if let Some(now) = remote.call(snapshot) {
            *lock(&self.snapshot) = now;
        }
        lock(&self.snapshot).clone()
    }

    /// Applies a control request to prog `pid`.
    fn control(&self, pid: u32, ctl: Ctl) -> Result<()> {
        let apply = move |vm: &mut Machine| -> Result<()> {
            match ctl {
                Ctl::Kill(scope) => {
                    if vm.kill(pid, scope) {
                        Ok(())
                    } else {
                        Err(Error::ThreadExited)
                    }
                }
                Ctl::Exceptions(mode) => vm.set_exception_mode(pid, mode).map_err(|e| match e {
                    CtlError::NotLeader => Error::Perm,
                    CtlError::NoProg => Error::ThreadExited,
                }),
                Ctl::Meter(budget, amount) => vm
                    .set_budget(pid, budget, amount)
                    .map_err(|MeterError::NoProg| Error::ThreadExited),
                Ctl::Resume => vm.resume(pid).map_err(|e| match e {
                    KeepError::NoProg => Error::ThreadExited,
                    KeepError::NotHeld => Error::Text(ENOTHELD.into()),
                }),
            }
        };
        let remote = lock(&self.remote).clone();
        if std::thread::current().id() == self.home {
            if !self.progs().iter().any(|p| p.pid == pid) {
                return Err(Error::ThreadExited);
            }
            // The caller's turn must end before the machine can be changed.
            remote.post(move |vm| {
                let _ = apply(vm);
            });
            return Ok(());
        }
        remote.call(apply).unwrap_or(Err(Error::ThreadExited))
    }
}

/// What `/prog` shows of each prog of `vm`.
fn snapshot(vm: &mut Machine) -> Vec<ProgInfo> {
    let hosts: HashMap<u32, ProcEnv> = vm
        .prog_hosts()
        .into_iter()
        .filter_map(|(pid, host)| {
            let env = host?.downcast_ref::<ProcEnv>()?.clone();
            Some((pid, env))
        })
        .collect();
    vm.progs()
        .into_iter()
        .filter_map(|s| {
            let env = hosts.get(&s.pid)?.clone();
            Some(ProgInfo {
                pid: s.pid,
                pgrp: s.pgrp,
                user: env.user().to_string(),
                cpu_ms: s.usage.cpu_ns / 1_000_000,
                state: s.state.name().to_string(),
                mem_kb: u64::from(s.stack_bytes.div_ceil(1024)),
                // A prog inside a blocking built-in call shows it, as
                // `Sh[$Sys]`.
                module: match s.state {
                    State::Release => format!("{}[$Sys]", s.module),
                    _ => s.module,
                },
                ns: env.ns,
                fds: env.fds,
                exception: s.exception,
            })
        })
        .collect()
}

impl ProcessTable for ProgView {
    fn pids(&self) -> Vec<u32> {
        self.progs().into_iter().map(|p| p.pid).collect()
    }

    fn info(&self, pid: u32) -> Option<ProgInfo> {
        self.progs().into_iter().find(|p| p.pid == pid)
    }

    fn ctl(&self, pid: u32, words: &[&str]) -> Result<()> {
        let ctl = match words {
            ["kill"] => Ctl::Kill(KillScope::Prog),
            ["killgrp"] => Ctl::Kill(KillScope::Group),
            ["exceptions", "propagate"] => Ctl::Exceptions(ExceptionMode::Propagate),
            ["exceptions", "notifyleader"] => Ctl::Exceptions(ExceptionMode::NotifyLeader),
            ["meter", ..] => match meter_message(words) {
                Some((budget, amount)) => Ctl::Meter(budget, amount),
                None => return Err(Error::Text(EBADCTL.into())),
            },
            ["resume"] => Ctl::Resume,
            _ => return Err(Error::Text(EBADCTL.into())),
        };
        self.control(pid, ctl)
    }

    fn wait(&self, pid: u32) -> Result<Arc<dyn WaitQueue>> {
        let q = Arc::new(WaitRecords::default());
        let mut waits = lock(&self.waits);
        let open = waits.open.entry(pid).or_default();
        open.retain(|w| w.strong_count() > 0);
        open.push(Arc::downgrade(&q));
        Ok(q)
    }

    fn meter(&self, pid: u32) -> Result<String> {
        let remote = lock(&self.remote).clone();
        let found = remote.call(move |vm| vm.meter_of(pid)).flatten();
        let (usage, group) = found.ok_or(Error::ThreadExited)?;
        Ok(meter_file(pid, &usage, &group))
    }

    fn stack(&self, pid: u32) -> Result<String> {
        let remote = lock(&self.remote).clone();
        let frames = remote.call(move |vm| vm.stack_of(pid)).flatten();
        let frames = frames.ok_or(Error::ThreadExited)?;
        Ok(frames
            .iter()
            .map(|f| {
                format!(
                    "{:08x} {:08x} {:08x} {:08x} 0 {}\n",
                    f.fp, f.pc, f.mp, f.ml, f.path
                )
            })
            .collect())
    }

    fn keeper(&self, pid: u32) -> Result<Arc<dyn WaitQueue>> {
        let pgrp = self.info(pid).ok_or(Error::ThreadExited)?.pgrp;
        let remote = lock(&self.remote).clone();
        let mut keepers = lock(&self.keepers);
        if keepers.get(&pgrp).is_some_and(|k| k.strong_count() > 0) {
            return Err(Error::Text(EKEPT.into()));
        }
        keepers.retain(|_, k| k.strong_count() > 0);
        if !remote.post(move |vm| vm.set_keeper(pgrp, true)) {
            return Err(Error::ThreadExited);
        }
        let k = Arc::new(Keeper {
            records: WaitRecords::default(),
            pgrp,
            remote,
        });
        keepers.insert(pgrp, Arc::downgrade(&k));
        Ok(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_files_hear_of_children_spawned_after_the_open() {
        let mut waits = Waits::default();
        waits.spawned(1, 2);
        let q = Arc::new(WaitRecords::default());
        waits.open.entry(1).or_default().push(Arc::downgrade(&q));
        waits.spawned(1, 3);
        waits.spawned(3, 4);
        waits.exited(2, "M", "");
        waits.exited(4, "M", "");
        waits.exited(3, "M", "boom");
        assert_eq!(q.next().as_deref(), Some("3 \"M\":boom"));
        // A broken child reports again when it is killed.
        waits.exited(3, "M", KILLED);
        assert_eq!(q.next().as_deref(), Some("3 \"M\":killed"));
        waits.exited(1, "M", "");
        assert_eq!(q.next(), None);
    }
}
