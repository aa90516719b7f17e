//! Built-in modules in host shared libraries (`emu -L folder`): [`finder`] looks
//! for `$Name`'s library (`libname.so` on Linux) in the folders the user named,
//! only there and only when a program first loads `$Name`; [`NativeModule`] is
//! the [`Builtin`] over an open library, whose table the interpreter links by name
//! and signature like any built-in's. The ABI, its safety contract and all its
//! `unsafe` code are the `native_abi` crate's (`native/abi`).

use super::sys::frame::{Frame, ARG0};
use dis::vm::builtin::BuiltinFinder;
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap, NIL};
use native_abi::host::{self, Library};
use std::path::PathBuf;

/// A finder of native modules in `folders`, searched in order.
pub fn finder(folders: Vec<PathBuf>) -> BuiltinFinder {
    Box::new(move |path| {
        let file = host::library_file(path)?;
        let name = file.to_string_lossy().into_owned();
        let Some(found) = folders.iter().map(|d| d.join(&file)).find(|f| f.is_file()) else {
            return Some(Err(format!(
                "module not built-in (no {name} in the native module folders)"
            )));
        };
        Some(match Library::open(&found) {
            Ok(library) => Ok(Box::new(NativeModule::new(library)) as Box<dyn Builtin>),
            Err(e) => Err(format!("native module {name}: {e}")),
        })
    })
}

/// An open native module and its export table.
pub struct NativeModule {
    library: Library,
    functions: Vec<NativeFn>,
}

impl NativeModule {
    /// The module of `library`. Its names and maps are kept for the life of the
    /// emu, as a built-in's table is (a registered module's library is never
    /// closed).
    pub fn new(library: Library) -> NativeModule {
        let functions = library
            .functions
            .iter()
            .map(|f| {
                let name: &'static str = Box::leak(f.name.clone().into_boxed_str());
                let map: &'static [u8] = Box::leak(f.frame_map.clone().into_boxed_slice());
                NativeFn::new(name, f.sig, f.frame_size, map)
            })
            .collect();
        NativeModule { library, functions }
    }
}

impl Builtin for NativeModule {
    fn path(&self) -> &str {
        &self.library.path
    }

    fn functions(&self) -> &[NativeFn] {
        &self.functions
    }

    fn call(&mut self, vm: &mut Machine, _p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let size = self
            .functions
            .get(func as usize)
            .map_or(ARG0, |f| f.frame_size);
        let mut call = CallFrame {
            vm,
            frame: Frame(frame),
            size,
            trap: None,
        };
        let done = self.library.call(func as usize, &mut call);
        if let Some(t) = call.trap {
            return Err(t);
        }
        match done {
            Ok(()) => Ok(()),
            Err(e) => raise(&e),
        }
    }
}

/// One call's frame as a library sees it: arguments checked against the frame's
/// size, and the first Dis trap kept to raise in place of the library's error.
struct CallFrame<'a> {
    vm: &'a mut Machine,
    frame: Frame,
    size: u32,
    trap: Option<Trap>,
}

impl CallFrame<'_> {
    /// Checks that `width` bytes at argument offset `off` lie inside the frame.
    fn arg(&self, off: u32, width: u32) -> Result<u32, String> {
        match off.checked_add(ARG0 + width) {
            Some(end) if end <= self.size => Ok(off),
            _ => Err(format!("argument offset {off} outside the frame")),
        }
    }

    /// Keeps a Dis trap, giving the library an error for it.
    fn kept<T>(&mut self, r: Result<T, Trap>) -> Result<T, String> {
        r.map_err(|t| {
            let text = match &t {
                Trap::Raise(e) => e.text.clone(),
                Trap::Exit => "exit".to_string(),
            };
            self.trap.get_or_insert(t);
            text
        })
    }

    /// Stores through the result pointer with `put`.
    fn ret(
        &mut self,
        put: impl FnOnce(&mut Machine, u32) -> Result<(), Trap>,
    ) -> Result<(), String> {
        let r = self.frame.ret(self.vm);
        let done = r.and_then(|at| put(self.vm, at));
        self.kept(done)
    }
}

impl host::Frame for CallFrame<'_> {
    fn word(&mut self, off: u32) -> Result<i32, String> {
        let off = self.arg(off, 4)?;
        let v = self.frame.word(self.vm, off);
        self.kept(v)
    }

    fn big(&mut self, off: u32) -> Result<i64, String> {
        let off = self.arg(off, 8)?;
        let v = self.frame.big(self.vm, off);
        self.kept(v)
    }

    fn real(&mut self, off: u32) -> Result<f64, String> {
        let off = self.arg(off, 8)?;
        let v = self.vm.mem.f(self.frame.0 + ARG0 + off);
        self.kept(v)
    }

    fn string(&mut self, off: u32) -> Result<String, String> {
        let off = self.arg(off, 4)?;
        let s = self.frame.ptr(self.vm, off).and_then(|s| match s {
            NIL => Ok(String::new()),
            s => self.vm.str_text(s),
        });
        self.kept(s)
    }

    fn ret_word(&mut self, v: i32) -> Result<(), String> {
        self.ret(|vm, at| vm.mem.set_w(at, v))
    }

    fn ret_big(&mut self, v: i64) -> Result<(), String> {
        self.ret(|vm, at| vm.mem.set_l(at, v))
    }

    fn ret_real(&mut self, v: f64) -> Result<(), String> {
        self.ret(|vm, at| vm.mem.set_f(at, v))
    }

    fn ret_string(&mut self, s: &str) -> Result<(), String> {
        let frame = self.frame;
        let made = self.vm.new_string(s);
        let done = made.and_then(|obj| frame.ret_ptr(self.vm, obj));
        self.kept(done)
    }
}
