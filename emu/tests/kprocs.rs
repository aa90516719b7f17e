//! Native processes: a kproc serving `export` shows in `/prog` beside the
//! progs, with its status line, and dies by `/prog/n/ctl`; `killgrp`
//! reaches the progs of its group too.

mod common;

use std::sync::atomic::AtomicU32;
use std::sync::Arc;

use common::*;
use emu::kernel::boot::{Config, Kernel};
use emu::kernel::conn::{ConnIo, Interrupt};
use emu::kernel::devices::prog::ProgInfo;
use emu::kernel::flags::*;
use emu::kernel::ProcEnv;
use emu::proc::kproc::Kprocs;
use emu::proc::table::ProcTable;

struct Setup {
    _kernel: Kernel,
    root: std::path::PathBuf,
    progs: Arc<FakeProcs>,
    kprocs: Arc<Kprocs>,
    p: ProcEnv,
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn setup(tag: &str) -> Setup {
    let root = std::env::temp_dir().join(format!("emu-kproc-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(root.join("tmp/src")).unwrap();
    std::fs::create_dir_all(root.join("tmp/mnt")).unwrap();
    std::fs::write(root.join("tmp/src/f"), "served").unwrap();
    let next = Arc::new(AtomicU32::new(2));
    let kprocs = Kprocs::new(next);
    let table = ProcTable::new(kprocs.clone());
    let progs = Arc::new(FakeProcs::default());
    table.set_progs(progs.clone());
    let kernel = Kernel::new(Config {
        root: &root,
        grafts: &[],
        root_dirs: emu::kernel::devices::root::BOOT_DIRS,
        sysname: "testhost",
        hostowner: "inferno",
        version: "test kernel",
        console: Arc::new(ScriptConsole::default()),
        processes: table,
        host_commands: false,
    })
    .unwrap();
    let mut p = kernel.boot(1, "inferno").unwrap();
    p.pctl(FORKNS, &[]).unwrap();
    progs.procs.lock().unwrap().push(ProgInfo {
        pid: 1,
        pgrp: 1,
        user: "inferno".into(),
        cpu_ms: 0,
        state: "ready".into(),
        mem_kb: 1,
        module: "Main".into(),
        ns: p.ns.clone(),
        fds: p.fds.clone(),
        exception: None,
    });
    Setup {
        _kernel: kernel,
        root,
        progs,
        kprocs,
        p,
    }
}

/// Starts a kproc exporting /tmp/src on a pipe and mounts the other end
/// on /tmp/mnt; returns the kproc's pid.
fn serve_src(s: &Setup) -> u32 {
    let p = &s.p;
    let (p0, p1) = p.pipe().unwrap();
    let exporting = p.export(p0, "/tmp/src").unwrap();
    p.close(p0).unwrap();
    let pid = s
        .kprocs
        .spawn("exportfs", p, 1, move |kp| {
            let _ = exporting.serve(kp.interrupt());
        })
        .unwrap();
    p.mount(p1, None, "/tmp/mnt", MREPL, "").unwrap();
    p.close(p1).unwrap();
    pid
}

fn write_ctl(p: &ProcEnv, pid: u32, msg: &str) {
    let fd = p.open(&format!("/prog/{pid}/ctl"), OWRITE).unwrap();
    assert_eq!(p.write(fd, msg.as_bytes()).unwrap(), msg.len());
    p.close(fd).unwrap();
}

#[test]
fn a_kproc_is_listed_and_killed_through_prog() {
    let s = setup("kill");
    let p = &s.p;
    let pid = serve_src(&s);
    assert_eq!(names(p, "/prog"), format!("1 {pid}"));
    let status = readfile(p, &format!("/prog/{pid}/status"));
    let fields: Vec<&str> = status.split_whitespace().collect();
    assert_eq!(fields[0], pid.to_string());
    assert_eq!(fields[1], "1");
    assert_eq!(fields[4], "release");
    assert_eq!(fields[6], "exportfs");
    assert_eq!(readfile(p, "/tmp/mnt/f"), "served");
    assert!(readfile(p, &format!("/prog/{pid}/ns")).ends_with("cd /\n"));

    write_ctl(p, pid, "kill");
    assert_eq!(names(p, "/prog"), "1");
    assert!(p.open(&format!("/prog/{pid}/status"), OREAD).is_err());
    // The server stops at the next request: the mount hangs up.
    assert!(readfile(p, "/tmp/mnt/f").ends_with("i/o on hungup channel>"));
}

/// A stopped server's writes fail for good: `write_all` on them returns an
/// error instead of retrying forever (a killed exportfs used to spin there).
#[test]
fn a_stopped_connection_refuses_writes_for_good() {
    use std::io::Write;
    let s = setup("stopped");
    let p = &s.p;
    let (p0, _p1) = p.pipe().unwrap();
    let mut io = ConnIo {
        conn: p.fds.get(p0).unwrap(),
        caller: p.caller(),
        stop: Interrupt::new(),
    };
    io.stop.raise();
    let once = io.write(b"reply").unwrap_err();
    assert_eq!(once.kind(), std::io::ErrorKind::ConnectionAborted);
    let err = io.write_all(b"reply").unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionAborted);
}

#[test]
fn killgrp_reaches_kprocs_and_progs() {
    let s = setup("killgrp");
    let p = &s.p;
    let pid = serve_src(&s);
    write_ctl(p, pid, "killgrp");
    assert_eq!(s.kprocs.pids(), Vec::<u32>::new());
    assert_eq!(
        s.progs.ctl.lock().unwrap().clone(),
        vec![(1, "killgrp".to_string())]
    );
    let fd = p.open("/prog/1/ctl", OWRITE).unwrap();
    let pid2 = serve_src(&s);
    assert_eq!(p.write(fd, b"killgrp").unwrap(), 7);
    assert!(s.kprocs.info(pid2).is_none());
}
