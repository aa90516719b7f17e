//! Styx against an independent 9P2000 implementation (the `ninep` crate):
//! its client lists, reads, writes, creates and removes in a tree `export`
//! serves over loopback TCP; `emu`'s own commands (`mount`, `ls`, `cat`,
//! `echo >`) use a tree its server serves; malformed messages sent to an
//! export get `Rerror` (or the original's hang-up, for a bad size) while the
//! export goes on serving its other clients; and a thousand clients mounted
//! at once are all served.

mod common;
mod system;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::Duration;

use common::*;
use emu::kernel::conn::Interrupt;
use emu::kernel::flags::*;
use emu::kernel::ProcEnv;
use ninep::fs::{FileType, Mode, Perm};
use ninep::sync::client::Client;
use ninep::sync::server::Server;
use ninep::util::local_proxy::LocalProxyFs;

/// Serves `dir` of `p`'s name space over loopback TCP, as `listen` and
/// `export` would, to the next `clients` callers, each on a thread of its
/// own; the port, and the thread that accepts (it ends after the last
/// caller, once every export it started has ended).
fn export_over_tcp(p: &ProcEnv, dir: &str, clients: usize) -> (u16, JoinHandle<usize>) {
    let ann = p.announce("tcp!127.0.0.1!0").unwrap();
    let local = readfile(p, &format!("{}/local", ann.dir));
    let port = local.trim().rsplit('!').next().unwrap().parse().unwrap();
    let server = p.spawn(p.pid + 1);
    let dir = dir.to_string();
    let accepting = std::thread::spawn(move || {
        let mut served = Vec::new();
        for _ in 0..clients {
            let call = server.listen(&ann.dir).unwrap();
            let data = server.open(&format!("{}/data", call.dir), ORDWR).unwrap();
            let exporting = server.export(data, &dir).unwrap();
            server.close(data).unwrap();
            server.close(call.cfd).unwrap();
            served.push(std::thread::spawn(move || {
                exporting.serve(&Interrupt::new()).is_ok()
            }));
        }
        server.close(ann.cfd).unwrap();
        served
            .into_iter()
            .map(|s| s.join().unwrap())
            .filter(|clean| *clean)
            .count()
    });
    (port, accepting)
}

fn names_of(client: &Client, path: &str) -> Vec<String> {
    let mut names: Vec<String> = client
        .read_dir(path)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    names.sort();
    names
}

#[test]
fn an_independent_client_lists_reads_writes_and_creates_in_an_export() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    mkdir(p, "/tmp/src");
    mkdir(p, "/tmp/src/sub");
    mkfile(p, "/tmp/src/greeting", "over the wire");
    mkfile(p, "/tmp/src/sub/deep", "deep file");
    let (port, exports) = export_over_tcp(p, "/tmp/src", 2);

    // Its client lists "/" by opening its root fid, and walks from that fid
    // afterwards, which walk(5) forbids: the root is listed by a second client.
    let client = Client::new_tcp("inferno", ("127.0.0.1", port), "").unwrap();
    assert_eq!(names_of(&client, "sub"), ["deep"]);
    assert_eq!(client.read_str("greeting").unwrap(), "over the wire");
    assert_eq!(client.read_str("sub/deep").unwrap(), "deep file");
    let st = client.stat("greeting").unwrap();
    assert_eq!((st.name.as_str(), st.n_bytes), ("greeting", 13));
    assert_eq!(client.stat("sub").unwrap().qid.ty, FileType::DIRECTORY);

    // Its client opens a fid once per path: clunk before using a path again.
    client.clunk_path("greeting").unwrap();
    assert_eq!(client.write("greeting", 0, b"OVER").unwrap(), 4);
    assert_eq!(readfile(p, "/tmp/src/greeting"), "OVER the wire");

    let perm = Perm::OWNER_READ | Perm::OWNER_WRITE | Perm::GROUP_READ;
    client.create("/", "made", perm, Mode::WRITE).unwrap();
    client.clunk_path("made").unwrap();
    assert_eq!(client.write("made", 0, b"made by ninep").unwrap(), 13);
    assert_eq!(readfile(p, "/tmp/src/made"), "made by ninep");
    client.clunk_path("sub").unwrap();
    client
        .create(
            "/sub",
            "newdir",
            perm | Perm::DIRECTORY | Perm::OWNER_EXEC,
            Mode::READ,
        )
        .unwrap();
    assert!(p.stat("/tmp/src/sub/newdir").unwrap().mode & 0x8000_0000 != 0);
    let second = Client::new_tcp("inferno", ("127.0.0.1", port), "").unwrap();
    assert_eq!(names_of(&second, "/"), ["greeting", "made", "sub"]);
    drop(second);

    client.clunk_path("made").unwrap();
    client.remove("made").unwrap();
    assert!(!exists(p, "/tmp/src/made"));
    let missing = client.read_str("nothere").unwrap_err().to_string();
    assert!(missing.contains("does not exist"), "{missing}");

    drop(client);
    assert_eq!(
        exports.join().unwrap(),
        2,
        "export ends when the client hangs up"
    );
}

