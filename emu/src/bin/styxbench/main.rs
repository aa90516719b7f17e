//! The Styx throughput benchmark: reads one large file (100 MB by default)
//! over loopback TCP four ways and prints each one's rate: a plain host TCP
//! copy (a host thread writes the file to a socket, the reader reads it with
//! the same buffer), the same copy read through a `#I` line of the kernel,
//! the file through a Styx mount of a loopback `export` (the kernel's `#I`,
//! mount driver and export, as between two emus, without the Dis
//! interpreter), and the file read locally through the kernel. Each is read
//! with 8 KB buffers (what `cat` uses) and with 64 KB ones. Then the same
//! end to end between two `emu` processes, Dis commands and all
//! (`two_emus.rs`).
//!
//! `cargo build --release -p emu && cargo run --release -p emu --bin styxbench
//! [-- MEGABYTES [WAY]]`, WAY one of `tcp`, `styx`, `local` or `emus` to
//! measure only the host TCP copy and that way (for profiling); the `emus`
//! way runs the `emu` built beside this binary. After the rounds, each
//! way's best rate over them is printed beside the host copy's best.

mod best;
mod two_emus;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::AtomicU32;
use std::sync::Arc;
use std::time::Instant;

use emu::boot::boot;
use emu::kernel::conn::Interrupt;
use emu::kernel::flags::{MREPL, ORDWR, OREAD};
use emu::kernel::ProcEnv;
use emu::proc::kproc::Kprocs;
use emu::proc::table::ProcTable;

/// Rounds of measurements: the machine may be busy, so each round is printed.
const ROUNDS: usize = 5;
const BUFFERS: [usize; 2] = [8 * 1024, 64 * 1024];

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("styxbench: {what}: {e}");
    std::process::exit(1)
}

/// The count a read gave; a failed read ends the benchmark.
fn counted(r: emu::kernel::Result<usize>) -> usize {
    r.unwrap_or_else(|e| fail("read", e))
}

/// Writes `megabytes` of varied bytes to `path`.
fn make_file(path: &Path, megabytes: usize) {
    let mut f = std::fs::File::create(path).unwrap_or_else(|e| fail("create", e));
    let block: Vec<u8> = (0..1024 * 1024).map(|i| (i * 7 + i / 251) as u8).collect();
    for _ in 0..megabytes {
        f.write_all(&block).unwrap_or_else(|e| fail("write", e));
    }
}

/// The processor time this process has used (every thread, user and
/// system), in clock ticks of `/proc/self/stat`.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the whole line.
    field(11) + field(12)
}

/// One way of reading the file: the bytes read, the rate in MB/s and the
/// processor seconds used per 100 MB.
struct Figures {
    bytes: u64,
    rate: f64,
    cpu: f64,
}

/// Reads `read` to its end with `size`-byte buffers.
fn time_reads(size: usize, mut read: impl FnMut(&mut [u8]) -> usize) -> Figures {
    let mut buf = vec![0u8; size];
    let ticks = cpu_ticks();
    let start = Instant::now();
    let mut total = 0u64;
    loop {
        let n = read(&mut buf);
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = (cpu_ticks() - ticks) as f64 / 100.0;
    Figures {
        bytes: total,
        rate: total as f64 / secs / 1e6,
        cpu: cpu * 1e8 / total.max(1) as f64,
    }
}

/// A host thread that sends the file to each of the next `calls` callers.
fn host_sender(file: &Path, calls: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| fail("bind", e));
    let port = listener.local_addr().unwrap().port();
    let file = file.to_path_buf();
    std::thread::spawn(move || {
        for _ in 0..calls {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            let mut f = std::fs::File::open(&file).unwrap_or_else(|e| fail("open", e));
            let _ = std::io::copy(&mut f, &mut s);
        }
    });
    port
}

/// Serves `dir` of `p`'s name space with `export` to the next `calls`
/// callers of a loopback `#I` announcement; its port.
fn exporter(p: &ProcEnv, dir: &str, calls: usize) -> u16 {
    let ann = p
        .announce("tcp!127.0.0.1!0")
        .unwrap_or_else(|e| fail("announce", e));
    let mut local = vec![0u8; 64];
    let fd = p
        .open(&format!("{}/local", ann.dir), OREAD)
        .unwrap_or_else(|e| fail("local", e));
    let n = p.read(fd, &mut local).unwrap_or_else(|e| fail("local", e));
    let local = String::from_utf8_lossy(&local[..n]).into_owned();
    let port = local.trim().rsplit('!').next().and_then(|s| s.parse().ok());
    let port = port.unwrap_or_else(|| fail("local address", &local));
    let server = p.spawn(p.pid + 1);
    let dir = dir.to_string();
    std::thread::spawn(move || {
        for _ in 0..calls {
            let call = server
                .listen(&ann.dir)
                .unwrap_or_else(|e| fail("listen", e));
            let data = server
                .open(&format!("{}/data", call.dir), ORDWR)
                .unwrap_or_else(|e| fail("open data", e));
            let exporting = server
                .export(data, &dir)
                .unwrap_or_else(|e| fail("export", e));
            let _ = server.close(data);
            let _ = server.close(call.cfd);
            std::thread::spawn(move || exporting.serve(&Interrupt::new()));
        }
    });
    port
}

