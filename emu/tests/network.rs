//! The network: `#I` TCP lines through `dial`, `announce` and `listen`, and
//! the distribution they exist for: a name space exported over TCP and
//! mounted from the other end.

mod common;

use common::*;
use emu::kernel::conn::Interrupt;
use emu::kernel::flags::*;

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
    assert_eq!(err(p.dial("udp!127.0.0.1!9")), "network not supported: udp");
    assert_eq!(
        err(p.dial("tcp!127.0.0.1!nosuch")),
        "unknown service: nosuch"
    );
    // Nothing listens on the port an announcement just gave back.
    let ann = p.announce("tcp!127.0.0.1!0").unwrap();
    let local = readfile(p, &format!("{}/local", ann.dir));
    let port = local.trim().rsplit('!').next().unwrap().to_string();
    p.close(ann.cfd).unwrap();
    assert!(p.dial(&format!("tcp!127.0.0.1!{port}")).is_err());
}
