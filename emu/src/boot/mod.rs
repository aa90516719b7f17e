//! Booting `emu`: the kernel over a host root, the host's standard streams as the
//! console, the boot name space with compiled modules on `/dis`, and the kernel
//! state the first prog runs with (the console on fds 0, 1 and 2).
//!
//! Compiled modules live in [`MODULE_DIR`] below the root (`build/dis`, made at
//! boot if missing when the root is the project tree, as is `tmp`, which is
//! `/tmp`), which boot binds onto
//! `/dis` (the root must have a `dis` folder to bind on); the crate folder `dis/`
//! of the project tree is therefore never what programs see as `/dis`. A root
//! without `build/dis` (an Inferno tree, a test root) shows its own `dis` folder.
//! A root with an `appl/` folder has its Limbo sources compiled into `build/dis`
//! first, as far as they changed ([`appl_build`]).

pub mod appl_build;

use self::appl_build::{APPL_DIR, MODULE_DIR};
use crate::kernel::boot::{Config, Kernel};
use crate::kernel::devices::prog::ProcessTable;
use crate::kernel::devices::root::BOOT_DIRS;
use crate::kernel::flags::{MREPL, OREAD, OWRITE};
use crate::kernel::hostcons::HostConsole;
use crate::kernel::ProcEnv;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder below the root that is `/tmp` (made at boot for the project tree).
pub const SCRATCH_DIR: &str = "tmp";

/// The project tree: the default root.
pub fn project_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A booted kernel and the first process's state.
pub struct Booted {
    pub kernel: Kernel,
    pub first: ProcEnv,
}

/// The host user `emu` runs as.
fn host_user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "inferno".to_string())
}

/// The host's name.
fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "emu".to_string())
}

/// Boots a kernel serving host directory `root` as `/`, with the host's standard
/// streams as the console and `processes` in `/prog`; `pid` is the first
/// process's.
pub fn boot(root: &Path, pid: u32, processes: Arc<dyn ProcessTable>) -> Result<Booted, String> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if canonical(root).is_some() && canonical(root) == canonical(&project_root()) {
        for dir in [MODULE_DIR, SCRATCH_DIR] {
            std::fs::create_dir_all(root.join(dir)).map_err(|e| format!("{dir}: {e}"))?;
        }
    }
    if root.join(APPL_DIR).is_dir() {
        if let Err(e) = appl_build::build(root, &mut std::io::stderr()) {
            eprintln!("emu: compiling {APPL_DIR}: {e}");
        }
    }
    let user = host_user();
    let console = Arc::new(HostConsole::new(|code| std::process::exit(code)));
    let kernel = Kernel::new(Config {
        root,
        root_dirs: BOOT_DIRS,
        sysname: &host_name(),
        hostowner: &user,
        version: concat!("emu ", env!("CARGO_PKG_VERSION")),
        console,
        processes,
    })
    .map_err(|e| format!("{}: {e}", root.display()))?;
    let first = kernel.boot(pid, &user).map_err(|e| e.to_string())?;
    if root.join(MODULE_DIR).is_dir() {
        first
            .bind(&format!("#U/{MODULE_DIR}"), "/dis", MREPL)
            .map_err(|e| format!("binding {MODULE_DIR} on /dis: {e}"))?;
    }
    for (path, mode) in [
        ("/dev/cons", OREAD),
        ("/dev/cons", OWRITE),
        ("/dev/hoststderr", OWRITE),
    ] {
        first.open(path, mode).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(Booted { kernel, first })
}
