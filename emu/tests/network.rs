//! The network: `#I` (TCP and UDP lines, their files and ctl messages, IPv4
//! and IPv6), the built-in connection server `/net/cs`, `dial`, `announce`
//! and `listen` with the original's address forms, `#s` wstat, and the
//! distribution they exist for: a name space exported over TCP and mounted
//! from the other end. Every socket is on the loopback.

mod common;

use common::*;
use emu::kernel::conn::Interrupt;
use emu::kernel::flags::*;
use emu::kernel::ProcEnv;

#[test]
fn export_over_tcp_and_mount_it() {
    let mut t = TestKernel::new();
    t.p.pctl(FORKNS, &[]).unwrap();
    let p = &t.p;
    mkdir(p, "/tmp/src");
    mkdir(p, "/tmp/mnt");
    mkfile(p, "/tmp/src/greeting", "over the wire");

    let ann = p.announce("tcp!127.0.0.1!0").unwrap();
    assert!(ann.dir.starts_with("/net/tcp/"));
    assert_eq!(readfile(p, &format!("{}/status", ann.dir)), "Announced\n");
    let local = readfile(p, &format!("{}/local", ann.dir));
    let port = local.trim().rsplit('!').next().unwrap().to_string();
    assert!(port.parse::<u16>().unwrap() > 0, "{local}");

    let server = p.spawn(p.pid + 1);
    let dir = ann.dir.clone();
    let done = std::thread::spawn(move || {
        let call = server.listen(&dir).unwrap();
        let data = server.open(&format!("{}/data", call.dir), ORDWR).unwrap();
        let exporting = server.export(data, "/tmp/src").unwrap();
        server.close(data).unwrap();
        server.close(call.cfd).unwrap();
        exporting.serve(&Interrupt::new()).is_ok()
    });

    let call = p.dial(&format!("tcp!127.0.0.1!{port}")).unwrap();
    let dfd = call.dfd.unwrap();
    assert_eq!(
        readfile(p, &format!("{}/status", call.dir)),
        "Established\n"
    );
    assert!(readfile(p, &format!("{}/remote", call.dir)).ends_with(&format!("!{port}\n")));
    p.mount(dfd, None, "/tmp/mnt", MREPL, "").unwrap();
    assert_eq!(names(p, "/tmp/mnt"), "greeting");
    assert_eq!(readfile(p, "/tmp/mnt/greeting"), "over the wire");
    p.unmount(None, "/tmp/mnt").unwrap();
    p.close(dfd).unwrap();
    p.close(call.cfd).unwrap();
    assert!(done.join().unwrap(), "export ends when the caller hangs up");
    p.close(ann.cfd).unwrap();
}

#[test]
fn dial_errors_are_clear() {
    let t = TestKernel::new();
    let p = &t.p;
    assert_eq!(
        err(p.dial("il!127.0.0.1!9")),
        "network unavailable il (il!127.0.0.1!9)"
    );
    assert_eq!(
        err(p.dial("tcp!127.0.0.1!nosuch")),
        "cs: can't translate service (tcp!127.0.0.1!nosuch)"
    );
    // Nothing listens on the port an announcement just gave back.
    let (ann, port) = announce(p, "tcp!127.0.0.1!0");
    p.close(ann.cfd).unwrap();
    let refused = err(p.dial(&format!("tcp!127.0.0.1!{port}")));
    assert!(refused.contains("refused"), "{refused}");
    assert!(
        refused.ends_with(&format!("(connect 127.0.0.1!{port})")),
        "{refused}"
    );
}

/// An announcement of `addr` and the port it got.
fn announce(p: &emu::kernel::ProcEnv, addr: &str) -> (emu::kernel::sysnet::Connection, u16) {
    let ann = p.announce(addr).unwrap();
    let local = readfile(p, &format!("{}/local", ann.dir));
    let port = local.trim().rsplit('!').next().unwrap().parse().unwrap();
    (ann, port)
}

