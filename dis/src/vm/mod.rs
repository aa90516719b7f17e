//! The interpreter: one machine owns an arena holding every Dis-visible byte, the
//! heap inside it, the type table, loaded code, module links and built-in modules,
//! and runs threads (progs) on it.
//!
//! Pointers are 32-bit arena addresses; nil is [`NIL`] (0xFFFFFFFF, as in the
//! original). Nothing here touches files or terminals: the embedder supplies a
//! [`Loader`] and a console sink for the runtime's own messages.

pub mod alt;
pub mod arena;
pub mod array;
pub mod blocking;
pub mod builtin;
pub mod channel;
pub mod check;
pub mod clock;
pub mod decode;
pub mod ending;
pub mod exception;
pub mod exec;
pub mod external;
pub mod fast;
pub mod frame_record;
pub mod frames;
pub mod gc;
pub mod heap;
pub mod hosts;
pub mod hot;
pub mod keeper;
pub mod last_exception;
pub mod list;
pub mod load;
pub mod meter;
pub mod modes;
pub mod module;
pub mod ops;
pub mod pinned;
pub mod procs;
pub mod profile;
pub mod prog;
pub mod run;
pub mod sampling;
pub mod sched;
pub mod slots;
pub mod stack;
pub mod step;
pub mod string;
pub mod tier;
pub mod tier_host;
pub mod trap;
pub mod types;

pub use arena::NIL;
pub use blocking::Remote;
pub use builtin::{Builtin, NativeFn};
pub use ending::{is_broken, KillScope};
pub use gc::GcStats;
pub use keeper::KeepError;
pub use load::Loader;
pub use meter::{Budget, GroupMeter, MeterError};
pub use procs::{CtlError, ExceptionMode, ProgEvent, ProgEvents, ProgSnapshot};
pub use prog::Prog;
pub use prog::{State, Usage};
pub use trap::{Exception, Trap};

use arena::Arena;
use blocking::Blocking;
use builtin::Registered;
use channel::ChanState;
use heap::Heap;
use load::Cached;
use module::LinkState;
use procs::Caller;
use std::any::Any;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use types::Types;

/// A Dis machine.
pub struct Machine {
    pub mem: Arena,
    pub heap: Heap,
    pub types: Types,
    /// Reused work list of objects being destroyed.
    work: Vec<u32>,
    /// The cycle collector's state.
    gc: gc::Collector,
    /// Set when a collector step should run at the next safe point (a cycle is due
    /// or under way).
    pub gc_wanted: bool,
    links: Vec<Option<LinkState>>,
    free_links: Vec<u32>,
    builtins: Vec<Registered>,
    /// Finds built-in modules not registered yet (see [`Machine::set_builtin_finder`]).
    builtin_finder: Option<builtin::BuiltinFinder>,
    /// Release functions of native object types, by `Kind::Native` index.
    releases: Vec<builtin::Release>,
    loader: Box<dyn Loader>,
    code_cache: HashMap<String, Cached>,
    console: Box<dyn FnMut(&str)>,
    /// Three words that immediate operands are stored into when an instruction needs
    /// their address.
    scratch: u32,
    /// The next process id; shared with the embedder's native processes.
    next_pid: Arc<AtomicU32>,
    /// Progs by slot (a running prog is taken out while it runs).
    progs: Vec<Option<Box<Prog>>>,
    free_progs: Vec<u32>,
    /// Slots of runnable progs, in turn order.
    ready: VecDeque<u32>,
    chans: Vec<Option<ChanState>>,
    free_chans: Vec<u32>,
    /// State of the pseudo-random sequence `alt` chooses with.
    rand: u32,
    /// Pointer-free types by size, for `newcm` channels.
    size_types: HashMap<u32, u32>,
    /// Blocking calls on host workers, timers, code posted by other threads.
    blocking: Blocking,
    /// The prog whose built-in call is running, while it runs.
    caller: Option<Caller>,
    /// Exception-mode flags to give that prog when its call returns.
    caller_flags: Option<u32>,
    /// Set when the running prog was killed (by its own built-in call): it ends as
    /// soon as that call returns.
    kill_running: bool,
    /// Set when [`Machine::hold_running`] gave work the running prog waits for
    /// once its instruction completes.
    hold_pending: bool,
    /// Host-side channel parties waiting, by id, with what to run when they finish.
    externals: HashMap<u32, external::External>,
    next_external: u32,
    /// Objects the embedder keeps alive ([`pinned`]), one entry per pin.
    pinned: Vec<u32>,
    /// Told about spawned and ended progs.
    prog_events: Option<procs::ProgEvents>,
    /// The pid whose end [`Machine::run_all`] reports, and that end once known.
    watched: (u32, Option<run::Outcome>),
    /// How many progs have broken (died of an exception that is not a failure).
    broken: u32,
    /// What a broken prog's embedder state becomes (see [`Machine::set_host_release`]).
    release_host: Option<HostRelease>,
    /// Compiles code for the compiled tier ([`tier`]), when set, as `policy`
    /// says ([`hot`]).
    compiler: Option<Rc<dyn tier::Compiler>>,
    policy: hot::Policy,
    /// The heap checker runs after every this many turns, 0 never ([`check`]).
    heap_check: u32,
    heap_turns: u32,
    /// Heap checks made and findings reported.
    heap_checks: u64,
    heap_findings: u64,
    /// Whether a `Broken` line is followed by the source line of the fault.
    source_lines: bool,
    /// Budgets and consumption ([`meter`]).
    meters: meter::Meters,
    /// The instructions the last turn of [`Machine::exec`] ran.
    pub turn_insts: u32,
    /// The process groups that have a keeper ([`keeper`]).
    keepers: HashSet<u32>,
    /// The profile `#P` controls ([`sampling`]), when the embedder gave one.
    profile: Option<Arc<profile::Profile>>,
    /// The state of the random share of a quantum a time sample runs.
    profile_rand: u32,
    /// Under a memory profile, the record and pc that allocations are
    /// charged to while an instruction runs.
    alloc_site: Option<(u32, u32)>,
    /// Whether freed blocks are given back to a memory profile.
    profile_frees: bool,
}

