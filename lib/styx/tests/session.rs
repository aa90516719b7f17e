//! The client and the server framework together: a `MemFs` served over a socket
//! pair, used through the client's file operations, from one thread and from many.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::thread;

use common::{connect, connect_to, serve_on_socket, MemFs};
use styx::server::errors::*;
use styx::*;

fn err_text<T: std::fmt::Debug>(result: Result<T, ClientError>) -> String {
    result.expect_err("the call must fail").to_string()
}

/// Walks from the root to `path` (names separated by '/'), expecting success.
fn walk_to(client: &Client, root: &Fid, path: &str) -> Fid {
    let names: Vec<&str> = path.split('/').filter(|n| !n.is_empty()).collect();
    match client.walk(root, &names, None).expect("walk") {
        Walked::Done { fid, qids } => {
            assert_eq!(qids.len(), names.len());
            fid
        }
        Walked::Partial { qids } => panic!("walk to {path} stopped after {}", qids.len()),
    }
}

fn read_file(client: &Client, root: &Fid, path: &str) -> Vec<u8> {
    let mut fid = walk_to(client, root, path);
    client.open(&mut fid, OREAD, None).unwrap();
    let data = client.read(&fid, 0, 1 << 20, None).unwrap();
    client.clunk(fid).unwrap();
    data
}

fn list(client: &Client, root: &Fid, path: &str) -> BTreeSet<String> {
    let data = read_file(client, root, path);
    decode_entries(&data)
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect()
}

#[test]
fn attach_walk_open_read() {
    let (client, server) = connect();
    assert_eq!(client.msize(), MAXRPC);
    assert_eq!(client.version(), VERSION);
    let root = client.attach(None, "inferno", "", None).unwrap();
    assert!(root.qid().is_dir());
    assert_eq!(read_file(&client, &root, "README"), b"hello, world\n");

    let mut fid = walk_to(&client, &root, "README");
    client.open(&mut fid, OREAD, None).unwrap();
    assert_eq!(fid.iounit(), MAXRPC - IOHDRSZ);
    assert_eq!(client.read(&fid, 7, 100, None).unwrap(), b"world\n");
    assert_eq!(client.read(&fid, 100, 10, None).unwrap(), b"");
    client.clunk(fid).unwrap();

    let stat = client.stat(&root, None).unwrap();
    assert_eq!(stat.name, "/");
    assert_eq!(stat.mode & DMDIR, DMDIR);
    client.clunk(root).unwrap();
    drop(client);
    assert!(
        server.join().unwrap().is_ok(),
        "server ends cleanly at hang-up"
    );
}

#[test]
fn prompt_reads_run_on_the_thread_that_reads_requests() {
    let fs = Arc::new(MemFs::new());
    let (client, server) = connect_to(fs.clone());
    let root = client.attach(None, "inferno", "", None).unwrap();
    assert_eq!(read_file(&client, &root, "README"), b"hello, world\n");
    assert_eq!(read_file(&client, &root, "README"), b"hello, world\n");
    assert_eq!(fs.reading_threads(), [server.thread().id(); 2]);
}

#[test]
fn workers_left_idle_end() {
    let fs = Arc::new(MemFs::new());
    let config = Config {
        worker_idle: std::time::Duration::from_millis(50),
        ..Config::default()
    };
    let (end, _server) = serve_on_socket(fs.clone(), config);
    let client = Client::new(end.try_clone().unwrap(), end, 0, "").unwrap();
    let root = client.attach(None, "inferno", "", None).unwrap();
    client.stat(&root, None).unwrap();
    client.stat(&root, None).unwrap();
    thread::sleep(std::time::Duration::from_millis(500));
    // Every worker has ended: a new one runs the next request.
    client.stat(&root, None).unwrap();
    let threads = fs.stat_threads();
    assert!(!threads[..2].contains(&threads[2]), "{threads:?}");
}

