//! Every module the original compiler made passes the verifier.

mod common;

use dis::object::Module;

#[test]
fn every_corpus_file_verifies() {
    let files = common::corpus_files();
    assert!(files.len() >= 90, "corpus not found: {} files", files.len());
    let mut failures = Vec::new();
    for (path, bytes) in &files {
        let module = Module::read(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(e) = module.verify() {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
