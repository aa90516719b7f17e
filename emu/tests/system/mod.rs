//! A system root for end-to-end tests: a scratch folder holding copies of the
//! project's `appl/` and `module/` and an empty `tmp/` (`/tmp`), on which `emu`
//! runs commands; boot compiles `appl/` into the root's `build/dis`.

#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../watchdog/mod.rs"]
pub mod watchdog;
use watchdog::Watchdog;

/// The project tree.
pub fn project() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
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

/// The names `NAME` of the scripts `NAME.sh` in folder `dir`, sorted.
pub fn script_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".sh").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// A scratch root, removed when dropped.
pub struct Root {
    pub path: PathBuf,
}

impl Root {
    /// A fresh root named by `tag`, with copies of `appl/` and `module/`.
    pub fn new(tag: &str) -> Root {
        let path = std::env::temp_dir().join(format!("emu-system-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        for dir in ["appl", "module"] {
            copy_tree(&project().join(dir), &path.join(dir));
        }
        for dir in ["tmp", "dis"] {
            fs::create_dir_all(path.join(dir)).unwrap();
        }
        Root { path }
    }

    /// A fresh root whose `appl/` boot has already compiled.
    pub fn compiled(tag: &str) -> Root {
        let root = Root::new(tag);
        let boot = root.emu(&["echo"]);
        assert_eq!(boot.status, 0, "{}", boot.err);
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

    /// Runs `emu -r ROOT args...` with `stdin` as its standard input.
    pub fn emu_with_input(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emu"))
            .arg("-r")
            .arg(&self.path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let watch = Watchdog::new(child.id(), watchdog::LIMIT);
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

impl Drop for Root {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// What one run of `emu` did.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub out: String,
    pub err: String,
}

impl Run {
    /// The sources boot said it compiled (`limbo: appl/...` lines), sorted.
    pub fn compiled(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .err
            .lines()
            .filter_map(|l| l.strip_prefix("limbo: appl/"))
            .map(|s| format!("appl/{s}"))
            .collect();
        v.sort();
        v
    }
}
