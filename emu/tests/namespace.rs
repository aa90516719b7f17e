//! Name space behaviour: binds and unions (the sequence of the testdata
//! program rt-sys-bind, with its expected results), lookup order, create
//! in unions, unmount, `..` across binds, forked and new name spaces,
//! NODEVS, and the ns text.

mod common;

use common::*;
use emu::kernel::flags::*;

const DIR: &str = "/tmp/rt/scratch/rt-sys-bind";

fn setup(t: &TestKernel) {
    let p = &t.p;
    for d in ["/tmp/rt", "/tmp/rt/scratch", DIR, "a", "b", "m"] {
        let d = if d.starts_with('/') {
            d.to_string()
        } else {
            format!("{DIR}/{d}")
        };
        mkdir(p, &d);
    }
    mkfile(p, &format!("{DIR}/a/onlya"), "A-only");
    mkfile(p, &format!("{DIR}/a/common"), "from a");
    mkfile(p, &format!("{DIR}/b/onlyb"), "B-only");
    mkfile(p, &format!("{DIR}/b/common"), "from b");
    mkfile(p, &format!("{DIR}/m/original"), "mount point content");
}

#[test]
fn unions_follow_the_rt_sys_bind_transcript() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    setup(&t);
    let p = &t.p;
    let d = |s: &str| format!("{DIR}/{s}");
    let m = d("m");

    assert_eq!(names(p, &m), "original");
    assert!(p.bind(&d("a"), &m, MREPL).unwrap() > 0);
    assert_eq!(names(p, &m), "common onlya");
    assert_eq!(readfile(p, &d("m/common")), "from a");

    assert!(p.bind(&d("b"), &m, MAFTER).unwrap() > 0);
    assert_eq!(names(p, &m), "common common onlya onlyb");
    assert_eq!(readfile(p, &d("m/common")), "from a");
    assert_eq!(readfile(p, &d("m/onlyb")), "B-only");
    assert_eq!(
        err(p.create(&d("m/newfile"), OWRITE, 0o644)),
        "mounted directory forbids creation"
    );

    p.unmount(None, &m).unwrap();
    assert_eq!(names(p, &m), "original");
    p.bind(&d("a"), &m, MREPL).unwrap();
    assert!(p.bind(&d("b"), &m, MBEFORE | MCREATE).unwrap() > 0);
    assert_eq!(names(p, &m), "common common onlya onlyb");
    assert_eq!(readfile(p, &d("m/common")), "from b");
    let fd = p.create(&d("m/created"), OWRITE, 0o644).unwrap();
    p.close(fd).unwrap();
    assert!(exists(p, &d("b/created")));
    assert!(!exists(p, &d("a/created")));
    assert!(host_exists(&t.host(&d("b/created"))));

    p.unmount(Some(&d("b")), &m).unwrap();
    assert_eq!(names(p, &m), "common onlya");
    assert_eq!(err(p.unmount(Some(&d("b")), &m)), "not in union");
    p.unmount(None, &m).unwrap();

    p.bind(&d("a"), &m, MAFTER).unwrap();
    assert_eq!(names(p, &m), "common onlya original");
    p.unmount(None, &m).unwrap();

    assert!(p.bind(&d("a/onlya"), &d("b/onlyb"), MREPL).unwrap() > 0);
    assert_eq!(readfile(p, &d("b/onlyb")), "A-only");
    p.unmount(None, &d("b/onlyb")).unwrap();
    assert_eq!(readfile(p, &d("b/onlyb")), "B-only");

    assert_eq!(
        err(p.bind(&d("missing"), &m, MREPL)),
        "'/tmp/rt/scratch/rt-sys-bind/missing' does not exist"
    );
    assert_eq!(
        err(p.bind(&d("a"), &d("missing"), MREPL)),
        "'/tmp/rt/scratch/rt-sys-bind/missing' does not exist"
    );
    assert_eq!(err(p.bind(&d("a/onlya"), &m, MREPL)), "inconsistent mount");
    assert_eq!(err(p.unmount(None, &d("a"))), "not mounted");
    assert_eq!(
        err(p.bind(&d("a"), &m, MBEFORE | MAFTER)),
        "bad arg in system call"
    );
}

