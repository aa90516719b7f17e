//! Host files through the name space: the checks of the testdata programs
//! rt-sys-files, rt-sys-stat, rt-sys-dirread and rt-sys-errstr with their
//! expected texts, and closing of host files when the last reference goes.

mod common;

use common::*;
use emu::kernel::dir::Dir;
use emu::kernel::flags::*;

fn scratch(t: &TestKernel, name: &str) -> String {
    for d in ["/tmp/rt", "/tmp/rt/scratch"] {
        let _ = t.p.create(d, OREAD, DMDIR | 0o777).map(|fd| t.p.close(fd));
    }
    let dir = format!("/tmp/rt/scratch/{name}");
    mkdir(&t.p, &dir);
    dir
}

#[test]
fn read_write_seek_and_errors() {
    let t = TestKernel::new();
    let p = &t.p;
    let dir = scratch(&t, "rt-sys-files");
    let f = format!("{dir}/a.txt");
    let fd = p.create(&f, ORDWR, 0o644).unwrap();
    assert_eq!(p.write(fd, b"hello, world\n").unwrap(), 13);
    assert_eq!(p.seek(fd, 0, 1).unwrap(), 13);
    p.seek(fd, 0, 0).unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(p.read(fd, &mut buf[..5]).unwrap(), 5);
    assert_eq!(p.read(fd, &mut buf).unwrap(), 8);
    assert_eq!(p.read(fd, &mut buf).unwrap(), 0);
    assert_eq!(p.seek(fd, -6, 2).unwrap(), 7);
    assert_eq!(err(p.seek(fd, -100, 0)), "negative i/o offset");
    p.seek(fd, 20, 0).unwrap();
    p.write(fd, b"X").unwrap();
    assert_eq!(p.fstat(fd).unwrap().length, 21);
    assert_eq!(p.pread(fd, &mut buf[..8], 13).unwrap(), 8);
    assert_eq!(&buf[..8], b"\0\0\0\0\0\0\0X");
    p.seek(fd, 1, 0).unwrap();
    assert_eq!(p.pwrite(fd, b"HELLO", 0).unwrap(), 5);
    assert_eq!(p.seek(fd, 0, 1).unwrap(), 1);
    assert_eq!(p.pread(fd, &mut buf[..12], 0).unwrap(), 12);
    assert_eq!(&buf[..12], b"HELLO, world");
    p.close(fd).unwrap();

    // create of an existing file truncates; OEXCL refuses it
    let fd = p.create(&f, OWRITE, 0o600).unwrap();
    assert_eq!(p.fstat(fd).unwrap().length, 0);
    p.write(fd, b"abcdef").unwrap();
    p.close(fd).unwrap();
    assert_eq!(
        err(p.create(&f, OWRITE | OEXCL, 0o600)),
        "file already exists"
    );
    let fd = p.open(&f, OWRITE | OTRUNC).unwrap();
    assert_eq!(p.fstat(fd).unwrap().length, 0);
    p.write(fd, b"xyz").unwrap();
    p.close(fd).unwrap();
    assert_eq!(readfile(p, &f), "xyz");

    let fd = p.open(&f, OREAD).unwrap();
    assert_eq!(err(p.write(fd, b"no")), "inappropriate use of fd");
    let fd = p.open(&f, OWRITE).unwrap();
    assert_eq!(err(p.read(fd, &mut buf)), "inappropriate use of fd");
    assert_eq!(
        err(p.open(&format!("{dir}/nonexistent"), OREAD)),
        "'/tmp/rt/scratch/rt-sys-files/nonexistent' does not exist"
    );
    assert_eq!(
        err(p.create(&format!("{dir}/nodir/x"), OWRITE, 0o644)),
        "'/tmp/rt/scratch/rt-sys-files/nodir' does not exist"
    );
    assert_eq!(p.iounit(fd).unwrap(), 0);
    assert_eq!(err(p.read(77, &mut buf)), "fd out of range or not open");
}

#[test]
fn create_opens_in_every_mode() {
    let t = TestKernel::new();
    let p = &t.p;
    for (i, mode) in [OREAD, OWRITE, ORDWR].into_iter().enumerate() {
        let f = format!("/tmp/made{i}");
        let fd = p.create(&f, mode, 0o640).unwrap();
        assert_eq!(p.stat(&f).unwrap().mode & 0o777, 0o640);
        assert_eq!(p.write(fd, b"x").is_ok(), mode != OREAD);
        let mut buf = [0u8; 4];
        assert_eq!(p.pread(fd, &mut buf, 0).is_ok(), mode != OWRITE);
    }
    let fd = p.open("/env", OREAD).unwrap();
    assert_eq!(err(p.pwrite(fd, b"x", 0)), "inappropriate use of fd");
    let fd = p.create("/env/big", OWRITE, 0o644).unwrap();
    assert_eq!(err(p.pwrite(fd, b"x", i64::MAX)), "read or write too large");
}

