//! Pipes (rt-sys-pipe's checks), fd groups (rt-sys-fd's) and environment
//! groups (rt-sys-env's).

mod common;

use common::*;
use emu::kernel::flags::*;
use emu::kernel::Error;

#[test]
fn pipe_boundaries_and_directions() {
    let t = TestKernel::new();
    let p = &t.p;
    let (a, b) = p.pipe().unwrap();
    let mut buf = [0u8; 100];
    p.write(b, b"first").unwrap();
    p.write(b, b"second").unwrap();
    assert_eq!(p.read(a, &mut buf).unwrap(), 5);
    assert_eq!(p.read(a, &mut buf).unwrap(), 6);
    p.write(a, b"backwards").unwrap();
    assert_eq!(p.read(b, &mut buf).unwrap(), 9);
    p.write(b, b"0123456789").unwrap();
    assert_eq!(p.read(a, &mut buf[..4]).unwrap(), 4);
    assert_eq!(p.read(a, &mut buf).unwrap(), 6);
    assert_eq!(&buf[..6], b"456789");
    assert_eq!(p.write(b, b"").unwrap(), 0);
    assert_eq!(p.read(a, &mut buf).unwrap(), 0);
    assert_eq!(err(p.seek(a, 0, 0)), "seek on a stream");
    assert_eq!(p.fstat(a).unwrap().name, "data");
    assert_eq!(p.fstat(b).unwrap().name, "data1");
    assert_eq!(p.fd2path(a).unwrap(), "#|/data");
}

#[test]
fn end_of_file_after_the_last_writer_goes() {
    let t = TestKernel::new();
    let p = &t.p;
    let (r, w) = p.pipe().unwrap();
    p.write(w, b"last words").unwrap();
    let w2 = p.dup(w, -1).unwrap();
    p.close(w).unwrap();
    p.write(w2, b"more").unwrap();
    p.close(w2).unwrap();
    let mut buf = [0u8; 100];
    assert_eq!(p.read(r, &mut buf).unwrap(), 10);
    assert_eq!(p.read(r, &mut buf).unwrap(), 4);
    assert_eq!(p.read(r, &mut buf).unwrap(), 0);
    assert_eq!(p.read(r, &mut buf).unwrap(), 0);
}

