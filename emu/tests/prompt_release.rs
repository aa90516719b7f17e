//! Objects die when a program drops its last reference: the compiler's
//! temporaries (constructors, call results, conditions, alt and case values)
//! must not keep a second one. A Limbo program (`programs/release.b`) compiled
//! by our compiler runs on `emu` and observes a pipe end closing.

mod harness;

use limbo::source::{HostFiles, SourceLoader};
use std::fs;
use std::path::PathBuf;

const SOURCE: &str = include_str!("programs/release.b");

#[test]
fn dropping_the_last_reference_closes_at_once() {
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
    let mut loader = SourceLoader::new(Box::new(HostFiles), Vec::new(), Some(module_dir));
    let mut outcome = limbo::check_text("release.b", SOURCE, &mut loader);
    assert!(
        !outcome.diags.has_errors(),
        "{}",
        outcome.diags.render(&outcome.files)
    );
    let module = limbo::gen::generate(&mut outcome.checked, "release.b").unwrap();
    let root = harness::new_root("release");
    harness::install(&root, "release", &module.write().unwrap());
    let out = String::from_utf8(harness::run(&root, "release")).unwrap();
    let _ = fs::remove_dir_all(&root);
    let cases = [
        "adt constructor",
        "call result",
        "condition, false",
        "condition, true",
        "loop condition",
        "array constructor",
        "list",
        "tuple",
        "alt receive",
        "case",
    ];
    let want: String = cases
        .iter()
        .map(|c| format!("{c}: write on closed pipe\n"))
        .collect();
    assert_eq!(out, want);
}
