//! Runs the original compiler's test programs (`shared/testdata`) on `emu` and
//! compares each console transcript with what the original printed, byte for byte.
//! All cases run; the failure message names every case that differs.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

fn testdata() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/testdata"
    ))
}

/// The `rt-*` programs that need no files, devices, `sleep` or kill (the rest arrive
/// with the threads and kernel issues). Not here although it needs none of them:
/// `rt-err-divzero`, whose `.out` holds two lines ("real 1/0 = ...") that neither
/// its source nor its `.dis` can print.
const RT_CASES: &[&str] = &[
    "rt-chan-types",
    "rt-cmd-args",
    "rt-cmd-fail",
    "rt-err-bounds",
    "rt-err-hdnil",
    "rt-err-nilderef",
    "rt-err-realdiv",
    "rt-err-slice",
    "rt-err-strconv",
    "rt-err-userexc",
    "rt-mem-alloc",
    "rt-mem-recursion",
    "rt-mod-load",
    "rt-spawn-args",
    "rt-spawn-many",
    "rt-spawn-pipeline",
    "rt-sys-tokenize",
    "rt-sys-utf",
];

/// An Inferno root for the run: `/dis` exists, every test module is in `/tmp/rt`.
fn make_root() -> PathBuf {
    let root = std::env::temp_dir().join(format!("emu-transcripts-{}", std::process::id()));
    let rt = root.join("tmp/rt");
    fs::create_dir_all(&rt).unwrap();
    fs::create_dir_all(root.join("dis")).unwrap();
    for e in fs::read_dir(testdata()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".dis") {
            fs::copy(e.path(), rt.join(&name)).unwrap();
        }
    }
    root
}

/// Runs one case; returns its transcript (stdout and stderr in order).
fn run(root: &Path, name: &str) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emu"));
    cmd.arg("-r").arg(root).arg(format!("/tmp/rt/{name}.dis"));
    if let Ok(args) = fs::read_to_string(testdata().join(format!("{name}.args"))) {
        cmd.args(args.lines());
    }
    let (mut reader, writer) = std::io::pipe().unwrap();
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer);
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut out = Vec::new();
    reader.read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    out
}

#[test]
fn transcripts_match_the_original() {
    let mut cases: Vec<String> = fs::read_dir(testdata())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".out").map(str::to_string))
        .filter(|n| n.starts_with("lang-"))
        .collect();
    cases.extend(RT_CASES.iter().map(|s| s.to_string()));
    cases.sort();
    let root = make_root();
    let queue = Mutex::new(cases.clone());
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some(name) = queue.lock().unwrap().pop() else {
                    break;
                };
                let got = run(&root, &name);
                let want = fs::read(testdata().join(format!("{name}.out"))).unwrap();
                if got != want {
                    failed.lock().unwrap().push(name);
                }
            });
        }
    });
    let _ = fs::remove_dir_all(&root);
    let mut failed = failed.into_inner().unwrap();
    failed.sort();
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from the original: {}",
        failed.len(),
        cases.len(),
        failed.join(" ")
    );
}
