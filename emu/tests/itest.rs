//! `itest` and `itreplay` on the example test folders of `tests/itest/` (one
//! passing, one failing, one fatal, one hanging), as a user runs them inside
//! emu: in each output mode, with records replayed, and emu's exit status
//! saying whether every test passed. The expected lines come from the formats
//! of itest(1) and itslib(2) in the original's manual and program.

mod system;

use system::Root;

/// The examples, copied into `/tests` of a root whose `/dis` is the system's own,
/// Limbo tests compiled.
fn root(tag: &str) -> Root {
    let root = Root::new(tag);
    root.install_tests(
        "tests/itest",
        "tests",
        &["passing", "failing", "fatal", "hanging"],
    );
    root
}

/// The lines of `text` without their time stamps (`YYYYMMDD HH:MM:SS `, or as
/// many blanks before a dash) and without TAP's comment mark.
fn untimed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let l = l.strip_prefix("# ").unwrap_or(l);
            let stamped = l.len() > 18
                && (l.as_bytes()[0].is_ascii_digit() || l.starts_with(&format!("{:18}-", "")));
            if stamped {
                l[18..].to_string()
            } else {
                l.to_string()
            }
        })
        .collect()
}

#[test]
fn passing_tests_pass_and_emu_says_so() {
    let root = root("itest-pass");
    let run = root.emu(&["itest", "-o", "/tests/passing"]);
    assert_eq!(run.status, 0, "{run:?}");
    let lines = untimed(&run.out);
    let want = [
        "Starting tests - 1 run of 1 test",
        "-Starting run 1",
        "--Starting test /tests/passing cflag=0",
        "---INF: cmp found the files differ",
    ];
    assert_eq!(&lines[..4], &want, "{}", run.out);
    assert!(lines[4].starts_with("--Finished test /tests/passing after "));
    assert!(lines[4].ends_with("ms - WRN:0 ERR:0 FTL:0"), "{}", lines[4]);
    assert_eq!(lines[5], "--Stdout from test:");
    assert_eq!(lines[6], "                    output of the passing test");
    assert_eq!(&lines[7..], &["-Finished run 1", "Finished tests"]);
}

#[test]
fn tap_output_fails_the_run_when_a_test_reports_an_error_or_dies() {
    let root = root("itest-tap");
    let run = root.emu(&[
        "itest",
        "-t",
        "-l",
        "3",
        "/tests/passing",
        "/tests/failing",
        "/tests/fatal",
        "/tests/hanging",
    ]);
    assert_eq!(run.status, 1, "{run:?}");
    let tap: Vec<&str> = run.out.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        tap,
        [
            "1..4",
            "ok 1 - /tests/passing",
            "not ok 2 - /tests/failing (WRN:1 ERR:1 FTL:0)",
            "not ok 3 - /tests/fatal (WRN:0 ERR:0 FTL:1)",
            "not ok 4 - /tests/hanging (WRN:0 ERR:0 FTL:1)",
        ],
        "{}",
        run.out
    );
    let log = untimed(&run.out);
    for line in [
        "---WRN: this is only a warning",
        "---ERR: something went wrong",
        "---FTL: Exception zero divide in test /tests/fatal/t.dis",
        "---FTL: test ran out of its time limit of 3s",
    ] {
        assert!(log.iter().any(|l| l == line), "no {line:?} in\n{}", run.out);
    }
}

#[test]
fn parallel_tests_keep_each_log_together() {
    let root = root("itest-jobs");
    let run = root.emu(&["itest", "-j", "2", "/tests/failing", "/tests/passing"]);
    assert_eq!(run.status, 1, "{run:?}");
    let log = untimed(&run.out);
    let start = |t: &str| {
        log.iter()
            .position(|l| l == &format!("--Starting test {t} cflag=0"))
    };
    let (failing, passing) = (
        start("/tests/failing").unwrap(),
        start("/tests/passing").unwrap(),
    );
    assert!(failing < passing, "{}", run.out);
    assert_eq!(log[failing + 1], "---WRN: this is only a warning");
    assert_eq!(log[failing + 2], "---ERR: something went wrong");
    assert!(log[failing + 3].starts_with("--Finished test /tests/failing"));
}

#[test]
fn records_are_replayed() {
    let root = root("itest-replay");
    std::fs::create_dir_all(root.file("tmp/rec")).unwrap();
    let run = root.emu(&[
        "itest",
        "-R",
        "/tmp/rec",
        "/tests/passing",
        "/tests/failing",
    ]);
    assert_eq!(run.status, 1, "{run:?}");
    for n in ["1", "2"] {
        for f in ["msgs", "stdout", "stderr", "summary"] {
            assert!(root.file(&format!("tmp/rec/{n}/{f}")).exists(), "{n}/{f}");
        }
    }
    let summary = std::fs::read_to_string(root.file("tmp/rec/2/summary")).unwrap();
    let fields: Vec<&str> = summary.split_whitespace().collect();
    assert_eq!(fields.len(), 4, "{summary}");
    assert_eq!(fields[2], "0");
    assert_eq!(fields[3], "/tests/failing/t.sh");
    let stderr = std::fs::read_to_string(root.file("tmp/rec/2/stderr")).unwrap();
    assert_eq!(stderr, "error output\n");

    let replay = root.emu(&["itreplay", "-e", "/tmp/rec/2"]);
    assert_eq!(replay.status, 0, "{replay:?}");
    let log = untimed(&replay.out);
    assert_eq!(
        log[0],
        format!(
            "-Processing /tmp/rec/2: test /tests/failing/t.sh ran in {}ms with cflag=0",
            fields[1]
        )
    );
    assert_eq!(log[1], "--Starting test /tests/failing/t.sh cflag=0");
    assert_eq!(log[2], "---WRN: this is only a warning");
    assert_eq!(log[3], "---ERR: something went wrong");
    assert!(log[4].ends_with("ms - WRN:1 ERR:1 FTL:0"), "{}", replay.out);
    assert_eq!(
        &log[5..],
        &["--Stderr from test:", "                    error output"]
    );
}
