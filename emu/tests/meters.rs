//! Meters and keepers (issue 21): bombs contained by process-group budgets
//! while another prog keeps answering, and a keeper that resumes a broken prog
//! and a stopped one and kills a third, and is refused its own group. The programs are the Limbo sources in
//! `tests/meters/`, run as `emu -r ROOT /meters/NAME.dis` under the harness's
//! time limit.

mod system;

use limbo::source::{HostFiles, SourceLoader};
use std::fs;
use system::{project, Root};

/// A root holding the programs of `tests/meters/`, compiled, with their
/// symbol files.
fn root(tag: &str) -> Root {
    let root = Root::new(tag);
    for name in ["bombs", "keeper"] {
        let source = project().join(format!("emu/tests/meters/{name}.b"));
        let source = source.to_string_lossy();
        let mut loader = SourceLoader::new(
            Box::new(HostFiles),
            Vec::new(),
            Some(project().join("module")),
        );
        let mut outcome = limbo::compile_check(&source, &mut loader);
        let (module, symbols) =
            limbo::gen::generate_with_symbols(&mut outcome.checked, &source, Some(&outcome.files))
                .unwrap();
        root.write(&format!("meters/{name}.sbl"), &symbols.unwrap());
        fs::write(
            root.file(&format!("meters/{name}.dis")),
            module.write().unwrap(),
        )
        .unwrap();
    }
    root
}

#[test]
fn bombs_under_meters_are_stopped_while_another_prog_answers() {
    let root = root("bombs");
    let run = root.emu(&["-p", "heap=256m", "/meters/bombs.dis"]);
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 6, "{run:?}");
    assert_eq!(lines[0], "answered while the bombs ran: yes", "{run:?}");
    // The fork bomb runs out of whichever of its budgets comes first.
    let fork = lines[1];
    assert!(
        fork == "fork bomb stopped: insts within budget, heap within budget, stopped:insts"
            || fork == "fork bomb stopped: insts within budget, heap over budget, stopped:heap",
        "{run:?}"
    );
    assert_eq!(
        lines[2], "allocation bomb stopped: no insts budget, heap over budget, stopped:heap",
        "{run:?}"
    );
    assert_eq!(lines[3], "after the kills: 42", "{run:?}");
    assert_eq!(
        lines[4], "huge allocation refused: out of memory: heap",
        "{run:?}"
    );
    assert_eq!(lines[5], "huge allocation: release", "{run:?}");
    assert!(
        run.err.contains("[Bombs] Stopped: \"meter heap\""),
        "no report of the stop: {run:?}"
    );
}

#[test]
fn a_keeper_resumes_a_broken_prog_and_a_stopped_one() {
    let root = root("keeper");
    let run = root.emu(&["/meters/keeper.dis"]);
    let want = [
        "keeper heard: broken PID Keeper PC \"dereference of nil\" keeper.b:83",
        "held prog is broken",
        "its stack: 1 frames, newest in /meters/keeper.dis",
        "resumed member read 42",
        "keeper heard: stopped PID Keeper PC \"meter insts\" keeper.b:LOOP",
        "stopped prog is stopped",
        "refilled member counted 500000",
        "keeper heard: broken PID Keeper PC \"array bounds error\" keeper.b:93",
        "killed prog is gone",
        "open keeper: a keeper must be outside the group it keeps",
    ];
    // The budget runs out somewhere in the counting loop (lines 87 and 88).
    let got: Vec<String> = run
        .out
        .lines()
        .map(|l| l.replace("keeper.b:87", "keeper.b:LOOP"))
        .map(|l| l.replace("keeper.b:88", "keeper.b:LOOP"))
        .collect();
    assert_eq!(got, want, "{run:?}");
}
