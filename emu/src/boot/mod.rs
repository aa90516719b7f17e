//! Booting `emu`: the kernel over a host root, the host's standard streams as the
//! console, the boot name space, and the kernel state the first prog runs with
//! (the console on fds 0, 1 and 2).
//!
//! The system's own modules come from the build: boot compiles the `appl/` of
//! the project tree (the tree this emu was built from, [`project_root`]) into
//! its `build/dis` ([`appl_build`]), never the `appl/` of a root. `#U` then
//! serves, read only, the build's `build/dis` as `/dis` when the root has no
//! `dis` folder (or is the project tree, whose `dis/` is a crate), and the
//! project's `module/` as `/module` when the root has no `module` folder
//! (grafts of the host file device, not binds: a walk through `/dis` reads as
//! through any folder). A root with a `dis` of its own (an Inferno tree) keeps
//! it. Without `-r` the root is emu's own ([`own_root`]).

pub mod appl_build;
pub mod own_root;

use self::appl_build::{APPL_DIR, INCLUDE_DIR, MODULE_DIR};
use crate::kernel::boot::{Config, Kernel};
use crate::kernel::devices::fs::host_user_name;
use crate::kernel::devices::prog::ProcessTable;
use crate::kernel::devices::root::BOOT_DIRS;
use crate::kernel::flags::{OREAD, OWRITE};
use crate::kernel::hostcons::HostConsole;
use crate::kernel::ProcEnv;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder below the project tree that is `/tmp` when it is the root.
const SCRATCH_DIR: &str = "tmp";

/// The project tree: where the system's sources and build live.
pub fn project_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A booted kernel and the first process's state.
pub struct Booted {
    pub kernel: Kernel,
    pub first: ProcEnv,
}

/// The host user `emu` runs as (the host's name for it, as the original
/// gives it; `inferno` when the host has none).
pub fn host_user() -> String {
    host_user_name().unwrap_or_else(|| "inferno".to_string())
}

/// The host's name.
fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "emu".to_string())
}

/// The top-level names of root `root` that `#U` serves from the build of the
/// project tree `project`.
pub fn system_grafts(root: &Path, project: &Path) -> Vec<(String, PathBuf)> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let is_project = canonical(root).is_some() && canonical(root) == canonical(project);
    let mut grafts = Vec::new();
    let modules = project.join(MODULE_DIR);
    if modules.is_dir() && (is_project || !root.join("dis").is_dir()) {
        grafts.push(("dis".to_string(), modules));
    }
    let interfaces = project.join(INCLUDE_DIR);
    if interfaces.is_dir() && !root.join(INCLUDE_DIR).is_dir() {
        grafts.push((INCLUDE_DIR.to_string(), interfaces));
    }
    grafts
}

/// Boots a kernel serving host directory `root` as `/`, with the host's standard
/// streams as the console and `processes` in `/prog`; `pid` is the first
/// process's; `host_commands` gives it `#C`, which runs host commands.
pub fn boot(
    root: &Path,
    pid: u32,
    processes: Arc<dyn ProcessTable>,
    host_commands: bool,
) -> Result<Booted, String> {
    let project = project_root();
    if project.join(APPL_DIR).is_dir() {
        if let Err(e) = appl_build::build(&project, &mut std::io::stderr()) {
            eprintln!("emu: compiling {APPL_DIR}: {e}");
        }
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if canonical(root).is_some() && canonical(root) == canonical(&project) {
        let scratch = root.join(SCRATCH_DIR);
        std::fs::create_dir_all(&scratch).map_err(|e| format!("{SCRATCH_DIR}: {e}"))?;
    }
    let user = host_user();
    let console = Arc::new(HostConsole::new(|code| std::process::exit(code)));
    let kernel = Kernel::new(Config {
        root,
        grafts: &system_grafts(root, &project),
        root_dirs: BOOT_DIRS,
        sysname: &host_name(),
        hostowner: &user,
        version: concat!("emu ", env!("CARGO_PKG_VERSION")),
        console,
        processes,
        host_commands,
    })
    .map_err(|e| format!("{}: {e}", root.display()))?;
    let first = kernel.boot(pid, &user).map_err(|e| e.to_string())?;
    for (path, mode) in [
        ("/dev/cons", OREAD),
        ("/dev/cons", OWRITE),
        ("/dev/hoststderr", OWRITE),
    ] {
        first.open(path, mode).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(Booted { kernel, first })
}
