//! The kernel's built-in modules (`$Sys`, `$Math`, `$Limbo`, `$Keyring`, ...): one file or
//! folder per module, each implementing [`dis::vm::Builtin`], and [`register`],
//! the one list that makes them loadable. Adding a module is a new file or
//! folder here and one line in [`register`].

pub mod keyring;
pub mod limbo;
pub mod math;
pub mod sys;

use crate::proc::command::System;
use dis::vm::Machine;

/// Makes every built-in module loadable in `vm`, the kernel `system`'s interpreter.
pub fn register(vm: &mut Machine, system: &System) {
    vm.add_builtin(Box::new(
        sys::Sys::new().in_kernel(system.kprocs.clone(), system.srv.clone()),
    ));
    vm.add_builtin(Box::new(math::Math));
    vm.add_builtin(Box::new(limbo::Limbo));
    vm.add_builtin(Box::new(keyring::Keyring::default()));
    vm.add_builtin(Box::new(keyring::ipints::IPintsModule::default()));
}
