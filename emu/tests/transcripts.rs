//! Runs the original compiler's test programs (`tests/conformance`) on `emu` and
//! compares each console transcript with what the original printed, byte for byte.
//! All cases run; the failure message names every case that differs.

mod harness;

use harness::{cases, differing, testdata};
use std::fs;
use std::path::PathBuf;

/// An Inferno root for the run: every original test module is in `/tmp/rt`.
fn make_root() -> PathBuf {
    let root = harness::new_root("transcripts");
    for e in fs::read_dir(testdata()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".dis") {
            harness::install(&root, stem, &fs::read(e.path()).unwrap());
        }
    }
    root
}

#[test]
fn transcripts_match_the_original() {
    let cases = cases();
    let root = make_root();
    let failed = differing(&root, &cases);
    let _ = fs::remove_dir_all(&root);
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from the original: {}",
        failed.len(),
        cases.len(),
        failed.join(" ")
    );
}