#[test]
fn emu_commands_use_a_tree_served_by_an_independent_server() {
    let root = system::Root::new("styx-interop");
    let served = root.file("served");
    std::fs::create_dir_all(served.join("sub")).unwrap();
    std::fs::write(served.join("greeting"), "from the ninep server\n").unwrap();
    std::fs::write(served.join("sub/deep"), "deep\n").unwrap();
    std::fs::create_dir_all(root.file("tmp/mnt")).unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let proxy = LocalProxyFs::new(&served).unwrap();
    let serving = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        Server::new(proxy).handle_single_client_stream(stream);
    });

    let script = format!(
        "mount -Ac 'tcp!127.0.0.1!{port}' /tmp/mnt; ls /tmp/mnt /tmp/mnt/sub; \
         cat /tmp/mnt/greeting /tmp/mnt/sub/deep; \
         echo written by emu > /tmp/mnt/made; cat /tmp/mnt/made; \
         echo appended >> /tmp/mnt/made; ls -l /tmp/mnt/made"
    );
    let out = root.emu_merged(&["sh", "-c", &script], b"");
    let mut lines = out.lines();
    let listing: Vec<&str> = lines.by_ref().take(3).collect();
    assert_eq!(
        listing,
        ["/tmp/mnt/greeting", "/tmp/mnt/sub", "/tmp/mnt/sub/deep"],
        "{out}"
    );
    let rest: Vec<&str> = lines.collect();
    assert_eq!(
        rest[..3],
        ["from the ninep server", "deep", "written by emu"],
        "{out}"
    );
    // ls -l: a file of the mount driver, 24 bytes long.
    let long: Vec<&str> = rest[3].split_whitespace().collect();
    assert_eq!(
        (long[0], long[1], long[5], long[9]),
        ("--rw-r--r--", "M", "24", "/tmp/mnt/made"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(served.join("made")).unwrap(),
        "written by emu\nappended\n"
    );
    serving.join().unwrap();
}

/// Sends `bytes` on a fresh connection after a good `Tversion`, and gives
/// what comes back before the export answers or hangs up: the reply, or
/// `None` for a hang-up.
fn exchange(port: u16, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut version = vec![0u8; 4];
    version.extend_from_slice(&[100, 0xff, 0xff]);
    version.extend_from_slice(&8192u32.to_le_bytes());
    version.extend_from_slice(&6u16.to_le_bytes());
    version.extend_from_slice(b"9P2000");
    let len = version.len() as u32;
    version[..4].copy_from_slice(&len.to_le_bytes());
    s.write_all(&version).unwrap();
    let rversion = read_reply(&mut s).expect("Rversion");
    assert_eq!(rversion[4], 101);
    s.write_all(bytes).unwrap();
    let reply = read_reply(&mut s);
    let _ = s.shutdown(Shutdown::Both);
    reply
}

/// One whole message from `s`, or `None` at end of file.
fn read_reply(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut size = [0u8; 4];
    if s.read_exact(&mut size).is_err() {
        return None;
    }
    let n = u32::from_le_bytes(size) as usize;
    assert!((7..=8192).contains(&n), "reply size {n}");
    let mut msg = size.to_vec();
    msg.resize(n, 0);
    s.read_exact(&mut msg[4..]).unwrap();
    Some(msg)
}

/// A message of type `mtype` with tag `tag` and `body`, its size correct.
fn message(mtype: u8, tag: u16, body: &[u8]) -> Vec<u8> {
    let mut m = ((7 + body.len()) as u32).to_le_bytes().to_vec();
    m.push(mtype);
    m.extend_from_slice(&tag.to_le_bytes());
    m.extend_from_slice(body);
    m
}

/// The type, tag and (for `Rerror`) text of a reply.
fn parse(reply: &[u8]) -> (u8, u16, String) {
    let tag = u16::from_le_bytes([reply[5], reply[6]]);
    let text = if reply[4] == 107 {
        let n = u16::from_le_bytes([reply[7], reply[8]]) as usize;
        String::from_utf8_lossy(&reply[9..9 + n]).into_owned()
    } else {
        String::new()
    };
    (reply[4], tag, text)
}

