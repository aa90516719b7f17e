//! The end-to-end way of the Styx benchmark: two `emu` processes on the
//! loopback, one serving its `/tmp` with `listen -A ... {export /tmp}`, the
//! other mounting it with `mount -A` and reading the file with `cat` (8 KB
//! reads) and `dd -bs 65536` (64 KB ones), each timed by `time`; beside
//! them, the same commands reading the file locally in the serving emu (the
//! cost of the Dis commands alone). Rates count the file's bytes over the
//! `r` (real) seconds `time` prints.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::{fail, BUFFERS};

/// The timed command reading `file` with `size`-byte reads.
fn timed_reader(size: usize, file: &str) -> String {
    if size == 8 * 1024 {
        format!("time cat {file} >/dev/null")
    } else {
        format!("time sh -c 'dd -if {file} -of /dev/null -bs {size} >[2]/dev/null'")
    }
}

/// The emu beside this benchmark's binary.
fn emu_binary() -> std::path::PathBuf {
    std::env::current_exe()
        .map(|p| p.with_file_name("emu"))
        .unwrap_or_else(|e| fail("current_exe", e))
}

/// Runs `script` in an emu on `root`; the seconds of real time in the line
/// `time` printed in it ("0.01l 1.2r 1.21t"), or all it printed.
fn timed(root: &Path, script: &str) -> Result<f64, String> {
    let out = Command::new(emu_binary())
        .arg("-r")
        .arg(root)
        .args(["sh", "-c", script])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let printed = String::from_utf8_lossy(&out.stderr);
    printed
        .split_whitespace()
        .find_map(|w| w.strip_suffix('r').and_then(|s| s.parse().ok()))
        .ok_or_else(|| format!("{script}: {printed}"))
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
    super::best::record(what, size, rate);
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
    let each_size = || -> Result<(), String> {
        for (i, size) in BUFFERS.into_iter().enumerate() {
            let secs = timed(root, &timed_reader(size, "/tmp/big"))?;
            report("Dis command, local file", size, bytes, secs, host[i]);
            let mount = format!("mount -A 'tcp!127.0.0.1!{port}' /tmp/remote");
            let script = format!("{mount}; {}", timed_reader(size, "/tmp/remote/big"));
            let secs = timed(&client, &script)?;
            report("two emus, Styx over TCP", size, bytes, secs, host[i]);
        }
        Ok(())
    };
    let done = each_size();
    let _ = server.kill();
    let _ = server.wait();
    if let Err(e) = done {
        fail("two emus", e);
    }
}