#[test]
fn create_write_read_remove() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut fid = walk_to(&client, &root, "tmp");
    client.create(&mut fid, "new", 0o666, ORDWR, None).unwrap();
    assert!(!fid.qid().is_dir());
    assert_eq!(client.write(&fid, 0, b"abc", None).unwrap(), 3);
    assert_eq!(client.read(&fid, 0, 10, None).unwrap(), b"abc");
    client.clunk(fid).unwrap();

    assert_eq!(read_file(&client, &root, "tmp/new"), b"abc");
    let stat = client
        .stat(&walk_to(&client, &root, "tmp/new"), None)
        .unwrap();
    assert_eq!(
        (stat.length, stat.uid.as_str(), stat.mode),
        (3, "inferno", 0o666)
    );

    let mut dir = walk_to(&client, &root, "tmp");
    assert_eq!(
        err_text(client.create(&mut dir, "new", 0o666, OWRITE, None)),
        EEXISTS
    );
    client
        .create(&mut dir, "sub", DMDIR | 0o755, OREAD, None)
        .unwrap();
    assert!(dir.qid().is_dir());
    assert_eq!(
        list(&client, &root, "tmp"),
        ["new", "sub"].map(String::from).into()
    );

    client.remove(walk_to(&client, &root, "tmp/new")).unwrap();
    assert_eq!(err_text(client.walk(&root, &["new"], None)), ENOTFOUND);
    match client.walk(&root, &["tmp", "new"], None) {
        Ok(Walked::Partial { qids }) => assert_eq!(qids.len(), 1),
        other => panic!("expected a partial walk, got {other:?}"),
    }
}

#[test]
fn large_transfers_are_split_by_iounit() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut fid = walk_to(&client, &root, "tmp");
    client.create(&mut fid, "big", 0o644, ORDWR, None).unwrap();
    let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(client.write(&fid, 0, &data, None).unwrap(), data.len());
    assert_eq!(client.read(&fid, 0, 1 << 20, None).unwrap(), data);
    assert_eq!(
        client.read(&fid, 49_990, 100, None).unwrap(),
        &data[49_990..]
    );
}

#[test]
fn directories_read_as_whole_entries() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    assert_eq!(
        list(&client, &root, ""),
        ["README", "pipe", "slow", "tmp"].map(String::from).into()
    );
    // Small reads get one entry at a time, at the offsets the previous reads reached.
    let mut dir = walk_to(&client, &root, "");
    client.open(&mut dir, OREAD, None).unwrap();
    let mut offset = 0;
    let mut names = Vec::new();
    loop {
        let data = client.read(&dir, offset, 70, None).unwrap();
        if data.is_empty() {
            break;
        }
        let entries = decode_entries(&data).unwrap();
        assert_eq!(entries.len(), 1);
        names.push(entries[0].name.clone());
        offset += data.len() as u64;
    }
    assert_eq!(names.len(), 4);
    assert_eq!(err_text(client.read(&dir, 1, 70, None)), EOFFSET);
    assert_eq!(err_text(client.read(&dir, 0, 10, None)), ESHORTSTAT);
    // Offset 0 starts again.
    assert_eq!(
        decode_entries(&client.read(&dir, 0, 70, None).unwrap())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn stat_and_wstat() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    let fid = walk_to(&client, &root, "README");
    let mut change = Dir::null();
    change.name = "README2".into();
    change.mode = 0o600;
    client.wstat(&fid, &change, None).unwrap();
    let stat = client.stat(&fid, None).unwrap();
    assert_eq!(
        (stat.name.as_str(), stat.mode, stat.length),
        ("README2", 0o600, 13)
    );
    assert!(list(&client, &root, "").contains("README2"));

    let mut truncate = Dir::null();
    truncate.length = 5;
    client.wstat(&fid, &truncate, None).unwrap();
    assert_eq!(read_file(&client, &root, "README2"), b"hello");

    let mut to_dir = Dir::null();
    to_dir.mode = DMDIR | 0o777;
    assert_eq!(err_text(client.wstat(&fid, &to_dir, None)), EPERM);
    let mut bad_name = Dir::null();
    bad_name.name = "a/b".into();
    assert_eq!(err_text(client.wstat(&fid, &bad_name, None)), ENAME);
    bad_name.name = "..".into();
    assert_eq!(err_text(client.wstat(&fid, &bad_name, None)), EDOT);
}

