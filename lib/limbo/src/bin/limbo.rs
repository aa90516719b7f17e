//! The host `limbo` command: compile Limbo source files to `.dis` modules (or, with
//! `-S`, assembler text), reporting diagnostics one per line as `file:line: message`.
//! Without `-o` the output goes beside its source.

use limbo::driver::{symbol_file, translate, Options, USAGE};
use limbo::source::{HostFiles, SourceLoader};
use std::path::PathBuf;
use std::process::ExitCode;

/// The `module/` folder of this source tree, searched after the `-I` directories.
fn default_module_dir() -> Option<PathBuf> {
    std::fs::canonicalize(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../module"))
        .ok()
        .filter(|d| d.is_dir())
}

/// Writes `bytes` to `path`, saying so on failure.
fn write(path: &str, bytes: &[u8]) -> bool {
    match std::fs::write(path, bytes) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("limbo: {path}: {e}");
            false
        }
    }
}

fn main() -> ExitCode {
    let opts = match Options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("limbo: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for file in &opts.files {
        let mut loader = SourceLoader::new(
            Box::new(HostFiles),
            opts.include_dirs.clone(),
            default_module_dir(),
        );
        let t = translate(&opts, file, &mut loader);
        for m in &t.messages {
            eprintln!("{m}");
        }
        failed |= t.failed;
        let Some((bytes, symbols)) = t.output else {
            continue;
        };
        let target = opts.output.clone().unwrap_or_else(|| {
            file.strip_suffix(".b").unwrap_or(file).to_string() + opts.extension()
        });
        failed |= !write(&target, &bytes);
        if let Some(text) = symbols {
            failed |= !write(&symbol_file(&target, opts.extension()), text.as_bytes());
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
