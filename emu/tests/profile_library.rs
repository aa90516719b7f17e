//! The Profile library (`appl/lib/profile.b`, `module/profile.m`) exports
//! what the original's shipped `dis/lib/profile.dis` exports, and our prof
//! and mprof what its `dis/prof.dis` and `dis/mprof.dis` export: the same
//! names with the same link signatures, in the same order, so stock
//! programs link with ours and ours with the stock library. The tables were
//! read from the link sections of the original's objects.

mod system;

use system::{exports, link_table};

#[test]
fn profile_exports_what_the_original_exports() {
    assert_eq!(exports("lib/profile"), link_table(PROFILE));
}

#[test]
fn prof_and_mprof_export_what_the_originals_export() {
    assert_eq!(exports("cmd/prof"), link_table(PROF));
    assert_eq!(exports("cmd/mprof"), link_table(PROF));
}

/// The exports of the original's `dis/lib/profile.dis`, in its order.
const PROFILE: &[(&str, u32)] = &[
    ("coverage", 0xbe4b8fc0),
    ("cpfstats", 0x2f7a0401),
    ("cpshow", 0x388f010d),
    ("cpstart", 0xe67bf126),
    ("cpstats", 0x8440c758),
    ("end", 0x616977e8),
    ("init", 0x616977e8),
    ("lasterror", 0x4ee5965a),
    ("memshow", 0x388f010d),
    ("memstart", 0xe67bf126),
    ("memstats", 0xf824a7a5),
    ("profile", 0xc6935858),
    ("sample", 0xe67bf126),
    ("show", 0x388f010d),
    ("start", 0x616977e8),
    ("stats", 0xf824a7a5),
    ("stop", 0x616977e8),
];

/// The exports of the original's `dis/prof.dis` and `dis/mprof.dis`.
const PROF: &[(&str, u32)] = &[("init", 0x4244b354), ("init0", 0xb2b49d20)];
