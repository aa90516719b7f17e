//! Which host threads must never wait for a file server: the interpreter's,
//! whose progs may be the server. Kernel work that would wait there (a mounted
//! file's clunk) is handed to a thread of its own instead; anywhere else it is
//! done before the call returns, as the original's is. Work handed off is
//! recorded, so that the end of the prog that let it go can be reported only
//! once it is done ([`take_handed_off`]).

use std::cell::{Cell, RefCell};
use std::sync::mpsc::{channel, Receiver, Sender};

thread_local! {
    static FORBIDDEN: Cell<bool> = const { Cell::new(false) };
    static HANDED_OFF: RefCell<Vec<Receiver<()>>> = const { RefCell::new(Vec::new()) };
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
/// work is over when the returned sender is dropped.
pub fn hand_off() -> Sender<()> {
    let (done, over) = channel();
    HANDED_OFF.with(|h| h.borrow_mut().push(over));
    done
}

/// The work this thread handed off since the last call, each to be waited
/// for with [`wait_handed_off`].
pub fn take_handed_off() -> Vec<Receiver<()>> {
    HANDED_OFF.with(|h| std::mem::take(&mut *h.borrow_mut()))
}

/// Waits until every piece of handed-off work in `work` is over.
pub fn wait_handed_off(work: Vec<Receiver<()>>) {
    for over in work {
        // Nothing is ever sent: the sender's drop ends the wait.
        let _ = over.recv();
    }
}
