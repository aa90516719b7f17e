//! Blocking built-in calls run off the interpreter, timers, and code that other
//! host threads post to the interpreter thread.
//!
//! The interpreter never blocks on the host. A built-in function whose work may
//! block (reading a pipe or the console, waiting for a child) calls
//! [`Machine::block_on`] from inside [`Builtin::call`](super::Builtin::call) with
//! two closures:
//!
//! - `job`, a `Send` closure that runs on a pool of host worker threads and returns
//!   a `Send` value; it must not touch Dis memory (it has no access to it);
//! - `finish`, which runs later on the interpreter thread with the machine, the prog
//!   and the job's value: it writes the results into Dis memory (through the call's
//!   frame, which stays alive until then) or returns a [`Trap`] to raise in the prog.
//!
//! `block_on` returns at once; the built-in then returns `Ok(())` without writing a
//! result. A read of a pipe, for example, looks like this (`pipe` being the
//! kernel's thread-safe pipe and `buf` the Dis array argument):
//!
//! ```ignore
//! let want = vm.array_len(buf)? as usize;
//! vm.block_on(
//!     prog,
//!     move || pipe.read(want),                 // on a worker: Result<Vec<u8>, String>
//!     move |vm, prog, got| match got {         // back on the interpreter thread
//!         Ok(bytes) => {
//!             let at = vm.array_data(buf)?;
//!             vm.mem.slice_mut(at, bytes.len() as u32)?.copy_from_slice(&bytes);
//!             frame.ret_word(vm, bytes.len() as i32)
//!         }
//!         Err(e) => {
//!             prog.errstr = e;
//!             frame.ret_word(vm, -1)
//!         }
//!     },
//! )
//! ```
//!
//! The prog waits in state `release` ([`State::Release`]) while other progs
//! run; when the job's value arrives the scheduler runs `finish`, pops the call's
//! frame and puts the prog at the head of the run queue, as the original's
//! `acquire` does. [`Machine::sleep_until`] is the same without a worker: the
//! scheduler keeps a timer list and runs `finish` when the deadline passes.
//!
//! When no prog is ready the scheduler sleeps on the channel the workers answer on
//! (with a timeout at the next timer), so a machine whose progs all wait costs no
//! processor time. Timers follow the machine's [`Clock`]: with a virtual one, when
//! no prog waits for a host worker and nothing arrives for [`SETTLE`], the clock
//! skips to the next deadline instead (see [`super::clock`]). Killing a prog that
//! waits in such a call ends it at once; the job may still finish later and its
//! value is then dropped unread. A hook given to [`Machine::on_cancel`] runs at
//! that moment, to tell the job to stop waiting.
//!
//! Work that an instruction lets go of can be waited for too: a native object's
//! release hook that hands host work off (a mounted file's clunk, when its last
//! `FD` dies) gives it to [`Machine::hold_running`], and the prog whose
//! instruction dropped the object waits, in state `release`, until that work is
//! done on a worker, before its next instruction runs.
//!
//! Other host threads (kernel processes, devices) reach the machine through a
//! [`Remote`]: [`Remote::post`] queues a closure that the interpreter thread runs
//! between two turns with `&mut Machine` (for example to list or kill progs), and
//! [`Remote::call`] also waits for its value. A posted closure must not wait for
//! the interpreter itself. Unless [`Machine::stay_alive`] is on, the scheduler
//! returns once no prog can run and none waits for a call or timer.

use super::clock::Clock;
use super::prog::{Prog, State};
use super::trap::{raise, Trap};
use super::Machine;
use std::any::Any;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// Events handled in one look, so that posted code that keeps posting cannot
/// starve the progs.
const EVENTS_PER_POLL: usize = 256;

/// With a virtual clock: how long the scheduler waits, with no prog ready and none
/// waiting for a host worker, for posted code (a native process starting a prog)
/// before it skips the clock to the next timer.
pub const SETTLE: Duration = Duration::from_millis(5);

/// A job's value on its way back to the interpreter thread.
type Value = Box<dyn Any + Send>;

/// What the interpreter runs once a blocking call is over.
type Finish = Box<dyn FnOnce(&mut Machine, &mut Prog, Value) -> Result<(), Trap>>;

/// Work for a host worker thread.
type Job = Box<dyn FnOnce() + Send>;

/// Code a host thread posted to run on the interpreter thread.
type Posted = Box<dyn FnOnce(&mut Machine) + Send>;

/// A message to the interpreter thread.
enum Event {
    /// The job of blocking call `ticket` finished with this value.
    Done(u64, Value),
    /// Run this with the machine.
    Post(Posted),
}

/// The value a job that panicked hands back instead of its own.
struct JobPanicked;

