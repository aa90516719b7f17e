//! Reading and writing again gives back the very bytes of every `.dis` file the
//! original compiler made (the conformance programs and the benchmarks).

mod common;

use dis::object::Module;

#[test]
fn every_corpus_file_round_trips_byte_for_byte() {
    let files = common::corpus_files();
    assert!(files.len() >= 90, "corpus not found: {} files", files.len());
    for (path, bytes) in &files {
        let module = Module::read(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let written = module
            .write()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if written != *bytes {
            let at = written
                .iter()
                .zip(bytes.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(written.len().min(bytes.len()));
            panic!(
                "{}: written bytes differ from byte {at} (lengths {} and {})",
                path.display(),
                written.len(),
                bytes.len()
            );
        }
    }
}