#[test]
fn orclose_removes_at_the_last_reference() {
    let t = TestKernel::new();
    let p = &t.p;
    let dir = scratch(&t, "rclose");
    let g = format!("{dir}/rclose.txt");
    let fd = p.create(&g, ORDWR | ORCLOSE, 0o644).unwrap();
    let dup = p.dup(fd, -1).unwrap();
    p.close(fd).unwrap();
    assert!(exists(p, &g));
    p.close(dup).unwrap();
    assert!(!exists(p, &g));
    assert!(!host_exists(&t.host(&g)));
    mkfile(p, &g, "again");
    let fd = p.open(&g, OREAD | ORCLOSE).unwrap();
    p.close(fd).unwrap();
    assert!(!exists(p, &g));
}

#[test]
fn kernel_state_is_shareable_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<emu::kernel::Chan>();
    shareable::<emu::kernel::ProcEnv>();
    shareable::<emu::kernel::mount::Namespace>();
    shareable::<emu::kernel::fdtable::FdTable>();
}

#[test]
fn stat_fields_and_wstat() {
    let t = TestKernel::new();
    let p = &t.p;
    let dir = scratch(&t, "rt-sys-stat");
    let d = p.stat(&dir).unwrap();
    assert_eq!(
        (
            d.name.as_str(),
            d.qid.qtype,
            d.mode & DMDIR != 0,
            d.dtype,
            d.length
        ),
        ("rt-sys-stat", QTDIR, true, b'U' as u16, 0)
    );
    let f = format!("{dir}/file.txt");
    let fd = p.create(&f, OWRITE, 0o644).unwrap();
    p.write(fd, b"0123456789").unwrap();
    let d = p.fstat(fd).unwrap();
    assert_eq!(
        (d.name.as_str(), d.length, d.mode & 0o777, d.qid.qtype),
        ("file.txt", 10, 0o644, 0)
    );
    assert!(d.mtime > 0);
    p.close(fd).unwrap();

    let mut nd = Dir::null();
    nd.mode = 0o600;
    p.wstat(&f, &nd).unwrap();
    assert_eq!(p.stat(&f).unwrap().mode & 0o777, 0o600);
    let mut nd = Dir::null();
    nd.length = 4;
    p.wstat(&f, &nd).unwrap();
    assert_eq!(p.stat(&f).unwrap().length, 4);
    let mut nd = Dir::null();
    nd.name = "renamed.txt".into();
    p.wstat(&f, &nd).unwrap();
    assert!(!exists(p, &f));
    let fd = p.open(&format!("{dir}/renamed.txt"), OREAD).unwrap();
    let mut nd = Dir::null();
    nd.name = "again.txt".into();
    p.fwstat(fd, &nd).unwrap();
    assert_eq!(p.fstat(fd).unwrap().name, "again.txt");
    p.close(fd).unwrap();

    let sub = format!("{dir}/sub");
    let fd = p.create(&sub, OREAD, DMDIR | 0o750).unwrap();
    p.close(fd).unwrap();
    assert_eq!(p.stat(&sub).unwrap().mode, DMDIR | 0o750);
    mkfile(p, &format!("{sub}/inner"), "");
    assert!(p.remove(&sub).is_err());
    p.remove(&format!("{sub}/inner")).unwrap();
    p.remove(&sub).unwrap();
    assert_eq!(
        err(p.remove(&sub)),
        "'/tmp/rt/scratch/rt-sys-stat/sub' does not exist"
    );
    assert_eq!(err(p.open(&dir, OWRITE)), "permission denied");
    assert_eq!(
        err(p.stat(&format!("{dir}/missing"))),
        "'/tmp/rt/scratch/rt-sys-stat/missing' does not exist"
    );
}

