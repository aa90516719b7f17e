//! `Cancel`: a one-way signal that a request should stop. The server framework raises
//! it when a `Tflush` names the request (or the session ends); a client raises it to
//! make an outstanding call send `Tflush`. Whoever blocks can poll it or register a
//! hook that runs when it is raised.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::sync::lock;

type Hook = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct State {
    cancelled: bool,
    next_id: u64,
    hooks: Vec<(u64, Hook)>,
}

/// A shared cancellation flag with wake-up hooks; clones share the flag.
#[derive(Clone, Default)]
pub struct Cancel {
    state: Arc<Mutex<State>>,
}

/// Keeps a hook registered; dropping it unregisters the hook.
pub struct HookGuard {
    cancel: Cancel,
    id: Option<u64>,
}

impl Drop for HookGuard {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.cancel.lock().hooks.retain(|(h, _)| *h != id);
        }
    }
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cancel({})", self.is_cancelled())
    }
}

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Raises the flag and runs every registered hook (once). Later calls do nothing.
    pub fn cancel(&self) {
        let hooks = {
            let mut state = self.lock();
            if state.cancelled {
                return;
            }
            state.cancelled = true;
            std::mem::take(&mut state.hooks)
        };
        for (_, hook) in hooks {
            hook();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.lock().cancelled
    }

    /// Runs `hook` when the flag is raised, or now if it already is. The hook stays
    /// registered while the returned guard lives.
    pub fn on_cancel(&self, hook: impl FnOnce() + Send + 'static) -> HookGuard {
        let mut state = self.lock();
        if state.cancelled {
            drop(state);
            hook();
            return HookGuard {
                cancel: self.clone(),
                id: None,
            };
        }
        let id = state.next_id;
        state.next_id += 1;
        state.hooks.push((id, Box::new(hook)));
        HookGuard {
            cancel: self.clone(),
            id: Some(id),
        }
    }
}
