//! `emu -T`, the virtual clock: an hour of `sys->sleep` in several progs with
//! interleaved timers ends in moments of real time, prints in deadline order and
//! the same every run; `sys->millisec`, `/dev/msec` and `/dev/time` all see the
//! hour; the shell's `sleep` and `date` follow the clock too, and so does
//! `$Keyring`'s test of a certificate's expiry.

mod system;

use std::time::{Duration, Instant};

/// The program's output: each ticker's wakes in deadline order, then the hour.
fn expected() -> String {
    let mut wakes: Vec<(u32, String)> = Vec::new();
    for (name, minutes, times) in [("a", 7, 8), ("b", 11, 5), ("c", 13, 4)] {
        for i in 1..=times {
            wakes.push((minutes * i, format!("{name} {i} at {} min\n", minutes * i)));
        }
    }
    wakes.sort();
    let mut out: String = wakes.into_iter().map(|(_, line)| line).collect();
    out.push_str("hour over: millisec 60 min, /dev/msec 60 min, /dev/time 60 min\n");
    out
}

#[test]
fn an_hour_of_sleeping_progs_passes_at_once_and_the_same_every_run() {
    let root = system::Root::new("vclock");
    root.compile(
        &system::project().join("emu/tests/programs/vclock.b"),
        "tmp/vclock.dis",
    );
    let mut outputs = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let run = root.emu(&["-T", "/tmp/vclock.dis"]);
        let took = start.elapsed();
        eprintln!("an hour of virtual sleep took {took:?} of real time");
        assert_eq!(run.status, 0, "{run:?}");
        // Far below the hour the program sleeps (the figure is measured, not
        // asserted, at its real size).
        assert!(took < Duration::from_secs(120), "{took:?}");
        outputs.push(run.out);
    }
    assert_eq!(outputs[0], expected());
    assert!(outputs.iter().all(|o| *o == outputs[0]), "{outputs:?}");
}

/// Seconds since midnight of a `date` line (`Sun Dec  6 23:59:59 UTC 2026`).
fn clock_seconds(line: &str) -> u32 {
    let hms = line
        .split_whitespace()
        .find(|w| w.len() == 8 && w.as_bytes()[2] == b':')
        .unwrap_or_else(|| panic!("no time in {line:?}"));
    hms.split(':')
        .map(|n| n.parse::<u32>().unwrap())
        .fold(0, |acc, n| acc * 60 + n)
}

#[test]
fn the_shells_sleep_and_date_follow_the_virtual_clock() {
    let root = system::Root::new("vclock-sh");
    let start = Instant::now();
    let run = root.emu(&[
        "-T",
        "sh",
        "-c",
        "date; cat /dev/time; echo; sleep 3600; date; cat /dev/time; echo",
    ]);
    assert!(start.elapsed() < Duration::from_secs(120));
    assert_eq!(run.status, 0, "{run:?}");
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 4, "{run:?}");
    let micros = |l: &str| l.trim().parse::<i64>().unwrap();
    let slept = micros(lines[3]) - micros(lines[1]);
    assert!(
        (3_600_000_000..3_660_000_000).contains(&slept),
        "{slept} µs: {run:?}"
    );
    let day = 24 * 3600;
    let dated = (clock_seconds(lines[2]) + day - clock_seconds(lines[0])) % day;
    assert!((3600..3660).contains(&dated), "{dated} s: {run:?}");
}

#[test]
fn without_the_option_the_clock_is_the_hosts() {
    let root = system::Root::new("vclock-real");
    let run = root.emu(&["sh", "-c", "cat /dev/msec; sleep 1; cat /dev/msec"]);
    assert_eq!(run.status, 0, "{run:?}");
    let ms: Vec<u64> = run
        .out
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(ms[1] - ms[0] >= 1000, "{ms:?}");
}

#[test]
fn while_a_prog_waits_for_a_host_call_the_clock_runs_at_the_hosts_speed() {
    let root = system::Root::new("vclock-pipe");
    // `cat` waits for the pipe on a host worker while the sleeper sleeps: the
    // clock may not skip, so the two seconds pass in real time.
    let start = Instant::now();
    let run = root.emu(&[
        "-T",
        "sh",
        "-c",
        "cat /dev/msec; {sleep 2; echo woke} | cat; cat /dev/msec",
    ]);
    let took = start.elapsed();
    assert_eq!(run.status, 0, "{run:?}");
    let words: Vec<&str> = run.out.split_whitespace().collect();
    assert_eq!(words.len(), 3, "{run:?}");
    assert_eq!(words[1], "woke");
    let ms = |w: &str| w.parse::<u64>().unwrap();
    assert!(ms(words[2]) - ms(words[0]) >= 2000, "{run:?}");
    assert!(took >= Duration::from_millis(1900), "{took:?}");
}

#[test]
fn keyring_judges_certificate_expiry_by_the_virtual_clock() {
    let root = system::Root::new("vclock-cert");
    root.compile(
        &system::project().join("emu/tests/programs/certexpiry.b"),
        "tmp/certexpiry.dis",
    );
    let run = root.emu(&["-T", "/tmp/certexpiry.dis"]);
    assert_eq!(
        run.out, "now: bob\nan hour later: certificate expired\n",
        "{run:?}"
    );
}
