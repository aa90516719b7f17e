//! Runs the original compiler's test programs (`tests/conformance`) on `emu` and
//! compares each console transcript with what the original printed, byte for byte.
//! All cases run; the failure message names every case that differs.

mod harness;

use harness::{cases, differing, testdata};
use std::fs;

/// An Inferno root for the run: every original test module is in `/tmp/rt`.
fn make_root() -> tempfile::TempDir {
    let root = harness::new_root("transcripts");
    for e in fs::read_dir(testdata()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".dis") {
            harness::install(root.path(), stem, &fs::read(e.path()).unwrap());
        }
    }
    root
}

#[test]
fn transcripts_match_the_original() {
    let cases = cases();
    let root = make_root();
    let failed = differing(root.path(), &cases);
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from the original: {}",
        failed.len(),
        cases.len(),
        failed.join(" ")
    );
}
