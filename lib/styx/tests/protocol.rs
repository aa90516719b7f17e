//! The server framework against raw messages, including the mistakes a well-behaved
//! client never makes: each gets the original's `Rerror` text, flushes are answered
//! in the required order, a malformed message gets `Rerror` and the session goes
//! on, and a message that cannot be framed ends the session with an error.

mod common;

use std::io::Write;
use std::sync::Arc;

use common::{MemFs, Raw};
use styx::server::errors::*;
use styx::*;

fn attach(fid: u32) -> Tmsg {
    Tmsg::Attach {
        fid,
        afid: NOFID,
        uname: "inferno".into(),
        aname: String::new(),
    }
}

fn walk(fid: u32, newfid: u32, names: &[&str]) -> Tmsg {
    Tmsg::Walk {
        fid,
        newfid,
        names: names.iter().map(|n| n.to_string()).collect(),
    }
}

fn version(raw: &mut Raw) {
    let reply = raw.rpc(
        NOTAG,
        &Tmsg::Version {
            msize: MAXRPC,
            version: VERSION.into(),
        },
    );
    assert_eq!(
        reply,
        Rmsg::Version {
            msize: MAXRPC,
            version: VERSION.into()
        }
    );
}

#[test]
fn requests_before_version_are_refused() {
    let (mut raw, _server) = Raw::new(Arc::new(MemFs::new()));
    assert_eq!(raw.error(1, &attach(1)), ENOVERSION);
    let unknown = raw.rpc(
        NOTAG,
        &Tmsg::Version {
            msize: MAXRPC,
            version: "Styx".into(),
        },
    );
    assert_eq!(
        unknown,
        Rmsg::Version {
            msize: MAXRPC,
            version: "unknown".into()
        }
    );
    assert_eq!(raw.error(1, &attach(1)), ENOVERSION);
    let small = Tmsg::Version {
        msize: 100,
        version: VERSION.into(),
    };
    assert_eq!(raw.error(NOTAG, &small), EMSIZE);
    version(&mut raw);
    assert!(matches!(raw.rpc(1, &attach(1)), Rmsg::Attach { .. }));
}

#[test]
fn fid_errors() {
    let (mut raw, _server) = Raw::new(Arc::new(MemFs::new()));
    version(&mut raw);
    let auth = Tmsg::Auth {
        afid: 9,
        uname: "inferno".into(),
        aname: String::new(),
    };
    assert_eq!(raw.error(1, &auth), ENOAUTH);
    assert!(matches!(raw.rpc(1, &attach(1)), Rmsg::Attach { .. }));
    assert_eq!(raw.error(1, &attach(1)), EINUSE);
    let with_bad_afid = Tmsg::Attach {
        fid: 2,
        afid: 77,
        uname: "inferno".into(),
        aname: String::new(),
    };
    assert_eq!(raw.error(1, &with_bad_afid), EBADFID);
    assert_eq!(raw.error(1, &walk(99, 2, &[])), EBADFID);
    assert_eq!(raw.error(1, &walk(1, 1, &["nonexistent"])), ENOTFOUND);
    assert!(matches!(raw.rpc(1, &walk(1, 2, &["README"])), Rmsg::Walk { qids } if qids.len() == 1));
    assert_eq!(raw.error(1, &walk(1, 2, &["tmp"])), EINUSE);
    assert_eq!(raw.error(1, &walk(2, 3, &["x"])), ENOTDIR);
    // A walk through a file stops there: the prefix's qids, and no newfid.
    assert!(
        matches!(raw.rpc(1, &walk(1, 3, &["README", "x"])), Rmsg::Walk { qids } if qids.len() == 1)
    );
    assert_eq!(raw.error(1, &Tmsg::Stat { fid: 3 }), EBADFID);

    assert_eq!(
        raw.error(
            1,
            &Tmsg::Read {
                fid: 2,
                offset: 0,
                count: 10
            }
        ),
        ENOTOPEN
    );
    assert_eq!(raw.error(1, &Tmsg::Open { fid: 2, mode: 0x80 }), EMODE);
    assert!(matches!(
        raw.rpc(
            1,
            &Tmsg::Open {
                fid: 2,
                mode: OREAD
            }
        ),
        Rmsg::Open { .. }
    ));
    assert_eq!(
        raw.error(
            1,
            &Tmsg::Open {
                fid: 2,
                mode: OREAD
            }
        ),
        EOPEN
    );
    assert_eq!(raw.error(1, &walk(2, 4, &[])), EOPEN);
    let write = Tmsg::Write {
        fid: 2,
        offset: 0,
        data: b"x".to_vec(),
    };
    assert_eq!(raw.error(1, &write), EACCESS);
    let too_much = Tmsg::Read {
        fid: 2,
        offset: 0,
        count: MAXRPC - IOHDRSZ + 1,
    };
    assert_eq!(raw.error(1, &too_much), ECOUNT);
    let negative = Tmsg::Read {
        fid: 2,
        offset: 1 << 63,
        count: 1,
    };
    assert_eq!(raw.error(1, &negative), EOFFSET);
    assert_eq!(
        raw.rpc(
            1,
            &Tmsg::Read {
                fid: 2,
                offset: 0,
                count: 5
            }
        ),
        Rmsg::Read {
            data: b"hello".to_vec()
        }
    );

    assert!(matches!(
        raw.rpc(1, &walk(1, 5, &["tmp"])),
        Rmsg::Walk { .. }
    ));
    assert_eq!(
        raw.error(
            1,
            &Tmsg::Open {
                fid: 5,
                mode: ORDWR
            }
        ),
        EPERM
    );
    assert_eq!(
        raw.error(
            1,
            &Tmsg::Open {
                fid: 5,
                mode: OREAD | ORCLOSE
            }
        ),
        EPERM
    );
    let create_in_file = Tmsg::Create {
        fid: 2,
        name: "x".into(),
        perm: 0o666,
        mode: OWRITE,
    };
    assert_eq!(raw.error(1, &create_in_file), EOPEN);

    assert_eq!(raw.rpc(1, &Tmsg::Clunk { fid: 2 }), Rmsg::Clunk);
    assert_eq!(raw.error(1, &Tmsg::Clunk { fid: 2 }), EBADFID);
    // Remove clunks the fid even when it fails.
    assert!(matches!(raw.rpc(1, &walk(1, 6, &[])), Rmsg::Walk { .. }));
    assert_eq!(raw.error(1, &Tmsg::Remove { fid: 6 }), EPERM);
    assert_eq!(raw.error(1, &Tmsg::Stat { fid: 6 }), EBADFID);
}

