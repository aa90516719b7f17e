//! Fuzzes whole-program execution: a module that reads and verifies is loaded and
//! its `init` run, exceptions handled, for a bounded number of quanta on a machine
//! whose arena is capped, and the prog then ended. Whatever the bytecode does must end in a Dis
//! exception or a normal end, never a host panic, a hang or unbounded host memory.
//!
//! Run from `dis/`: `cargo +nightly fuzz run exec`, seeded with `.dis` files (the
//! project's `tests/fuzz/run.sh` does both).
#![no_main]

use dis::object::Module;
use dis::vm::run::QUANTUM;
use dis::vm::{Loader, Machine, Trap};
use libfuzzer_sys::fuzz_target;

/// A loader that finds no files.
struct NoFiles;

impl Loader for NoFiles {
    fn read(&mut self, _: &str, _: Option<&dyn std::any::Any>) -> Result<Vec<u8>, String> {
        Err("no files".to_string())
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(module) = Module::read(bytes) else {
        return;
    };
    if module.verify().is_err() {
        return;
    }
    let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
    vm.mem.set_limit(64 << 20);
    let Ok(code) = vm.code_from_module(&module) else {
        return;
    };
    let Ok(mut p) = vm.start_code(code, &["fuzz".to_string()]) else {
        return;
    };
    for _ in 0..64 {
        match vm.exec(&mut p, QUANTUM) {
            Ok(_) => {}
            Err(Trap::Exit) => break,
            Err(Trap::Raise(e)) => match vm.handle(&mut p, e) {
                Ok(None) => {}
                _ => break,
            },
        }
    }
    let _ = vm.end_prog(&mut p);
});