/// A prog waiting for a blocking call or a timer.
struct Waiting {
    slot: u32,
    /// The native call's frame, popped when the call completes.
    frame: u32,
    finish: Finish,
    /// A timer's wait, not a host worker's.
    timer: bool,
    /// Run when the call is given up (the prog is killed or interrupted while
    /// it waits): tells the job to stop waiting.
    on_cancel: Option<Box<dyn FnOnce()>>,
    /// Whether the prog goes on past its instruction (a call's `mcall`) when
    /// the wait ends; a hold ([`Machine::hold_running`]) waits with `pc`
    /// already at the next instruction.
    advance: bool,
}

/// A handle through which other host threads run code on the interpreter thread.
#[derive(Clone)]
pub struct Remote {
    events: Sender<Event>,
    /// The interpreter thread (a machine never leaves the thread that made it).
    home: ThreadId,
}

impl Remote {
    /// Queues `f` to run on the interpreter thread between two turns, waking the
    /// interpreter if it sleeps. Returns false when the machine is gone.
    pub fn post(&self, f: impl FnOnce(&mut Machine) + Send + 'static) -> bool {
        self.events.send(Event::Post(Box::new(f))).is_ok()
    }

    /// Runs `f` on the interpreter thread and waits for its value. None when the
    /// machine is gone, or when called on the interpreter thread itself (which
    /// would wait for itself).
    pub fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Machine) -> R + Send + 'static,
    ) -> Option<R> {
        if std::thread::current().id() == self.home {
            return None;
        }
        let (reply, answer) = channel();
        let posted = self.post(move |m| {
            let _ = reply.send(f(m));
        });
        if !posted {
            return None;
        }
        answer.recv().ok()
    }
}

/// Host worker threads: an idle worker takes each job, and a new worker starts
/// when none is idle, so a job that blocks forever never delays another.
struct Pool {
    submit: Sender<Job>,
    jobs: Arc<Mutex<Receiver<Job>>>,
    /// Workers waiting for a job, minus jobs handed to them not yet taken.
    idle: Arc<AtomicIsize>,
}

impl Pool {
    fn new() -> Pool {
        let (submit, jobs) = channel();
        Pool {
            submit,
            jobs: Arc::new(Mutex::new(jobs)),
            idle: Arc::new(AtomicIsize::new(0)),
        }
    }

