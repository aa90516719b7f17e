//! The testdata programs compiled by our compiler (`lib/limbo`, the library
//! module `rt-lib-counter` too) run on `emu` to the original's transcripts, byte
//! for byte, interpreted (`-c0`) and under the compiled tier (`-c1`); and mixed
//! linking: our programs with the original's library module, the original's
//! programs with ours (under emu's default tier).

mod harness;

use harness::{cases, differing, differing_flagged, testdata};
use limbo::source::{HostFiles, SourceLoader};
use std::fs;
use std::path::{Path, PathBuf};

/// The library module some programs load (from the directory of their own path).
const LIBRARY: &str = "rt-lib-counter";

/// Cases our compiler does not yet get right, and why.
const KNOWN_FAILING: &[&str] = &[];

fn compile(name: &str) -> Result<Vec<u8>, String> {
    compile_path(&testdata().join(format!("{name}.b")))
}

/// Compile a source file (includes from `testdata` and `module`) to `.dis` bytes.
fn compile_path(path: &Path) -> Result<Vec<u8>, String> {
    let module_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
    let mut loader = SourceLoader::new(Box::new(HostFiles), vec![testdata()], Some(module_dir));
    let module = limbo::compile(&path.to_string_lossy(), &mut loader)?;
    module.write().map_err(|e| e.to_string())
}

fn original(name: &str) -> Vec<u8> {
    fs::read(testdata().join(format!("{name}.dis"))).unwrap()
}

#[test]
fn compiled_programs_match_the_original() {
    let scratch = harness::new_root("compiled");
    let root = scratch.path();
    let mut failed = Vec::new();
    let mut runnable = Vec::new();
    for name in cases().into_iter().chain([LIBRARY.to_string()]) {
        match compile(&name) {
            Ok(bytes) => {
                harness::install(root, &name, &bytes);
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
    for name in differing_flagged(root, &runnable, &["-c0"]) {
        failed.push(format!("{name} (interpreted, -c0)"));
    }
    for name in differing_flagged(root, &runnable, &["-c1"]) {
        failed.push(format!("{name} (under the jit, -c1)"));
    }
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
    let scratch = harness::new_root("mixed-ours");
    let root = scratch.path();
    harness::install(root, LIBRARY, &original(LIBRARY));
    let users = library_users();
    assert!(!users.is_empty());
    for name in &users {
        harness::install(root, name, &compile(name).unwrap());
    }
    let failed = differing(root, &users);
    assert!(failed.is_empty(), "differ: {failed:?}");
}

#[test]
fn the_original_programs_link_with_our_library() {
    let scratch = harness::new_root("mixed-theirs");
    let root = scratch.path();
    harness::install(root, LIBRARY, &compile(LIBRARY).unwrap());
    let users = library_users();
    for name in &users {
        harness::install(root, name, &original(name));
    }
    let failed = differing(root, &users);
    assert!(failed.is_empty(), "differ: {failed:?}");
}

/// The interface of the library below, declared by it and by its user.
const TABLES_MODULE: &str = "Tables: module {
	PATH: con \"/tmp/rt/tables.dis\";
	month: fn(i: int): int;
	greeting: fn(): string;
	half: fn(): real;
	large: fn(): big;
	cell: fn(i, j: int): int;
	pair: fn(i: int): (int, string);
	raw: fn(i: int): int;
	filled: fn(i: int): int;
	count: fn(): int;
	empty: fn(): string;
};
";

/// A library without `init`: its module-scope initialisers must be module data.
const TABLES: &str = "implement Tables;
days := array[] of {31, 28, 31, 30};
hello := \"hello\";
ratio := 0.5;
huge := big 1 << 40;
grid := array[2] of {array[] of {1, 2}, array[] of {3, 4, 5}};
pairs := array[] of {(1, \"one\"), (2, \"two\")};
bytes := array[] of {byte 7, byte 9};
sparse := array[5] of {1 => 5, 3 to 4 => 6, * => 2};
counter := 40;
nothing := \"\";
month(i: int): int { return days[i]; }
greeting(): string { return hello; }
half(): real { return ratio; }
large(): big { return huge; }
cell(i, j: int): int { return grid[i][j]; }
pair(i: int): (int, string) { return pairs[i]; }
raw(i: int): int { return int bytes[i]; }
filled(i: int): int { return sparse[i]; }
count(): int { return ++counter; }
empty(): string { return nothing; }
";

/// A program that loads `Tables` and prints what its functions return.
const TABLES_USER: &str = "implement TablesUser;
include \"sys.m\";
	sys: Sys;
include \"draw.m\";
TablesUser: module { init: fn(ctxt: ref Draw->Context, argv: list of string); };
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	t := load Tables Tables->PATH;
	(n, s) := t->pair(1);
	sys->print(\"%d %d %s %g %bd\\n\", t->month(1), t->month(3), t->greeting(), t->half(), t->large());
	sys->print(\"%d %d %d %d %s\\n\", t->cell(0, 1), t->cell(1, 2), len t->greeting(), n, s);
	sys->print(\"%d %d\\n\", t->raw(0), t->raw(1));
	sys->print(\"%d %d %d %d %d\\n\", t->filled(0), t->filled(1), t->filled(2), t->filled(3), t->filled(4));
	sys->print(\"%d %d [%s] %d\\n\", t->count(), t->count(), t->empty(), len t->empty());
}
";

#[test]
fn a_library_without_init_holds_its_initialised_globals() {
    let scratch = harness::new_root("globals");
    let root = scratch.path();
    let src = root.join("src");
    fs::create_dir_all(&src).unwrap();
    for (name, body) in [("tables", TABLES), ("tablesuser", TABLES_USER)] {
        let path = src.join(format!("{name}.b"));
        // the interface follows the `implement` line
        let (first, rest) = body.split_once('\n').unwrap();
        let text = format!("{first}\n{TABLES_MODULE}{rest}");
        fs::write(&path, text).unwrap();
        harness::install(root, name, &compile_path(&path).unwrap());
    }
    let out = String::from_utf8(harness::run(root, "tablesuser")).unwrap();
    assert_eq!(
        out,
        "28 30 hello .5 1099511627776\n2 5 5 2 two\n7 9\n2 5 2 6 6\n41 42 [] 0\n"
    );
}