#[test]
fn dirread_chdir_and_fd2path() {
    let t = TestKernel::new();
    let p = &t.p;
    let dir = scratch(&t, "rt-sys-dirread");
    let files = ["zeta", "alpha", "Mid", "beta.txt", "ünicode", "a b"];
    for (i, n) in files.iter().enumerate() {
        mkfile(p, &format!("{dir}/{n}"), &"x".repeat(i));
    }
    mkdir(p, &format!("{dir}/subdir"));
    let fd = p.open(&dir, OREAD).unwrap();
    let mut all: Vec<String> = Vec::new();
    loop {
        let d = p.dirread(fd).unwrap();
        if d.is_empty() {
            break;
        }
        for e in d {
            all.push(if e.mode & DMDIR != 0 {
                format!("{}/", e.name)
            } else {
                format!("{} ({} bytes)", e.name, e.length)
            });
        }
    }
    all.sort();
    assert_eq!(
        all,
        [
            "Mid (2 bytes)",
            "a b (5 bytes)",
            "alpha (1 bytes)",
            "beta.txt (3 bytes)",
            "subdir/",
            "zeta (0 bytes)",
            "ünicode (4 bytes)"
        ]
    );
    assert!(p.dirread(fd).unwrap().is_empty());
    p.seek(fd, 0, 0).unwrap();
    assert_eq!(p.dirread(fd).unwrap().len(), 7);
    p.close(fd).unwrap();

    let fd = p.open(&format!("{dir}/zeta"), OREAD).unwrap();
    assert_eq!(p.dirread(fd).unwrap().len(), 0);
    let fd = p.open(&format!("{dir}/beta.txt"), OREAD).unwrap();
    assert!(p.dirread(fd).is_err());

    for i in 0..200 {
        mkfile(p, &format!("{dir}/subdir/f{i:03}"), "");
    }
    let listing = names(p, &format!("{dir}/subdir"));
    assert_eq!(listing.split(' ').count(), 200);

    p.chdir(&dir).unwrap();
    assert_eq!(p.stat("alpha").unwrap().length, 1);
    let fd = p.create("rel.txt", ORDWR, 0o644).unwrap();
    assert_eq!(p.fd2path(fd).unwrap(), format!("{dir}/rel.txt"));
    p.chdir("subdir").unwrap();
    assert_eq!(p.stat("./f007").unwrap().name, "f007");
    assert!(p.stat("../rel.txt").is_ok());
    let fd = p.open("..", OREAD).unwrap();
    assert_eq!(p.fd2path(fd).unwrap(), dir);
    let fd = p.open(".", OREAD).unwrap();
    assert_eq!(p.fd2path(fd).unwrap(), format!("{dir}/subdir"));
    p.chdir("..").unwrap();
    p.remove("rel.txt").unwrap();
    assert_eq!(err(p.chdir("zeta")), "not a directory");
    assert_eq!(
        err(p.chdir("nonexistent")),
        "'nonexistent' file does not exist"
    );
    let fd = p.open(&format!("{dir}//./alpha"), OREAD).unwrap();
    assert_eq!(p.fd2path(fd).unwrap(), format!("{dir}/alpha"));
    p.chdir("/").unwrap();
    assert!(p.open("tmp/rt/scratch/rt-sys-dirread/Mid", OREAD).is_ok());
}

#[test]
fn common_error_texts() {
    let t = TestKernel::new();
    let p = &t.p;
    assert_eq!(
        err(p.open("/tmp/rt-errstr-missing-file", OREAD)),
        "'/tmp/rt-errstr-missing-file' does not exist"
    );
    mkdir(p, "/tmp/rt");
    assert_eq!(err(p.open("/tmp/rt", OWRITE)), "permission denied");
    assert_eq!(
        err(p.create("/tmp/rt", OREAD, DMDIR | 0o777)),
        "permission denied"
    );
    let fd = p.open("/dev/null", OREAD).unwrap();
    assert_eq!(err(p.write(fd, b"x")), "inappropriate use of fd");
    assert_eq!(err(p.chdir("/dev/null")), "not a directory");
    assert_eq!(
        err(p.remove("/tmp/rt-errstr-missing-file")),
        "'/tmp/rt-errstr-missing-file' does not exist"
    );
    assert_eq!(
        err(p.bind("/tmp/rt-errstr-missing-dir", "/tmp/rt", MREPL)),
        "'/tmp/rt-errstr-missing-dir' does not exist"
    );
    assert_eq!(err(p.unmount(None, "/tmp/rt")), "not mounted");
    assert_eq!(
        err(p.stat("/nonexistent")),
        "'/nonexistent' file does not exist"
    );
    assert_eq!(err(p.stat("/dev/null/x")), "'/dev/null' not a directory");
    let long = format!("/tmp/{}/x", "d".repeat(50));
    assert_eq!(
        err(p.stat(&long)),
        format!("'.../{}' does not exist", "d".repeat(50))
    );
}

/// The host fds of this process open on `path`.
fn host_fds_on(path: &std::path::Path) -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| std::fs::read_link(e.path()).is_ok_and(|t| t == path))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn last_reference_closes_the_host_file() {
    let t = TestKernel::new();
    let p = &t.p;
    mkfile(p, "/tmp/held", "data");
    let host = std::fs::canonicalize(t.host("/tmp/held")).unwrap();
    let fd = p.open("/tmp/held", OREAD).unwrap();
    assert_eq!(host_fds_on(&host), 1);
    let dup = p.dup(fd, -1).unwrap();
    p.close(fd).unwrap();
    assert_eq!(host_fds_on(&host), 1, "a dup keeps the host file open");
    let mut forked = p.spawn(2);
    forked.pctl(FORKFD, &[]).unwrap();
    p.close(dup).unwrap();
    assert_eq!(host_fds_on(&host), 1, "the forked table still holds it");
    drop(forked);
    assert_eq!(host_fds_on(&host), 0);
}
