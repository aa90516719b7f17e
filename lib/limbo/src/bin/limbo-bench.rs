//! Benchmark of the whole compiler: compiles every `.b` of the testdata and of
//! the tree's `appl/` (held in memory with the module interfaces) end to end,
//! parse to `.dis` bytes, over and over for at least a second, and prints lines
//! per second. Usage: `limbo-bench [testdata-dir [appl-dir]]`.

use limbo::source::{MemoryFiles, SourceLoader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Read the files with these extensions under `dir` (into subfolders when `deep`).
fn read_sources(dir: &Path, exts: &[&str], deep: bool, into: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if deep {
                read_sources(&p, exts, deep, into);
            }
        } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
            if let Ok(text) = std::fs::read_to_string(&p) {
                into.push((p, text));
            }
        }
    }
}

/// Compile one program to `.dis` bytes; the number of bytes, or why it failed.
fn compile(path: &Path, loader: &mut SourceLoader) -> Result<usize, String> {
    let module = limbo::compile(&path.to_string_lossy(), loader)?;
    module.write().map(|b| b.len()).map_err(|e| e.to_string())
}

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let testdata = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../tests/conformance"));
    let appl = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../appl"));
    let module_dir = manifest.join("../../module");
    let mut files = Vec::new();
    read_sources(&testdata, &["b", "m"], false, &mut files);
    read_sources(&appl, &["b", "m"], true, &mut files);
    read_sources(&module_dir, &["m"], false, &mut files);
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
        eprintln!(
            "limbo-bench: no .b files in {} or {}",
            testdata.display(),
            appl.display()
        );
        std::process::exit(1);
    }

    let mut lines_per_pass = 0usize;
    let mut bytes_per_pass = 0usize;
    let mut failures: Vec<String> = Vec::new();
    let start = Instant::now();
    let mut passes = 0usize;
    while passes == 0 || start.elapsed() < Duration::from_secs(1) {
        let mut lines = 0usize;
        let mut bytes = 0usize;
        failures.clear();
        for p in &programs {
            let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut loader = SourceLoader::new(
                Box::new(memory.clone()),
                vec![dir, testdata.clone()],
                Some(module_dir.clone()),
            );
            match compile(p, &mut loader) {
                Ok(n) => bytes += n,
                Err(e) => failures.push(e.lines().next().unwrap_or_default().to_string()),
            }
            lines += loader.lines_read();
        }
        lines_per_pass = lines;
        bytes_per_pass = bytes;
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let own_lines: usize = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "b"))
        .map(|(_, t)| t.lines().count())
        .sum();
    println!(
        "{} programs: {} lines of their own, {} with the interfaces they include; {} bytes of .dis; {} passes in {:.2}s",
        programs.len(),
        own_lines,
        lines_per_pass,
        bytes_per_pass,
        passes,
        secs
    );
    println!(
        "parse to .dis: {:.0} lines/s counting every line read, {:.0} lines/s counting program lines only",
        (lines_per_pass * passes) as f64 / secs,
        (own_lines * passes) as f64 / secs
    );
    if !failures.is_empty() {
        println!("{} programs not compiled:", failures.len());
        for f in &failures {
            println!("  {f}");
        }
    }
}