#[test]
fn a_blocked_reader_wakes_for_data_and_for_end_of_file() {
    let t = TestKernel::new();
    let (r, w) = t.p.pipe().unwrap();
    let writer = t.p.spawn(2);
    let handle = std::thread::spawn(move || {
        for i in 0..50 {
            writer.write(w, format!("line {i}\n").as_bytes()).unwrap();
        }
        // 100000 bytes in 7000-byte writes: the writer waits for room.
        let big: Vec<u8> = (0..100_000).map(|i| (i % 251) as u8).collect();
        for chunk in big.chunks(7000) {
            writer.write(w, chunk).unwrap();
        }
        writer.close(w).unwrap();
    });
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = t.p.read(r, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    handle.join().unwrap();
    let text_len: usize = (0..50).map(|i| format!("line {i}\n").len()).sum();
    assert_eq!(got.len(), text_len + 100_000);
    assert!(got[text_len..]
        .iter()
        .enumerate()
        .all(|(i, &b)| b == (i % 251) as u8));
}

#[test]
fn writing_with_no_reader_fails_with_the_exception_text() {
    let t = TestKernel::new();
    let (r, w) = t.p.pipe().unwrap();
    t.p.close(r).unwrap();
    let e = t.p.write(w, b"nobody").unwrap_err();
    assert_eq!(e, Error::ClosedPipe);
    assert!(e.raises());
    assert_eq!(e.to_string(), "write on closed pipe");
}

#[test]
fn dup_and_fd_groups() {
    let t = TestKernel::new();
    let p = &t.p;
    mkfile(p, "/tmp/data.txt", "abcdefghij");
    let fd = p.open("/tmp/data.txt", ORDWR).unwrap();
    let n = p.dup(fd, -1).unwrap();
    assert_ne!(n, fd);
    let mut buf = [0u8; 10];
    p.read(fd, &mut buf[..3]).unwrap();
    assert_eq!(p.read(n, &mut buf[..3]).unwrap(), 3);
    assert_eq!(&buf[..3], b"def");
    assert_eq!(p.dup(fd, 30).unwrap(), 30);
    assert_eq!(p.read(30, &mut buf[..2]).unwrap(), 2);
    assert_eq!(&buf[..2], b"gh");
    // 20 beyond the current size (now 40) is refused.
    assert!(p.dup(fd, 59).is_ok());
    assert_eq!(err(p.dup(fd, 80)), "fd out of range or not open");
    assert_eq!(err(p.dup(77, -1)), "fd out of range or not open");
    // Numbers are reused, lowest first.
    p.close(n).unwrap();
    assert_eq!(p.open("/tmp/data.txt", OREAD).unwrap(), n);

    // FORKFD: a private copy; listed fds are closed in the group left.
    let mut child = p.spawn(2);
    child.pctl(FORKFD, &[30]).unwrap();
    assert!(child.fds.get(30).is_ok());
    assert!(p.fds.get(30).is_err());
    let cfd = child.open("/tmp/data.txt", OREAD).unwrap();
    assert!(p.fds.get(cfd).is_err());

    // NEWFD keeps only the listed fds, under the same numbers.
    let mut child = p.spawn(3);
    child.pctl(NEWFD, &[fd]).unwrap();
    assert!(child.fds.get(fd).is_ok());
    assert!(child.fds.get(n).is_err());
    assert!(p.fds.get(n).is_ok());
}

#[test]
fn environment_groups() {
    let mut t = TestKernel::new();
    t.p.pctl(NEWENV, &[]).unwrap();
    let p = &t.p;
    assert_eq!(names(p, "/env"), "(empty)");
    let setenv = |p: &emu::kernel::ProcEnv, n: &str, v: &str| {
        let fd = p.create(&format!("/env/{n}"), OWRITE, 0o644).unwrap();
        if !v.is_empty() {
            p.write(fd, v.as_bytes()).unwrap();
        }
        p.close(fd).unwrap();
    };
    for (n, v) in [
        ("alpha", "one"),
        ("beta", "two words"),
        ("gamma", "l1\nl2\n"),
        ("empty", ""),
    ] {
        setenv(p, n, v);
    }
    assert_eq!(names(p, "/env"), "alpha beta empty gamma");
    assert_eq!(readfile(p, "/env/beta"), "two words");
    assert_eq!(p.stat("/env/beta").unwrap().length, 9);
    setenv(p, "alpha", "1");
    assert_eq!(readfile(p, "/env/alpha"), "1");
    let fd = p.open("/env/alpha", OWRITE | OTRUNC).unwrap();
    p.write(fd, b"uno").unwrap();
    p.close(fd).unwrap();
    assert_eq!(readfile(p, "/env/alpha"), "uno");
    p.remove("/env/gamma").unwrap();
    assert!(p.open("/env/gamma", OREAD).is_err());

    let sharer = p.spawn(2);
    setenv(&sharer, "fromthread", "yes");
    assert_eq!(readfile(p, "/env/fromthread"), "yes");
    let mut forker = p.spawn(3);
    forker.pctl(FORKENV, &[]).unwrap();
    setenv(&forker, "alpha", "changed in child");
    setenv(&forker, "private", "child only");
    assert_eq!(readfile(p, "/env/alpha"), "uno");
    assert!(p.open("/env/private", OREAD).is_err());
    let mut fresh = p.spawn(4);
    fresh.pctl(NEWENV, &[]).unwrap();
    setenv(&fresh, "solo", "x");
    assert_eq!(names(&fresh, "/env"), "solo");
    assert_eq!(names(p, "/env"), "alpha beta empty fromthread");
}
