//! The compiler inside emu (`limbo`, the `$Limbo` module) reads sources and
//! includes through the name space with a bound on their size: an include of an
//! endless file (`/dev/random`) ends the compile with a clear error, not with the
//! host's memory exhausted.

mod harness;

use harness::watchdog::{Watchdog, LIMIT};
use std::fs;
use std::process::{Command, Stdio};

#[test]
fn an_endless_include_is_refused_at_the_size_bound() {
    let scratch = tempfile::Builder::new()
        .prefix("emu-limbo-includes-")
        .tempdir()
        .unwrap();
    let root = scratch.path();
    fs::create_dir_all(root.join("tmp")).unwrap();
    fs::write(
        root.join("tmp/endless.b"),
        "implement E;\ninclude \"/dev/random\";\nE: module { };\n",
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_emu"))
        .arg("-r")
        .arg(root)
        .args(["limbo", "-o", "/tmp/endless.dis", "/tmp/endless.b"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let watch = Watchdog::new(child.id(), LIMIT);
    let out = child.wait_with_output().unwrap();
    drop(watch);
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("can't include \"/dev/random\": larger than 8388608 bytes"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
}
