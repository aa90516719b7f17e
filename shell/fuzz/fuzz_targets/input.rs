//! Fuzzes the shell's reading of its input: any bytes, taken as the shell takes a
//! script (invalid UTF-8 replaced), must parse or give a syntax error, never panic
//! or overflow the stack.
//!
//! Run from `shell/`: `cargo +nightly fuzz run input` (the project's
//! `tests/fuzz/run.sh` seeds it with the test scripts).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = shell::parse::parse(&String::from_utf8_lossy(bytes));
});