fn report(what: &str, size: usize, f: &Figures, base: f64) {
    best::record(what, size, f.rate);
    println!(
        "{what:30} {:2} KB reads {:10} bytes {:8.1} MB/s {:5.1}% of host TCP, {:5.2} s CPU per 100 MB",
        size / 1024,
        f.bytes,
        f.rate,
        100.0 * f.rate / base,
        f.cpu
    );
}

/// One round: every way of reading the file, each with every buffer size.
fn measure(p: &ProcEnv, root: &Path, big: &Path, only: Option<&str>) {
    let wanted = |way: &str| only.is_none_or(|o| o == way);
    let mut host = Vec::new();
    let port = host_sender(big, BUFFERS.len());
    for size in BUFFERS {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port))
            .unwrap_or_else(|e| fail("connect", e));
        let got = time_reads(size, |b| s.read(b).unwrap_or_else(|e| fail("read", e)));
        host.push(got.rate);
        report(best::HOST, size, &got, got.rate);
    }

    if wanted("tcp") {
        tcp_through_kernel(p, big, &host);
    }
    if wanted("styx") {
        styx_mount(p, &host);
    }
    if wanted("local") {
        local_file(p, &host);
    }
    if wanted("emus") {
        two_emus::measure(root, big, &host);
    }
}

/// The host TCP copy read through a `#I` line.
fn tcp_through_kernel(p: &ProcEnv, big: &Path, host: &[f64]) {
    let port = host_sender(big, BUFFERS.len());
    for (i, size) in BUFFERS.into_iter().enumerate() {
        let call = p
            .dial(&format!("tcp!127.0.0.1!{port}"))
            .unwrap_or_else(|e| fail("dial", e));
        let dfd = call.dfd.unwrap_or_else(|| fail("dial", "no data file"));
        let got = time_reads(size, |b| counted(p.read(dfd, b)));
        report("TCP through #I", size, &got, host[i]);
        let _ = p.close(dfd);
        let _ = p.close(call.cfd);
    }
}

/// The file read through a Styx mount of a loopback export.
fn styx_mount(p: &ProcEnv, host: &[f64]) {
    let port = exporter(p, "/tmp", 1);
    let call = p
        .dial(&format!("tcp!127.0.0.1!{port}"))
        .unwrap_or_else(|e| fail("dial", e));
    let dfd = call.dfd.unwrap_or_else(|| fail("dial", "no data file"));
    p.mount(dfd, None, "/tmp/mnt", MREPL, "")
        .unwrap_or_else(|e| fail("mount", e));
    for (i, size) in BUFFERS.into_iter().enumerate() {
        let fd = p
            .open("/tmp/mnt/big", OREAD)
            .unwrap_or_else(|e| fail("open", e));
        let got = time_reads(size, |b| counted(p.read(fd, b)));
        report("Styx mount over #I", size, &got, host[i]);
        let _ = p.close(fd);
    }
    let _ = p.unmount(None, "/tmp/mnt");
    let _ = p.close(dfd);
    let _ = p.close(call.cfd);
}

/// The file read through the kernel from the host file system.
fn local_file(p: &ProcEnv, host: &[f64]) {
    for (i, size) in BUFFERS.into_iter().enumerate() {
        let fd = p
            .open("/tmp/big", OREAD)
            .unwrap_or_else(|e| fail("open", e));
        let got = time_reads(size, |b| counted(p.read(fd, b)));
        report("local file through the kernel", size, &got, host[i]);
        let _ = p.close(fd);
    }
}

fn main() {
    let only = std::env::args().nth(2);
    let megabytes: usize = match std::env::args().nth(1) {
        None => 100,
        Some(a) => a.parse().unwrap_or_else(|e| fail(&a, e)),
    };
    let root = std::env::temp_dir().join(format!("emu-styxbench-{}", std::process::id()));
    std::fs::create_dir_all(root.join("tmp/mnt")).unwrap_or_else(|e| fail("root", e));
    let big = root.join("tmp/big");
    make_file(&big, megabytes);

    let processes = ProcTable::new(Kprocs::new(Arc::new(AtomicU32::new(1))));
    let booted = boot(&root, 1, processes, false).unwrap_or_else(|e| fail("boot", e));
    let p = &booted.first;

    for round in 1..=ROUNDS {
        println!("round {round}");
        measure(p, &root, &big, only.as_deref());
    }
    best::print_summary();
    let _ = std::fs::remove_dir_all(&root);
}
