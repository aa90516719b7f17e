//! The kernel's built-in modules (`$Sys`, `$Math`, `$Limbo`, ...): one file or
//! folder per module, each implementing [`dis::vm::Builtin`], and [`register`],
//! the one list that makes them loadable. Adding a module is a new file or
//! folder here and one line in [`register`].

pub mod limbo;
pub mod math;
pub mod sys;

use crate::kernel::devices::srv::SrvDevice;
use crate::proc::kproc::Kprocs;
use dis::vm::Machine;
use std::sync::Arc;

/// Makes every built-in module loadable in `vm`, the interpreter of the kernel
/// whose native processes are `kprocs` and whose srv device is `srv`.
pub fn register(vm: &mut Machine, kprocs: &Arc<Kprocs>, srv: &Arc<SrvDevice>) {
    vm.add_builtin(Box::new(
        sys::Sys::new().in_kernel(kprocs.clone(), srv.clone()),
    ));
    vm.add_builtin(Box::new(math::Math));
    vm.add_builtin(Box::new(limbo::Limbo));
}
