//! The testdata programs compiled by our compiler (`lib/limbo`, the library
//! module `rt-lib-counter` too) run on `emu` to the original's transcripts, byte
//! for byte; and mixed linking: our programs with the original's library module,
//! the original's programs with ours.

mod harness;

use harness::{cases, differing, testdata};
use limbo::source::{HostFiles, SourceLoader};
use std::fs;
use std::path::PathBuf;

/// The library module some programs load (from the directory of their own path).
const LIBRARY: &str = "rt-lib-counter";

/// Cases our compiler does not yet get right, and why.
const KNOWN_FAILING: &[&str] = &[];

fn compile(name: &str) -> Result<Vec<u8>, String> {
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
    let mut loader = SourceLoader::new(Box::new(HostFiles), vec![testdata()], Some(module_dir));
    let path = testdata().join(format!("{name}.b"));
    let module = limbo::compile(&path.to_string_lossy(), &mut loader)?;
    module.write().map_err(|e| e.to_string())
}

fn original(name: &str) -> Vec<u8> {
    fs::read(testdata().join(format!("{name}.dis"))).unwrap()
}

#[test]
fn compiled_programs_match_the_original() {
    let root = harness::new_root("compiled");
    let mut failed = Vec::new();
    let mut runnable = Vec::new();
    for name in cases().into_iter().chain([LIBRARY.to_string()]) {
        match compile(&name) {
            Ok(bytes) => {
                harness::install(&root, &name, &bytes);
                if name != LIBRARY {
                    runnable.push(name);
                }
            }
            Err(e) => failed.push(format!(
                "{name} (compile: {})",
                e.lines().next().unwrap_or("")
            )),
        }
    }
    for name in differing(&root, &runnable) {
        failed.push(name);
    }
    let _ = fs::remove_dir_all(&root);
    failed.sort();
    let unexpected: Vec<&String> = failed
        .iter()
        .filter(|f| !KNOWN_FAILING.iter().any(|k| f.split(' ').next() == Some(k)))
        .collect();
    let fixed: Vec<&&str> = KNOWN_FAILING
        .iter()
        .filter(|k| !failed.iter().any(|f| f.split(' ').next() == Some(**k)))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "failing: {failed:?}; not expected to fail: {unexpected:?}; listed as failing but passing: {fixed:?}"
    );
}

/// The programs that load the library module.
fn library_users() -> Vec<String> {
    ["rt-mod-load", "rt-mod-badload", "rt-mod-exc"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn our_programs_link_with_the_original_library() {
    let root = harness::new_root("mixed-ours");
    harness::install(&root, LIBRARY, &original(LIBRARY));
    let users = library_users();
    assert!(!users.is_empty());
    for name in &users {
        harness::install(&root, name, &compile(name).unwrap());
    }
    let failed = differing(&root, &users);
    let _ = fs::remove_dir_all(&root);
    assert!(failed.is_empty(), "differ: {failed:?}");
}

#[test]
fn the_original_programs_link_with_our_library() {
    let root = harness::new_root("mixed-theirs");
    harness::install(&root, LIBRARY, &compile(LIBRARY).unwrap());
    let users = library_users();
    for name in &users {
        harness::install(&root, name, &original(name));
    }
    let failed = differing(&root, &users);
    let _ = fs::remove_dir_all(&root);
    assert!(failed.is_empty(), "differ: {failed:?}");
}

#[test]
fn an_uncaught_exception_names_its_source_line_when_the_sbl_is_beside_the_module() {
    let name = "lang-uncaught";
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
    let mut loader = SourceLoader::new(Box::new(HostFiles), vec![testdata()], Some(module_dir));
    let path = testdata().join(format!("{name}.b"));
    let path = path.to_string_lossy();
    let mut outcome = limbo::compile_check(&path, &mut loader);
    let (module, symbols) =
        limbo::gen::generate_with_symbols(&mut outcome.checked, &path, Some(&outcome.files))
            .unwrap();
    let root = harness::new_root("sbl");
    harness::install(&root, name, &module.write().unwrap());
    let without = String::from_utf8(harness::run(&root, name)).unwrap();
    fs::write(root.join(format!("tmp/rt/{name}.sbl")), symbols.unwrap()).unwrap();
    let with = String::from_utf8(harness::run(&root, name)).unwrap();
    let _ = fs::remove_dir_all(&root);
    let broken = "[LangUncaught] Broken: \"unexpected failure\"";
    assert!(without.ends_with(&format!("{broken}\n")), "{without}");
    // line 26 of lang-uncaught.b is `raise s;`
    assert!(
        with.ends_with(&format!("{broken} at {name}.b:26\n")),
        "{with}"
    );
}
