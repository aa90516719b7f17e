//! The `disdump` command: disassembles, assembles, and fails clearly.

mod common;

use std::process::{Command, Output};

fn disdump(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disdump"))
        .args(args)
        .output()
        .expect("disdump runs")
}

/// A fresh scratch folder for one test, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("disdump-{name}-"))
        .tempdir()
        .expect("scratch folder")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn disassembles_and_assembles_back_to_the_same_bytes() {
    let files = common::corpus_files();
    let (path, bytes) = files
        .iter()
        .find(|(p, _)| p.ends_with("hello.dis"))
        .expect("bench/hello.dis");
    let scratch = scratch("roundtrip");
    let dir = scratch.path();
    let listing = disdump(&[path.to_str().expect("utf-8 path")]);
    assert!(listing.status.success(), "{}", text(&listing.stderr));
    assert!(text(&listing.stdout).contains("\tmodule\tHello\n"));

    let source = dir.join("hello.s");
    std::fs::write(&source, &listing.stdout).expect("write listing");
    let out = dir.join("out.dis");
    let run = disdump(&["-a", source.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(&out).expect("output written"), *bytes);

    // Without -o the output goes beside the input, named after it.
    let run = disdump(&["-a", source.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(
        std::fs::read(dir.join("hello.dis")).expect("hello.dis"),
        *bytes
    );
}

#[test]
fn failures_say_where_and_exit_non_zero() {
    let scratch = scratch("faults");
    let dir = scratch.path();
    let bad_text = dir.join("bad.s");
    std::fs::write(&bad_text, "\tmodule M\n\tmovw $1 4(fp)\n").unwrap();
    let run = disdump(&["-a", bad_text.to_str().unwrap()]);
    assert!(!run.status.success());
    let err = text(&run.stderr);
    assert!(err.contains("bad.s:2: expected ','"), "{err}");
    assert!(!dir.join("bad.dis").exists());

    let bad_object = dir.join("bad.dis");
    std::fs::write(&bad_object, [0x01, 0x02]).unwrap();
    let run = disdump(&[bad_object.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).contains("bad magic"),
        "{}",
        text(&run.stderr)
    );

    let run = disdump(&[dir.join("missing.dis").to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("missing.dis"));

    let run = disdump(&["-x"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("usage"));
}

#[test]
fn a_reader_that_stops_early_ends_it_quietly() {
    let files = common::corpus_files();
    let (path, _) = files
        .iter()
        .find(|(p, _)| p.ends_with("hello.dis"))
        .expect("bench/hello.dis");
    // a module whose listing is larger than a pipe holds, so the writer meets the
    // closed pipe however the two processes are scheduled
    let listing = disdump(&[path.to_str().expect("utf-8 path")]);
    let padded: String = text(&listing.stdout)
        .lines()
        .flat_map(|l| {
            let nops = if l == "#0" { 40_000 } else { 0 };
            std::iter::once(format!("{l}\n"))
                .chain(std::iter::repeat_n("\tnop\n".to_string(), nops))
        })
        .collect();
    let scratch = scratch("pipe");
    let source = scratch.path().join("big.s");
    std::fs::write(&source, padded).expect("write listing");
    let big = scratch.path().join("big.dis");
    let run = disdump(&["-a", source.to_str().unwrap(), "-o", big.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));

    let mut child = Command::new(env!("CARGO_BIN_EXE_disdump"))
        .arg(&big)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("disdump runs");
    // the reader goes away without reading, as `disdump x.dis | head -0` would
    drop(child.stdout.take());
    let run = child.wait_with_output().expect("disdump ends");
    let err = text(&run.stderr);
    assert!(err.is_empty(), "{err}");
    assert!(run.status.success(), "{:?}", run.status);
}
