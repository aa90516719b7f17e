//! The benchmark command: runs every program of the benchmark folder on `emu` (built
//! beside this binary) under both tiers, the interpreter (`-c0`) and the JIT
//! (`-c1`), and prints each one's wall time (the median of its runs) beside the
//! original Inferno's figures for the same tier, with our time as a fraction of
//! the original's, and the program's last line of output (of the `-c1` runs).
//!
//! `cargo run --release -p emu --bin disbench [-- [-n RUNS] [BENCHDIR [PROGRAM...]]]`;
//! the folder defaults to the repository's `tests/bench/`, runs to 3.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// The original's whole-process wall seconds on this kind of machine (the
/// benchmark folder's README): program, interpreter, JIT.
const ORIGINAL: &[(&str, f64, f64)] = &[
    ("hello", 0.004, 0.008),
    ("fib", 1.43, 0.164),
    ("sieve", 1.54, 0.083),
    ("strings", 1.37, 1.03),
    ("chan", 1.14, 0.92),
    ("spawn", 1.75, 2.54),
    ("alloc", 1.62, 0.85),
];

/// One program's runs: the median wall time, whether every run succeeded, and the
/// last run's last line of output (with its error output).
struct Result {
    secs: f64,
    ok: bool,
    line: String,
}

fn run(
    emu: &PathBuf,
    tier: &str,
    dir: &PathBuf,
    name: &str,
    runs: usize,
) -> std::io::Result<Result> {
    let mut times = Vec::new();
    let mut ok = true;
    let mut line = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let o = Command::new(emu)
            .arg(tier)
            .arg("-r")
            .arg(dir)
            .arg(format!("/{name}.dis"))
            .output()?;
        times.push(start.elapsed().as_secs_f64());
        ok &= o.status.success();
        let text = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        line = format!("{}{}", text.lines().last().unwrap_or(""), err.trim_end());
    }
    times.sort_by(f64::total_cmp);
    Ok(Result {
        secs: times[times.len() / 2],
        ok,
        line,
    })
}

fn usage() -> ! {
    eprintln!("usage: disbench [-n RUNS] [BENCHDIR [PROGRAM...]]");
    std::process::exit(2);
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 3usize;
    if args.first().is_some_and(|a| a == "-n") {
        runs = match args.get(1).and_then(|n| n.parse().ok()) {
            Some(n) if n > 0 => n,
            _ => usage(),
        };
        args.drain(..2);
    }
    let mut args = args.into_iter();
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/bench")));
    let only: Vec<String> = args.collect();
    let emu = std::env::current_exe()
        .map(|p| p.with_file_name("emu"))
        .unwrap_or_else(|_| PathBuf::from("emu"));
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.strip_suffix(".dis").map(str::to_string)
            })
            .filter(|n| only.is_empty() || only.contains(n))
            .collect(),
        Err(e) => {
            eprintln!("disbench: {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    names.sort();
    println!("median of {runs} runs, wall seconds; ratio = ours / original's, same tier");
    println!(
        "{:8} {:>8} {:>9} {:>6} {:>8} {:>9} {:>6}  output",
        "program", "ours -c0", "orig -c0", "ratio", "ours -c1", "orig -c1", "ratio"
    );
    for name in names {
        let tiers = run(&emu, "-c0", &dir, &name, runs)
            .and_then(|i| Ok((i, run(&emu, "-c1", &dir, &name, runs)?)));
        let (interp, jit) = match tiers {
            Ok(r) => r,
            Err(e) => {
                println!("{name:8} cannot run {}: {e}", emu.display());
                continue;
            }
        };
        let original = ORIGINAL.iter().find(|(n, ..)| *n == name);
        let column = |ours: f64, orig: Option<f64>| match orig {
            Some(o) => format!("{ours:8.3} {o:9.3} {:6.2}", ours / o),
            None => format!("{ours:8.3} {:>9} {:>6}", "-", "-"),
        };
        let status = if interp.ok && jit.ok { "" } else { "FAILED " };
        println!(
            "{name:8} {} {}  {status}{}",
            column(interp.secs, original.map(|o| o.1)),
            column(jit.secs, original.map(|o| o.2)),
            jit.line
        );
    }
}
