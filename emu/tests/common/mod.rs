//! Shared set-up for the kernel tests: a kernel serving a scratch host
//! directory, with a scripted console and a process table of one fake
//! process.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use emu::kernel::boot::{Config, Kernel};
use emu::kernel::devices::cons::Console;
use emu::kernel::devices::prog::{ProcessTable, ProgInfo, WaitQueue};
use emu::kernel::error::{Error, Result};
use emu::kernel::ProcEnv;

/// A console whose input is a script and whose output is kept.
#[derive(Default)]
pub struct ScriptConsole {
    pub input: Mutex<VecDeque<Vec<u8>>>,
    pub output: Mutex<Vec<u8>>,
    pub raw: AtomicBool,
    pub sysctl: Mutex<Vec<String>>,
}

impl Console for ScriptConsole {
    fn read(&self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut input = self.input.lock().unwrap();
        let Some(mut chunk) = input.pop_front() else {
            return Ok(0);
        };
        let n = chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        if n < chunk.len() {
            input.push_front(chunk.split_off(n));
        }
        Ok(n)
    }
    fn write(&self, buf: &[u8]) -> std::io::Result<usize> {
        self.output.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn write_error(&self, buf: &[u8]) -> std::io::Result<usize> {
        self.write(buf)
    }
    fn set_raw(&self, raw: bool) {
        self.raw.store(raw, Ordering::Relaxed);
    }
    fn sysctl(&self, words: &[&str]) -> Result<()> {
        if words[0] != "halt" {
            return Err(Error::NoCtl);
        }
        self.sysctl.lock().unwrap().push(words.join(" "));
        Ok(())
    }
}

/// A process table whose processes are set by the test.
#[derive(Default)]
pub struct FakeProcs {
    pub procs: Mutex<Vec<ProgInfo>>,
    pub ctl: Mutex<Vec<(u32, String)>>,
}

struct NoWaits;

impl WaitQueue for NoWaits {
    fn next(&self) -> Option<String> {
        Some("7 \"Child\":".to_string())
    }
}

impl ProcessTable for FakeProcs {
    fn pids(&self) -> Vec<u32> {
        self.procs.lock().unwrap().iter().map(|p| p.pid).collect()
    }
    fn info(&self, pid: u32) -> Option<ProgInfo> {
        self.procs
            .lock()
            .unwrap()
            .iter()
            .find(|p| p.pid == pid)
            .cloned()
    }
    fn ctl(&self, pid: u32, words: &[&str]) -> Result<()> {
        match words[0] {
            "kill" | "killgrp" => {
                self.ctl.lock().unwrap().push((pid, words.join(" ")));
                Ok(())
            }
            _ => Err(Error::Text("bad process or channel control request".into())),
        }
    }
    fn wait(&self, _pid: u32) -> Result<Arc<dyn WaitQueue>> {
        Ok(Arc::new(NoWaits))
    }
    fn meter(&self, _pid: u32) -> Result<String> {
        Ok(String::new())
    }
    fn stack(&self, _pid: u32) -> Result<String> {
        Ok(String::new())
    }
    fn keeper(&self, _pid: u32) -> Result<Arc<dyn WaitQueue>> {
        Err(Error::Perm)
    }
}

/// A kernel over a fresh scratch directory, and its first process.
pub struct TestKernel {
    pub root: PathBuf,
    pub kernel: Kernel,
    pub console: Arc<ScriptConsole>,
    pub procs: Arc<FakeProcs>,
    pub p: ProcEnv,
}

static SERIAL: AtomicU32 = AtomicU32::new(0);

impl TestKernel {
    pub fn new() -> TestKernel {
        let root = std::env::temp_dir().join(format!(
            "emu-kernel-test-{}-{}",
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("tmp")).unwrap();
        let console = Arc::new(ScriptConsole::default());
        let procs = Arc::new(FakeProcs::default());
        let kernel = Kernel::new(Config {
            root: &root,
            grafts: &[],
            root_dirs: emu::kernel::devices::root::BOOT_DIRS,
            sysname: "testhost",
            hostowner: "inferno",
            version: "test kernel",
            console: console.clone(),
            processes: procs.clone(),
            host_commands: false,
        })
        .unwrap();
        let p = kernel.boot(1, "inferno").unwrap();
        TestKernel {
            root,
            kernel,
            console,
            procs,
            p,
        }
    }

    /// The host path of a name below the root.
    pub fn host(&self, rel: &str) -> PathBuf {
        self.root.join(rel.trim_start_matches('/'))
    }
}

impl Drop for TestKernel {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The error text of a result, as `%r` would print it.
pub fn err<T: std::fmt::Debug>(r: Result<T>) -> String {
    r.expect_err("expected an error").to_string()
}

/// Every entry name of a directory, sorted (duplicates kept).
pub fn names(p: &ProcEnv, dir: &str) -> String {
    let fd = match p.open(dir, 0) {
        Ok(fd) => fd,
        Err(e) => return format!("<open failed: {e}>"),
    };
    let mut all = Vec::new();
    loop {
        let d = p.dirread(fd).unwrap();
        if d.is_empty() {
            break;
        }
        all.extend(d.into_iter().map(|d| d.name));
    }
    p.close(fd).unwrap();
    all.sort();
    if all.is_empty() {
        return "(empty)".into();
    }
    all.join(" ")
}

/// Makes a file holding `text`.
pub fn mkfile(p: &ProcEnv, path: &str, text: &str) {
    let fd = p.create(path, 1, 0o644).unwrap();
    p.write(fd, text.as_bytes()).unwrap();
    p.close(fd).unwrap();
}

/// Makes a directory.
pub fn mkdir(p: &ProcEnv, path: &str) {
    let fd = p.create(path, 0, 0x8000_0000 | 0o777).unwrap();
    p.close(fd).unwrap();
}

/// The whole content of a file, or the error text in <>.
pub fn readfile(p: &ProcEnv, path: &str) -> String {
    let fd = match p.open(path, 0) {
        Ok(fd) => fd,
        Err(e) => return format!("<{e}>"),
    };
    let mut s = Vec::new();
    let mut buf = [0u8; 100];
    loop {
        let n = p.read(fd, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        s.extend_from_slice(&buf[..n]);
    }
    p.close(fd).unwrap();
    String::from_utf8(s).unwrap()
}

pub fn exists(p: &ProcEnv, path: &str) -> bool {
    p.stat(path).is_ok()
}

pub fn host_exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}
