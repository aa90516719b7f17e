//! Putting a kernel together: its devices, and the name space the first
//! process starts with, built as the original's boot builds it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::chan::Chan;
use super::device::Caller;
use super::devices::cmd::CmdDevice;
use super::devices::cons::{ConsDevice, Console};
use super::devices::dup::DupDevice;
use super::devices::env::EnvDevice;
use super::devices::fs::FsDevice;
use super::devices::ip::services::Services;
use super::devices::ip::IpDevice;
use super::devices::mnt::MntDevice;
use super::devices::pipe::PipeDevice;
use super::devices::prof::ProfDevice;
use super::devices::prog::{ProcessTable, ProgDevice};
use super::devices::root::RootDevice;
use super::devices::srv::SrvDevice;
use super::devices::ssl::SslDevice;
use super::devices::DeviceTable;
use super::env::EnvGroup;
use super::error::Result;
use super::fdtable::FdTable;
use super::flags::{MAFTER, MBEFORE, MCREATE, MREPL};
use super::identity::Identity;
use super::mount::Namespace;
use super::proc::ProcEnv;
use dis::vm::profile::Profile;

/// What a kernel is made from.
pub struct Config<'a> {
    /// The host directory `#U` serves (the `-r` root).
    pub root: &'a Path,
    /// Top-level names of `#U` served read only from other host directories
    /// (see [`FsDevice::with_grafts`]).
    pub grafts: &'a [(String, PathBuf)],
    /// The empty directories of `#/`
    /// ([`BOOT_DIRS`](super::devices::root::BOOT_DIRS) for the original's);
    /// names not listed here are found in `#U`, which is bound after it.
    pub root_dirs: &'a [&'a str],
    /// The host's name for `/dev/sysname`.
    pub sysname: &'a str,
    /// The user the kernel runs as (`/dev/hostowner`).
    pub hostowner: &'a str,
    /// The text of `/dev/sysctl`.
    pub version: &'a str,
    pub console: Arc<dyn Console>,
    pub processes: Arc<dyn ProcessTable>,
    /// Whether the kernel has `#C`, which runs host commands (`emu -C`).
    pub host_commands: bool,
}

/// A kernel: its devices.
pub struct Kernel {
    pub devices: Arc<DeviceTable>,
    /// The srv device, which file2chan registers files with.
    pub srv: Arc<SrvDevice>,
    /// What the profiling device `#P` controls and the interpreter counts.
    pub profile: Arc<Profile>,
}

/// The root's services file, which the connection server reads first.
const NDB_SERVICES: &str = "lib/ndb/services";

/// The host's services file, which it reads after the root's.
const HOST_SERVICES: &str = "/etc/services";

/// The binds of the boot name space, in order, as `(source, target, flags)`.
const BOOT_BINDS: &[(&str, &str, u32)] = &[
    ("#U", "/", MAFTER | MCREATE),
    ("#c", "/dev", MBEFORE),
    ("#p", "/prog", MREPL),
    ("#d", "/fd", MREPL),
    ("#e", "/env", MREPL | MCREATE),
    ("#s", "/chan", MREPL),
    ("#I", "/net", MAFTER),
];

impl Kernel {
    /// Makes the devices.
    pub fn new(cfg: Config<'_>) -> std::io::Result<Kernel> {
        let srv = Arc::new(SrvDevice::new());
        let cons = Arc::new(ConsDevice::new(
            cfg.console,
            cfg.processes.clone(),
            (cfg.sysname, cfg.hostowner, cfg.version),
        ));
        let mut devices = DeviceTable::new();
        devices.add(Arc::new(RootDevice::new(cfg.root_dirs)));
        devices.add(cons.clone());
        devices.add(Arc::new(EnvDevice));
        devices.add(Arc::new(FsDevice::with_grafts(cfg.root, cfg.grafts)?));
        devices.add(Arc::new(PipeDevice));
        devices.add(Arc::new(ProgDevice::new(cfg.processes)));
        devices.add(Arc::new(DupDevice));
        devices.add(srv.clone());
        devices.add(Arc::new(MntDevice));
        let profile = Profile::new();
        devices.add(Arc::new(ProfDevice::new(profile.clone())));
        devices.add(Arc::new(IpDevice::new(Services::new(vec![
            cfg.root.join(NDB_SERVICES),
            PathBuf::from(HOST_SERVICES),
        ]))));
        devices.add(Arc::new(SslDevice::new(cfg.hostowner)));
        if cfg.host_commands {
            devices.add(Arc::new(CmdDevice::new(cfg.root.to_path_buf())));
        }
        cons.set_drivers(devices.drivers_text());
        Ok(Kernel {
            devices: Arc::new(devices),
            srv,
            profile,
        })
    }

    /// The first process's state: the boot name space (`#/` with `#U`
    /// after it, the console on `/dev`, `#p` on `/prog`, `#d` on `/fd`, `#e` on `/env`,
    /// `#s` on `/chan`, `#I` after `/net`), no fds, an empty environment.
    pub fn boot(&self, pid: u32, user: &str) -> Result<ProcEnv> {
        let env = EnvGroup::new();
        let caller = Caller {
            pid,
            user: user.into(),
            identity: Identity::new(user),
            env: env.clone(),
            fds: std::sync::Weak::<()>::new(),
            interrupt: styx::Cancel::new(),
        };
        let root = self
            .devices
            .lookup('/')
            .ok_or(super::error::Error::BadSharp)?
            .attach("", &caller)?;
        let ns = Namespace::new(self.devices.clone(), Chan::new('/', root, "#/".into()));
        for &(src, target, flags) in BOOT_BINDS {
            ns.bind(src, target, flags, &caller)?;
        }
        Ok(ProcEnv {
            pid,
            identity: caller.identity,
            fds: FdTable::new(),
            ns,
            env,
            interrupt: caller.interrupt,
        })
    }
}
