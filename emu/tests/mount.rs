//! Distribution in the kernel: `export` of a directory over a pipe and
//! `mount` of the other end (the sequence of the testdata program
//! rt-sys-mount, with its expected results), `fversion`, `fauth`, a mount
//! of something that does not speak Styx, two mounts of one
//! connection sharing its session, and the 64 KB messages a mount asks for.

mod common;

use common::*;
use emu::kernel::conn::Interrupt;
use emu::kernel::flags::*;
use emu::kernel::ProcEnv;

const DIR: &str = "/tmp/rt/scratch/rt-sys-mount";

fn setup(p: &ProcEnv) {
    for d in ["/tmp/rt", "/tmp/rt/scratch", DIR] {
        mkdir(p, d);
    }
    for d in ["src", "mnt", "src/sub"] {
        mkdir(p, &format!("{DIR}/{d}"));
    }
    mkfile(
        p,
        &format!("{DIR}/src/hello"),
        "hello from the exported tree",
    );
    mkfile(p, &format!("{DIR}/src/second"), "2");
    mkfile(p, &format!("{DIR}/src/sub/deep"), "deep file");
}

/// Starts an exporter of `dir` on the pipe end `fd` (in its own fd group,
/// which then holds the only reference to that end); the thread's result
/// is export's.
fn exporter(p: &ProcEnv, fd: i32, dir: &str) -> std::thread::JoinHandle<bool> {
    let mut server = p.spawn(p.pid + 1);
    server.pctl(NEWFD, &[fd]).unwrap();
    p.close(fd).unwrap();
    let dir = dir.to_string();
    std::thread::spawn(move || {
        let exporting = server.export(fd, &dir).unwrap();
        exporting.serve(&Interrupt::new()).is_ok()
    })
}

#[test]
fn export_and_mount_follow_the_rt_sys_mount_transcript() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    setup(p);
    let d = |s: &str| format!("{DIR}/{s}");

    let (p0, p1) = p.pipe().unwrap();
    let done = exporter(p, p0, &d("src"));
    assert!(p.mount(p1, None, &d("mnt"), MREPL | MCREATE, "").is_ok());
    assert_eq!(names(p, &d("mnt")), "hello second sub");
    assert_eq!(names(p, &d("mnt/sub")), "deep");
    assert_eq!(readfile(p, &d("mnt/hello")), "hello from the exported tree");
    assert_eq!(readfile(p, &d("mnt/sub/deep")), "deep file");

    let st = p.stat(&d("mnt/hello")).unwrap();
    assert_eq!((st.name.as_str(), st.length), ("hello", 28));
    assert_eq!(st.dtype, 'M' as u16);
    assert_eq!(p.stat(&d("src/hello")).unwrap().dtype, 'U' as u16);
    let listed = p.open(&d("mnt"), OREAD).unwrap();
    assert!(p
        .dirread(listed)
        .unwrap()
        .iter()
        .all(|e| e.dtype == 'M' as u16));
    p.close(listed).unwrap();

    let fd = p.open(&d("mnt/second"), OWRITE | OTRUNC).unwrap();
    p.write(fd, b"rewritten").unwrap();
    p.close(fd).unwrap();
    assert_eq!(readfile(p, &d("src/second")), "rewritten");
    let fd = p.create(&d("mnt/made"), OWRITE, 0o644).unwrap();
    p.write(fd, b"made remotely").unwrap();
    assert_eq!(p.fd2path(fd).unwrap(), d("mnt/made"));
    p.close(fd).unwrap();
    assert_eq!(readfile(p, &d("src/made")), "made remotely");
    p.remove(&d("mnt/made")).unwrap();
    assert!(p.stat(&d("src/made")).is_err());
    assert!(err(p.open(&d("mnt/nothere"), OREAD)).ends_with("does not exist"));

    p.unmount(None, &d("mnt")).unwrap();
    assert_eq!(names(p, &d("mnt")), "(empty)");
    p.close(p1).unwrap();
    assert!(done.join().unwrap(), "export ends when the client hangs up");

    // A plain file does not speak Styx.
    let fd = p.open(&d("src/hello"), ORDWR).unwrap();
    assert!(p.mount(fd, None, &d("mnt"), MREPL, "").is_err());
    p.close(fd).unwrap();
    let fd = p.open(&d("src/sub/deep"), OREAD).unwrap();
    assert_eq!(
        err(p.mount(fd, None, &d("mnt"), MREPL, "")),
        "inappropriate use of fd"
    );
    p.close(fd).unwrap();

    // fversion on a fresh connection; export needs no authentication.
    let (q0, q1) = p.pipe().unwrap();
    let done = exporter(p, q0, &d("src"));
    assert_eq!(p.fversion(q1, 0, "").unwrap(), "9P2000");
    assert_eq!(err(p.fauth(q1, "")), "authentication not required");
    p.close(q1).unwrap();
    assert!(done.join().unwrap());
}