/// Dials `addr` while a thread takes the call on `ann` and echoes one read
/// back; what came back, and the line's remote and the call's local files.
fn echo_call(
    p: &emu::kernel::ProcEnv,
    ann: &emu::kernel::sysnet::Connection,
    addr: &str,
) -> (String, String, String) {
    let server = p.spawn(p.pid + 1);
    let dir = ann.dir.clone();
    let echo = std::thread::spawn(move || {
        let call = server.listen(&dir).unwrap();
        let data = server.open(&format!("{}/data", call.dir), ORDWR).unwrap();
        let mut buf = [0u8; 64];
        let n = server.read(data, &mut buf).unwrap();
        server.write(data, &buf[..n]).unwrap();
        let local = readfile(&server, &format!("{}/local", call.dir));
        server.close(data).unwrap();
        server.close(call.cfd).unwrap();
        local
    });
    let call = p.dial(addr).unwrap();
    let dfd = call.dfd.unwrap();
    p.write(dfd, b"ping").unwrap();
    let mut buf = [0u8; 64];
    let n = p.read(dfd, &mut buf).unwrap();
    let remote = readfile(p, &format!("{}/remote", call.dir));
    p.close(dfd).unwrap();
    p.close(call.cfd).unwrap();
    let local = echo.join().unwrap();
    (String::from_utf8_lossy(&buf[..n]).into(), remote, local)
}

#[test]
fn net_lists_the_protocols_and_the_connection_server() {
    let t = TestKernel::new();
    let p = &t.p;
    assert_eq!(names(p, "/net"), "arp cs ndb tcp udp");
    assert_eq!(names(p, "/net/udp"), "clone stats");
    let fd = p.open("/net/tcp/clone", ORDWR).unwrap();
    assert_eq!(names(p, "/net/tcp"), "0 clone stats");
    assert_eq!(
        names(p, "/net/tcp/0"),
        "ctl data listen local remote status"
    );
    assert_eq!(readfile(p, "/net/tcp/0/status"), "Closed\n");
    assert_eq!(readfile(p, "/net/tcp/0/local"), "::!0\n");
    let stats = p.open("/net/tcp/stats", OREAD).unwrap();
    assert_eq!(err(p.read(stats, &mut [0u8; 64])), "stats not implemented");
    p.close(stats).unwrap();
    let d = p.stat("/net/tcp/0/ctl").unwrap();
    assert_eq!(d.mode & 0o777, 0o660);
    p.close(fd).unwrap();
}

/// Writes query `q` to the open `/net/cs` file `cs` and reads the answer's
/// lines, or gives the write's error.
fn cs_query(p: &ProcEnv, cs: i32, q: &str) -> Result<Vec<String>, String> {
    p.write(cs, q.as_bytes()).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    let mut buf = [0u8; 128];
    loop {
        let n = p.read(cs, &mut buf).unwrap();
        if n == 0 {
            return Ok(lines);
        }
        lines.push(String::from_utf8_lossy(&buf[..n]).to_string());
    }
}

#[test]
fn connection_server_translates_addresses() {
    let t = TestKernel::new();
    let p = &t.p;
    let cs = p.open("/net/cs", ORDWR).unwrap();
    let ask = |q: &str| cs_query(p, cs, q);
    assert_eq!(
        ask("tcp!127.0.0.1!564").unwrap(),
        ["/net/tcp/clone 127.0.0.1!564"]
    );
    assert_eq!(ask("net!*!styx").unwrap(), ["/net/tcp/clone 6666"]);
    assert_eq!(ask("udp!::1!echo").unwrap(), ["/net/udp/clone ::1!7"]);
    assert_eq!(ask("tcp!h").unwrap_err(), "bad format request");
    assert_eq!(
        ask("tcp!h!nosuch").unwrap_err(),
        "cs: can't translate service"
    );
    // The root's services file comes first.
    std::fs::create_dir_all(t.host("/lib/ndb")).unwrap();
    std::fs::write(t.host("/lib/ndb/services"), "mysvc\t4321/tcp\t# a test\n").unwrap();
    assert_eq!(
        ask("tcp!127.0.0.1!mysvc").unwrap(),
        ["/net/tcp/clone 127.0.0.1!4321"]
    );
    let names = ask("tcp!localhost!9").unwrap();
    assert!(
        names
            .iter()
            .all(|l| l == "/net/tcp/clone 127.0.0.1!9" || l == "/net/tcp/clone ::1!9"),
        "{names:?}"
    );
    p.close(cs).unwrap();
}