#[test]
fn version_resets_the_session() {
    let fs = Arc::new(MemFs::new());
    let (mut raw, _server) = Raw::new(Arc::clone(&fs));
    version(&mut raw);
    assert!(matches!(raw.rpc(1, &attach(1)), Rmsg::Attach { .. }));
    raw.rpc(1, &walk(1, 2, &["pipe"]));
    raw.rpc(
        1,
        &Tmsg::Open {
            fid: 2,
            mode: OREAD,
        },
    );
    // An outstanding read is abandoned: the next reply is the Rversion's.
    raw.send(
        10,
        &Tmsg::Read {
            fid: 2,
            offset: 0,
            count: 10,
        },
    );
    fs.wait_for_pipe_reader();
    version(&mut raw);
    assert_eq!(raw.error(1, &Tmsg::Stat { fid: 1 }), EBADFID);
    assert_eq!(raw.error(1, &Tmsg::Stat { fid: 2 }), EBADFID);
    assert!(matches!(raw.rpc(1, &attach(1)), Rmsg::Attach { .. }));
}

#[test]
fn flushes_are_answered_in_order() {
    let fs = Arc::new(MemFs::new());
    let (mut raw, _server) = Raw::new(Arc::clone(&fs));
    version(&mut raw);
    raw.rpc(1, &attach(1));
    raw.rpc(1, &walk(1, 2, &["pipe"]));
    raw.rpc(
        1,
        &Tmsg::Open {
            fid: 2,
            mode: ORDWR,
        },
    );

    // Flushing a tag that is not outstanding is answered at once.
    assert_eq!(raw.rpc(7, &Tmsg::Flush { oldtag: 1234 }), Rmsg::Flush);

    // A blocked read, flushed twice: no reply to it, then both Rflushes in order.
    raw.send(
        10,
        &Tmsg::Read {
            fid: 2,
            offset: 0,
            count: 10,
        },
    );
    fs.wait_for_pipe_reader();
    assert!(matches!(
        raw.rpc(11, &Tmsg::Stat { fid: 2 }),
        Rmsg::Stat { .. }
    ));
    raw.send(10, &Tmsg::Stat { fid: 2 });
    assert_eq!(raw.receive(), (10, Rmsg::Error { ename: ETAG.into() }));
    raw.send(12, &Tmsg::Flush { oldtag: 10 });
    raw.send(13, &Tmsg::Flush { oldtag: 10 });
    assert_eq!(raw.receive(), (12, Rmsg::Flush));
    assert_eq!(raw.receive(), (13, Rmsg::Flush));

    // The tag is free again and nothing more arrives for it.
    let write = Tmsg::Write {
        fid: 2,
        offset: 0,
        data: b"data".to_vec(),
    };
    assert_eq!(raw.rpc(10, &write), Rmsg::Write { count: 4 });
    assert_eq!(
        raw.rpc(
            14,
            &Tmsg::Read {
                fid: 2,
                offset: 0,
                count: 10
            }
        ),
        Rmsg::Read {
            data: b"data".to_vec()
        }
    );
}

