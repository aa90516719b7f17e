//! The `.dis` files of the shared conformance corpus and benchmarks.

use std::path::PathBuf;

/// Folders holding `.dis` files the original compiler made, relative to this crate.
const FOLDERS: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/bench"),
];

/// Every corpus `.dis` file with its bytes, in a stable order.
pub fn corpus_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = FOLDERS
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "dis"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}