#[test]
fn connection_server_answers_attribute_queries() {
    let t = TestKernel::new();
    let p = &t.p;
    let cs = p.open("/net/cs", ORDWR).unwrap();
    let ask = |q: &str| cs_query(p, cs, q);
    assert_eq!(ask("!tcp=styx port=*").unwrap(), ["tcp=styx port=6666"]);
    assert_eq!(ask("!tcp=exportfs").unwrap(), ["tcp=exportfs port=17007"]);
    let host = ask("!sys=localhost ip=*").unwrap();
    assert!(
        host.len() == 1 && host[0].starts_with("sys=localhost ip="),
        "{host:?}"
    );
    assert_eq!(ask("!tcp=styx port=1").unwrap_err(), "no match");
    assert_eq!(ask("!").unwrap_err(), "bad query");
    assert_eq!(ask("!a='x").unwrap_err(), "bad query: missing quote");
    assert_eq!(ask("!ipinfo=x").unwrap_err(), "ipinfo not yet supported");
    p.close(cs).unwrap();
}

#[test]
fn dial_takes_every_address_form() {
    let t = TestKernel::new();
    let p = &t.p;
    std::fs::create_dir_all(t.host("/lib/ndb")).unwrap();
    let (ann, port) = announce(p, "tcp!*!0");
    std::fs::write(
        t.host("/lib/ndb/services"),
        format!("echotest {port}/tcp\n"),
    )
    .unwrap();
    for addr in [
        format!("tcp!127.0.0.1!{port}"),
        format!("net!127.0.0.1!{port}"),
        format!("/net/tcp!127.0.0.1!{port}"),
        format!("tcp!localhost!{port}"),
        "tcp!127.0.0.1!echotest".to_string(),
        format!("#I/tcp!127.0.0.1!{port}"),
    ] {
        let (back, remote, _) = echo_call(p, &ann, &addr);
        assert_eq!(back, "ping", "{addr}");
        assert!(remote.ends_with(&format!("!{port}\n")), "{addr}: {remote}");
    }
    p.close(ann.cfd).unwrap();
}

#[test]
fn dial_from_a_local_port() {
    let t = TestKernel::new();
    let p = &t.p;
    let (ann, port) = announce(p, "tcp!127.0.0.1!0");
    // A port free a moment ago, to call from.
    let (spare, mine) = announce(p, "tcp!127.0.0.1!0");
    p.close(spare.cfd).unwrap();
    let server = p.spawn(p.pid + 1);
    let dir = ann.dir.clone();
    let taken = std::thread::spawn(move || {
        let call = server.listen(&dir).unwrap();
        let remote = readfile(&server, &format!("{}/remote", call.dir));
        server.close(call.cfd).unwrap();
        remote
    });
    let call = p
        .dial_from(&format!("tcp!127.0.0.1!{port}"), &mine.to_string())
        .unwrap();
    assert_eq!(
        readfile(p, &format!("{}/local", call.dir)),
        format!("127.0.0.1!{mine}\n")
    );
    assert_eq!(taken.join().unwrap(), format!("127.0.0.1!{mine}\n"));
    p.close(call.dfd.unwrap()).unwrap();
    p.close(call.cfd).unwrap();
    p.close(ann.cfd).unwrap();
}

#[test]
fn ipv6_lines() {
    let t = TestKernel::new();
    let p = &t.p;
    let (ann, port) = announce(p, "tcp!::1!0");
    assert_eq!(
        readfile(p, &format!("{}/local", ann.dir)),
        format!("::1!{port}\n")
    );
    let (back, remote, local) = echo_call(p, &ann, &format!("tcp!::1!{port}"));
    assert_eq!(back, "ping");
    assert_eq!(remote, format!("::1!{port}\n"));
    assert_eq!(local, format!("::1!{port}\n"));
    p.close(ann.cfd).unwrap();
    // IPv4 callers of an announcement on any address show as IPv4.
    let (ann, port) = announce(p, "tcp!*!0");
    assert_eq!(
        readfile(p, &format!("{}/local", ann.dir)),
        format!("::!{port}\n")
    );
    let (_, _, local) = echo_call(p, &ann, &format!("tcp!127.0.0.1!{port}"));
    assert_eq!(local, format!("127.0.0.1!{port}\n"));
    p.close(ann.cfd).unwrap();
}

