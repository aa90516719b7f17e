//! When a module's code is compiled ([`super::tier`]): at load, or once it has
//! run hot. Hotness is counted per module in interpreted instructions, which
//! the dispatch loop counts anyway (its budget): each time the interpreter
//! leaves a module's code (the turn ends or a call or return changes module) the
//! instructions it ran there are charged to that module, so the loop itself
//! runs no code for it.
//!
//! A module is first weighed after [`FIRST_LOOK`] instructions: the compiler
//! says how many of its instructions it would compile (none: it stays
//! interpreted for good). It is compiled once it has run a further `per_compiled`
//! instructions ([`Policy::WhenHot`]) for each of those, so that the time a
//! module spends interpreted before it is compiled is in proportion to what
//! compiling it costs: a command that runs a large library briefly never pays
//! for its compilation, a long loop soon runs compiled.

use super::decode::Inst;
use super::fast::{enter_at, Fast};
use super::tier::{Compiled, Compiler};
use super::Machine;
use std::cell::{Cell, OnceCell};
use std::rc::Rc;

/// Interpreted instructions a module runs before the compiler weighs it.
pub const FIRST_LOOK: u64 = 50_000;

/// `Heat::left` of a module that is never compiled.
const NEVER: u64 = u64::MAX;

/// A module's code as the compiler takes it: its name, instructions and
/// their specialised forms.
pub(super) type Source<'a> = (&'a str, &'a [Inst], &'a [Fast]);

/// When the machine compiles the code it loads (with a compiler set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Every module as it is loaded.
    AtLoad,
    /// A module once it has run hot: after [`FIRST_LOOK`] instructions and
    /// then `per_compiled` more per instruction the compiler would compile.
    WhenHot { per_compiled: u64 },
}

/// A module's code in compiled form, with the forms the dispatch loop runs
/// over it.
pub struct Tiered {
    pub body: Box<dyn Compiled>,
    /// The module's forms with [`Fast::Enter`] at the compiled entries.
    pub fast: Vec<Fast>,
}

/// A module's standing with the compiled tier.
pub struct Heat {
    /// Its compiled form, once made.
    tiered: OnceCell<Tiered>,
    /// Interpreted instructions it may still run before the next look at it;
    /// [`NEVER`] when it is not to be compiled.
    left: Cell<u64>,
    /// Whether the compiler has weighed it.
    weighed: Cell<bool>,
}

impl Heat {
    /// A module interpreted for good.
    pub fn never() -> Heat {
        Heat {
            tiered: OnceCell::new(),
            left: Cell::new(NEVER),
            weighed: Cell::new(true),
        }
    }

    /// A module to be weighed once it has run [`FIRST_LOOK`] instructions.
    pub fn counting() -> Heat {
        Heat {
            left: Cell::new(FIRST_LOOK),
            weighed: Cell::new(false),
            ..Heat::never()
        }
    }

    /// A module compiled already.
    pub fn compiled(t: Tiered) -> Heat {
        let h = Heat::never();
        h.tiered.get_or_init(|| t);
        h
    }

    /// Its compiled form, when made.
    #[inline]
    pub fn tiered(&self) -> Option<&Tiered> {
        self.tiered.get()
    }

    /// Charges `ran` interpreted instructions to the module; true when they
    /// make it hot ([`Machine::ripen`] then weighs or compiles it). Takes
    /// nothing of the code, so that a module never compiled costs one test.
    #[inline]
    pub(super) fn charge(&self, ran: u32) -> bool {
        let left = self.left.get();
        if left == NEVER {
            return false;
        }
        match left.checked_sub(u64::from(ran)) {
            Some(l) if l > 0 => {
                self.left.set(l);
                false
            }
            _ => true,
        }
    }
}

/// `fast` with entries into `body` at `entries`.
fn tiered(body: Box<dyn Compiled>, fast: &[Fast], entries: &[u32]) -> Tiered {
    let mut fast = fast.to_vec();
    enter_at(&mut fast, entries);
    Tiered { body, fast }
}

impl Machine {
    /// Sets the compiled tier: `compiler` compiles the modules loaded from now
    /// on as `policy` says; `None` interprets them.
    pub fn set_tier(&mut self, compiler: Option<Rc<dyn Compiler>>, policy: Policy) {
        self.compiler = compiler;
        self.policy = policy;
    }

    /// The standing with the tier of a module being loaded, `code` (compiled
    /// now under [`Policy::AtLoad`]).
    pub(super) fn first_heat(&self, (name, insts, fast): Source) -> Heat {
        let Some(c) = &self.compiler else {
            return Heat::never();
        };
        match self.policy {
            Policy::WhenHot { .. } => Heat::counting(),
            Policy::AtLoad => match c.compile(name, insts, fast) {
                Some(k) => Heat::compiled(tiered(k.body, fast, &k.entries)),
                None => Heat::never(),
            },
        }
    }

    /// The module has run its instructions' worth: weighs it the first time,
    /// then compiles it.
    #[cold]
    pub(super) fn ripen(&mut self, heat: &Heat, (name, insts, fast): Source) {
        heat.left.set(NEVER);
        let (Some(c), Policy::WhenHot { per_compiled }) = (self.compiler.clone(), self.policy)
        else {
            return;
        };
        if !heat.weighed.replace(true) {
            let n = c.weigh(insts, fast) as u64;
            if n > 0 {
                heat.left.set(n.saturating_mul(per_compiled).max(1));
            }
            return;
        }
        if let Some(k) = c.compile(name, insts, fast) {
            let _ = heat.tiered.set(tiered(k.body, fast, &k.entries));
        }
    }
}
