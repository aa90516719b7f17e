//! The console (rt-sys-devs' checks plus the line discipline with a
//! scripted keyboard), `#p` over a fake process table, and `#s` files
//! served through file2chan.

mod common;

use common::*;
use emu::kernel::devices::prog::ProgInfo;
use emu::kernel::devices::srv::FileServer;
use emu::kernel::flags::*;
use std::sync::{Arc, Mutex};
use styx::Cancel;

fn read_all(p: &emu::kernel::ProcEnv, fd: i32) -> String {
    let mut buf = [0u8; 256];
    let n = p.read(fd, &mut buf).unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[test]
fn console_files() {
    let t = TestKernel::new();
    let p = &t.p;
    let fd = p.open("/dev/null", ORDWR).unwrap();
    let mut buf = vec![0u8; 8192];
    assert_eq!(p.read(fd, &mut buf).unwrap(), 0);
    assert_eq!(p.write(fd, &buf).unwrap(), 8192);
    let d = p.fstat(fd).unwrap();
    assert_eq!((d.name.as_str(), d.length), ("null", 0));
    assert_eq!(readfile(p, "/dev/sysname"), "testhost");
    assert_eq!(readfile(p, "/dev/user"), "inferno");
    assert_eq!(readfile(p, "#c/pid"), format!("{:>11} ", 1));
    let fd = p.open("/dev/random", OREAD).unwrap();
    assert_eq!(p.read(fd, &mut buf[..8]).unwrap(), 8);
    let msec = readfile(p, "/dev/msec");
    assert_eq!(msec.len(), 12);
    assert!(msec.trim().chars().all(|c| c.is_ascii_digit()));
    let time = readfile(p, "/dev/time");
    let us: u64 = time.parse().unwrap();
    assert!(us > 1_600_000_000_000_000);
    for name in ["cons", "null", "random", "sysname", "time", "user"] {
        assert!(names(p, "/dev").split(' ').any(|n| n == name), "{name}");
    }
    assert_eq!(p.stat("#c/time").unwrap().name, "time");
    assert!(p.open("/dev/no-such-device-file", OREAD).is_err());
    assert!(readfile(p, "/dev/drivers").contains("#U fs\n"));
    assert_eq!(readfile(p, "/dev/sysctl"), "test kernel");
    let fd = p.open("/dev/sysctl", OWRITE).unwrap();
    assert_eq!(err(p.write(fd, b"bogus")), "unknown control request");
    p.write(fd, b"halt 3").unwrap();
    assert_eq!(*t.console.sysctl.lock().unwrap(), ["halt 3"]);
    let fd = p.open("/dev/time", OWRITE).unwrap();
    p.write(fd, b"1000000").unwrap();
    let us: i64 = readfile(p, "/dev/time").parse().unwrap();
    assert!((1_000_000..1_000_000 + 60_000_000).contains(&us));
    assert_eq!(err(p.open("/dev/consctl", OREAD)), "permission denied");
}

/// devcons.c of the original: only the host owner may write `/dev/user`, one
/// name of 1 to 127 bytes at offset 0 (a trailing newline dropped); the
/// process then runs as that user, and is no longer the owner.
#[test]
fn the_host_owner_may_rename_its_process_once_through_dev_user() {
    let t = TestKernel::new();
    let p = &t.p;
    let before = p.spawn(2);
    let fd = p.open("/dev/user", OWRITE).unwrap();
    assert_eq!(err(p.write(fd, b"")), "bad arg in system call");
    assert_eq!(err(p.write(fd, b"\n")), "bad arg in system call");
    assert_eq!(err(p.write(fd, &[b'x'; 128])), "bad arg in system call");
    assert_eq!(err(p.pwrite(fd, b"bob", 1)), "bad arg in system call");
    assert_eq!(p.write(fd, b"bob\n").unwrap(), 4);
    assert_eq!(readfile(p, "/dev/user"), "bob");
    assert_eq!(&*p.user(), "bob");
    // A process started before keeps its name; one started after copies it.
    assert_eq!(readfile(&before, "/dev/user"), "inferno");
    assert_eq!(readfile(&p.spawn(3), "/dev/user"), "bob");
    // No longer the owner: neither a write nor an open for writing.
    assert_eq!(err(p.write(fd, b"inferno")), "permission denied");
    assert_eq!(err(p.open("/dev/user", OWRITE)), "permission denied");
    assert_eq!(err(p.open("/dev/user", ORDWR)), "permission denied");
    assert!(p.open("/dev/user", OREAD).is_ok());
}

#[test]
fn a_device_root_is_named_as_attached_where_it_is_bound() {
    // The original names a device's root after the name it was attached by,
    // so `ls -d '#e' '#c'` prints `#e` and `#c`, and `/dev` stats as `#c`.
    let t = TestKernel::new();
    let p = &t.p;
    for (path, name) in [
        ("#c", "#c"),
        ("/dev", "#c"),
        ("#e", "#e"),
        ("/env", "#e"),
        ("#p", "#p"),
        ("/prog", "#p"),
        ("#I", "#I"),
    ] {
        assert_eq!(p.stat(path).unwrap().name, name, "{path}");
    }
}

#[test]
fn console_lines_and_raw_mode() {
    let t = TestKernel::new();
    let p = &t.p;
    let out = p.open("/dev/cons", OWRITE).unwrap();
    p.write(out, b"hello\n").unwrap();
    assert_eq!(*t.console.output.lock().unwrap(), b"hello\n");
    t.console
        .input
        .lock()
        .unwrap()
        .extend([b"ab\x08c\nsec".to_vec(), b"ond\nx\x15y\x04tail".to_vec()]);
    let cons = p.open("/dev/cons", OREAD).unwrap();
    assert_eq!(read_all(p, cons), "ac\n");
    assert_eq!(read_all(p, cons), "second\n");
    assert_eq!(read_all(p, cons), "y");
    // End of input passes on the partial line, then end of file.
    assert_eq!(read_all(p, cons), "tail");
    assert_eq!(read_all(p, cons), "");

    let ctl = p.open("/dev/consctl", OWRITE).unwrap();
    p.write(ctl, b"rawon").unwrap();
    assert!(t.console.raw.load(std::sync::atomic::Ordering::Relaxed));
    t.console
        .input
        .lock()
        .unwrap()
        .push_back(b"a\x08b".to_vec());
    assert_eq!(read_all(p, cons), "a\x08b");
    // The last close of consctl turns raw mode off.
    p.close(ctl).unwrap();
    assert!(!t.console.raw.load(std::sync::atomic::Ordering::Relaxed));
}

fn fake_prog(t: &TestKernel, pid: u32, state: &str) -> ProgInfo {
    ProgInfo {
        pid,
        pgrp: 1,
        user: "inferno".into(),
        cpu_ms: 61_500,
        state: state.into(),
        mem_kb: 148,
        module: "Sh[$Sys]".into(),
        ns: t.p.ns.clone(),
        fds: t.p.fds.clone(),
        exception: None,
    }
}

#[test]
fn prog_device() {
    let t = TestKernel::new();
    let p = &t.p;
    t.procs
        .procs
        .lock()
        .unwrap()
        .extend([fake_prog(&t, 1, "release"), fake_prog(&t, 7, "recv")]);
    assert_eq!(names(p, "/prog"), "1 7");
    assert_eq!(
        names(p, "/prog/1"),
        "ctl exception fd keeper meter ns nsgrp pgrp stack status wait"
    );
    assert_eq!(
        readfile(p, "/prog/1/status"),
        "       1        1    inferno    1:01.5    release   148K Sh[$Sys]"
    );
    assert_eq!(readfile(p, "/prog/7/ns"), t.p.ns.text());
    assert_eq!(readfile(p, "/prog/7/pgrp"), format!("{:>11} ", 1));
    let fd = p.open("/prog/7/ctl", OWRITE).unwrap();
    p.write(fd, b"kill").unwrap();
    assert_eq!(*t.procs.ctl.lock().unwrap(), [(7, "kill".to_string())]);
    let fdtext = readfile(p, "/prog/1/fd");
    assert!(fdtext.starts_with("/\n"), "{fdtext}");
    assert!(
        fdtext.contains("  0 w  p    0 (0000000000000071 7 00)     0        4 /prog/7/ctl\n"),
        "{fdtext}"
    );
    let w = p.open("/prog/1/wait", OREAD).unwrap();
    assert_eq!(read_all(p, w), "7 \"Child\":");
    assert_eq!(
        err(p.open("/prog/9/status", OREAD)),
        "'/prog/9' file does not exist"
    );
}

/// Echoes writes back to reads, and remembers closes.
#[derive(Default)]
struct Echo {
    last: Mutex<Vec<u8>>,
    closed: Mutex<Vec<u64>>,
}

impl FileServer for Echo {
    fn read(&self, offset: u64, count: usize, _fid: u64, _: &Cancel) -> Result<Vec<u8>, String> {
        if offset > 0 {
            return Err("no more".into());
        }
        let mut v = self.last.lock().unwrap().clone();
        v.truncate(count);
        Ok(v)
    }
    fn write(&self, _offset: u64, data: &[u8], _fid: u64, _: &Cancel) -> Result<usize, String> {
        *self.last.lock().unwrap() = data.to_vec();
        Ok(data.len())
    }
    fn close(&self, fid: u64) {
        self.closed.lock().unwrap().push(fid);
    }
}

#[test]
fn file2chan_serves_a_file() {
    let t = TestKernel::new();
    let p = &t.p;
    let echo = Arc::new(Echo::default());
    let dir =
        p.ns.namec("/chan", emu::kernel::namec::Access::Stat, &p.caller())
            .unwrap();
    let served = t
        .kernel
        .srv
        .file2chan(&dir, "echo", echo.clone(), &p.caller())
        .unwrap();
    assert_eq!(
        err(t
            .kernel
            .srv
            .file2chan(&dir, "echo", echo.clone(), &p.caller())),
        "file already exists"
    );
    assert_eq!(names(p, "/chan"), "echo");
    let fd = p.open("/chan/echo", ORDWR).unwrap();
    p.write(fd, b"ping").unwrap();
    let mut buf = [0u8; 2];
    assert_eq!(p.pread(fd, &mut buf, 0).unwrap(), 2);
    assert_eq!(&buf, b"pi");
    assert_eq!(err(p.pread(fd, &mut buf, 5)), "no more");
    p.close(fd).unwrap();
    assert_eq!(echo.closed.lock().unwrap().len(), 1);
    drop(served);
    assert_eq!(names(p, "/chan"), "(empty)");
    let not_srv =
        p.ns.namec("/tmp", emu::kernel::namec::Access::Stat, &p.caller())
            .unwrap();
    assert_eq!(
        err(t.kernel.srv.file2chan(&not_srv, "x", echo, &p.caller())),
        "directory not a srv device"
    );
}
