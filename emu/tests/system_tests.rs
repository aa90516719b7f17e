//! The project's own system tests (`tests/system/NAME/`), run as a user runs
//! them: `itest -t` inside emu over every folder, each with a time limit; every
//! test must pass, and emu's exit status must say so. The root mirrors the
//! project's `tests/`: the tests in `/tests/system`, the golden transcript
//! runner in `/tests/lib`, the conformance modules some tests run in
//! `/tests/conformance`; and `/lib/units` is the project's, as emu's own root
//! has it. A test that fails shows its reports (for a golden
//! transcript, the difference from `expected`) in the failure message.

mod system;

use system::{project, Root};

/// How many test folders `tests/system` holds; a run over fewer would pass
/// without checking what it claims to.
const SYSTEM_TESTS: usize = 100;

#[test]
fn every_system_test_passes_under_itest() {
    let mut names: Vec<String> = std::fs::read_dir(project().join("tests/system"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(
        names.len() >= SYSTEM_TESTS,
        "only {names:?} in tests/system"
    );
    let root = Root::new("system-tests");
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    root.install_tests("tests/system", "tests/system", &refs);
    root.copy_folder("tests/lib");
    root.copy_folder("tests/conformance");
    let units = std::fs::read_to_string(project().join("lib/units")).unwrap();
    root.write("lib/units", &units);
    // One test at a time: with two at once, a test now and then outlives its
    // end (its message pipe stays open) until the time limit, when
    // sh-interpreter, which kills processes through /prog, is among them.
    let run = root.emu(&["sh", "-c", "itest -t -l 60 /tests/system/*"]);
    let tap: Vec<&str> = run.out.lines().filter(|l| !l.starts_with('#')).collect();
    let want: Vec<String> = std::iter::once(format!("1..{}", names.len()))
        .chain(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("ok {} - /tests/system/{n}", i + 1)),
        )
        .collect();
    assert_eq!(tap, want, "{}\n{}", run.out, run.err);
    assert_eq!(run.status, 0, "{}", run.err);
}
