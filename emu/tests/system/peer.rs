//! Serving emus for tests of two systems on the loopback: a port free a
//! moment ago, and an `emu` running a shell command that says "ready" once
//! it serves, under the shared watchdog.

use super::watchdog::{Watchdog, LIMIT};
use super::Root;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};

/// A port free on the loopback a moment ago.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// An emu on `root` serving with shell command `command`, started once it
/// printed "ready"; ended (killed) when dropped.
pub struct Server {
    child: Child,
    _watch: Watchdog,
}

impl Server {
    pub fn start(root: &Root, command: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emu"))
            .arg("-r")
            .arg(&root.path)
            .args(["sh", "-c", command])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let watch = Watchdog::new(child.id(), LIMIT);
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert_eq!(first, "ready\n", "the server did not announce");
        Server {
            child,
            _watch: watch,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
