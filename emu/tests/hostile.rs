//! Hostile and abnormal commands, each run as `emu -r ROOT command` under a time
//! limit of 20 seconds and 2 GB of address space (the limits issue 13 states):
//! whatever they do must end with a clear error and the right exit status. The
//! programs are the Limbo sources in `tests/hostile/`, compiled by boot as
//! `/hostile/NAME.dis`.

mod system;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use system::{project, Root, Run};

/// The programs of `tests/hostile/`.
const PROGRAMS: [&str; 6] = [
    "blocked",
    "childbreaks",
    "killself",
    "brokenwriter",
    "hog",
    "loadhostile",
];

/// A root holding the hostile programs, compiled.
fn root(tag: &str) -> Root {
    let root = Root::new(tag);
    for name in PROGRAMS {
        let source = project().join(format!("emu/tests/hostile/{name}.b"));
        root.compile(&source, &format!("hostile/{name}.dis"));
    }
    root
}

/// Runs `emu -r ROOT args...` with 2 GB of address space; fails the test if it
/// has not ended within 20 seconds.
fn run_limited(root: &Root, args: &[&str]) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2097152; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_emu"))
        .arg("-r")
        .arg(&root.path)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("emu {args:?} did not end within 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    Run {
        status: status.code().unwrap_or(-1),
        out,
        err,
    }
}

#[test]
fn abnormal_ends_of_a_command_exit_1() {
    let root = root("abnormal");
    let blocked = run_limited(&root, &["/hostile/blocked.dis"]);
    assert_eq!(blocked.status, 1, "blocked forever: {blocked:?}");

    let child = run_limited(&root, &["/hostile/childbreaks.dis"]);
    assert_eq!(child.status, 1, "a child broke: {child:?}");
    assert!(
        child.err.contains("Broken: \"array bounds error\""),
        "{child:?}"
    );

    for how in ["kill", "killgrp"] {
        let killed = run_limited(&root, &["/hostile/killself.dis", how]);
        assert_eq!(killed.status, 1, "{how}: {killed:?}");
        assert_eq!(killed.out, "", "{how}: the command went on after its kill");
    }
    let normal = run_limited(&root, &["/hostile/killself.dis", "nonsense"]);
    assert_eq!(normal.out, "not killed\n", "{normal:?}");
    assert_eq!(normal.status, 0, "{normal:?}");
}

#[test]
fn a_broken_prog_releases_its_fds_at_once() {
    let root = root("brokenfds");
    let run = run_limited(&root, &["/hostile/brokenwriter.dis"]);
    assert_eq!(run.out, "read 0\n", "{run:?}");
}

#[test]
fn memory_is_capped_with_the_original_s_kind_of_error() {
    let root = root("memory");
    for (args, what) in [
        (&["/hostile/hog.dis"][..], "heap"),
        (&["/hostile/hog.dis", "stack"][..], "stack"),
        (&["-p", "heap=64m", "/hostile/hog.dis"][..], "heap"),
        (&["-pheap=64m", "/hostile/hog.dis", "stack"][..], "stack"),
    ] {
        let run = run_limited(&root, args);
        assert_eq!(run.status, 1, "{args:?}: {run:?}");
        let line = format!("[Hog] Broken: \"out of memory: {what}\"");
        assert!(run.err.contains(&line), "{args:?}: {run:?}");
    }
    let bad = run_limited(&root, &["-p", "main=64m", "/hostile/hog.dis"]);
    assert_eq!(bad.status, 2, "{bad:?}");
}

#[test]
fn load_reads_through_a_worker_and_refuses_an_endless_file() {
    let root = root("load");
    let run = run_limited(&root, &["/hostile/loadhostile.dis"]);
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 3, "{run:?}");
    assert_eq!(lines[0], "random: file too large", "{run:?}");
    assert_eq!(lines[1], "still running", "{run:?}");
    assert!(lines[2].starts_with("pipe: "), "{run:?}");
    assert_eq!(run.status, 0, "{run:?}");
}
