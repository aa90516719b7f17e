//! The host `limbo` command: compile Limbo source files to `.dis` modules (or, with
//! `-S`, assembler text), reporting diagnostics one per line as `file:line: message`.
//! Without `-o` the output goes beside its source.

use limbo::driver::{translate, Options};
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

/// The object and symbol files of `file`: as the system's `limbo` names them,
/// but without `-o` in the source's folder rather than the current one.
fn beside_source(opts: &Options, file: &str) -> (String, String) {
    let (out, sbl) = opts.outputs(file);
    if opts.output.is_some() {
        return (out, sbl);
    }
    match file.rfind('/') {
        Some(at) => (
            format!("{}/{out}", &file[..at]),
            format!("{}/{sbl}", &file[..at]),
        ),
        None => (out, sbl),
    }
}

fn main() -> ExitCode {
    let opts = match Options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(refusal) => {
            eprintln!("{refusal}");
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
        let (target, sbl) = beside_source(&opts, file);
        failed |= !write(&target, &bytes);
        if let Some(text) = symbols {
            failed |= !write(&sbl, text.as_bytes());
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
