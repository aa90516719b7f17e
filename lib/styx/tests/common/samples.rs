//! Valid messages of every type with edge values: empty and long strings, zero and
//! all-ones numbers, no names and `MAXWELEM` names, empty and large data.

use styx::{Dir, Qid, Rmsg, Tmsg, MAXWELEM, NOFID, NOTAG};

pub fn qid(n: u64) -> Qid {
    Qid {
        qtype: (n as u8).wrapping_mul(37),
        vers: n as u32 ^ 0xdead_beef,
        path: n.wrapping_mul(0x9e37_79b9_7f4a_7c15),
    }
}

pub fn dirs() -> Vec<Dir> {
    vec![
        Dir::default(),
        Dir::null(),
        Dir {
            dtype: u16::from(b'M'),
            dev: 7,
            qid: qid(3),
            mode: 0x8000_01ed,
            atime: 1,
            mtime: u32::MAX - 1,
            length: u64::MAX - 5,
            name: "ünïcode ☺".into(),
            uid: "inferno".into(),
            gid: "".into(),
            muid: "x".repeat(300),
        },
    ]
}

/// A tag for each sample, covering 0, NOTAG and values between.
pub fn tags() -> [u16; 4] {
    [0, 1, 0x1234, NOTAG]
}

pub fn tmsgs() -> Vec<Tmsg> {
    let names = |n: usize| (0..n).map(|i| format!("n{i}")).collect::<Vec<_>>();
    let mut all = vec![
        Tmsg::Version {
            msize: 8216,
            version: "9P2000".into(),
        },
        Tmsg::Version {
            msize: u32::MAX,
            version: String::new(),
        },
        Tmsg::Auth {
            afid: 0,
            uname: "none".into(),
            aname: String::new(),
        },
        Tmsg::Attach {
            fid: 1,
            afid: NOFID,
            uname: "inferno".into(),
            aname: "spec".into(),
        },
        Tmsg::Flush { oldtag: 0 },
        Tmsg::Flush { oldtag: NOTAG },
        Tmsg::Walk {
            fid: 1,
            newfid: 1,
            names: Vec::new(),
        },
        Tmsg::Walk {
            fid: 2,
            newfid: 3,
            names: names(1),
        },
        Tmsg::Walk {
            fid: u32::MAX - 1,
            newfid: 0,
            names: names(MAXWELEM),
        },
        Tmsg::Open { fid: 4, mode: 0 },
        Tmsg::Open { fid: 4, mode: 0xff },
        Tmsg::Create {
            fid: 5,
            name: "new".into(),
            perm: 0x8000_01ff,
            mode: 2,
        },
        Tmsg::Read {
            fid: 6,
            offset: u64::MAX,
            count: u32::MAX,
        },
        Tmsg::Read {
            fid: 6,
            offset: 0,
            count: 0,
        },
        Tmsg::Write {
            fid: 7,
            offset: 1 << 40,
            data: Vec::new(),
        },
        Tmsg::Write {
            fid: 7,
            offset: 3,
            data: (0..=255).cycle().take(9000).collect(),
        },
        Tmsg::Clunk { fid: 8 },
        Tmsg::Remove { fid: NOFID },
        Tmsg::Stat { fid: 0 },
    ];
    all.extend(dirs().into_iter().map(|stat| Tmsg::Wstat { fid: 9, stat }));
    all
}

pub fn rmsgs() -> Vec<Rmsg> {
    let mut all = vec![
        Rmsg::Version {
            msize: 8216,
            version: "9P2000".into(),
        },
        Rmsg::Version {
            msize: 0,
            version: "unknown".into(),
        },
        Rmsg::Auth { aqid: qid(1) },
        Rmsg::Attach { qid: qid(2) },
        Rmsg::Error {
            ename: "file does not exist".into(),
        },
        Rmsg::Error {
            ename: String::new(),
        },
        Rmsg::Flush,
        Rmsg::Walk { qids: Vec::new() },
        Rmsg::Walk {
            qids: (0..MAXWELEM as u64).map(qid).collect(),
        },
        Rmsg::Open {
            qid: qid(4),
            iounit: 0,
        },
        Rmsg::Create {
            qid: qid(5),
            iounit: u32::MAX,
        },
        Rmsg::Read { data: Vec::new() },
        Rmsg::Read {
            data: vec![0xff; 8192],
        },
        Rmsg::Write { count: 0 },
        Rmsg::Write { count: u32::MAX },
        Rmsg::Clunk,
        Rmsg::Remove,
        Rmsg::Wstat,
    ];
    all.extend(dirs().into_iter().map(|stat| Rmsg::Stat { stat }));
    all
}
