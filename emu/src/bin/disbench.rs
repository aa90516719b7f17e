//! The benchmark command: runs every program of the benchmark folder on `emu` (built
//! beside this binary) in one go and prints each one's wall time and output.
//!
//! `cargo run --release -p emu --bin disbench [-- BENCHDIR [PROGRAM...]]`; the folder
//! defaults to the shared `bench/` beside the repository.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
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
    for name in names {
        let start = Instant::now();
        let out = Command::new(&emu)
            .arg("-r")
            .arg(&dir)
            .arg(format!("/{name}.dis"))
            .output();
        let secs = start.elapsed().as_secs_f64();
        match out {
            Ok(o) => {
                let text = String::from_utf8_lossy(&o.stdout);
                let err = String::from_utf8_lossy(&o.stderr);
                let line = text.lines().last().unwrap_or("").to_string();
                let status = if o.status.success() { "" } else { " FAILED" };
                println!("{name:8} {secs:7.3} s{status}  {line}{}", err.trim_end());
            }
            Err(e) => println!("{name:8} cannot run {}: {e}", emu.display()),
        }
    }
}
