//! Two `emu` processes on the loopback: one runs `listen -A 'tcp!*!PORT'
//! {export /tmp}`, the other mounts that with `mount -A` and uses the files
//! (lists, reads, writes), as the network issue's check asks. Each process
//! runs under the shared watchdog; the port is one the host just handed out.

mod system;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use system::watchdog::{Watchdog, LIMIT};
use system::Root;

/// A port free on the loopback a moment ago.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn one_emu_mounts_what_another_exports() {
    let server_root = Root::new("two-emus-server");
    server_root.write("tmp/greeting", "hello from the other emu\n");
    let client_root = Root::new("two-emus-client");
    std::fs::create_dir_all(client_root.file("tmp/remote")).unwrap();
    let port = free_port();

    // The server says "ready" once the address is announced (listen's -i
    // script runs then), and serves until it is killed.
    let listen = format!("listen -s -A -i {{echo ready}} 'tcp!*!{port}' {{export /tmp}}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_emu"))
        .arg("-r")
        .arg(&server_root.path)
        .args(["sh", "-c", &listen])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let server_watch = Watchdog::new(server.id(), LIMIT);
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "ready\n", "the server did not announce");

    let script = format!(
        "mount -c -A 'tcp!127.0.0.1!{port}' /tmp/remote ; \
         ls /tmp/remote ; cat /tmp/remote/greeting ; \
         echo written by the client > /tmp/remote/note ; \
         cat /tmp/remote/note ; unmount /tmp/remote ; ls /tmp/remote"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    let _ = server.kill();
    let _ = server.wait();
    drop(server_watch);

    assert_eq!(run.err, "", "client errors");
    assert_eq!(
        run.out,
        "/tmp/remote/greeting\nhello from the other emu\nwritten by the client\n"
    );
    assert_eq!(
        std::fs::read_to_string(server_root.file("tmp/note")).unwrap(),
        "written by the client\n",
        "the write reached the server's /tmp"
    );
}
