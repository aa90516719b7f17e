//! The Dis JIT tier: compiles a module's code into host machine code with
//! Cranelift, at load or once it runs hot ([`DEFAULT_POLICY`]), for
//! [`dis::vm::Machine::set_tier`]. It compiles the loops of
//! straight integer code (word, byte and big arithmetic, moves, comparisons and
//! branches, array indexing) with the calls and returns inside one module; it
//! hands allocation, reference-counted moves, list and array
//! instructions one at a time to the machine and goes on after them; it leaves
//! everything else to the interpreter (see [`dis::vm::tier`] for the contract
//! and [`plan`] for what is compiled).
//!
//! All the unsafe code of the tier is in [`body`]: executable memory and calls
//! into it.
//!
//! Seeing the code it makes: with the environment variable `DIS_JIT_DUMP` set
//! when the compiler is made ([`Jit::new`]), each module compiled is printed on
//! standard error as its host machine code (Cranelift's listing, one block per
//! Dis block and leave); `DIS_JIT_DUMP=ir` prints its Cranelift IR before that,
//! as the translator built it. For example
//! `DIS_JIT_DUMP=1 emu -c1 -r tests/bench /fib.dis`.

#![deny(unsafe_op_in_unsafe_fn)]

pub mod body;
pub mod carry;
pub mod context;
pub mod known;
pub mod plan;
pub mod record;
pub mod translate;

use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use dis::vm::decode::Inst;
use dis::vm::fast::Fast;
use dis::vm::hot::Policy;
use dis::vm::tier::{Compilation, Compiler};

/// Whether the tier is on by default on this host: on x86-64, where its tests
/// run, and aarch64, which Cranelift targets as well and for which the tier has
/// no code of its own; elsewhere an embedder interprets unless asked to compile.
pub const DEFAULT_ON_HOST: bool = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));

/// The policy of the default tier ([`dis::vm::hot`]): a module is compiled
/// once it has run, interpreted, this many instructions per instruction it
/// compiles. Compiling costs Cranelift about as much per instruction as the
/// interpreter takes for this many (the example `compile_time` measures the
/// first, 0.04 to 0.14 ms; an interpreted instruction takes 3 to 5 ns),
/// so that a module runs interpreted for no longer than its compilation would
/// take: a command that uses a large library briefly (`ls`, `cat`, `bufio`
/// users) pays nothing for it, and a loop that runs long is compiled while it
/// has most of its run still ahead.
pub const DEFAULT_POLICY: Policy = Policy::WhenHot {
    per_compiled: 30_000,
};

/// The compiler for this host.
pub struct Jit {
    isa: OwnedTargetIsa,
    /// What to print of each module compiled (`DIS_JIT_DUMP`).
    dump: Option<Dump>,
}

impl Jit {
    /// A compiler for the host processor; an error when Cranelift cannot target it.
    pub fn new() -> Result<Jit, String> {
        let mut flags = settings::builder();
        let set =
            |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| e.to_string());
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "is_pic", "false")?;
        // Cranelift's check of the code the translator builds costs a third of
        // the compile time; builds with debug assertions (the tests) keep it.
        let verify = if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        };
        set(&mut flags, "enable_verifier", verify)?;
        let isa = cranelift_native::builder()?
            .finish(settings::Flags::new(flags))
            .map_err(|e| e.to_string())?;
        let dump = std::env::var_os("DIS_JIT_DUMP").map(|v| match v.to_str() {
            Some("ir") => Dump::Ir,
            _ => Dump::Code,
        });
        Ok(Jit { isa, dump })
    }
}

/// What `DIS_JIT_DUMP` asks to print of each module compiled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dump {
    /// The host machine code.
    Code,
    /// The Cranelift IR, then the machine code.
    Ir,
}

impl Compiler for Jit {
    fn compile(&self, name: &str, insts: &[Inst], fast: &[Fast]) -> Option<Compilation> {
        let plan = plan::plan(insts, fast);
        if plan.entries.is_empty() {
            return None;
        }
        let body =
            body::Body::compile(self.isa.clone(), (name, self.dump), insts, fast, &plan).ok()?;
        Some(Compilation {
            body: Box::new(body),
            entries: plan.entries,
        })
    }

    fn weigh(&self, insts: &[Inst], fast: &[Fast]) -> usize {
        let plan = plan::plan(insts, fast);
        if plan.entries.is_empty() {
            return 0;
        }
        plan.compiled.iter().filter(|&&c| c).count()
    }
}
