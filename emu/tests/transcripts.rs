//! Runs the original compiler's test programs (`tests/conformance`) on `emu` and
//! compares each console transcript with what the original printed, byte for byte.
//! All cases run, under the interpreter (`-c0`) and under the compiled tier
//! (`-c1`); the failure message names every case that differs.

mod harness;

use harness::{cases, differing_flagged, testdata};
use std::fs;

/// An Inferno root for the run, named by `tag`: every original test module is
/// in `/tmp/rt`.
fn make_root(tag: &str) -> tempfile::TempDir {
    let root = harness::new_root(tag);
    for e in fs::read_dir(testdata()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".dis") {
            harness::install(root.path(), stem, &fs::read(e.path()).unwrap());
        }
    }
    root
}

/// Runs every case with `flags` and checks its transcript.
fn check(tag: &str, flags: &[&str]) {
    let cases = cases();
    let root = make_root(tag);
    let failed = differing_flagged(root.path(), &cases, flags);
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from the original: {}",
        failed.len(),
        cases.len(),
        failed.join(" ")
    );
}

#[test]
fn transcripts_match_the_original() {
    check("transcripts", &["-c0"]);
}

#[test]
fn transcripts_match_the_original_under_the_jit() {
    check("transcripts-jit", &["-c1"]);
}
