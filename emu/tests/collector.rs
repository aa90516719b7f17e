//! The cycle collector seen from outside: a program that drops rings of objects
//! in a loop runs to the end in a heap far smaller than the garbage it makes,
//! the rings it still holds intact, and `emu -v` reports what the collector did.

mod system;

use system::{project, Root};

#[test]
fn dropped_cycles_are_reclaimed_within_a_small_heap() {
    let root = Root::new("collector");
    root.compile(&project().join("emu/tests/programs/cycles.b"), "cycles.dis");
    // 50,000 rings of 16 nodes, each node with 64 bytes of data: about 100 MB
    // of cyclic garbage in all, in a heap of 16 MB.
    let run = root.emu(&["-v", "-p", "heap=16m", "/cycles.dis", "50000", "16"]);
    assert_eq!(run.status, 0, "{run:?}");
    // 50000 rings, one in five kept, the list emptied after every 101st:
    // 10000 = 99 * 101 + 1, so 1 ring of 16 nodes (0..15) is kept at the end.
    assert_eq!(run.out, "cycles(50000 x 16) kept 1 sum 120\n", "{run:?}");
    let line = run
        .err
        .lines()
        .find_map(|l| l.strip_prefix("emu: collector: "))
        .unwrap_or_else(|| panic!("no collector line: {run:?}"));
    let reclaimed: u64 = line
        .split(", ")
        .find_map(|f| f.strip_suffix(" objects reclaimed"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no reclaimed count: {line}"));
    assert!(reclaimed > 500_000, "{line}");
}

#[test]
fn rearranged_live_rings_survive_collection_under_the_heap_checker() {
    let root = Root::new("collector-shuffle");
    root.compile(
        &project().join("emu/tests/programs/shuffle.b"),
        "shuffle.dis",
    );
    // About 45 MB of garbage rings: several cycles run while live rings are
    // spliced and split (references moving between objects during marking).
    let run = root.emu(&["-v", "-H40", "/shuffle.dis", "60000"]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.out, "shuffle(60000) 10908 nodes\n", "{run:?}");
    assert!(
        run.err
            .lines()
            .any(|l| l.starts_with("heapcheck: ") && l.ends_with(" checks, 0 findings")),
        "{run:?}"
    );
    let cycles = run
        .err
        .lines()
        .find_map(|l| l.strip_prefix("emu: collector: "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse::<u64>().ok());
    assert!(cycles.is_some_and(|c| c >= 5), "{run:?}");
}
