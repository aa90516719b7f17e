//! Fuzzes the compiler end to end: the input is the text of a source file (best
//! seeded with the real sources of `appl/`, which the mutations then change), its
//! includes found in the project's `module/`. Compiling must give a module or
//! `file:line` errors, never panic or overflow the stack.
//!
//! Run from `lib/limbo/`: `cargo +nightly fuzz run compile` (the project's
//! `tests/fuzz/run.sh` seeds it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use limbo::driver::{translate, Options};
use limbo::source::{FileSource, HostFiles, SourceLoader};
use std::path::{Path, PathBuf};

/// The fuzzed source as `fuzz.b`; every other file from the host.
struct Input(String);

impl FileSource for Input {
    fn read(&self, path: &Path) -> Option<String> {
        if path == Path::new("fuzz.b") {
            Some(self.0.clone())
        } else {
            HostFiles.read(path)
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../module"));
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut loader = SourceLoader::new(Box::new(Input(text)), Vec::new(), Some(module_dir));
    let opts = Options::parse(["fuzz.b".to_string()]).expect("options");
    let _ = translate(&opts, "fuzz.b", &mut loader);
});
