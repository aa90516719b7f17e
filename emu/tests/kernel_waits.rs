//! What the kernel's waits do when their caller goes or lets go: a prog killed
//! while it waits in a read has the read interrupted, which lets go of the
//! read's channel (as the original's interrupted system call does); a mounted
//! file's clunk is answered before the close that let it go returns.

mod common;
mod system;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use emu::kernel::conn::{ConnIo, Interrupt};
use emu::kernel::flags::*;
use emu::kernel::ProcEnv;
use styx::{read_message, Qid, Rmsg, Tmsg};

#[test]
fn a_killed_readers_pipe_end_is_released() {
    let root = system::Root::new("killread");
    root.compile(
        &system::project().join("emu/tests/programs/killread.b"),
        "tmp/killread.dis",
    );
    let run = root.emu(&["/tmp/killread.dis"]);
    assert_eq!(run.out, "write raised write on closed pipe\n", "{run:?}");
}

#[test]
fn a_killed_readers_file2chan_file_is_closed_for_its_server() {
    let root = system::Root::new("killf2c");
    root.compile(
        &system::project().join("emu/tests/programs/killf2c.b"),
        "tmp/killf2c.dis",
    );
    let run = root.emu(&["/tmp/killf2c.dis"]);
    assert_eq!(run.out, "read asked\nclosed\nlate reply sent\n", "{run:?}");
}

/// A Styx server on pipe end `fd` of `peer` with one file, `f`, that takes its
/// time to answer a clunk: it sets `clunked` just before its Rclunk.
fn slow_clunker(peer: ProcEnv, fd: i32, clunked: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut io = ConnIo {
            conn: peer.fds.get(fd).unwrap(),
            caller: peer.caller(),
            stop: Interrupt::new(),
        };
        let dir = Qid {
            qtype: 0x80,
            vers: 0,
            path: 0,
        };
        let file = Qid {
            qtype: 0,
            vers: 0,
            path: 1,
        };
        while let Ok(Some(bytes)) = read_message(&mut io, 8192) {
            let (tag, t) = Tmsg::decode(&bytes).unwrap();
            let r = match t {
                Tmsg::Version { msize, version } => Rmsg::Version { msize, version },
                Tmsg::Attach { .. } => Rmsg::Attach { qid: dir },
                Tmsg::Walk { names, .. } if names.is_empty() => Rmsg::Walk { qids: vec![] },
                Tmsg::Walk { names, .. } if names == ["f"] => Rmsg::Walk { qids: vec![file] },
                Tmsg::Open { .. } => Rmsg::Open {
                    qid: file,
                    iounit: 0,
                },
                Tmsg::Clunk { .. } => {
                    std::thread::sleep(Duration::from_millis(300));
                    clunked.store(true, Ordering::SeqCst);
                    Rmsg::Clunk
                }
                _ => Rmsg::Error {
                    ename: "not here".into(),
                },
            };
            if io.write_all(&r.encode(tag).unwrap()).is_err() {
                return;
            }
        }
    })
}

#[test]
fn a_mounted_files_clunk_is_answered_before_close_returns() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    mkdir(p, "/tmp/mnt");
    let (a, b) = p.pipe().unwrap();
    let mut peer = p.spawn(p.pid + 1);
    peer.pctl(NEWFD, &[b]).unwrap();
    p.close(b).unwrap();
    let clunked = Arc::new(AtomicBool::new(false));
    let server = slow_clunker(peer, b, clunked.clone());
    p.mount(a, None, "/tmp/mnt", MREPL, "").unwrap();
    let fd = p.open("/tmp/mnt/f", OREAD).unwrap();
    clunked.store(false, Ordering::SeqCst);
    p.close(fd).unwrap();
    assert!(clunked.load(Ordering::SeqCst), "close returned first");
    p.unmount(None, "/tmp/mnt").unwrap();
    p.close(a).unwrap();
    // The server sees the end of its connection once the session goes.
    drop(server);
}

/// Longer than emu needs to boot, run a few commands and end on a loaded
/// machine; far shorter than the usual watchdog, which it replaces here.
const ENDS_WITHIN: Duration = Duration::from_secs(60);

#[test]
fn emu_ends_with_its_shell_though_a_served_mount_remains() {
    let root = system::Root::new("mountend");
    let script = "mount -c {memfs -s} /tmp; echo hi > /tmp/f; cat /tmp/f";
    let run = root.emu_within(&["sh", "-c", script], "", ENDS_WITHIN);
    assert_eq!((run.status, run.out.as_str()), (0, "hi\n"), "{run:?}");
}

#[test]
fn a_commands_end_waits_for_the_clunks_of_its_files() {
    let root = system::Root::new("lateclunk");
    root.compile(
        &system::project().join("emu/tests/programs/slowclunk.b"),
        "tmp/slowclunk.dis",
    );
    let script = "mount {/tmp/slowclunk.dis} /tmp; cat /tmp/f; echo after";
    let run = root.emu_within(&["sh", "-c", script], "", ENDS_WITHIN);
    assert_eq!(run.out, "hi\nclunked f\nafter\n", "{run:?}");
}

#[test]
fn the_statement_after_an_fds_last_reference_goes_waits_for_its_clunk() {
    let root = system::Root::new("dropclunk");
    let programs = system::project().join("emu/tests/programs");
    root.compile(&programs.join("slowclunk.b"), "tmp/slowclunk.dis");
    root.compile(&programs.join("dropfd.b"), "usr/dropfd.dis");
    let script = "mount {/tmp/slowclunk.dis} /tmp; /usr/dropfd.dis";
    let run = root.emu_within(&["sh", "-c", script], "", ENDS_WITHIN);
    assert_eq!(
        run.out, "hi\nclunked f\ndropped 0\nhi\nclunked f\ndropped 1\n",
        "{run:?}"
    );
}