    /// Runs `job` on a worker; false when no worker could be started.
    fn run(&self, job: Job) -> bool {
        if self.idle.fetch_sub(1, Ordering::SeqCst) > 0 {
            return self.submit.send(job).is_ok();
        }
        self.idle.fetch_add(1, Ordering::SeqCst);
        let jobs = self.jobs.clone();
        let idle = self.idle.clone();
        std::thread::Builder::new()
            .name("dis-worker".to_string())
            .spawn(move || {
                job();
                loop {
                    idle.fetch_add(1, Ordering::SeqCst);
                    let next = match jobs.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match next {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            })
            .is_ok()
    }
}

/// The machine's blocking calls, timers and posted code.
pub(super) struct Blocking {
    sender: Sender<Event>,
    events: Receiver<Event>,
    pool: Pool,
    waiting: HashMap<u64, Waiting>,
    /// Deadlines of sleeping progs, earliest first, by ticket.
    timers: BinaryHeap<Reverse<(Instant, u64)>>,
    next_ticket: u64,
    /// Wait for posted code even when no prog waits for anything.
    stay: bool,
    /// The thread the machine was made on.
    home: ThreadId,
    /// What timers are set by.
    clock: Clock,
    /// Work the running prog waits for after its instruction
    /// ([`Machine::hold_running`]).
    holds: Vec<Job>,
}

impl Blocking {
    pub(super) fn new() -> Blocking {
        let (sender, events) = channel();
        Blocking {
            sender,
            events,
            pool: Pool::new(),
            waiting: HashMap::new(),
            timers: BinaryHeap::new(),
            next_ticket: 1,
            stay: false,
            home: std::thread::current().id(),
            clock: Clock::host(),
            holds: Vec::new(),
        }
    }

    /// Whether some prog waits for a blocking call or a timer.
    fn busy(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Whether some prog waits for a job on a host worker.
    fn host_busy(&self) -> bool {
        self.waiting.values().any(|w| !w.timer)
    }

    /// The earliest deadline of a prog still waiting for it, dropping those of
    /// cancelled waits.
    fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(&Reverse((at, ticket))) = self.timers.peek() {
            if self.waiting.contains_key(&ticket) {
                return Some(at);
            }
            self.timers.pop();
        }
        None
    }

    fn ticket(&mut self) -> u64 {
        let t = self.next_ticket;
        self.next_ticket += 1;
        t
    }
}

impl Machine {
    /// From inside a built-in call: runs `job` on a host worker thread and makes the
    /// prog wait; `finish` later stores the job's value into Dis memory on the
    /// interpreter thread (see the module documentation). Raises when no worker
    /// thread can be started.
    pub fn block_on<T: Send + 'static>(
        &mut self,
        p: &mut Prog,
        job: impl FnOnce() -> T + Send + 'static,
        finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
    ) -> Result<(), Trap> {
        let ticket = self.blocking.ticket();
        let events = self.blocking.sender.clone();
        let work: Job = Box::new(move || {
            let value: Value = match catch_unwind(AssertUnwindSafe(job)) {
                Ok(v) => Box::new(v),
                Err(_) => Box::new(JobPanicked),
            };
            let _ = events.send(Event::Done(ticket, value));
        });
        if !self.blocking.pool.run(work) {
            return raise("no host thread for a blocking call");
        }
        self.wait_call(p, ticket, typed(finish), false);
        Ok(())
    }

    /// From inside a built-in call: makes the prog wait until `deadline` (of
    /// [`Machine::clock`]), then runs `finish` on the interpreter thread, as for
    /// [`Machine::block_on`].
    pub fn sleep_until(
        &mut self,
        p: &mut Prog,
        deadline: Instant,
        finish: impl FnOnce(&mut Machine, &mut Prog) -> Result<(), Trap> + 'static,
    ) {
        let ticket = self.blocking.ticket();
        self.blocking.timers.push(Reverse((deadline, ticket)));
        self.wait_call(p, ticket, Box::new(move |m, p, _| finish(m, p)), true);
    }

    /// The clock timers follow.
    pub fn clock(&self) -> &Clock {
        &self.blocking.clock
    }

    /// Makes timers follow `clock` (set before any prog sleeps).
    pub fn set_clock(&mut self, clock: Clock) {
        self.blocking.clock = clock;
    }

    /// A handle for other host threads to run code on this machine's interpreter
    /// thread.
    pub fn remote(&self) -> Remote {
        Remote {
            events: self.blocking.sender.clone(),
            home: self.blocking.home,
        }
    }

    /// With `on` set, the scheduler keeps waiting for posted code when no prog can
    /// run and none waits for a call or timer (other threads may still start or
    /// wake progs); posted code clears it to let [`Machine::run_all`] return.
    pub fn stay_alive(&mut self, on: bool) {
        self.blocking.stay = on;
    }

    /// Registers the prog's wait for `ticket` (replacing an earlier one a built-in
    /// started in the same call).
    fn wait_call(&mut self, p: &mut Prog, ticket: u64, finish: Finish, timer: bool) {
        if let Some(old) = p.call.take() {
            self.blocking.waiting.remove(&old);
        }
        self.blocking.waiting.insert(
            ticket,
            Waiting {
                slot: p.slot,
                frame: u32::MAX,
                finish,
                timer,
                on_cancel: None,
                advance: true,
            },
        );
        p.call = Some(ticket);
        p.state = State::Release;
    }

    /// After the built-in returned: the frame to pop when the call completes.
    pub(super) fn park_call(&mut self, p: &Prog, frame: u32) {
        if let Some(w) = p.call.and_then(|t| self.blocking.waiting.get_mut(&t)) {
            w.frame = frame;
        }
    }

    /// From inside a built-in call, after [`Machine::block_on`]: runs `f` if the
    /// call is given up before its value arrives (the prog is killed or interrupted
    /// while it waits), so that the job can stop waiting and release what it holds.
    pub fn on_cancel(&mut self, p: &Prog, f: impl FnOnce() + 'static) {
        if let Some(w) = p.call.and_then(|t| self.blocking.waiting.get_mut(&t)) {
            w.on_cancel = Some(Box::new(f));
        }
    }

    /// Forgets the prog's blocking call (it raised, or it is being killed), running
    /// its [`Machine::on_cancel`] hook; a late value is dropped.
    pub(super) fn cancel_call(&mut self, p: &mut Prog) {
        if let Some(t) = p.call.take() {
            let hook = self.blocking.waiting.remove(&t).and_then(|w| w.on_cancel);
            if let Some(hook) = hook {
                hook();
            }
        }
        p.state = State::Ready;
    }

    /// Completes the calls whose values arrived, fires due timers and runs posted
    /// code. With `wait` set and nothing to do yet, first sleeps until an event
    /// arrives or the next timer is due. Returns false when nothing can ever arrive
    /// (nothing waits and `wait` was set).
    pub(super) fn poll_events(&mut self, wait: bool) -> bool {
        let mut got = false;
        for _ in 0..EVENTS_PER_POLL {
            let next = self.blocking.events.try_recv();
            match next {
                Ok(e) => {
                    self.event(e);
                    got = true;
                }
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => break,
            }
        }
        got |= self.fire_timers();
        if got || !wait {
            return true;
        }
        if !self.blocking.busy() && !self.blocking.stay {
            return false;
        }
        let e = match self.blocking.next_deadline() {
            Some(at) => {
                let clock = &self.blocking.clock;
                let mut wait = at.saturating_duration_since(clock.now());
                let skip = clock.is_virtual() && !self.blocking.host_busy();
                if skip {
                    wait = wait.min(SETTLE);
                }
                match self.blocking.events.recv_timeout(wait) {
                    Ok(e) => Some(e),
                    Err(RecvTimeoutError::Timeout) => {
                        if skip {
                            self.blocking.clock.skip_to(at);
                        }
                        None
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                }
            }
            None => self.blocking.events.recv().ok(),
        };
        if let Some(e) = e {
            self.event(e);
        }
        self.fire_timers();
        true
    }

    fn event(&mut self, e: Event) {
        match e {
            Event::Done(ticket, value) => self.complete(ticket, value),
            Event::Post(f) => f(self),
        }
    }

    /// Fires every timer that is due; true if there was one.
    fn fire_timers(&mut self) -> bool {
        let mut fired = false;
        let mut now = None;
        while let Some(&Reverse((at, ticket))) = self.blocking.timers.peek() {
            let now = *now.get_or_insert_with(|| self.blocking.clock.now());
            if at > now {
                break;
            }
            self.blocking.timers.pop();
            self.complete(ticket, Box::new(()));
            fired = true;
        }
        fired
    }

    /// Ends blocking call `ticket`: runs its finish step, pops the native frame and
    /// readies the prog (with the exception to raise, if the step raised one).
    fn complete(&mut self, ticket: u64, value: Value) {
        let Some(w) = self.blocking.waiting.remove(&ticket) else {
            return;
        };
        let Some(slot) = self.progs.get_mut(w.slot as usize) else {
            return;
        };
        if slot.as_ref().and_then(|p| p.call) != Some(ticket) {
            return;
        }
        let Some(mut p) = slot.take() else {
            return;
        };
        p.call = None;
        p.state = State::Ready;
        self.drop_holds();
        let done = (w.finish)(self, &mut p, value).and_then(|()| {
            if let Some(at) = p.frames.iter().rposition(|f| f.addr == w.frame) {
                self.pop_frames(&mut p, at)?;
            }
            if w.advance {
                p.pc += 1;
            }
            Ok(())
        });
        if let Err(Trap::Raise(e)) = done {
            p.pending = Some(e);
        }
        // The finish step may have let go of what the prog must wait for.
        let held = self.hold_pending && p.pending.is_none() && self.start_hold(&mut p).is_ok();
        self.progs[w.slot as usize] = Some(p);
        if !held {
            self.ready.push_front(w.slot);
        }
    }

    /// From code run inside an instruction (a native object's release hook):
    /// once the running instruction completes, its prog waits until `job`,
    /// run on a host worker thread, returns, and only then runs its next
    /// instruction; other progs run meanwhile. Outside a prog's turn (a
    /// collection, a prog's end) the work is not waited for.
    pub fn hold_running(&mut self, job: impl FnOnce() + Send + 'static) {
        self.blocking.holds.push(Box::new(job));
        self.hold_pending = true;
    }

    /// Forgets held work no prog is to wait for (it was given outside a turn).
    /// Inline: every turn starts with it.
    #[inline]
    pub(super) fn drop_holds(&mut self) {
        if self.hold_pending {
            self.hold_pending = false;
            self.blocking.holds.clear();
        }
    }

    /// Makes `p`, whose `pc` is at its next instruction, wait for the work
    /// [`Machine::hold_running`] gave; raises when no worker thread can be
    /// started (the work is then not waited for).
    pub(super) fn start_hold(&mut self, p: &mut Prog) -> Result<(), Trap> {
        self.hold_pending = false;
        let holds = std::mem::take(&mut self.blocking.holds);
        let ticket = self.blocking.ticket();
        let events = self.blocking.sender.clone();
        let work: Job = Box::new(move || {
            for job in holds {
                let _ = catch_unwind(AssertUnwindSafe(job));
            }
            let _ = events.send(Event::Done(ticket, Box::new(())));
        });
        if !self.blocking.pool.run(work) {
            return raise("no host thread for a blocking call");
        }
        self.wait_call(p, ticket, Box::new(|_, _, _| Ok(())), false);
        if let Some(w) = self.blocking.waiting.get_mut(&ticket) {
            w.advance = false;
        }
        Ok(())
    }
}

/// Wraps a typed finish step into one taking the job's boxed value.
fn typed<T: 'static>(
    finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
) -> Finish {
    Box::new(move |m, p, value| match value.downcast::<T>() {
        Ok(v) => finish(m, p, *v),
        Err(_) => raise("blocking call failed"),
    })
}
