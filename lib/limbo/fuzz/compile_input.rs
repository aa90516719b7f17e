//! What the `compile` fuzz target does with one input, shared with the
//! compiler's tests (`lib/limbo/tests/fuzz.rs`), which check on the target's
//! seeds that it takes inputs through the checker and the code generator,
//! not only the parser: the input is the text of `fuzz.b`, compiled as the
//! `limbo` command compiles a file, its includes found in `module_dir`.

use limbo::driver::{translate, Options, Translation};
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

/// Compiles `bytes` (lossily as UTF-8) as `fuzz.b`.
pub fn compile_input(bytes: &[u8], module_dir: PathBuf) -> Translation {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut loader = SourceLoader::new(Box::new(Input(text)), Vec::new(), Some(module_dir));
    let opts = Options::parse(["fuzz.b".to_string()]).expect("options");
    translate(&opts, "fuzz.b", &mut loader)
}
