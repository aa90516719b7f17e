//! The Styx libraries of `appl/lib` (styx, styxservers, nametree) export what the
//! original's shipped objects export: the same names with the same link signatures,
//! in the same order, so that a module compiled against either interface links
//! with our library (the stock `dis/mntgen.dis` imports, for instance, every
//! Styx function, Nametree's and Styxservers' by these signatures). The tables
//! were read from the link sections of the original's `dis/lib/*.dis`.

mod system;

use system::{exports, link_table};

#[test]
fn styx_exports_what_the_original_exports() {
    assert_eq!(exports("lib/styx"), link_table(STYX));
}

#[test]
fn styxservers_exports_what_the_original_exports() {
    assert_eq!(exports("lib/styxservers"), link_table(STYXSERVERS));
}

#[test]
fn nametree_exports_what_the_original_exports() {
    assert_eq!(exports("lib/nametree"), link_table(NAMETREE));
}

/// The exports of the original's `dis/lib/styx.dis`, in its order.
const STYX: &[(&str, u32)] = &[
    ("compatible", 0x3727ef47),
    ("dir2text", 0x07d0c85a),
    ("init", 0x9cd71c5e),
    ("istmsg", 0xc34c8d39),
    ("Tmsg.mtype", 0x72c94236),
    ("Rmsg.mtype", 0x50e1cd13),
    ("Tmsg.pack", 0x4385e979),
    ("Rmsg.pack", 0xf52af7b3),
    ("packdir", 0x8562df31),
    ("packdirsize", 0x5f36eba7),
    ("Tmsg.packedsize", 0x72c94236),
    ("Rmsg.packedsize", 0x50e1cd13),
    ("qid2text", 0x20703c43),
    ("Tmsg.read", 0x0d192f94),
    ("Rmsg.read", 0x484069f8),
    ("readmsg", 0x53d0d584),
    ("Tmsg.text", 0x132d0c3d),
    ("Rmsg.text", 0x06abe069),
    ("Tmsg.unpack", 0xc07173fa),
    ("Rmsg.unpack", 0xea59406c),
    ("unpackdir", 0x83cefd32),
    ("utflen", 0xc6935858),
    ("write", 0x7cfef557),
];

/// The exports of the original's `dis/lib/styxservers.dis`, in its order.
const STYXSERVERS: &[(&str, u32)] = &[
    ("Styxserver.allfids", 0xd7d080d9),
    ("Styxserver.attach", 0x3712fdce),
    ("Styxserver.cancreate", 0x2ce6c0a5),
    ("Styxserver.canopen", 0x6e7277cc),
    ("Styxserver.canread", 0xe97d7afd),
    ("Styxserver.canremove", 0xd7f18309),
    ("Styxserver.canwrite", 0xe8d98e49),
    ("Fid.clone", 0x7a17048d),
    ("Styxserver.clunk", 0x15525f7f),
    ("Styxserver.default", 0x55188b38),
    ("Styxserver.delfid", 0x07bf1427),
    ("Styxserver.error", 0x3349b3ab),
    ("Styxserver.getfid", 0xace1f018),
    ("init", 0xde2cbd97),
    ("Styxserver.iounit", 0xe208fc19),
    ("Navigator.new", 0xe2a99e49),
    ("Styxserver.new", 0x8921514a),
    ("Styxserver.newfid", 0xace1f018),
    ("Fid.open", 0xc3a3add9),
    ("Styxserver.open", 0xe6db0068),
    ("openmode", 0xe67bf126),
    ("openok", 0xafa0a2fe),
    ("Styxserver.read", 0xf253a899),
    ("readbytes", 0xa6c9ddde),
    ("Navigator.readdir", 0xc7988896),
    ("readstr", 0x459b8b10),
    ("Styxserver.remove", 0x15525f7f),
    ("Styxserver.reply", 0xf36c923e),
    ("Styxserver.replydirect", 0xf36c923e),
    ("Navigator.stat", 0x367c0f44),
    ("Styxserver.stat", 0x205a42f7),
    ("traceset", 0xb1f25db6),
    ("Fid.walk", 0xa20d16a4),
    ("Navigator.walk", 0x290d1933),
    ("Styxserver.walk", 0x5cdbe71b),
];

/// The exports of the original's `dis/lib/nametree.dis`, in its order.
const NAMETREE: &[(&str, u32)] = &[
    ("Tree.create", 0xa61ac568),
    ("Tree.getpath", 0x6c1d9e5e),
    ("init", 0x9cd71c5e),
    ("Tree.quit", 0x704d934b),
    ("Tree.remove", 0x6c1d9e5e),
    ("start", 0xa7b24cba),
    ("Tree.wstat", 0xa61ac568),
];