#[test]
fn walks_longer_than_maxwelem_take_several_messages() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut path = String::from("tmp");
    for depth in 0..20 {
        let mut dir = walk_to(&client, &root, &path);
        client
            .create(&mut dir, &format!("d{depth}"), DMDIR | 0o777, OREAD, None)
            .unwrap();
        client.clunk(dir).unwrap();
        path = format!("{path}/d{depth}");
    }
    let names: Vec<&str> = path.split('/').collect();
    assert_eq!(names.len(), 21);
    match client.walk(&root, &names, None).unwrap() {
        Walked::Done { fid, qids } => {
            assert_eq!(qids.len(), 21);
            assert!(qids.iter().all(Qid::is_dir));
            assert_eq!(client.stat(&fid, None).unwrap().name, "d19");
        }
        other => panic!("{other:?}"),
    }
    // A bad name in the second message: the prefix's qids, no fid.
    let mut broken = names.clone();
    broken[18] = "nonexistent";
    match client.walk(&root, &broken, None).unwrap() {
        Walked::Partial { qids } => assert_eq!(qids.len(), 18),
        other => panic!("{other:?}"),
    }
    // `..` climbs, and stops at the root.
    let up = walk_to(&client, &root, "tmp/d0/../../..");
    assert_eq!(up.qid(), root.qid());
    // Zero names clone.
    match client.walk::<&str>(&root, &[], None).unwrap() {
        Walked::Done { fid, qids } => {
            assert!(qids.is_empty());
            assert_eq!(fid.qid(), root.qid());
            assert_ne!(fid.num(), root.num());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn protocol_errors_reach_the_client() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    let readme = walk_to(&client, &root, "README");
    assert_eq!(err_text(client.walk(&readme, &["x"], None)), ENOTDIR);
    let mut dir = walk_to(&client, &root, "tmp");
    assert_eq!(err_text(client.open(&mut dir, OWRITE, None)), EPERM);
    assert_eq!(err_text(client.open(&mut dir, 0x80, None)), EMODE);
    for (name, error) in [
        (".", EDOT),
        ("..", EDOT),
        ("a/b", ENAME),
        ("", ENAME),
        ("a\nb", ENAME),
    ] {
        assert_eq!(
            err_text(client.create(&mut dir, name, 0o666, OWRITE, None)),
            error
        );
    }
    let mut file = walk_to(&client, &root, "README");
    client.open(&mut file, OREAD, None).unwrap();
    assert_eq!(err_text(client.write(&file, 0, b"x", None)), EACCESS);
    assert_eq!(err_text(client.walk::<&str>(&file, &[], None)), EOPEN);
    assert_eq!(err_text(client.read(&readme, 0, 1, None)), ENOTOPEN);
    assert_eq!(err_text(client.auth("inferno", "", None)), ENOAUTH);
    assert_eq!(err_text(client.remove(root)), EPERM);
}

#[test]
fn orclose_removes_at_clunk() {
    let (client, _server) = connect();
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut fid = walk_to(&client, &root, "tmp");
    client
        .create(&mut fid, "scratch", 0o666, ORDWR | ORCLOSE, None)
        .unwrap();
    assert!(list(&client, &root, "tmp").contains("scratch"));
    client.clunk(fid).unwrap();
    assert!(list(&client, &root, "tmp").is_empty());
}

#[test]
fn threads_share_one_client() {
    let fs = Arc::new(MemFs::new());
    let (client, _server) = connect_to(Arc::clone(&fs));
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut reader = walk_to(&client, &root, "pipe");
    client.open(&mut reader, OREAD, None).unwrap();
    let mut writer = walk_to(&client, &root, "pipe");
    client.open(&mut writer, OWRITE, None).unwrap();

    thread::scope(|s| {
        // A read that blocks in the server until the write below.
        let blocked = s.spawn(|| client.read(&reader, 0, 100, None).unwrap());
        fs.wait_for_pipe_reader();
        // Meanwhile, many other requests complete.
        let others: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    for _ in 0..50 {
                        assert_eq!(read_file(&client, &root, "README"), b"hello, world\n");
                    }
                })
            })
            .collect();
        for other in others {
            other.join().unwrap();
        }
        assert!(!blocked.is_finished());
        assert_eq!(client.write(&writer, 0, b"ping", None).unwrap(), 4);
        assert_eq!(blocked.join().unwrap(), b"ping");
    });
}

