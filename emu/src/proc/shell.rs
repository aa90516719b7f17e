//! The shell's view of a kernel process: [`shell::Process`] over a
//! [`ProcEnv`], with commands run by [`run_command`] in the kernel's
//! interpreter.

use super::command::{run_command, status_of, System};
use super::kproc::Kproc;
use crate::builtin::sh::ShellRunner;
use crate::kernel::dir::Dir;
use crate::kernel::flags::{
    DMDIR, FORKENV, FORKFD, FORKNS, MBEFORE, MREPL, ORDWR, OREAD, OTRUNC, OWRITE,
};
use crate::kernel::ProcEnv;
use dis::vm::blocking::Remote;
use dis::vm::is_broken;
use shell::{Answer, OpenMode, RunResult};
use std::sync::Arc;

/// A kernel process a shell runs in, and the kernel its commands run in.
#[derive(Clone)]
pub struct ShellProcess {
    pub env: ProcEnv,
    pub system: System,
    /// The interpreter commands run in.
    pub interpreter: Remote,
    /// Whether the console's interrupt passes this process by (`&`).
    pub background: bool,
    /// The native process this shell runs as (a kill raises its flag).
    pub kproc: Arc<Kproc>,
}

impl ShellProcess {
    /// How `$Sh` answers a prog of `system`'s interpreter: a shell in a native
    /// process `Sh` of the prog's process group (so a kill of the group stops
    /// it too), in the background (the console's interrupt passes it by); the
    /// calling worker waits for its answer.
    pub fn runner(system: System) -> ShellRunner {
        Arc::new(move |env, pgrp, interpreter, request| {
            let (done, status) = std::sync::mpsc::channel();
            let parent = system.clone();
            let spawned = system.kprocs.spawn("Sh", &env, pgrp, move |kp| {
                let process = ShellProcess {
                    env: kp.env().clone(),
                    system: parent,
                    interpreter,
                    background: true,
                    kproc: kp.clone(),
                };
                let _ = done.send(shell::serve(process, request));
            });
            match spawned {
                Ok(_) => status
                    .recv()
                    .unwrap_or_else(|_| Answer::status("killed".to_string())),
                Err(e) => Answer::status(format!("cannot start a shell: {e}")),
            }
        })
    }
}

/// Permission of files `>` creates (8r666, as the original).
const CREATE_PERM: u32 = 0o666;

impl shell::Process for ShellProcess {
    fn fork(&self, fds: bool, ns: bool, env: bool) -> Self {
        let flags = if fds { FORKFD } else { 0 }
            | if ns { FORKNS } else { 0 }
            | if env { FORKENV } else { 0 };
        let mut forked = self.env.clone();
        // Forking groups cannot fail.
        let _ = forked.pctl(flags, &[]);
        ShellProcess {
            env: forked,
            ..self.clone()
        }
    }

    fn open(&self, path: &str, mode: OpenMode) -> Result<i32, String> {
        let p = &self.env;
        let text = |e: crate::kernel::Error| e.to_string();
        // As the original's sh: `>` creates, trying an open only where creation
        // is not permitted (a file2chan), and keeps the create's error if the file
        // is not there; `>>` and `<>` open, creating only a file not there.
        let open_or_create = |omode: u32| {
            p.open(path, omode).map_err(text).or_else(|e| {
                if nonexistent(&e) {
                    p.create(path, omode, CREATE_PERM).map_err(text)
                } else {
                    Err(e)
                }
            })
        };
        match mode {
            OpenMode::Read => p.open(path, OREAD).map_err(text),
            OpenMode::Write => p
                .create(path, OWRITE | OTRUNC, CREATE_PERM)
                .map_err(text)
                .or_else(|e| {
                    if e != PERMISSION_DENIED {
                        return Err(e);
                    }
                    p.open(path, OWRITE | OTRUNC).map_err(text).map_err(|e2| {
                        if nonexistent(&e2) {
                            e
                        } else {
                            e2
                        }
                    })
                }),
            OpenMode::Append => open_or_create(OWRITE).and_then(|fd| {
                p.seek(fd, 0, 2).map_err(text)?;
                Ok(fd)
            }),
            OpenMode::ReadWrite => open_or_create(ORDWR),
        }
    }

