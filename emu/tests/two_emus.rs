//! Two `emu` processes on the loopback: one runs `listen -A 'tcp!*!PORT'
//! {export /tmp}`, the other mounts that with `mount -A` and uses the files
//! (lists, reads, writes), as the network issue's check asks; and a
//! `styxlisten` server mounted twice at once; and `import` of one directory
//! of an exported tree; and the same authenticated with keys made by
//! tests/keyring/mkkeys.b, a caller certified by another signer refused.
//! Each process runs under the shared watchdog; the port is one the host
//! just handed out.

mod system;

use system::peer::{free_port, Server};
use system::Root;

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
    let server = Server::start(&server_root, &listen);

    let script = format!(
        "mount -c -A 'tcp!127.0.0.1!{port}' /tmp/remote ; \
         ls /tmp/remote ; cat /tmp/remote/greeting ; \
         echo written by the client > /tmp/remote/note ; \
         cat /tmp/remote/note ; unmount /tmp/remote ; ls /tmp/remote"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);

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
    let server = Server::start(&server_root, &command);
    let script = format!(
        "mount -A 'tcp!127.0.0.1!{port}' /tmp/a; mount -A 'tcp!127.0.0.1!{port}' /tmp/b; \
         cat /tmp/a/greeting /tmp/b/greeting; unmount /tmp/a; cat /tmp/b/greeting"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
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
    let server = Server::start(&server_root, &listen);
    let script = format!(
        "import 'tcp!127.0.0.1!{port}' /tmp /tmp/remote ; \
         import -A 'tcp!127.0.0.1!{port}' /tmp/data /tmp/remote ; \
         ls /tmp/remote ; cat /tmp/remote/greeting ; unmount /tmp/remote ; \
         import -b -A 'tcp!127.0.0.1!{port}' / /tmp/remote ; \
         cat /tmp/remote/tmp/data/greeting /tmp/remote/local"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
    assert_eq!(
        run.err,
        "import: can't authenticate import: can't obtain key: '/usr' file does not exist\n"
    );
    assert_eq!(run.out, "/tmp/remote/greeting\nimported\nimported\nlocal\n");
}

/// Key files made by tests/keyring/mkkeys.b in a scratch root: alice and
/// bob certified by one signer, eve by another; (file name, contents).
fn keys() -> Vec<(String, Vec<u8>)> {
    let maker = Root::new("keys");
    maker.compile(
        &system::project().join("tests/keyring/mkkeys.b"),
        "tmp/mkkeys.dis",
    );
    let mut keys = Vec::new();
    for users in [&["alice", "bob"][..], &["eve"]] {
        let mut args = vec!["/tmp/mkkeys.dis"];
        args.extend_from_slice(users);
        let run = maker.emu(&args);
        assert_eq!((run.out.as_str(), run.err.as_str()), ("", ""), "mkkeys");
        for user in users {
            let name = format!("{user}.key");
            keys.push((
                name.clone(),
                std::fs::read(maker.file(&format!("tmp/{name}"))).unwrap(),
            ));
        }
    }
    keys
}

/// Roots for a server holding alice's key and a client holding bob's and eve's.
fn keyed_roots(tag: &str) -> (Root, Root) {
    let server = Root::new(&format!("{tag}-server"));
    let client = Root::new(&format!("{tag}-client"));
    for (name, bytes) in keys() {
        let root = if name == "alice.key" {
            &server
        } else {
            &client
        };
        std::fs::write(root.file(&format!("tmp/{name}")), bytes).unwrap();
    }
    std::fs::create_dir_all(client.file("tmp/remote")).unwrap();
    (server, client)
}

#[test]
fn styxlisten_and_mount_authenticate_and_attach_as_the_caller() {
    let (server_root, client_root) = keyed_roots("auth-styx");
    let port = free_port();
    // styxmon writes the server's T-messages, attaches among them, to a
    // log; it returns at once, so pause keeps the command (and the
    // listening) going.
    let command = format!(
        "styxlisten -k /tmp/alice.key 'tcp!127.0.0.1!{port}' \
         {{styxmon -t memfs -s >[2]/tmp/log; pause}}; echo ready; pause"
    );
    let server = Server::start(&server_root, &command);
    let script = format!(
        "mount -k /tmp/bob.key 'tcp!127.0.0.1!{port}' /tmp/remote; ls -ld /tmp/remote; \
         unmount /tmp/remote; \
         mount -k /tmp/eve.key 'tcp!127.0.0.1!{port}' /tmp/remote; \
         mount -A 'tcp!127.0.0.1!{port}' /tmp/remote; ls /tmp/remote"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
    assert_ne!(run.status, -1, "the client was stopped: {run:?}");
    let listing: Vec<&str> = run.out.split_whitespace().collect();
    assert_eq!(
        listing.last(),
        Some(&"/tmp/remote"),
        "bob's mount: {}",
        run.out
    );
    assert_eq!(
        run.out.lines().count(),
        1,
        "eve and the caller without a key see nothing"
    );
    let errors: Vec<&str> = run.err.lines().collect();
    assert_eq!(errors.len(), 2, "{}", run.err);
    assert!(
        errors[0].starts_with("mount: authentication failed: "),
        "{}",
        run.err
    );
    assert!(
        errors[1].starts_with("mount: mount failed: "),
        "{}",
        run.err
    );
    let log = std::fs::read_to_string(server_root.file("tmp/log")).unwrap();
    let attaches: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("Tmsg.Attach"))
        .collect();
    assert_eq!(
        attaches,
        ["Tmsg.Attach(0,1,4294967295,\"bob\",\"\")"],
        "{log}"
    );
}

#[test]
fn listen_and_dial_authenticate_each_other() {
    let (server_root, client_root) = keyed_roots("auth-dial");
    let port = free_port();
    let listen = format!(
        "listen -s -k /tmp/alice.key -i {{echo ready}} 'tcp!*!{port}' {{echo hello $user}}"
    );
    let server = Server::start(&server_root, &listen);
    let script = format!(
        "dial -k /tmp/bob.key 'tcp!127.0.0.1!{port}' {{cat >/tmp/got; echo $user >/tmp/peer}}; \
         cat /tmp/got /tmp/peer; \
         dial -k /tmp/eve.key 'tcp!127.0.0.1!{port}' {{cat >/tmp/got}}; \
         echo $status"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
    assert_ne!(run.status, -1, "the client was stopped: {run:?}");
    assert_eq!(run.out, "hello bob\nalice\nerrors\n");
    assert!(
        run.err.starts_with("dial: authentication failed: ") && run.err.lines().count() == 1,
        "{}",
        run.err
    );
}

#[test]
fn import_authenticates_with_a_keyspec() {
    let (server_root, client_root) = keyed_roots("auth-import");
    server_root.write("tmp/data/greeting", "imported with a key\n");
    let port = free_port();
    // Each call is served in the background: bob's import stays mounted
    // while eve calls.
    let listen =
        format!("listen -s -k /tmp/alice.key -i {{echo ready}} 'tcp!*!{port}' {{export / &}}");
    let server = Server::start(&server_root, &listen);
    let script = format!(
        "import -k 'key=/tmp/bob.key' 'tcp!127.0.0.1!{port}' /tmp/data /tmp/remote; \
         cat /tmp/remote/greeting; \
         import -k 'key=/tmp/eve.key' 'tcp!127.0.0.1!{port}' /tmp/data /tmp/remote"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
    assert_ne!(run.status, -1, "the client was stopped: {run:?}");
    assert_eq!(run.out, "imported with a key\n");
    assert!(
        run.err.starts_with("import: can't authenticate import: ") && run.err.lines().count() == 1,
        "{}",
        run.err
    );
}

#[test]
fn rcmd_and_cpu_run_a_command_in_the_callers_name_space() {
    let (server_root, client_root) = keyed_roots("rstyx");
    std::fs::create_dir_all(server_root.file("n/client")).unwrap();
    client_root.write("tmp/local", "a file of the caller\n");
    let port = free_port();
    let listen = format!(
        "listen -s -k /tmp/alice.key -i {{echo ready}} 'tcp!*!{port}' {{auxi/rstyxd >[2]/dev/null &}}"
    );
    let server = Server::start(&server_root, &listen);
    let script = format!(
        "rcmd -f /tmp/bob.key 'tcp!127.0.0.1!{port}' cat /n/client/tmp/local; \
         rcmd -f /tmp/eve.key 'tcp!127.0.0.1!{port}' cat /n/client/tmp/local; \
         cpu 'tcp!127.0.0.1!{port}' cat /n/client/tmp/local; \
         u=`{{cat /dev/user}}; mkdir -p /usr/$u/keyring; cp /tmp/bob.key /usr/$u/keyring/default; \
         cpu 'tcp!127.0.0.1!{port}' sh -c 'echo $#* args: $*; cat /n/client/tmp/local' 'one two' three"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
    assert_ne!(run.status, -1, "the client was stopped: {run:?}");
    assert_eq!(
        run.out,
        "a file of the caller\n2 args: one two three\na file of the caller\n"
    );
    let errors: Vec<&str> = run.err.lines().collect();
    assert_eq!(errors.len(), 2, "{}", run.err);
    assert!(
        errors[0].starts_with("rcmd: authentication failed: "),
        "{}",
        run.err
    );
    assert!(
        errors[1].starts_with("cpu: cannot find certificate in /usr/"),
        "{}",
        run.err
    );
}

/// A file of a mounted tree read with small buffers, which the mount
/// driver reads ahead in 64 KB pieces (`emu/src/kernel/devices/mnt/
/// readahead.rs`, whose own tests count the requests): `cat` (8 KB reads)
/// and `dd -bs 3000` (reads across the pieces' edges) copy a 1 MB file
/// whole from another emu's `export`.
#[test]
fn a_file_read_ahead_over_a_mount_arrives_whole() {
    let server_root = Root::new("readahead-server");
    let client_root = Root::new("readahead-client");
    std::fs::create_dir_all(client_root.file("tmp/remote")).unwrap();
    let big: Vec<u8> = (0..1_000_003u32).map(|i| (i * 7 + i / 251) as u8).collect();
    std::fs::write(server_root.file("tmp/big"), &big).unwrap();
    let port = free_port();
    let listen = format!("listen -s -A -i {{echo ready}} 'tcp!*!{port}' {{export /tmp}}");
    let server = Server::start(&server_root, &listen);
    let script = format!(
        "mount -A 'tcp!127.0.0.1!{port}' /tmp/remote; \
         cat /tmp/remote/big > /tmp/bycat; \
         dd -if /tmp/remote/big -of /tmp/bydd -bs 3000 >[2]/dev/null"
    );
    let run = client_root.emu(&["sh", "-c", &script]);
    drop(server);
    assert_eq!(run.err, "", "client errors");
    for copy in ["tmp/bycat", "tmp/bydd"] {
        assert!(
            std::fs::read(client_root.file(copy)).unwrap() == big,
            "{copy} differs from the file"
        );
    }
}
