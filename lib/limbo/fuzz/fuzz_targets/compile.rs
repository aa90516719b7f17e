//! Fuzzes the compiler end to end: the input is the text of a source file (best
//! seeded with the real sources of `appl/`, which the mutations then change), its
//! includes found in the project's `module/`. Compiling must give a module or
//! `file:line` errors, never panic or overflow the stack.
//!
//! Run from `lib/limbo/`: `cargo +nightly fuzz run compile` (the project's
//! `tests/fuzz/run.sh` seeds it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

#[path = "../compile_input.rs"]
mod compile_input;

fuzz_target!(|bytes: &[u8]| {
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../module"));
    let _ = compile_input::compile_input(bytes, module_dir);
});
