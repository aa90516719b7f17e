//! `#U` never reaches above the directory it serves: not by `..`, not by
//! host symbolic links (absolute or relative) pointing outside, not by
//! binds; links that stay inside still work.

mod common;

use common::*;
use emu::kernel::flags::*;
use std::os::unix::fs::symlink;

/// A kernel whose root has a sibling directory holding a secret file (both
/// in the kernel's scratch folder).
fn with_outside_secret() -> (TestKernel, std::path::PathBuf) {
    let t = TestKernel::new();
    let outside = t.root.with_extension("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret"), "secret").unwrap();
    (t, outside)
}

#[test]
fn dotdot_stops_at_the_root() {
    let (t, outside) = with_outside_secret();
    let p = &t.p;
    let name = outside.file_name().unwrap().to_str().unwrap();
    for path in [
        format!("/../{name}/secret"),
        format!("/tmp/../../{name}/secret"),
        format!("#U/../{name}/secret"),
        format!("#U/tmp/../../../{name}/secret"),
    ] {
        assert!(p.open(&path, OREAD).is_err(), "{path} escaped");
    }
    // `..` of the root is the root.
    assert_eq!(names(p, "#U/../.."), names(p, "#U"));
    p.chdir("/tmp").unwrap();
    for _ in 0..5 {
        p.chdir("..").unwrap();
    }
    assert_eq!(p.fd2path(p.open(".", OREAD).unwrap()).unwrap(), "/");
}

#[test]
fn symbolic_links_out_stay_inside() {
    let (t, outside) = with_outside_secret();
    let p = &t.p;
    // An absolute link to the outside directory, a relative one climbing
    // out, one to the host's root, and one to the secret file itself.
    symlink(&outside, t.host("tmp/abs")).unwrap();
    symlink("../../outside-rel", t.host("tmp/rel")).unwrap();
    symlink("/", t.host("tmp/hostroot")).unwrap();
    symlink(outside.join("secret"), t.host("tmp/file")).unwrap();
    let rel_target = t.root.parent().unwrap().join("outside-rel");
    std::fs::create_dir_all(&rel_target).unwrap();
    std::fs::write(rel_target.join("secret"), "secret").unwrap();

    for path in [
        "/tmp/abs/secret",
        "/tmp/rel/secret",
        "/tmp/file",
        "#U/tmp/abs/secret",
    ] {
        let r = p.open(path, OREAD);
        assert!(r.is_err(), "{path} escaped");
    }
    // The host's root through a link is our root.
    assert_eq!(names(p, "/tmp/hostroot"), names(p, "#U"));
    // Writing through them cannot touch the outside either.
    assert!(p.create("/tmp/abs/new", OWRITE, 0o644).is_err());
    assert!(!outside.join("new").exists());
    // Binding a link's target binds something inside.
    let _ = p.bind("/tmp/hostroot", "/n", MREPL);
    assert!(p.open("/n/../outside/secret", OREAD).is_err());
}

#[test]
fn links_inside_are_followed() {
    let t = TestKernel::new();
    let p = &t.p;
    std::fs::create_dir_all(t.host("tmp/real")).unwrap();
    std::fs::write(t.host("tmp/real/f"), "inside").unwrap();
    symlink("real", t.host("tmp/near")).unwrap();
    symlink("/tmp/real/f", t.host("tmp/rooted")).unwrap();
    symlink("loop", t.host("tmp/loop")).unwrap();
    assert_eq!(readfile(p, "/tmp/near/f"), "inside");
    assert_eq!(readfile(p, "/tmp/rooted"), "inside");
    // Past the first element of a walk the original reports any failure
    // as "does not exist"; the device's own text shows on the first.
    assert_eq!(
        err(p.open("/tmp/loop", OREAD)),
        "'/tmp/loop' does not exist"
    );
    p.chdir("/tmp").unwrap();
    assert_eq!(err(p.open("loop", OREAD)), "'loop' too many symbolic links");
    assert!(names(p, "/tmp").contains("near"));
}

#[test]
fn attach_specifiers_are_refused() {
    let t = TestKernel::new();
    assert_eq!(err(t.p.stat("#U*")), "bad attach specifier");
    assert_eq!(err(t.p.stat("#U/etc/..")), err(t.p.stat("#U/etc")));
}
