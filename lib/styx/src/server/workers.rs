//! The worker threads that run requests: a pool that grows up to a limit, so that
//! every accepted request has a thread of its own to block on, and shrinks as
//! workers left idle for a while end.

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::Scope;
use std::time::Duration;

use crate::sync::{lock, wait};

pub(crate) type Job<'env> = Box<dyn FnOnce() + Send + 'env>;

#[derive(Default)]
struct Counts {
    /// Workers waiting for a job and not yet promised one.
    idle: usize,
    /// Workers started.
    live: usize,
}

struct Shared<'env> {
    jobs: Mutex<Receiver<Job<'env>>>,
    counts: Mutex<Counts>,
    freed: Condvar,
    /// How long an idle worker waits for a job before it ends.
    idle: Duration,
}

/// Runs jobs on threads of a scope; dropping the pool lets its workers finish.
pub(crate) struct Pool<'scope, 'env> {
    scope: &'scope Scope<'scope, 'env>,
    sender: Sender<Job<'env>>,
    shared: Arc<Shared<'env>>,
    max: usize,
}

impl<'scope, 'env> Pool<'scope, 'env> {
    pub(crate) fn new(scope: &'scope Scope<'scope, 'env>, max: usize, idle: Duration) -> Self {
        let (sender, receiver) = channel();
        Pool {
            scope,
            sender,
            shared: Arc::new(Shared {
                jobs: Mutex::new(receiver),
                counts: Mutex::new(Counts::default()),
                freed: Condvar::new(),
                idle,
            }),
            max,
        }
    }

    /// Hands `job` to an idle worker or a new one; waits while `max` are busy.
    pub(crate) fn run(&self, job: Job<'env>) {
        let mut counts = lock(&self.shared.counts);
        loop {
            if counts.idle > 0 {
                counts.idle -= 1;
                drop(counts);
                // Every worker holds the receiver's pool alive, so this cannot fail
                // while a worker is idle.
                let _ = self.sender.send(job);
                return;
            }
            if counts.live < self.max {
                counts.live += 1;
                drop(counts);
                let shared = Arc::clone(&self.shared);
                self.scope.spawn(move || work(&shared, job));
                return;
            }
            counts = wait(&self.shared.freed, counts);
        }
    }
}

fn work<'env>(shared: &Shared<'env>, first: Job<'env>) {
    let mut job = first;
    loop {
        job();
        lock(&shared.counts).idle += 1;
        shared.freed.notify_one();
        job = match next_job(shared) {
            Some(next) => next,
            None => return,
        };
    }
}

/// Waits for the next job of an idle worker; `None` when the pool is gone or the
/// worker has waited long enough with no job promised to it.
fn next_job<'env>(shared: &Shared<'env>) -> Option<Job<'env>> {
    loop {
        let next = lock(&shared.jobs).recv_timeout(shared.idle);
        match next {
            Ok(job) => return Some(job),
            Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => {
                let mut counts = lock(&shared.counts);
                // `run` takes a worker off `idle` before it sends the job; while
                // every waiting worker is still counted idle, none is owed one.
                if counts.idle > 0 {
                    counts.idle -= 1;
                    counts.live -= 1;
                    drop(counts);
                    shared.freed.notify_one();
                    return None;
                }
            }
        }
    }
}