#[test]
fn cancel_flushes_a_blocked_call() {
    let fs = Arc::new(MemFs::new());
    let (client, _server) = connect_to(Arc::clone(&fs));
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut reader = walk_to(&client, &root, "pipe");
    client.open(&mut reader, OREAD, None).unwrap();
    let cancel = Cancel::new();
    thread::scope(|s| {
        let blocked = s.spawn(|| client.read(&reader, 0, 100, Some(&cancel)));
        fs.wait_for_pipe_reader();
        // Other requests come and go while the read is outstanding.
        assert_eq!(read_file(&client, &root, "README"), b"hello, world\n");
        cancel.cancel();
        assert!(matches!(
            blocked.join().unwrap(),
            Err(ClientError::Interrupted)
        ));
    });
    // The connection still works, and the flushed read took nothing from the pipe.
    let mut writer = walk_to(&client, &root, "pipe");
    client.open(&mut writer, OWRITE, None).unwrap();
    client.write(&writer, 0, b"after", None).unwrap();
    assert_eq!(client.read(&reader, 0, 100, None).unwrap(), b"after");
    // A call whose cancel is already raised is not sent.
    assert!(matches!(
        client.stat(&root, Some(&cancel)),
        Err(ClientError::Interrupted)
    ));
}

#[test]
fn a_reply_before_the_rflush_is_honoured() {
    let fs = Arc::new(MemFs::new());
    let (client, _server) = connect_to(Arc::clone(&fs));
    let root = client.attach(None, "inferno", "", None).unwrap();
    let mut slow = walk_to(&client, &root, "slow");
    client.open(&mut slow, OREAD, None).unwrap();
    let cancel = Cancel::new();
    thread::scope(|s| {
        let blocked = s.spawn(|| client.read(&slow, 0, 100, Some(&cancel)));
        fs.wait_for_pipe_reader();
        cancel.cancel();
        assert_eq!(blocked.join().unwrap().unwrap(), b"late");
    });
}

#[test]
fn msize_is_negotiated_down() {
    let (end, _server) = serve_on_socket(Arc::new(MemFs::new()), Config::default());
    let client = Client::new(end.try_clone().unwrap(), end, 1 << 20, "").unwrap();
    assert_eq!(client.msize(), IOHDRSZ + 65536);

    let (end, _server) = serve_on_socket(Arc::new(MemFs::new()), Config::default());
    let refused = Client::new(end.try_clone().unwrap(), end, 200, "");
    assert_eq!(err_text(refused.map(|_| ())), EMSIZE);

    let (end, _server) = serve_on_socket(Arc::new(MemFs::new()), Config::default());
    let refused = Client::new(end.try_clone().unwrap(), end, 0, "9P1999");
    assert_eq!(
        err_text(refused.map(|_| ())),
        "bad 9P version specification"
    );
}

#[test]
fn a_server_that_hangs_up_fails_calls() {
    let (end, server_end) = std::os::unix::net::UnixStream::pair().unwrap();
    let server = thread::spawn(move || {
        // Answer the version, then hang up.
        let mut stream = server_end;
        let request = read_message(&mut stream, MAXRPC).unwrap().unwrap();
        let (tag, _) = Tmsg::decode(&request).unwrap();
        let reply = Rmsg::Version {
            msize: MAXRPC,
            version: VERSION.into(),
        };
        std::io::Write::write_all(&mut stream, &reply.encode(tag).unwrap()).unwrap();
    });
    let client = Client::new(end.try_clone().unwrap(), end, 0, "").unwrap();
    server.join().unwrap();
    assert!(matches!(
        client.attach(None, "inferno", "", None),
        Err(ClientError::Hungup)
    ));
    assert_eq!(
        err_text(client.attach(None, "inferno", "", None)),
        "i/o on hungup channel"
    );
}
