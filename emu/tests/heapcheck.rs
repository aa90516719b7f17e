//! Every test program of `shared/testdata` run under the heap checker (`emu -H`):
//! after each turn every pointer word must be nil or point at a live object and
//! every reference count must equal the references found. The deepest programs
//! are checked every n-th turn only (a check walks every frame).

mod harness;

use harness::{cases, run_flagged, testdata};
use std::fs;
use std::sync::Mutex;

/// Programs whose check every turn would take minutes: the period used instead.
const PERIODS: &[(&str, &str)] = &[
    ("lang-recur", "-H1000"),
    ("rt-mem-recursion", "-H1000"),
    ("rt-spawn-many", "-H100"),
    ("rt-mem-cycles", "-H10"),
];

#[test]
fn the_heap_checker_finds_nothing_in_the_test_programs() {
    let scratch = harness::new_root("heapcheck");
    let root = scratch.path();
    for e in fs::read_dir(testdata()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".dis") {
            harness::install(root, stem, &fs::read(e.path()).unwrap());
        }
    }
    let queue = Mutex::new(cases());
    let bad = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some(name) = queue.lock().unwrap().pop() else {
                    break;
                };
                let flag = PERIODS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or("-H", |(_, f)| f);
                let out = String::from_utf8_lossy(&run_flagged(root, &name, &[flag])).into_owned();
                let clean = out.lines().any(|l| {
                    l.strip_prefix("heapcheck: ")
                        .is_some_and(|r| r.ends_with(" checks, 0 findings"))
                });
                if !clean {
                    let found: Vec<&str> = out
                        .lines()
                        .filter(|l| l.starts_with("heapcheck:"))
                        .collect();
                    bad.lock()
                        .unwrap()
                        .push(format!("{name}: {}", found.join("; ")));
                }
            });
        }
    });
    let bad = bad.into_inner().unwrap();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
