//! Two `emu` processes on the loopback: one runs `listen -A 'tcp!*!PORT'
//! {export /tmp}`, the other mounts that with `mount -A` and uses the files
//! (lists, reads, writes), as the network issue's check asks; and a
//! `styxlisten` server mounted twice at once; and `import` of one directory
//! of an exported tree. Each process runs under the
//! shared watchdog; the port is one the host just handed out.

mod system;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use system::watchdog::{Watchdog, LIMIT};
use system::Root;

/// A port free on the loopback a moment ago.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// An emu serving with shell command `command`, started once it printed
/// "ready"; kill it when done.
fn server(root: &Root, command: &str) -> (Child, Watchdog) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_emu"))
        .arg("-r")
        .arg(&root.path)
        .args(["sh", "-c", command])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let watch = Watchdog::new(server.id(), LIMIT);
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "ready\n", "the server did not announce");
    (server, watch)
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
    let (mut server, server_watch) = server(&server_root, &listen);

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

#[test]
fn a_styxlisten_server_mounted_twice_at_once() {
    let server_root = Root::new("styxlisten-server");
    server_root.write("tmp/greeting", "one server, two clients\n");
    let client_root = Root::new("styxlisten-client");
    for dir in ["tmp/a", "tmp/b"] {
        std::fs::create_dir_all(client_root.file(dir)).unwrap();
    }
    let port = free_port();
    let command = format!("styxlisten -A 'tcp!127.0.0.1!{port}' export /tmp; echo ready; pause");
    let (mut server, server_watch) = server(&server_root, &command);
    let script = format!(
        "mount -A 'tcp!127.0.0.1!{port}' /tmp/a; mount -A 'tcp!127.0.0.1!{port}' /tmp/b; \
         cat /tmp/a/greeting /tmp/b/greeting; unmount /tmp/a; cat /tmp/b/greeting"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    let _ = server.kill();
    let _ = server.wait();
    drop(server_watch);
    assert_eq!(run.err, "", "client errors");
    assert_eq!(run.out, "one server, two clients\n".repeat(3));
}

#[test]
fn import_makes_a_remote_directory_visible() {
    let server_root = Root::new("import-server");
    server_root.write("tmp/data/greeting", "imported\n");
    let client_root = Root::new("import-client");
    std::fs::create_dir_all(client_root.file("tmp/remote")).unwrap();
    client_root.write("tmp/remote/local", "local\n");
    let port = free_port();
    let listen = format!("listen -s -A -i {{echo ready}} 'tcp!*!{port}' {{export /}}");
    let (mut server, server_watch) = server(&server_root, &listen);
    let script = format!(
        "import 'tcp!127.0.0.1!{port}' /tmp /tmp/remote ; \
         import -A 'tcp!127.0.0.1!{port}' /tmp/data /tmp/remote ; \
         ls /tmp/remote ; cat /tmp/remote/greeting ; unmount /tmp/remote ; \
         import -b -A 'tcp!127.0.0.1!{port}' / /tmp/remote ; \
         cat /tmp/remote/tmp/data/greeting /tmp/remote/local"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    let _ = server.kill();
    let _ = server.wait();
    drop(server_watch);
    assert_eq!(run.err, "import: authentication is not available: use -A\n");
    assert_eq!(run.out, "/tmp/remote/greeting\nimported\nimported\nlocal\n");
}