/// Writes `msg` to a ctl file; the error text, or "" when it was taken.
fn ctl(p: &emu::kernel::ProcEnv, cfd: i32, msg: &str) -> String {
    p.write(cfd, msg.as_bytes())
        .map_or_else(|e| e.to_string(), |_| String::new())
}

#[test]
fn ctl_messages_as_the_original() {
    let t = TestKernel::new();
    let p = &t.p;
    let (ann, port) = announce(p, "tcp!127.0.0.1!0");
    let cfd = p.open("/net/tcp/clone", ORDWR).unwrap();
    let mut buf = [0u8; 16];
    let n = p.read(cfd, &mut buf).unwrap();
    let dir = format!("/net/tcp/{}", String::from_utf8_lossy(&buf[..n]));
    assert_eq!(ctl(p, cfd, ""), "short control request");
    assert_eq!(ctl(p, cfd, "frobnicate"), "unknown control request");
    assert_eq!(ctl(p, cfd, "headers"), "unknown control request");
    assert_eq!(ctl(p, cfd, "ttl 3"), "");
    assert_eq!(ctl(p, cfd, "tos 1"), "");
    assert_eq!(ctl(p, cfd, "connect 127.0.0.1"), "malformed address");
    assert_eq!(ctl(p, cfd, "connect nohost!1"), "invalid IP address");
    assert_eq!(ctl(p, cfd, "connect a b c d"), "bad args to connect");
    assert_eq!(ctl(p, cfd, "bind 0"), "");
    assert_eq!(ctl(p, cfd, &format!("connect 127.0.0.1!{port}")), "");
    assert_eq!(readfile(p, &format!("{dir}/status")), "Established\n");
    assert_eq!(
        readfile(p, &format!("{dir}/remote")),
        format!("127.0.0.1!{port}\n")
    );
    assert_eq!(
        ctl(p, cfd, &format!("connect 127.0.0.1!{port}")),
        "connection in use"
    );
    assert_eq!(ctl(p, cfd, "announce 0"), "connection in use");
    assert_eq!(ctl(p, cfd, "keepalive"), "");
    assert_eq!(ctl(p, cfd, "keepalive 300000"), "");
    assert_eq!(ctl(p, cfd, "hangup"), "");
    assert_eq!(readfile(p, &format!("{dir}/status")), "Closed\n");
    assert_eq!(ctl(p, cfd, "keepalive"), "not connected");
    let data = p.open(&format!("{dir}/data"), ORDWR).unwrap();
    assert_eq!(err(p.write(data, b"x")), "i/o on hungup channel");
    p.close(data).unwrap();
    p.close(cfd).unwrap();
    // Listening on a line that is not announced.
    let cfd = p.open("/net/tcp/clone", ORDWR).unwrap();
    let n = p.read(cfd, &mut buf).unwrap();
    let dir = format!("/net/tcp/{}", String::from_utf8_lossy(&buf[..n]));
    assert_eq!(
        err(p.open(&format!("{dir}/listen"), ORDWR)),
        "not announced"
    );
    assert_eq!(ctl(p, cfd, "announce"), "bad args to announce");
    assert_eq!(ctl(p, cfd, "announce x"), "non-numeric port number");
    p.close(cfd).unwrap();
    assert_eq!(err(p.open("/net/tcp/0/local", ORDWR)), "permission denied");
    p.close(ann.cfd).unwrap();
}

/// The 52-byte header of `headers` mode and a payload.
fn udp_header(raddr: [u8; 16], rport: u16, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 52];
    h[0..16].copy_from_slice(&raddr);
    h[48..50].copy_from_slice(&rport.to_be_bytes());
    h.extend_from_slice(payload);
    h
}

