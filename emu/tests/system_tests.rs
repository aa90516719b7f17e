//! The project's own system tests (`tests/system/NAME/`), run as a user runs
//! them: `itest -t` inside emu over every folder, each with a time limit; every
//! test must pass, and emu's exit status must say so.

mod system;

use system::{project, Root};

#[test]
fn every_system_test_passes_under_itest() {
    let mut names: Vec<String> = std::fs::read_dir(project().join("tests/system"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "only {names:?} in tests/system");
    let root = Root::new("system-tests");
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    root.install_tests("tests/system", &refs);
    let run = root.emu(&["sh", "-c", "itest -t -j 2 -l 60 /tests/*"]);
    let tap: Vec<&str> = run.out.lines().filter(|l| !l.starts_with('#')).collect();
    let want: Vec<String> = std::iter::once(format!("1..{}", names.len()))
        .chain(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("ok {} - /tests/{n}", i + 1)),
        )
        .collect();
    assert_eq!(tap, want, "{}\n{}", run.out, run.err);
    assert_eq!(run.status, 0, "{}", run.err);
}
