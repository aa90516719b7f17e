//! The `tests/` scripts: each `tests/NAME.sh` runs through `emu sh` in a
//! scratch root whose `/dis` holds the conformance modules and the `appl/cmd`
//! commands (compiled here) the scripts use, and everything it prints (standard output and error together)
//! must equal `tests/NAME.out`. Standard input is `tests/NAME.in` if present.

mod system;

use limbo::source::{HostFiles, SourceLoader};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use system::watchdog::{self, Watchdog};

/// Modules from the conformance corpus the scripts run as commands.
const MODULES: &[&str] = &["lang-args", "rt-cmd-fail", "rt-err-uncaught"];

/// Commands of `appl/cmd` the scripts run.
const COMMANDS: &[&str] = &[
    "cat", "sleep", "cd", "pwd", "mkdir", "kill", "ns", "bind", "cmp", "tee", "ftest",
];

/// Libraries of `appl/lib` those commands load (as `/dis/lib/NAME.dis`).
const LIBS: &[&str] = &["workdir", "arg"];

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn testdata() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance"))
}

/// The `.dis` of `appl/DIR/NAME.b`, by our compiler.
fn compile(dir: &str, name: &str) -> Vec<u8> {
    let source = repo().join("appl").join(dir);
    let mut loader = SourceLoader::new(
        Box::new(HostFiles),
        vec![source.clone()],
        Some(repo().join("module")),
    );
    let path = source.join(format!("{name}.b"));
    let module = limbo::compile(&path.to_string_lossy(), &mut loader)
        .unwrap_or_else(|e| panic!("{name}.b: {e}"));
    module.write().unwrap()
}

/// A scratch root: `dis/` with the modules, `tmp/`, and the scripts in `tests/` (its files, not its folders of data).
fn make_root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("emu-scripts-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["dis/lib", "tmp", "tests"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    for m in MODULES {
        let file = format!("{m}.dis");
        std::fs::copy(testdata().join(&file), root.join("dis").join(&file)).unwrap();
    }
    for c in COMMANDS {
        std::fs::write(root.join("dis").join(format!("{c}.dis")), compile("cmd", c)).unwrap();
    }
    for l in LIBS {
        std::fs::write(
            root.join("dis/lib").join(format!("{l}.dis")),
            compile("lib", l),
        )
        .unwrap();
    }
    for entry in std::fs::read_dir(repo().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        std::fs::copy(&path, root.join("tests").join(path.file_name().unwrap())).unwrap();
    }
    root
}

/// Everything `emu -r root sh /tests/NAME.sh` prints.
fn run_script(root: &Path, name: &str) -> String {
    let (mut reader, writer) = std::io::pipe().unwrap();
    let input = repo().join("tests").join(format!("{name}.in"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_emu"))
        .arg("-r")
        .arg(root)
        .args(["sh", &format!("/tests/{name}.sh"), "arg1", "arg 2"])
        .stdin(Stdio::piped())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    let watch = Watchdog::new(child.id(), watchdog::LIMIT);
    let mut stdin = child.stdin.take().unwrap();
    if let Ok(text) = std::fs::read(&input) {
        stdin.write_all(&text).unwrap();
    }
    drop(stdin);
    let mut out = String::new();
    reader.read_to_string(&mut out).unwrap();
    child.wait().unwrap();
    drop(watch);
    out
}

#[test]
fn scripts_print_what_they_should() {
    let names = system::script_names(&repo().join("tests"));
    assert!(!names.is_empty(), "no scripts in tests/");
    let root = make_root("all");
    let mut failures = Vec::new();
    for name in &names {
        let expected = std::fs::read_to_string(repo().join("tests").join(format!("{name}.out")))
            .unwrap_or_else(|_| panic!("tests/{name}.out is missing"));
        let got = run_script(&root, name);
        if got != expected {
            failures.push(format!("--- {name}: expected\n{expected}--- got\n{got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