    fn dup(&self, old: i32, new: i32) -> Result<(), String> {
        self.env
            .dup(old, new)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn close(&self, fd: i32) {
        let _ = self.env.close(fd);
    }

    fn pipe(&self) -> Result<(i32, i32), String> {
        self.env.pipe().map_err(|e| e.to_string())
    }

    fn read(&self, fd: i32, buf: &mut [u8]) -> Result<usize, String> {
        self.env.read(fd, buf).map_err(|e| e.to_string())
    }

    fn write(&self, fd: i32, buf: &[u8]) -> Result<usize, String> {
        self.env.write(fd, buf).map_err(|e| e.to_string())
    }

    fn mode(&self, path: &str) -> Option<u32> {
        self.env.stat(path).ok().map(|d| d.mode)
    }

    fn dir_names(&self, path: &str) -> Option<Vec<String>> {
        let fd = self.env.open(path, OREAD).ok()?;
        let mut names = Vec::new();
        loop {
            match self.env.dirread(fd) {
                Ok(dirs) if !dirs.is_empty() => names.extend(dirs.into_iter().map(|d| d.name)),
                Ok(_) => break,
                Err(_) => {
                    let _ = self.env.close(fd);
                    return None;
                }
            }
        }
        let _ = self.env.close(fd);
        Some(names)
    }

    fn mkdir(&self, path: &str, perm: u32) -> Result<(), String> {
        let fd = self
            .env
            .create(path, OREAD, DMDIR | perm)
            .map_err(|e| e.to_string())?;
        self.close(fd);
        Ok(())
    }

    fn rename(&self, path: &str, name: &str) -> Result<(), String> {
        let d = Dir {
            name: name.to_string(),
            ..Dir::null()
        };
        self.env.wstat(path, &d).map_err(|e| e.to_string())
    }

    fn remove(&self, path: &str) -> Result<(), String> {
        self.env.remove(path).map_err(|e| e.to_string())
    }

    fn bind(&self, src: &str, old: &str, before: bool) -> Result<(), String> {
        let flags = if before { MBEFORE } else { MREPL };
        self.env
            .bind(src, old, flags)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn unmount(&self, old: &str) -> Result<(), String> {
        self.env.unmount(None, old).map_err(|e| e.to_string())
    }

    fn setenv(&self, name: &str, value: Option<&[u8]>) {
        match value {
            Some(v) => self.env.env.set(name, v),
            None => {
                self.env.env.lock().remove(name);
            }
        }
    }

    fn environment(&self) -> Vec<(String, Vec<u8>)> {
        self.env
            .env
            .lock()
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    fn pid(&self) -> u32 {
        self.env.pid
    }

    fn is_console(&self, fd: i32) -> bool {
        self.env
            .fd2path(fd)
            .is_ok_and(|p| p == "/dev/cons" || p == "#c/cons")
    }

    /// A native process `Sh` in the shell's process group, counted among the
    /// jobs emu waits for.
    fn spawn(&self, body: Box<dyn FnOnce(Self) + Send>) -> Result<u32, String> {
        let parent = self.clone();
        let jobs = self.system.jobs.clone();
        jobs.started();
        let pgrp = self.env.pid;
        let spawned = self.system.kprocs.spawn("Sh", &self.env, pgrp, move |kp| {
            body(ShellProcess {
                env: kp.env().clone(),
                background: true,
                kproc: kp.clone(),
                ..parent
            });
            jobs.finished();
        });
        spawned.map_err(|e| {
            self.system.jobs.finished();
            format!("cannot start a process: {e}")
        })
    }

    fn killed(&self) -> bool {
        self.kproc.interrupt().raised()
    }

    fn adopt(&self) {
        self.kproc.adopt(&self.env);
    }

    fn interrupted(&self) -> bool {
        !self.background && self.system.interrupts.take()
    }

    fn edit_line(&self, prompt: &str, commands: &shell::CommandNames) -> Option<shell::Edited> {
        let terminal = self.system.terminal.as_ref()?;
        if !self.is_console(0) {
            return None;
        }
        Some(terminal.read_line(&self.env, prompt, commands))
    }

    /// Runs the command; when it broke, says so on fd 2 as the original's
    /// shell does (`sh: PID "Module":error`).
    fn exec(&self, path: &str, argv: &[String]) -> RunResult {
        let ended = run_command(
            &self.system,
            &self.interpreter,
            self.env.clone(),
            path,
            argv,
            !self.background,
            self.kproc.interrupt(),
        )?;
        if is_broken(&ended.text) {
            let line = format!("sh: {} \"{}\":{}\n", ended.pid, ended.module, ended.text);
            let _ = self.env.write(2, line.as_bytes());
        }
        Ok(status_of(&ended.text))
    }

    fn file2chan(
        &self,
        path: &str,
        body: shell::FileServerBody<Self>,
    ) -> Result<u32, (String, String)> {
        let (file, served) = super::served::file2chan(&self.env, &self.system, path)?;
        let parent = self.clone();
        let spawned = self
            .system
            .kprocs
            .spawn("Sh", &self.env, self.env.pid, move |kp| {
                let process = ShellProcess {
                    env: kp.env().clone(),
                    background: true,
                    kproc: kp.clone(),
                    ..parent
                };
                body(process, served);
                drop(file);
            });
        spawned.map_err(|e| {
            (
                "no process".to_string(),
                format!("cannot start a process: {e}"),
            )
        })
    }
}

/// The error text of a refused creation.
const PERMISSION_DENIED: &str = "permission denied";

/// Whether error `e` says the file is not there (as the original's sh judges).
fn nonexistent(e: &str) -> bool {
    e.ends_with("does not exist") || e.ends_with("directory entry not found")
}
