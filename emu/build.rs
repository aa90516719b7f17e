//! Gives the crate `LIMBO_FINGERPRINT`: a hash of the sources of the Limbo compiler
//! and of the object writer it uses, so that boot recompiles `appl/` exactly when
//! the compiler that made `/dis` has changed.

use std::path::{Path, PathBuf};

/// The files and folders whose sources decide what the compiler produces: the
/// compiler, and the instruction set and object writer of the `dis` crate.
const COMPILER_SOURCES: &[&str] = &["../lib/limbo/src", "../dis/src/isa.rs", "../dis/src/object"];

/// `path` itself if it is a file, else every file below it.
fn files_below(path: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(path) else {
        out.push(path.to_path_buf());
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x100_0000_01b3);
    }
}

fn main() {
    let mut files = Vec::new();
    for dir in COMPILER_SOURCES {
        println!("cargo:rerun-if-changed={dir}");
        files_below(Path::new(dir), &mut files);
    }
    files.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for f in &files {
        fnv(&mut hash, f.to_string_lossy().as_bytes());
        fnv(&mut hash, &std::fs::read(f).unwrap_or_default());
    }
    println!("cargo:rustc-env=LIMBO_FINGERPRINT={hash:016x}");
}