#[test]
fn malformed_messages_get_rerror_and_the_export_serves_others() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    mkdir(p, "/tmp/src");
    mkfile(p, "/tmp/src/greeting", "still served");
    const CASES: usize = 7;
    // One more connection for the well-behaved client that stays throughout.
    let (port, exports) = export_over_tcp(p, "/tmp/src", CASES + 1);
    let good = Client::new_tcp("inferno", ("127.0.0.1", port), "").unwrap();
    let still_served = |good: &Client| {
        assert_eq!(good.read_str("greeting").unwrap(), "still served");
        good.clunk_path("greeting").unwrap();
    };
    still_served(&good);

    const RERROR: u8 = 107;
    // A size that cannot hold a header: the original hangs up.
    assert_eq!(exchange(port, &[3, 0, 0, 0, 118, 1, 0]), None);
    still_served(&good);
    // A size beyond the agreed msize: hang-up too.
    let mut huge = message(118, 1, &[0; 16]);
    huge[..4].copy_from_slice(&100_000u32.to_le_bytes());
    assert_eq!(exchange(port, &huge), None);
    still_served(&good);
    // A message of no known type.
    let reply = exchange(port, &message(200, 7, &[1, 2, 3])).unwrap();
    assert_eq!(parse(&reply), (RERROR, 7, "bad T-message".into()));
    // An Rmessage type sent as a request.
    let reply = exchange(port, &message(105, 8, &[0; 13])).unwrap();
    assert_eq!(parse(&reply), (RERROR, 8, "bad T-message".into()));
    still_served(&good);
    // A Tattach whose uname claims more bytes than the message holds.
    let mut attach = vec![0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff];
    attach.extend_from_slice(&200u16.to_le_bytes());
    attach.extend_from_slice(b"short");
    let reply = exchange(port, &message(104, 9, &attach)).unwrap();
    assert_eq!(parse(&reply), (RERROR, 9, "bad T-message".into()));
    // A Twalk with a name cut short.
    let mut walk = vec![1, 0, 0, 0, 2, 0, 0, 0, 1, 0];
    walk.extend_from_slice(&9u16.to_le_bytes());
    walk.extend_from_slice(b"gre");
    let reply = exchange(port, &message(110, 10, &walk)).unwrap();
    assert_eq!(parse(&reply), (RERROR, 10, "bad T-message".into()));
    still_served(&good);
    // A Tread of a fid that was never attached.
    let mut read = 77u32.to_le_bytes().to_vec();
    read.extend_from_slice(&0u64.to_le_bytes());
    read.extend_from_slice(&100u32.to_le_bytes());
    let reply = exchange(port, &message(116, 11, &read)).unwrap();
    assert_eq!(parse(&reply), (RERROR, 11, "bad fid".into()));
    still_served(&good);

    drop(good);
    // The two hung-up connections end their exports with an error.
    assert_eq!(exports.join().unwrap(), CASES + 1 - 2);
}

/// The kernel's count of something in `/proc/self/status` (`Threads`, `VmRSS`).
fn status_figure(name: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_thousand_clients_mounted_at_once_are_served() {
    const CLIENTS: usize = 1000;
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    mkdir(p, "/tmp/src");
    mkdir(p, "/tmp/m");
    mkfile(p, "/tmp/src/greeting", "served to all");
    let (port, exports) = export_over_tcp(p, "/tmp/src", CLIENTS);
    let (threads_before, rss_before) = (status_figure("Threads"), status_figure("VmRSS"));

    let mut lines = Vec::new();
    for i in 0..CLIENTS {
        let call = p.dial(&format!("tcp!127.0.0.1!{port}")).unwrap();
        let dfd = call.dfd.unwrap();
        mkdir(p, &format!("/tmp/m/{i}"));
        p.mount(dfd, None, &format!("/tmp/m/{i}"), MREPL, "")
            .unwrap_or_else(|e| panic!("mount {i}: {e}"));
        lines.push((dfd, call.cfd));
    }
    // Every connection is open and mounted; each walks and reads now.
    for i in 0..CLIENTS {
        assert_eq!(
            readfile(p, &format!("/tmp/m/{i}/greeting")),
            "served to all"
        );
    }
    // What the connections cost, both ends being in this process.
    eprintln!(
        "{CLIENTS} mounts: {} more threads, {} kB more resident",
        status_figure("Threads").saturating_sub(threads_before),
        status_figure("VmRSS").saturating_sub(rss_before)
    );
    for (i, (dfd, cfd)) in lines.into_iter().enumerate() {
        p.unmount(None, &format!("/tmp/m/{i}")).unwrap();
        p.close(dfd).unwrap();
        p.close(cfd).unwrap();
    }
    assert_eq!(exports.join().unwrap(), CLIENTS);
}
