//! The end-to-end way of the Styx benchmark: two `emu` processes on the
//! loopback, one serving its `/tmp` with `listen -A ... {export /tmp}`, the
//! other mounting it with `mount -A` and reading the file with `cat` (8 KB
//! reads) and `dd -bs 65536` (64 KB ones), each run under `time`; beside
//! them, the same commands reading the file locally in the serving emu (the
//! cost of the Dis commands alone). Rates count the file's bytes over the
//! `r` (real) seconds `time` prints.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::{fail, BUFFERS};

/// The reading command for a buffer size, with `FILE` for the file's name.
fn reader(size: usize) -> String {
    if size == 8 * 1024 {
        "cat FILE >/dev/null".to_string()
    } else {
        format!("dd -if FILE -of /dev/null -bs {size} >[2]/dev/null")
    }
}

/// The emu beside this benchmark's binary.
fn emu_binary() -> std::path::PathBuf {
    std::env::current_exe()
        .map(|p| p.with_file_name("emu"))
        .unwrap_or_else(|e| fail("current_exe", e))
}

/// The seconds of real time in the line `time` printed ("0.01l 1.2r 1.21t").
fn real_seconds(output: &str) -> f64 {
    output
        .split_whitespace()
        .find_map(|w| w.strip_suffix('r').and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| fail("time's output", output))
}

/// Runs `script` in an emu on `root`; the seconds `time` reported in it.
fn timed(root: &Path, script: &str) -> f64 {
    let out = Command::new(emu_binary())
        .arg("-r")
        .arg(root)
        .args(["sh", "-c", script])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| fail("emu", e));
    real_seconds(&String::from_utf8_lossy(&out.stderr))
}

/// An emu on `root` exporting its `/tmp` on a loopback port; it and the port.
fn exporting_emu(root: &Path) -> (Child, u16) {
    let listen = "listen -s -A -i {cat $net/local} 'tcp!127.0.0.1!0' {export /tmp}";
    let mut child = Command::new(emu_binary())
        .arg("-r")
        .arg(root)
        .args(["sh", "-c", listen])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail("emu", e));
    let mut local = String::new();
    let _ = BufReader::new(child.stdout.take().unwrap()).read_line(&mut local);
    let port = local.trim().rsplit('!').next().and_then(|p| p.parse().ok());
    (
        child,
        port.unwrap_or_else(|| fail("the server's address", &local)),
    )
}

fn report(what: &str, size: usize, bytes: u64, secs: f64, base: f64) {
    let rate = bytes as f64 / secs / 1e6;
    println!(
        "{what:30} {:2} KB reads {bytes:10} bytes {rate:8.1} MB/s {:5.1}% of host TCP",
        size / 1024,
        100.0 * rate / base
    );
}

/// One round of the two-emu way: `root` holds `tmp/big`; `host` are the host
/// TCP copy's rates for each buffer size.
pub fn measure(root: &Path, big: &Path, host: &[f64]) {
    let bytes = std::fs::metadata(big)
        .unwrap_or_else(|e| fail("big", e))
        .len();
    let client = root.join("client");
    std::fs::create_dir_all(client.join("tmp/remote")).unwrap_or_else(|e| fail("client", e));
    let (mut server, port) = exporting_emu(root);
    for (i, size) in BUFFERS.into_iter().enumerate() {
        let local = reader(size).replace("FILE", "/tmp/big");
        let secs = timed(root, &format!("time {local}"));
        report("Dis command, local file", size, bytes, secs, host[i]);
        let remote = reader(size).replace("FILE", "/tmp/remote/big");
        let script = format!("mount -A 'tcp!127.0.0.1!{port}' /tmp/remote; time {remote}");
        let secs = timed(&client, &script);
        report("two emus, Styx over TCP", size, bytes, secs, host[i]);
    }
    let _ = server.kill();
    let _ = server.wait();
}
