//! Hostile input: twenty thousand corrupted versions of the test programs are loaded
//! and, when the verifier lets them through, run for a bounded number of
//! instructions. Whatever they do must end in a load error or a Dis exception, never
//! a host panic.

mod support;

use dis::object::Module;
use dis::vm::run::QUANTUM;
use dis::vm::Trap;
use std::path::PathBuf;
use support::machine;

fn testdata() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance"))
}

#[test]
fn corrupted_modules_fail_cleanly() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(testdata())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "dis"))
        .collect();
    files.sort();
    let originals: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let mut seed: u32 = 0x2545_f491;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut ran = 0;
    for _ in 0..20000 {
        let mut bytes = originals[next() as usize % originals.len()].clone();
        for _ in 0..1 + next() % 4 {
            let i = next() as usize % bytes.len();
            bytes[i] = next() as u8;
        }
        let Ok(module) = Module::read(&bytes) else {
            continue;
        };
        if module.verify().is_err() {
            continue;
        }
        let mut vm = machine();
        vm.mem.set_limit(64 << 20);
        let Ok(code) = vm.code_from_module(&module) else {
            continue;
        };
        let Ok(mut p) = vm.start_code(code, &["x".to_string()]) else {
            continue;
        };
        ran += 1;
        for _ in 0..50 {
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
    }
    assert!(
        ran > 100,
        "only {ran} corrupted modules passed the verifier"
    );
}