#[test]
fn a_request_that_succeeds_despite_a_flush_is_answered_first() {
    let fs = Arc::new(MemFs::new());
    let (mut raw, _server) = Raw::new(Arc::clone(&fs));
    version(&mut raw);
    raw.rpc(1, &attach(1));
    raw.rpc(1, &walk(1, 2, &["slow"]));
    raw.rpc(
        1,
        &Tmsg::Open {
            fid: 2,
            mode: OREAD,
        },
    );
    raw.send(
        20,
        &Tmsg::Read {
            fid: 2,
            offset: 0,
            count: 10,
        },
    );
    fs.wait_for_pipe_reader();
    raw.send(21, &Tmsg::Flush { oldtag: 20 });
    assert_eq!(
        raw.receive(),
        (
            20,
            Rmsg::Read {
                data: b"late".to_vec()
            }
        )
    );
    assert_eq!(raw.receive(), (21, Rmsg::Flush));
}

#[test]
fn a_reply_that_does_not_fit_becomes_an_error() {
    let (mut raw, _server) = Raw::new(Arc::new(MemFs::new()));
    let small = Tmsg::Version {
        msize: 256,
        version: VERSION.into(),
    };
    assert!(matches!(
        raw.rpc(NOTAG, &small),
        Rmsg::Version { msize: 256, .. }
    ));
    raw.rpc(1, &attach(1));
    raw.rpc(1, &walk(1, 1, &["tmp"]));
    let create = Tmsg::Create {
        fid: 1,
        name: "n".repeat(150),
        perm: 0o666,
        mode: OWRITE,
    };
    assert!(matches!(
        raw.rpc(1, &create),
        Rmsg::Create { iounit: 232, .. }
    ));
    let mut long = Dir::null();
    // Twstat fits in 256 bytes; the Rstat, with the owner's names, does not.
    long.name = "m".repeat(180);
    assert_eq!(raw.rpc(1, &Tmsg::Wstat { fid: 1, stat: long }), Rmsg::Wstat);
    assert_eq!(raw.error(1, &Tmsg::Stat { fid: 1 }), EREPLY);
}

#[test]
fn malformed_messages_get_rerror_and_the_session_goes_on() {
    let (mut raw, server) = Raw::new(Arc::new(MemFs::new()));
    version(&mut raw);
    // A well-framed message of the illegal type Terror.
    raw.stream
        .write_all(&[11, 0, 0, 0, TERROR, 1, 0, 1, 0, 0, 0])
        .unwrap();
    assert_eq!(
        raw.receive(),
        (
            1,
            Rmsg::Error {
                ename: EBADMSG.into()
            }
        )
    );
    // A walk with more names than it holds.
    let mut bad = walk(1, 2, &["a"]).encode(2).unwrap();
    bad[15] = 17;
    raw.stream.write_all(&bad).unwrap();
    assert_eq!(
        raw.receive(),
        (
            2,
            Rmsg::Error {
                ename: EBADMSG.into()
            }
        )
    );
    // The session still serves.
    assert!(matches!(raw.rpc(3, &attach(1)), Rmsg::Attach { .. }));
    drop(raw);
    assert!(server.join().unwrap().is_ok());
}

#[test]
fn a_message_that_cannot_be_framed_ends_the_session() {
    let (mut raw, server) = Raw::new(Arc::new(MemFs::new()));
    version(&mut raw);
    raw.stream.write_all(&(MAXRPC + 1).to_le_bytes()).unwrap();
    match server.join().unwrap() {
        Err(ServeError::Frame(FrameError::TooLong { .. })) => {}
        other => panic!("{other:?}"),
    }
}
