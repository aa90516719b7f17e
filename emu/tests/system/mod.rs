//! A scratch root for end-to-end tests: a folder holding an empty `tmp/`
//! (`/tmp`) and nothing else, so that `/dis` and `/module` are the system's own
//! (from the project's build), on which `emu` runs commands. A root can also
//! hold copies of the project's `appl/` and `module/`, for compiling them.

#![allow(dead_code)]

use limbo::source::{HostFiles, SourceLoader};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub mod peer;
#[path = "../watchdog/mod.rs"]
pub mod watchdog;
use watchdog::Watchdog;

/// The project tree.
pub fn project() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The Limbo source at host path `source` compiled by our compiler, with the
/// project's `module/` as the include folder; panics with the compiler's
/// message when it does not compile.
pub fn compile(source: &Path) -> dis::object::Module {
    let mut loader = SourceLoader::new(
        Box::new(HostFiles),
        Vec::new(),
        Some(project().join("module")),
    );
    limbo::compile(&source.to_string_lossy(), &mut loader)
        .unwrap_or_else(|e| panic!("{}: {e}", source.display()))
}

/// `appl/PATH.b` compiled by our compiler, as its link table (names and
/// signatures, in order).
pub fn exports(path: &str) -> Vec<(String, u32)> {
    let module = compile(&project().join(format!("appl/{path}.b")));
    module
        .links
        .iter()
        .map(|l| (l.name.clone(), l.sig))
        .collect()
}

/// A link table written as constants, in the form [`exports`] gives.
pub fn link_table(table: &[(&str, u32)]) -> Vec<(String, u32)> {
    table.iter().map(|&(n, s)| (n.to_string(), s)).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A scratch root, removed when dropped.
pub struct Root {
    pub path: PathBuf,
    _scratch: tempfile::TempDir,
}

impl Root {
    /// A fresh root named by `tag`, holding only `tmp/`.
    pub fn new(tag: &str) -> Root {
        let scratch = tempfile::Builder::new()
            .prefix(&format!("emu-system-{tag}-"))
            .tempdir()
            .unwrap();
        let path = scratch.path().to_path_buf();
        fs::create_dir_all(path.join("tmp")).unwrap();
        Root {
            path,
            _scratch: scratch,
        }
    }

    /// A fresh root with copies of the project's `appl/` and `module/` too.
    pub fn with_sources(tag: &str) -> Root {
        let root = Root::new(tag);
        for dir in ["appl", "module"] {
            root.copy_folder(dir);
        }
        root
    }

    /// The host path of a file below the root.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }

    /// Writes a file below the root.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.file(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Copies each test folder `names` of the project's folder `from` to
    /// `into/NAME` of the root, compiling a Limbo test's `t.b` to `t.dis` with
    /// our compiler (interfaces from the project's `module/`).
    pub fn install_tests(&self, from: &str, into: &str, names: &[&str]) {
        for test in names {
            let dir = project().join(from).join(test);
            let target = format!("{into}/{test}");
            fs::create_dir_all(self.file(&target)).unwrap();
            for e in fs::read_dir(&dir).unwrap().flatten() {
                let name = e.file_name().into_string().unwrap();
                fs::copy(e.path(), self.file(&format!("{target}/{name}"))).unwrap();
                if name == "t.b" {
                    self.compile(&e.path(), &format!("{target}/t.dis"));
                }
            }
        }
    }

    /// Copies the project's folder `rel` (all of it) to the same place in the root.
    pub fn copy_folder(&self, rel: &str) {
        copy_tree(&project().join(rel), &self.file(rel));
    }

    /// Compiles the Limbo source at host path `source` with our compiler
    /// (interfaces from the project's `module/`) into `target` below the root.
    pub fn compile(&self, source: &Path, target: &str) {
        let module = compile(source);
        let path = self.file(target);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, module.write().unwrap()).unwrap();
    }

    /// Runs `emu -r ROOT args...` with `stdin` as its standard input.
    pub fn emu_with_input(&self, args: &[&str], stdin: &str) -> Run {
        self.emu_within(args, stdin, watchdog::LIMIT)
    }

    /// [`Root::emu_with_input`], killed (status -1) if it runs past `limit`.
    pub fn emu_within(&self, args: &[&str], stdin: &str, limit: std::time::Duration) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emu"))
            .arg("-r")
            .arg(&self.path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let watch = Watchdog::new(child.id(), limit);
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
        drop(input);
        let out = child.wait_with_output().unwrap();
        drop(watch);
        Run {
            status: out.status.code().unwrap_or(-1),
            out: String::from_utf8_lossy(&out.stdout).into_owned(),
            err: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Everything `emu -r ROOT args...` prints, standard output and error
    /// together in the order written, with `stdin` as its standard input.
    pub fn emu_merged(&self, args: &[&str], stdin: &[u8]) -> String {
        let (mut reader, writer) = std::io::pipe().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_emu"))
            .arg("-r")
            .arg(&self.path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .spawn()
            .unwrap();
        let watch = Watchdog::new(child.id(), watchdog::LIMIT);
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin).unwrap();
        drop(input);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        child.wait().unwrap();
        drop(watch);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Runs `emu -r ROOT args...` with empty standard input.
    pub fn emu(&self, args: &[&str]) -> Run {
        self.emu_with_input(args, "")
    }
}

/// What one run of `emu` did.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub out: String,
    pub err: String,
}