#[test]
fn forked_name_spaces_are_isolated() {
    let t = TestKernel::new();
    setup(&t);
    let m = format!("{DIR}/m");
    let mut child = t.p.spawn(2);
    child.pctl(FORKNS, &[]).unwrap();
    t.p.bind(&format!("{DIR}/b"), &m, MREPL).unwrap();
    assert_eq!(names(&child, &m), "original");
    assert_eq!(names(&t.p, &m), "common onlyb");
    // A thread sharing the group (no FORKNS) sees the bind.
    let sibling = t.p.spawn(3);
    assert_eq!(names(&sibling, &m), "common onlyb");
    // And the child's binds stay its own.
    child.bind(&format!("{DIR}/a"), &m, MREPL).unwrap();
    assert_eq!(names(&child, &m), "common onlya");
    assert_eq!(names(&t.p, &m), "common onlyb");
}

#[test]
fn new_name_space_is_rooted_at_dot() {
    let t = TestKernel::new();
    setup(&t);
    let mut child = t.p.spawn(2);
    child.chdir(DIR).unwrap();
    child.pctl(NEWNS, &[]).unwrap();
    assert_eq!(names(&child, "/"), "a b m");
    assert_eq!(readfile(&child, "/a/onlya"), "A-only");
    // `..` cannot leave the new root.
    assert_eq!(names(&child, "/../.."), "a b m");
    assert_eq!(readfile(&child, "../../a/onlya"), "A-only");
    // The parent is untouched.
    assert!(names(&t.p, "/").contains("tmp"));
}

#[test]
fn dotdot_leaves_a_bind_by_the_way_it_came() {
    let t = TestKernel::new();
    setup(&t);
    let p = &t.p;
    // /tmp/rt/scratch/rt-sys-bind/m shows a's files; its `..` is DIR, not a's parent.
    p.bind(&format!("{DIR}/a"), &format!("{DIR}/m"), MREPL)
        .unwrap();
    p.chdir(&format!("{DIR}/m")).unwrap();
    assert_eq!(readfile(p, "onlya"), "A-only");
    assert_eq!(names(p, ".."), "a b m");
    let fd = p.open("..", OREAD).unwrap();
    assert_eq!(p.fd2path(fd).unwrap(), DIR);
    assert_eq!(readfile(p, "../m/../b/onlyb"), "B-only");
}

#[test]
fn nodevs_refuses_device_attaches() {
    let mut t = TestKernel::new();
    assert!(t.p.stat("#U").is_ok());
    t.p.pctl(NODEVS, &[]).unwrap();
    assert_eq!(err(t.p.stat("#U")), "mount/attach disallowed");
    assert_eq!(err(t.p.open("#c/null", OREAD)), "mount/attach disallowed");
    assert_eq!(
        err(t.p.bind("#U/tmp", "/n", MREPL)),
        "mount/attach disallowed"
    );
    // Pipes and the environment are still allowed, and so are names
    // already in the name space.
    assert!(t.p.pipe().is_ok());
    assert!(t.p.stat("#e").is_ok());
    assert!(t.p.stat("/dev/null").is_ok());
    // A forked name space keeps the restriction.
    t.p.pctl(FORKNS, &[]).unwrap();
    assert_eq!(err(t.p.stat("#U")), "mount/attach disallowed");
}

#[test]
fn unknown_device_and_empty_names() {
    let t = TestKernel::new();
    assert_eq!(
        err(t.p.open("#Z/nothing", OREAD)),
        "unknown device in # filename"
    );
    assert_eq!(err(t.p.open("", OREAD)), "empty file name");
    assert_eq!(
        err(t.p.open("/tmp/a\u{1}b", OREAD)),
        "bad character in file name: '/tmp/a\u{1}b'"
    );
}

#[test]
fn boot_name_space_text() {
    let t = TestKernel::new();
    let text = readfile(&t.p, "/prog/1/ns");
    // No process 1 in the fake table yet.
    assert_eq!(text, "<'/prog/1' file does not exist>");
    assert_eq!(
        t.p.ns.text(),
        "bind  / /\n\
         bind -ac #U /\n\
         bind  /dev /dev\n\
         bind -b #c /dev\n\
         bind  #p /prog\n\
         bind  #d /fd\n\
         bind -c #e /env\n\
         bind  #s /chan\n\
         bind  /net /net\n\
         bind -a #I /net\n\
         cd /\n"
    );
    assert_eq!(t.p.stat("/").unwrap().name, "/");
    assert_eq!(t.p.stat("/").unwrap().mode & 0o777, 0o555);
    assert_eq!(t.p.stat("/").unwrap().dtype, b'/' as u16);
    assert_eq!(t.p.stat("/tmp").unwrap().dtype, b'U' as u16);
}
