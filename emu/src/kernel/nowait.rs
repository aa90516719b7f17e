//! Which host threads must never wait for a file server: the interpreter's,
//! whose progs may be the server. Kernel work that would wait there (a mounted
//! file's clunk) is handed to a thread of its own instead; anywhere else it is
//! done before the call returns, as the original's is. Work handed off is
//! recorded until it is over, so that the prog that let it go can wait for it
//! ([`watch`]) and the end of a prog can be reported only once it is done
//! ([`take_handed_off`]); records of work already over are dropped as new ones
//! come, so they do not pile up under a prog that runs long.

use std::cell::{Cell, RefCell};
use std::sync::{Arc, Condvar, Mutex};

use crate::kernel::chan::lock;

thread_local! {
    static FORBIDDEN: Cell<bool> = const { Cell::new(false) };
    static HANDED_OFF: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
    /// The work handed off during [`watch`], while one runs.
    static WATCHED: RefCell<Option<Vec<Pending>>> = const { RefCell::new(None) };
}

/// Whether a piece of work is over, and what wakes those waiting for it.
type Progress = Arc<(Mutex<bool>, Condvar)>;

/// Work handed off, as its waiters see it; clones see the same work.
#[derive(Clone)]
pub struct Pending(Progress);

impl Pending {
    fn is_over(&self) -> bool {
        *lock(&self.0 .0)
    }

    /// Waits until the work is over.
    pub fn wait(&self) {
        let (over, changed) = &*self.0;
        let mut g = lock(over);
        while !*g {
            g = changed.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Held by whoever does the work: dropping it marks the work over.
pub struct Done(Progress);

impl Drop for Done {
    fn drop(&mut self) {
        let (over, changed) = &*self.0;
        *lock(over) = true;
        changed.notify_all();
    }
}

/// Marks the calling thread as one that must never wait for a server.
pub fn forbid_waiting() {
    FORBIDDEN.with(|f| f.set(true));
}

/// Whether the calling thread may wait for a server.
pub fn may_wait() -> bool {
    !FORBIDDEN.with(Cell::get)
}

/// Records work the calling thread hands off instead of waiting for it; the
/// work is over when the returned [`Done`] is dropped.
pub fn hand_off() -> Done {
    let progress: Progress = Arc::default();
    let pending = Pending(progress.clone());
    HANDED_OFF.with(|h| {
        let mut h = h.borrow_mut();
        h.retain(|p| !p.is_over());
        h.push(pending.clone());
    });
    WATCHED.with(|w| {
        if let Some(w) = w.borrow_mut().as_mut() {
            w.push(pending);
        }
    });
    Done(progress)
}

/// Runs `f`; returns its value and the work the calling thread handed off
/// meanwhile (which an enclosing `watch` sees too).
pub fn watch<R>(f: impl FnOnce() -> R) -> (R, Vec<Pending>) {
    let outer = WATCHED.with(|w| w.borrow_mut().replace(Vec::new()));
    let r = f();
    let mine = WATCHED
        .with(|w| std::mem::replace(&mut *w.borrow_mut(), outer))
        .unwrap_or_default();
    WATCHED.with(|w| {
        if let Some(o) = w.borrow_mut().as_mut() {
            o.extend(mine.iter().cloned());
        }
    });
    (r, mine)
}

/// The work this thread handed off that is not yet over, each to be waited
/// for with [`wait_handed_off`].
pub fn take_handed_off() -> Vec<Pending> {
    HANDED_OFF.with(|h| std::mem::take(&mut *h.borrow_mut()))
}

/// Waits until every piece of handed-off work in `work` is over.
pub fn wait_handed_off(work: Vec<Pending>) {
    for p in work {
        p.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> usize {
        HANDED_OFF.with(|h| h.borrow().len())
    }

    #[test]
    fn records_of_work_over_are_dropped_as_new_work_comes() {
        let _ = take_handed_off();
        let still = hand_off();
        for _ in 0..10_000 {
            drop(hand_off());
        }
        // The unfinished one, and the last (over, not yet trimmed).
        assert_eq!(records(), 2);
        drop(still);
        drop(hand_off());
        assert_eq!(records(), 1);
        let _ = take_handed_off();
    }

    #[test]
    fn watch_sees_the_work_handed_off_inside_it() {
        let before = hand_off();
        let ((), inner) = watch(|| {
            let done = hand_off();
            let ((), nested) = watch(|| drop(hand_off()));
            assert_eq!(nested.len(), 1);
            std::thread::spawn(move || drop(done));
        });
        assert_eq!(inner.len(), 2);
        wait_handed_off(inner);
        drop(before);
        let _ = take_handed_off();
    }
}
