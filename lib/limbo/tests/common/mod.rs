//! Helpers shared by the integration tests: where the testdata and the module
//! interfaces are, and a loader that searches them.

#![allow(dead_code)]

use limbo::source::{HostFiles, SourceLoader};
use std::path::PathBuf;

pub fn testdata() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance"
    ))
}

pub fn module_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../module"))
}

/// A loader with the testdata folder as `-I` and the repository's `module/` after it.
pub fn loader() -> SourceLoader {
    SourceLoader::new(Box::new(HostFiles), vec![testdata()], Some(module_dir()))
}

/// The module our compiler makes of `src` (named `t.b`), which must have no errors.
pub fn generate(src: &str) -> dis::object::Module {
    let mut out = limbo::check_text("t.b", src, &mut loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    limbo::gen::generate(&mut out.checked, "t.b").unwrap_or_else(|e| panic!("{}", e.message))
}

/// Every `.b` file of the testdata, sorted.
pub fn sources() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(testdata())
        .expect("testdata folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "b"))
        .collect();
    v.sort();
    assert!(
        v.len() >= CORPUS_SOURCES,
        "only {} sources found in {}: the corpus is incomplete",
        v.len(),
        testdata().display()
    );
    v
}

/// How many `.b` files the conformance corpus holds; a test over fewer would
/// pass without checking what it claims to.
pub const CORPUS_SOURCES: usize = 90;
