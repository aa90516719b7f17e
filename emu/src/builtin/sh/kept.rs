//! `held`, `hold` and `release` of `$Sh`: the modules of builtins a shell
//! loaded from `.dis` files (`load NAME`, through `/dis/lib/shbuiltin.dis`),
//! each kept with its context under a key the shell chose, so that every use
//! of its builtins finds the same instance, as the original's shell keeps one
//! per loaded module for its life. The objects are pinned while kept.

use super::super::sys::frame::Frame;
use dis::vm::{Machine, Trap, NIL};
use std::collections::HashMap;

/// The kept modules: by key, the module link and the context.
#[derive(Default)]
pub struct Kept(HashMap<String, (u32, u32)>);

impl Kept {
    /// `held(key: string): (Shellbuiltin, ref Sh->Context)`.
    pub fn held(&self, vm: &mut Machine, f: Frame) -> Result<(), Trap> {
        let key = vm.str_text(f.ptr(vm, 0)?)?;
        let (module, ctxt) = self.0.get(&key).copied().unwrap_or((NIL, NIL));
        let ret = f.ret(vm)?;
        for (at, v) in [(ret, module), (ret + 4, ctxt)] {
            vm.inc(v)?;
            vm.put_ptr(at, v)?;
        }
        Ok(())
    }

    /// `hold(key: string, mod: Shellbuiltin, c: ref Sh->Context)`.
    pub fn hold(&mut self, vm: &mut Machine, f: Frame) -> Result<(), Trap> {
        let key = vm.str_text(f.ptr(vm, 0)?)?;
        let (module, ctxt) = (f.ptr(vm, 4)?, f.ptr(vm, 8)?);
        self.release_key(vm, &key)?;
        vm.pin(module)?;
        vm.pin(ctxt)?;
        self.0.insert(key, (module, ctxt));
        Ok(())
    }

    /// `release(key: string)`.
    pub fn release(&mut self, vm: &mut Machine, f: Frame) -> Result<(), Trap> {
        let key = vm.str_text(f.ptr(vm, 0)?)?;
        self.release_key(vm, &key)
    }

    fn release_key(&mut self, vm: &mut Machine, key: &str) -> Result<(), Trap> {
        if let Some((module, ctxt)) = self.0.remove(key) {
            vm.unpin(module)?;
            vm.unpin(ctxt)?;
        }
        Ok(())
    }
}
