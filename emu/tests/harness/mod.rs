//! Running the testdata programs (`shared/testdata`) on `emu`: an Inferno root
//! whose `/tmp/rt` holds the modules, one run per program with its arguments,
//! and the comparison of every transcript with the original's `.out`.

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// Lines of an `.out` that this system prints differently on purpose, as
/// `(case, line the original printed, line expected here or None)`.
///
/// The testdata README decides that an integer division by zero raises
/// `zero divide` (not the host's `sys: fp:` trap text); `rt-mod-exc.out` was not
/// edited for that decision, and the program's own `"zero divide"` arm prints the
/// replacement line. `rt-err-divzero.out` holds two lines about real division
/// that neither its source nor its `.dis` contains (they belong to
/// `rt-err-realdiv`). Each correction must still match its `.out`, so a fixed
/// testdata file makes the test fail until the entry is removed.
pub const CORRECTIONS: &[(&str, &str, Option<&str>)] = &[
    (
        "rt-mod-exc",
        "divide by zero in library: caught by 'sys: fp:*'",
        Some("divide by zero in library: zero divide"),
    ),
    (
        "rt-err-divzero",
        "real 1/0 = Infinity, -1/0 = -Infinity",
        None,
    ),
    (
        "rt-err-divzero",
        "real 0/0 is NaN (two such values differ): 1",
        None,
    ),
];

/// The transcript expected of `name`: its `.out` with the corrections applied.
pub fn expected(name: &str) -> Vec<u8> {
    let want = fs::read(testdata().join(format!("{name}.out"))).unwrap();
    let mut text = String::from_utf8(want).expect(".out files are UTF-8");
    for (case, from, to) in CORRECTIONS.iter().filter(|(c, _, _)| *c == name) {
        let line = format!("{from}\n");
        assert!(
            text.contains(&line),
            "{case}.out no longer holds the corrected line {from:?}: remove the correction"
        );
        text = text.replacen(&line, &to.map(|t| format!("{t}\n")).unwrap_or_default(), 1);
    }
    text.into_bytes()
}

/// Seconds a case may run before it is stopped (the README's limit for heavy
/// parallel load is ten; debug builds are slower).
const TIME_LIMIT_SECS: u64 = 120;

pub fn testdata() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/testdata"
    ))
}

/// The programs with an `.out`: every `lang-*` and `rt-*`, sorted.
pub fn cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(testdata())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".out").map(str::to_string))
        .filter(|n| n.starts_with("lang-") || n.starts_with("rt-"))
        .collect();
    cases.sort();
    cases
}

/// A fresh Inferno root (`/dis` exists, modules go to `/tmp/rt`), named by `tag`.
pub fn new_root(tag: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("emu-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("tmp/rt")).unwrap();
    fs::create_dir_all(root.join("dis")).unwrap();
    root
}

/// Put a module into the root's `/tmp/rt`.
pub fn install(root: &Path, name: &str, bytes: &[u8]) {
    fs::write(root.join("tmp/rt").join(format!("{name}.dis")), bytes).unwrap();
}

/// Runs one case; returns its transcript (stdout and stderr in order).
pub fn run(root: &Path, name: &str) -> Vec<u8> {
    run_flagged(root, name, &[])
}

/// Runs one case with extra `emu` flags; returns its transcript.
pub fn run_flagged(root: &Path, name: &str, flags: &[&str]) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emu"));
    cmd.args(flags)
        .arg("-r")
        .arg(root)
        .arg(format!("/tmp/rt/{name}.dis"));
    if let Ok(args) = fs::read_to_string(testdata().join(format!("{name}.args"))) {
        cmd.args(args.lines());
    }
    let (mut reader, writer) = std::io::pipe().unwrap();
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer);
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    // A case that hangs is stopped (its transcript then differs).
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watch = {
        let done = done.clone();
        std::thread::spawn(move || {
            for _ in 0..(TIME_LIMIT_SECS * 10) {
                if done.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        })
    };
    let mut out = Vec::new();
    reader.read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = watch.join();
    out
}

/// Runs every case (two at a time) and returns, sorted, those whose transcript
/// differs from the original's `.out`.
pub fn differing(root: &Path, cases: &[String]) -> Vec<String> {
    let queue = Mutex::new(cases.to_vec());
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some(name) = queue.lock().unwrap().pop() else {
                    break;
                };
                let got = run(root, &name);
                if got != expected(&name) {
                    failed.lock().unwrap().push(name);
                }
            });
        }
    });
    let mut failed = failed.into_inner().unwrap();
    failed.sort();
    failed
}
