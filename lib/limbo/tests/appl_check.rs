//! Every Limbo source under `appl/` parses and type-checks against the
//! interfaces in `module/`, apart from the listed cases where the front end
//! still rejects valid Limbo (each to be removed once the front end is fixed).

mod common;

use limbo::source::{HostFiles, SourceLoader};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Errors the front end reports on valid Limbo: (file under appl/, line, message).
const FRONT_END_BUGS: &[(&str, u32, &str)] = &[];

fn appl_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../appl"))
}

fn limbo_sources(dir: &Path, into: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable appl folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            limbo_sources(&p, into);
        } else if p.extension().is_some_and(|x| x == "b") {
            into.push(p);
        }
    }
}

#[test]
fn every_appl_source_checks_without_error() {
    let root = appl_dir();
    let mut sources = Vec::new();
    limbo_sources(&root, &mut sources);
    assert!(
        sources.iter().any(|p| p.ends_with("cmd/ls.b")),
        "appl sources not found under {}",
        root.display()
    );
    let mut unexpected = Vec::new();
    let mut seen_bugs = BTreeSet::new();
    for path in &sources {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let mut loader =
            SourceLoader::new(Box::new(HostFiles), Vec::new(), Some(common::module_dir()));
        let out = limbo::compile_check(&path.to_string_lossy(), &mut loader);
        for d in out.diags.sorted().iter().filter(|d| !d.warning) {
            let line = d.span.start.line;
            let known = FRONT_END_BUGS
                .iter()
                .position(|&(f, l, m)| f == rel && l == line && m == d.message);
            match known {
                Some(i) => {
                    seen_bugs.insert(i);
                }
                None => unexpected.push(format!("appl/{rel}:{line}: {}", d.message)),
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "diagnostics in appl/:\n{}",
        unexpected.join("\n")
    );
    let fixed: Vec<String> = FRONT_END_BUGS
        .iter()
        .enumerate()
        .filter(|(i, _)| !seen_bugs.contains(i))
        .map(|(_, (f, l, m))| format!("appl/{f}:{l}: {m}"))
        .collect();
    assert!(
        fixed.is_empty(),
        "no longer reported, remove from FRONT_END_BUGS:\n{}",
        fixed.join("\n")
    );
}