#[test]
fn two_mounts_of_one_connection_share_it() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    setup(p);
    let d = |s: &str| format!("{DIR}/{s}");
    mkdir(p, &d("mnt2"));

    let (p0, p1) = p.pipe().unwrap();
    let done = exporter(p, p0, &d("src"));
    p.mount(p1, None, &d("mnt"), MREPL, "").unwrap();
    p.mount(p1, None, &d("mnt2"), MREPL | MCREATE, "tree")
        .unwrap();
    let ns = p.ns.text();
    assert!(
        ns.contains(&format!("mount  #|/data1 {} \n", d("mnt"))),
        "{ns}"
    );
    assert!(
        ns.contains(&format!("mount -c #|/data1 {} tree\n", d("mnt2"))),
        "{ns}"
    );
    assert_eq!(
        p.stat(&d("mnt/hello")).unwrap().dev,
        p.stat(&d("mnt2/hello")).unwrap().dev
    );
    assert_eq!(readfile(p, &d("mnt2/sub/deep")), "deep file");
    // `..` from inside the mount leads back to the mount point's parent.
    p.chdir(&d("mnt/sub")).unwrap();
    assert_eq!(readfile(p, "../hello"), "hello from the exported tree");
    assert_eq!(names(p, "../.."), "mnt mnt2 src");
    p.chdir("/").unwrap();
    // A file left open keeps the connection after the unmounts.
    let fd = p.open(&d("mnt/hello"), OREAD).unwrap();
    p.unmount(None, &d("mnt")).unwrap();
    p.unmount(None, &d("mnt2")).unwrap();
    p.close(p1).unwrap();
    let mut buf = [0u8; 5];
    assert_eq!(p.read(fd, &mut buf).unwrap(), 5);
    assert_eq!(&buf, b"hello");
    p.close(fd).unwrap();
    assert!(done.join().unwrap());
}

#[test]
fn malformed_styx_fails_a_mount_and_gets_rerror_from_export() {
    let t = TestKernel::new();
    let p = &t.p;
    mkdir(p, "/tmp/mnt");
    // A "server" that answers Tversion with bytes that are no message.
    let (a, b) = p.pipe().unwrap();
    let peer = p.spawn(p.pid + 1);
    let garbage = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        peer.read(b, &mut buf).unwrap();
        peer.write(b, &[9, 0, 0, 0, 0xff, 1, 2, 3, 4]).unwrap();
        peer.close(b).unwrap();
    });
    assert!(p.mount(a, None, "/tmp/mnt", MREPL, "").is_err());
    garbage.join().unwrap();
    p.close(a).unwrap();

    // A client that sends a whole message of no known type to export: the server
    // answers Rerror on its tag and goes on serving until the client hangs up.
    let (a, b) = p.pipe().unwrap();
    let exporting = p.export(b, "/tmp").unwrap();
    p.close(b).unwrap();
    let served = std::thread::spawn(move || exporting.serve(&Interrupt::new()));
    p.write(a, &[11, 0, 0, 0, 200, 7, 0, 1, 2, 3, 4]).unwrap();
    let mut reply = [0u8; 64];
    let n = p.read(a, &mut reply).unwrap();
    assert!(n >= 7, "{:?}", &reply[..n]);
    const RERROR: u8 = 107;
    assert_eq!(
        (reply[4], reply[5], reply[6]),
        (RERROR, 7, 0),
        "{:?}",
        &reply[..n]
    );
    p.close(a).unwrap();
    let _ = served.join().unwrap();
}

#[test]
fn mount_proposes_64k_messages() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    setup(p);
    let d = |s: &str| format!("{DIR}/{s}");
    let big: String = (0..100_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    mkfile(p, &d("src/big"), &big);

    let (p0, p1) = p.pipe().unwrap();
    let done = exporter(p, p0, &d("src"));
    p.mount(p1, None, &d("mnt"), MREPL, "").unwrap();
    let fd = p.open(&d("mnt/big"), OREAD).unwrap();
    assert_eq!(p.iounit(fd).unwrap(), 64 * 1024);
    let mut buf = vec![0u8; 100_000];
    assert_eq!(p.read(fd, &mut buf).unwrap(), 100_000);
    assert_eq!(buf, big.as_bytes());
    p.close(fd).unwrap();
    p.unmount(None, &d("mnt")).unwrap();
    p.close(p1).unwrap();
    assert!(done.join().unwrap());
}
