//! The kernel's built-in modules (`$Sys`, `$Math`, `$Limbo`, `$Keyring`, `$Crypt`, ...):
//! one file or folder per module, each implementing [`dis::vm::Builtin`], and
//! [`register`], the one list that makes them loadable. Adding a module is a new file or
//! folder here and one line in [`register`]. Modules in host shared libraries
//! (`emu -L`) are found when first loaded ([`native`]).

pub mod crypt;
#[cfg(test)]
mod export_check;
pub mod keyring;
pub mod limbo;
pub mod math;
pub mod native;
pub mod sh;
pub mod sys;

use crate::kernel::devices::srv::SrvDevice;
use crate::proc::kproc::Kprocs;
use dis::vm::{Machine, NativeFn, Trap, NIL};
use std::sync::Arc;

/// Makes every built-in module loadable in `vm`, the interpreter of the kernel
/// whose native processes are `kprocs`, whose srv device is `srv` and whose
/// shells `$Sh` starts with `shell`.
pub fn register(
    vm: &mut Machine,
    kprocs: &Arc<Kprocs>,
    srv: &Arc<SrvDevice>,
    shell: sh::ShellRunner,
) {
    vm.add_builtin(Box::new(
        sys::Sys::new().in_kernel(kprocs.clone(), srv.clone()),
    ));
    vm.add_builtin(Box::new(math::Math::default()));
    vm.add_builtin(Box::new(limbo::Limbo));
    vm.add_builtin(Box::new(keyring::Keyring::default()));
    let ipints = keyring::ipints::SharedIPints::default();
    vm.add_builtin(Box::new(keyring::ipints::IPintsModule::new(ipints.clone())));
    vm.add_builtin(Box::new(crypt::Crypt::new(ipints)));
    vm.add_builtin(Box::new(sh::Sh::new(shell)));
}

/// Signature of a Command's `init(ctxt: ref Draw->Context, argv: list of string)`.
pub const COMMAND_INIT_SIG: u32 = 0x4244b354;

/// A Command's `init` as a built-in function (`$Limbo`, `$Sh`).
pub const COMMAND_INIT: NativeFn = NativeFn::new("init", COMMAND_INIT_SIG, 40, &[0x00, 0xc0]);

/// Offset of `argv` in a Command `init`'s frame.
pub const COMMAND_ARGV: u32 = 36;

/// The strings of a `list of string` argument.
pub fn string_list(vm: &Machine, mut list: u32) -> Result<Vec<String>, Trap> {
    let mut out = Vec::new();
    while list != NIL {
        out.push(vm.str_text(vm.mem.u(vm.list_head(list)?)?)?);
        list = vm.list_tail(list)?;
    }
    Ok(out)
}