/// Turns the embedder state of a prog that broke into what it keeps while it stays
/// listed, without the resources (open files) it must give up at once.
pub type HostRelease = Box<dyn Fn(&Rc<dyn Any>) -> Rc<dyn Any>>;

impl Machine {
    /// A machine that finds modules through `loader` and reports runtime messages
    /// (`link typecheck ...`, `Broken` lines) to `console`, one line per call.
    pub fn new(loader: Box<dyn Loader>, console: Box<dyn FnMut(&str)>) -> Machine {
        let mut m = Machine {
            mem: Arena::new(),
            heap: Heap::new(),
            types: Types::new(),
            work: Vec::new(),
            gc: gc::Collector::new(),
            gc_wanted: false,
            links: Vec::new(),
            free_links: Vec::new(),
            builtins: Vec::new(),
            builtin_finder: None,
            releases: Vec::new(),
            loader,
            code_cache: HashMap::new(),
            console,
            scratch: NIL,
            next_pid: Arc::new(AtomicU32::new(1)),
            progs: Vec::new(),
            free_progs: Vec::new(),
            ready: VecDeque::new(),
            chans: Vec::new(),
            free_chans: Vec::new(),
            rand: 0x20342,
            size_types: HashMap::new(),
            blocking: Blocking::new(),
            caller: None,
            caller_flags: None,
            kill_running: false,
            hold_pending: false,
            externals: HashMap::new(),
            next_external: 0,
            pinned: Vec::new(),
            prog_events: None,
            watched: (0, None),
            broken: 0,
            release_host: None,
            compiler: None,
            policy: hot::Policy::AtLoad,
            heap_check: 0,
            heap_turns: 0,
            heap_checks: 0,
            heap_findings: 0,
            source_lines: false,
            meters: meter::Meters::default(),
            turn_insts: 0,
            keepers: HashSet::new(),
            profile: None,
            profile_rand: 1,
            alloc_site: None,
            profile_frees: false,
        };
        m.scratch = m.alloc(24, types::T_NONE).unwrap_or(NIL);
        m
    }

    /// A new process id.
    pub fn new_pid(&mut self) -> u32 {
        self.next_pid.fetch_add(1, Ordering::Relaxed)
    }

    /// Takes process ids from `counter` (holding the next one) from now on, a
    /// sequence the embedder's own processes share.
    pub fn use_pid_counter(&mut self, counter: Arc<AtomicU32>) {
        self.next_pid = counter;
    }

    /// Sets what a broken prog's embedder state becomes: it releases its resources
    /// at once, while the prog stays listed as broken until killed.
    pub fn set_host_release(&mut self, f: HostRelease) {
        self.release_host = Some(f);
    }

    /// Follows each `Broken` line with `[Module] at file:line`, the source line of
    /// the fault, when the module's symbol file gives it.
    pub fn report_source_lines(&mut self, on: bool) {
        self.source_lines = on;
    }

    /// Compiles every module loaded from now on with `compiler` as it is
    /// loaded (the compiled tier); `None` interprets them.
    pub fn set_compiler(&mut self, compiler: Option<Rc<dyn tier::Compiler>>) {
        self.set_tier(compiler, hot::Policy::AtLoad);
    }

    /// Writes one line of the runtime's own output to the console.
    pub fn console_line(&mut self, line: &str) {
        (self.console)(line);
    }
}
