//! Fuzzes the object reader and verifier: no input may make them panic, and a module
//! that reads must write and read back unchanged.
//!
//! Run from `dis/`: `cargo +nightly fuzz run read`, best seeded with the corpus
//! `.dis` files copied into `fuzz/corpus/read/`.
#![no_main]

use dis::object::Module;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(module) = Module::read(bytes) {
        let _ = module.verify();
        let written = module
            .write()
            .expect("a module that was read can be written");
        assert_eq!(Module::read(&written).as_ref(), Ok(&module));
    }
});
