//! Built-in modules: Rust types that export functions to Dis code under a `$Name`
//! path, linked by the same name-and-signature rule as Dis modules.

use super::procs::Caller;
use super::prog::{Prog, NOTIFYLEADER, PROPAGATE};
use super::trap::Trap;
use super::types::Kind;
use super::Machine;
use std::rc::Rc;

/// What runs when the last reference to a native object goes: it gets the machine
/// and the object's address, before the object's memory is reused.
pub type Release = Rc<dyn Fn(&mut Machine, u32)>;

/// One exported native function, as the original's generated tables describe it.
#[derive(Clone, Copy, Debug)]
pub struct NativeFn {
    pub name: &'static str,
    pub sig: u32,
    /// Frame size in bytes; 0 for a varargs function (the caller builds the frame).
    pub frame_size: u32,
    /// Frame pointer map (one bit per word, most significant bit first).
    pub frame_map: &'static [u8],
}

impl NativeFn {
    /// A function's entry in a built-in module's export table.
    pub const fn new(
        name: &'static str,
        sig: u32,
        frame_size: u32,
        frame_map: &'static [u8],
    ) -> NativeFn {
        NativeFn {
            name,
            sig,
            frame_size,
            frame_map,
        }
    }
}

/// A built-in module.
pub trait Builtin {
    /// The path Dis code loads it by (`$Sys`).
    fn path(&self) -> &str;

    /// The export table.
    fn functions(&self) -> &[NativeFn];

    /// Called once when the module is added to a machine (to register its native
    /// object types), with the module's index.
    fn attach(&mut self, _vm: &mut Machine, _index: u32) {}

    /// Runs function `func` of the table with its arguments in the frame at `frame`;
    /// the result goes through the frame's result pointer (frame word 16). A function
    /// that may block hands its work to [`Machine::block_on`] (or waits with
    /// [`Machine::sleep_until`]) and returns; see [`super::blocking`].
    fn call(
        &mut self,
        vm: &mut Machine,
        prog: &mut Prog,
        func: u32,
        frame: u32,
    ) -> Result<(), Trap>;
}

/// Finds a built-in module that is not registered, by its path (`$Name`): `None`
/// when there is none, `Err` when there is one that cannot be used.
pub type BuiltinFinder = Box<dyn FnMut(&str) -> Option<Result<Box<dyn Builtin>, String>>>;

/// A registered built-in: the module and the frame type of each function.
pub struct Registered {
    pub module: Option<Box<dyn Builtin>>,
    pub path: String,
    pub functions: Vec<NativeFn>,
    pub frames: Vec<u32>,
}

impl Machine {
    /// Adds a built-in module; `load` finds it by its path from now on.
    pub fn add_builtin(&mut self, mut b: Box<dyn Builtin>) -> u32 {
        let index = self.builtins.len() as u32;
        let functions = b.functions().to_vec();
        let frames = functions
            .iter()
            .map(|f| {
                self.types
                    .add_map(f.frame_size.max(32), f.frame_map, Kind::Plain)
            })
            .collect();
        let path = b.path().to_string();
        self.builtins.push(Registered {
            module: None,
            path,
            functions,
            frames,
        });
        b.attach(self, index);
        if let Some(r) = self.builtins.get_mut(index as usize) {
            r.module = Some(b);
        }
        index
    }

    /// Makes `load` of a `$` path that names no registered built-in ask `finder`,
    /// and register the module it finds (an embedder's modules in host libraries).
    pub fn set_builtin_finder(&mut self, finder: BuiltinFinder) {
        self.builtin_finder = Some(finder);
    }

    /// The index of built-in module `path`, registering it first if the finder
    /// has it; or why it cannot be loaded.
    pub(super) fn builtin_index(&mut self, path: &str) -> Result<u32, String> {
        if let Some(i) = self.builtins.iter().position(|b| b.path == path) {
            return Ok(i as u32);
        }
        match self.builtin_finder.as_mut().and_then(|find| find(path)) {
            None => Err("module not built-in".to_string()),
            Some(Err(e)) => Err(e),
            Some(Ok(b)) if b.path() == path => Ok(self.add_builtin(b)),
            Some(Ok(b)) => Err(format!("{path}: the module found is {}", b.path())),
        }
    }

    /// Registers a type for native objects: `size` Dis-visible bytes with pointers at
    /// `ptrs`; `release` runs when one of them dies (also while a call of the module
    /// that made it is running, so it must not need the module itself).
    pub fn add_native_type(&mut self, size: u32, ptrs: &[u32], release: Release) -> u32 {
        let index = self.releases.len() as u32;
        self.releases.push(release);
        self.types.add(size, ptrs, Kind::Native(index))
    }

    /// Runs a native function.
    pub(super) fn call_native(
        &mut self,
        p: &mut Prog,
        module: u32,
        func: u32,
        frame: u32,
    ) -> Result<(), Trap> {
        let taken = self
            .builtins
            .get_mut(module as usize)
            .and_then(|r| r.module.take());
        let mut b = match taken {
            Some(b) => b,
            None => return super::trap::raise(super::trap::EXC_MODULE),
        };
        self.caller = Some(Caller::of(p));
        let result = b.call(self, p, func, frame);
        self.caller = None;
        if let Some(flags) = self.caller_flags.take() {
            p.flags = p.flags & !(PROPAGATE | NOTIFYLEADER) | flags;
        }
        if result.is_err() {
            self.cancel_call(p);
        }
        if let Some(r) = self.builtins.get_mut(module as usize) {
            r.module = Some(b);
        }
        result
    }

    /// Runs the release function of a native object's type.
    pub(super) fn release_native(&mut self, index: u32, obj: u32) {
        if let Some(release) = self.releases.get(index as usize).cloned() {
            release(self, obj);
        }
    }
}
