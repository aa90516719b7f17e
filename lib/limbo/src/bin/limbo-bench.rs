//! Benchmark of the front end: parses and checks every testdata source (held in
//! memory, with the module interfaces) over and over for at least a second, and
//! prints lines per second. Usage: `limbo-bench [testdata-dir]`.

use limbo::source::{MemoryFiles, SourceLoader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn read_dir_sources(dir: &Path, exts: &[&str], into: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)))
        .collect();
    paths.sort();
    for p in paths {
        if let Ok(text) = std::fs::read_to_string(&p) {
            into.push((p, text));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let testdata = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/testdata"));
    let module_dir = manifest.join("../../module");
    let mut files = Vec::new();
    read_dir_sources(&testdata, &["b", "m"], &mut files);
    read_dir_sources(&module_dir, &["m"], &mut files);
    let mut memory = MemoryFiles::default();
    for (path, text) in &files {
        memory.insert(path.clone(), text.clone());
    }
    let programs: Vec<&PathBuf> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|x| x == "b"))
        .collect();
    if programs.is_empty() {
        eprintln!("limbo-bench: no .b files in {}", testdata.display());
        std::process::exit(1);
    }

    let mut lines_per_pass = 0usize;
    let mut errors = 0usize;
    let start = Instant::now();
    let mut passes = 0usize;
    while passes == 0 || start.elapsed() < Duration::from_secs(1) {
        let mut lines = 0usize;
        for p in &programs {
            let mut loader = SourceLoader::new(
                Box::new(memory.clone()),
                vec![testdata.clone()],
                Some(module_dir.clone()),
            );
            let out = limbo::compile_check(&p.to_string_lossy(), &mut loader);
            errors += out.diags.error_count();
            lines += loader.lines_read();
        }
        lines_per_pass = lines;
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let total = lines_per_pass * passes;
    let own_lines: usize = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "b"))
        .map(|(_, t)| t.lines().count())
        .sum();
    println!(
        "{} programs: {} lines of their own, {} with the interfaces they include; {} passes in {:.2}s",
        programs.len(),
        own_lines,
        lines_per_pass,
        passes,
        secs
    );
    println!(
        "parse+check: {:.0} lines/s counting every line read, {:.0} lines/s counting program lines only",
        total as f64 / secs,
        (own_lines * passes) as f64 / secs
    );
    if errors > 0 {
        println!("warning: {errors} errors reported");
    }
}