#[test]
fn udp_datagrams_with_and_without_headers() {
    let t = TestKernel::new();
    let p = &t.p;
    let (ann, port) = announce(p, "udp!127.0.0.1!0");
    assert_eq!(readfile(p, &format!("{}/status", ann.dir)), "Announced\n");
    assert_eq!(ctl(p, ann.cfd, "headers"), "");
    let sdata = p.open(&format!("{}/data", ann.dir), ORDWR).unwrap();

    let call = p.dial(&format!("udp!127.0.0.1!{port}")).unwrap();
    let cdata = call.dfd.unwrap();
    let clocal = readfile(p, &format!("{}/local", call.dir));
    let cport: u16 = clocal.trim().rsplit('!').next().unwrap().parse().unwrap();
    p.write(cdata, b"one datagram").unwrap();

    let mut buf = [0u8; 128];
    let n = p.read(sdata, &mut buf).unwrap();
    assert_eq!(n, 52 + 12);
    let v4mapped = std::net::Ipv4Addr::LOCALHOST.to_ipv6_mapped().octets();
    assert_eq!(buf[0..16], v4mapped, "remote address");
    assert_eq!(u16::from_be_bytes([buf[48], buf[49]]), cport, "remote port");
    assert_eq!(u16::from_be_bytes([buf[50], buf[51]]), port, "local port");
    assert_eq!(&buf[52..n], b"one datagram");
    // A read shorter than the header is refused.
    assert_eq!(err(p.read(sdata, &mut buf[..10])), "bad arg in system call");

    // The reply goes where its header says.
    let reply = udp_header(v4mapped, cport, b"back");
    assert_eq!(p.write(sdata, &reply).unwrap(), reply.len());
    let n = p.read(cdata, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"back");
    assert_eq!(err(p.write(sdata, b"short")), "i/o count too small");

    // The IPv4 header form.
    assert_eq!(ctl(p, ann.cfd, "headers4"), "");
    p.write(cdata, b"four").unwrap();
    let n = p.read(sdata, &mut buf).unwrap();
    assert_eq!(&buf[0..4], &[127, 0, 0, 1]);
    assert_eq!(u16::from_be_bytes([buf[8], buf[9]]), cport);
    assert_eq!(&buf[12..n], b"four");
    assert_eq!(ctl(p, ann.cfd, "hangup"), "unknown control request");
    assert_eq!(ctl(p, ann.cfd, "keepalive"), "unknown control request");

    p.close(cdata).unwrap();
    p.close(call.cfd).unwrap();
    p.close(sdata).unwrap();
    p.close(ann.cfd).unwrap();
}

#[test]
fn ndb_file_holds_text() {
    let t = TestKernel::new();
    let p = &t.p;
    mkfile(p, "/net/ndb", "sys=here ip=127.0.0.1\n");
    assert_eq!(readfile(p, "/net/ndb"), "sys=here ip=127.0.0.1\n");
    assert_eq!(p.stat("/net/ndb").unwrap().length, 22);
    let fd = p.open("/net/ndb", OWRITE).unwrap();
    assert_eq!(err(p.write(fd, &[b'x'; 2000])), "i/o error");
    p.close(fd).unwrap();
}

#[test]
fn srv_wstat_publishes() {
    let t = TestKernel::new();
    let p = &t.p;
    mkdir(p, "/tmp/s");
    p.bind("#scs", "/tmp/s", MREPL).unwrap();
    assert_eq!(p.stat("/tmp/s").unwrap().mode & 0o777, 0o770);
    let mut d = emu::kernel::dir::Dir::null();
    d.mode = 0o777;
    p.wstat("/tmp/s", &d).unwrap();
    assert_eq!(p.stat("/tmp/s").unwrap().mode & 0o777, 0o777);
    let mut d = emu::kernel::dir::Dir::null();
    d.name = "other".into();
    assert_eq!(err(p.wstat("/tmp/s", &d)), "permission denied");
}

#[test]
fn arp_file_takes_only_add_requests() {
    let t = TestKernel::new();
    let p = &t.p;
    assert_eq!(p.stat("/net/arp").unwrap().mode & 0o777, 0o664);
    let fd = p.open("/net/arp", ORDWR).unwrap();
    assert_eq!(p.write(fd, b"add 10.0.0.1 0a0b0c0d0e0f\n").unwrap(), 26);
    assert_eq!(err(p.write(fd, b"flush")), "bad arp request");
    assert_eq!(err(p.write(fd, b"add 10.0.0.1")), "bad arp request");
    assert_eq!(err(p.read(fd, &mut [0u8; 16])), "permission denied");
    p.close(fd).unwrap();
}
