//! Running the testdata programs (`tests/conformance`) on `emu`: an Inferno root
//! whose `/tmp/rt` holds the modules, one run per program with its arguments,
//! and the comparison of every transcript with the original's `.out`.

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

#[path = "../watchdog/mod.rs"]
pub mod watchdog;
use watchdog::Watchdog;

/// The transcript expected of `name`: its `.out`, byte for byte.
pub fn expected(name: &str) -> Vec<u8> {
    fs::read(testdata().join(format!("{name}.out"))).unwrap()
}

pub fn testdata() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance"))
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
    assert!(
        cases.len() >= CORPUS_CASES,
        "only {} conformance cases found in {}: the corpus is incomplete",
        cases.len(),
        testdata().display()
    );
    cases
}

/// How many `lang-*` and `rt-*` programs with a transcript the corpus holds; a
/// test over fewer would pass without checking what it claims to.
pub const CORPUS_CASES: usize = 89;

/// A fresh Inferno root (`/dis` exists, modules go to `/tmp/rt`), named by
/// `tag`, removed when dropped.
pub fn new_root(tag: &str) -> tempfile::TempDir {
    let root = tempfile::Builder::new()
        .prefix(&format!("emu-{tag}-"))
        .tempdir()
        .unwrap();
    fs::create_dir_all(root.path().join("tmp/rt")).unwrap();
    fs::create_dir_all(root.path().join("dis")).unwrap();
    appl_built(root.path());
    root
}

/// Boots emu once per test binary before any case runs, so that the project's
/// `appl/` is compiled then: boot reports each source it compiles on standard
/// error ("limbo: appl/..."), which would otherwise land in the transcript of
/// the first case run after a source or the compiler changed.
fn appl_built(root: &Path) {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        Command::new(env!("CARGO_BIN_EXE_emu"))
            .arg("-c0")
            .arg("-r")
            .arg(root)
            .arg("/tmp/rt/nothing.dis")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
    });
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
    let watch = Watchdog::new(child.id(), watchdog::LIMIT);
    let mut out = Vec::new();
    reader.read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    drop(watch);
    out
}

/// Runs every case (two at a time) and returns, sorted, those whose transcript
/// differs from the original's `.out`.
pub fn differing(root: &Path, cases: &[String]) -> Vec<String> {
    differing_flagged(root, cases, &[])
}

/// [`differing`] with extra `emu` flags (`-c1`: under the compiled tier).
pub fn differing_flagged(root: &Path, cases: &[String], flags: &[&str]) -> Vec<String> {
    let queue = Mutex::new(cases.to_vec());
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some(name) = queue.lock().unwrap().pop() else {
                    break;
                };
                let got = run_flagged(root, &name, flags);
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

/// Compiles `source` (named `name`) with our compiler against the project's
/// `module/` and runs it in a fresh root; its transcript.
pub fn compile_and_run(name: &str, source: &str) -> String {
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
    let mut loader = limbo::source::SourceLoader::new(
        Box::new(limbo::source::HostFiles),
        Vec::new(),
        Some(module_dir),
    );
    let mut outcome = limbo::check_text(&format!("{name}.b"), source, &mut loader);
    assert!(
        !outcome.diags.has_errors(),
        "{}",
        outcome.diags.render(&outcome.files)
    );
    let module = limbo::gen::generate(&mut outcome.checked, &format!("{name}.b")).unwrap();
    let root = new_root(name);
    install(root.path(), name, &module.write().unwrap());
    String::from_utf8(run(root.path(), name)).unwrap()
}
