//! The wire format: every message and stat entry encodes to what its length says and
//! decodes back to itself; the encodings of styx.md's examples are byte for byte;
//! malformed bytes give the error that says what is wrong.

mod common;

use common::samples::{dirs, rmsgs, tags, tmsgs};
use styx::*;

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

#[test]
fn every_t_message_round_trips() {
    let samples = tmsgs();
    let types: std::collections::BTreeSet<u8> = samples.iter().map(Tmsg::mtype).collect();
    assert_eq!(types.len(), 13, "a sample of each of the 13 T-messages");
    for msg in &samples {
        for tag in tags() {
            let bytes = msg.encode(tag).unwrap();
            assert_eq!(bytes.len(), msg.encoded_len(), "{msg:?}");
            assert_eq!(bytes[4], msg.mtype());
            assert_eq!(Tmsg::decode(&bytes), Ok((tag, msg.clone())));
            assert_eq!(Rmsg::decode(&bytes), Err(DecodeError::BadType(msg.mtype())));
        }
    }
}

#[test]
fn every_r_message_round_trips() {
    let samples = rmsgs();
    let types: std::collections::BTreeSet<u8> = samples.iter().map(Rmsg::mtype).collect();
    assert_eq!(types.len(), 14, "a sample of each of the 14 R-messages");
    for msg in &samples {
        for tag in tags() {
            let bytes = msg.encode(tag).unwrap();
            assert_eq!(bytes.len(), msg.encoded_len(), "{msg:?}");
            assert_eq!(Rmsg::decode(&bytes), Ok((tag, msg.clone())));
            assert_eq!(Tmsg::decode(&bytes), Err(DecodeError::BadType(msg.mtype())));
        }
    }
}

#[test]
fn stat_entries_round_trip_alone_and_in_directory_data() {
    let mut data = Vec::new();
    for dir in dirs() {
        let entry = dir.encode().unwrap();
        assert_eq!(entry.len(), dir.encoded_len());
        assert_eq!(
            usize::from(u16::from_le_bytes([entry[0], entry[1]])),
            entry.len() - 2
        );
        assert_eq!(Dir::decode(&entry), Ok(dir.clone()));
        data.extend_from_slice(&entry);
    }
    assert_eq!(decode_entries(&data), Ok(dirs()));
    assert_eq!(decode_entries(&[]), Ok(Vec::new()));
}

#[test]
fn styx_md_examples_encode_byte_for_byte() {
    let version = Tmsg::Version {
        msize: 8216,
        version: "9P2000".into(),
    };
    let expected = hex("13000000 64 ffff 18200000 0600 395032303030");
    assert_eq!(version.encode(NOTAG).unwrap(), expected);
    assert_eq!(expected.len(), 19);

    let walk = Tmsg::Walk {
        fid: 2,
        newfid: 3,
        names: vec!["a".into(), "bc".into()],
    };
    let expected = hex("18000000 6e 0100 02000000 03000000 0200 0100 61 0200 6263");
    assert_eq!(walk.encode(1).unwrap(), expected);
    assert_eq!(expected.len(), 24);

    let stat = Rmsg::Stat {
        stat: Dir::default(),
    };
    let expected = hex(
        "3a000000 7d 0500 3100 | 2f00 0000 00000000 00 00000000 0000000000000000
         00000000 00000000 00000000 0000000000000000 0000 0000 0000 0000",
    );
    assert_eq!(stat.encode(5).unwrap(), expected);
    assert_eq!(expected.len(), 58);
    assert_eq!(Dir::default().encoded_len(), STATFIXLEN);
}

#[test]
fn fixed_sizes_match_the_protocol() {
    assert_eq!(Tmsg::Clunk { fid: 0 }.encoded_len(), 11);
    assert_eq!(Rmsg::Read { data: vec![] }.encoded_len(), 11);
    let write = Tmsg::Write {
        fid: 0,
        offset: 0,
        data: vec![],
    };
    assert_eq!(write.encoded_len(), 23);
    assert!(write.encoded_len() <= IOHDRSZ as usize);
    assert_eq!(Rmsg::Flush.encoded_len(), HEADER_SIZE);
    assert_eq!(STATFIXLEN, 49);
    assert_eq!(MAXRPC, 8216);
}

/// A message with its size field set to match its (edited) length.
fn resized(mut bytes: Vec<u8>) -> Vec<u8> {
    let len = bytes.len() as u32;
    bytes[..4].copy_from_slice(&len.to_le_bytes());
    bytes
}

#[test]
fn truncated_messages_name_the_field() {
    let walk = Tmsg::Walk {
        fid: 2,
        newfid: 3,
        names: vec!["a".into(), "bc".into()],
    }
    .encode(1)
    .unwrap();
    for cut in HEADER_SIZE..walk.len() {
        let short = resized(walk[..cut].to_vec());
        assert!(
            matches!(Tmsg::decode(&short), Err(DecodeError::Truncated { .. })),
            "cut at {cut}: {:?}",
            Tmsg::decode(&short)
        );
    }
    let cut = resized(walk[..walk.len() - 1].to_vec());
    assert_eq!(
        Tmsg::decode(&cut),
        Err(DecodeError::Truncated { field: "wname" })
    );
    assert_eq!(
        Tmsg::decode(&walk[..5]),
        Err(DecodeError::ShortHeader { len: 5 })
    );
    let read = Rmsg::Read {
        data: b"abcdef".to_vec(),
    }
    .encode(9)
    .unwrap();
    let cut = resized(read[..read.len() - 2].to_vec());
    assert_eq!(
        Rmsg::decode(&cut),
        Err(DecodeError::Truncated { field: "data" })
    );
}

#[test]
fn wrong_size_fields_are_refused() {
    let clunk = Tmsg::Clunk { fid: 1 }.encode(1).unwrap();
    let mut long = clunk.clone();
    long.push(0);
    assert_eq!(
        Tmsg::decode(&long),
        Err(DecodeError::SizeMismatch { size: 11, len: 12 })
    );
    assert_eq!(
        Tmsg::decode(&resized(long)),
        Err(DecodeError::TrailingBytes {
            field: "the last field",
            extra: 1
        })
    );
    let mut lying = clunk;
    lying[0] = 200;
    assert_eq!(
        Tmsg::decode(&lying),
        Err(DecodeError::SizeMismatch { size: 200, len: 11 })
    );
}

#[test]
fn bad_types_are_refused() {
    for mtype in (0..=255u8).filter(|t| !(TVERSION..=TWSTAT).contains(t) || *t == TERROR) {
        let mut bytes = Tmsg::Clunk { fid: 1 }.encode(1).unwrap();
        bytes[4] = mtype;
        assert!(Tmsg::decode(&bytes).is_err());
        if mtype != TERROR && mtype % 2 == 0 || !(RVERSION..=RWSTAT).contains(&mtype) {
            assert_eq!(Rmsg::decode(&bytes), Err(DecodeError::BadType(mtype)));
        }
    }
    let mut terror = Tmsg::Clunk { fid: 1 }.encode(1).unwrap();
    terror[4] = TERROR;
    assert_eq!(Tmsg::decode(&terror), Err(DecodeError::BadType(TERROR)));
}

#[test]
fn string_overruns_and_bad_strings_are_refused() {
    // Tattach whose aname claims more bytes than remain.
    let mut attach = Tmsg::Attach {
        fid: 1,
        afid: NOFID,
        uname: "u".into(),
        aname: "abc".into(),
    }
    .encode(1)
    .unwrap();
    let at = attach.len() - 5;
    attach[at] = 0xff;
    assert_eq!(
        Tmsg::decode(&attach),
        Err(DecodeError::Truncated { field: "aname" })
    );
    // Invalid UTF-8 and NUL.
    for bad in [&[0xc3u8, 0x28][..], &[b'a', 0, b'b'][..]] {
        let mut err = Rmsg::Error {
            ename: "xx".repeat(bad.len()),
        }
        .encode(1)
        .unwrap();
        err.truncate(9);
        err.extend_from_slice(bad);
        err[7] = bad.len() as u8;
        let err = resized(err);
        assert_eq!(
            Rmsg::decode(&err),
            Err(DecodeError::BadString { field: "ename" })
        );
    }
}

#[test]
fn too_many_walk_elements_are_refused() {
    let names: Vec<String> = (0..=MAXWELEM).map(|i| i.to_string()).collect();
    let walk = Tmsg::Walk {
        fid: 1,
        newfid: 2,
        names: names.clone(),
    };
    assert_eq!(walk.encode(1), Err(EncodeError::TooManyNames(17)));
    // Build one by hand: 16 names encode; patch the count to 17 and add a name.
    let mut bytes = Tmsg::Walk {
        fid: 1,
        newfid: 2,
        names: names[..MAXWELEM].to_vec(),
    }
    .encode(1)
    .unwrap();
    bytes[15] = 17;
    bytes.extend_from_slice(&[1, 0, b'x']);
    assert_eq!(
        Tmsg::decode(&resized(bytes)),
        Err(DecodeError::TooManyNames(17))
    );
    let qids = Rmsg::Walk {
        qids: vec![Qid::default(); MAXWELEM + 1],
    };
    assert_eq!(qids.encode(1), Err(EncodeError::TooManyQids(17)));
    let mut bytes = Rmsg::Walk {
        qids: vec![Qid::default(); MAXWELEM],
    }
    .encode(1)
    .unwrap();
    bytes[7] = 17;
    bytes.extend_from_slice(&[0; QIDSZ]);
    assert_eq!(
        Rmsg::decode(&resized(bytes)),
        Err(DecodeError::TooManyQids(17))
    );
}

#[test]
fn stat_counts_must_agree() {
    let mut stat = Rmsg::Stat {
        stat: Dir::default(),
    }
    .encode(1)
    .unwrap();
    stat[7] = 48; // n one short of the entry
    assert!(matches!(
        Rmsg::decode(&stat),
        Err(DecodeError::StatCount { .. })
    ));
    let mut entry = Dir::default().encode().unwrap();
    entry[0] += 1;
    assert!(matches!(
        Dir::decode(&entry),
        Err(DecodeError::StatCount { .. })
    ));
    assert!(decode_entries(&entry).is_err());
    assert_eq!(
        decode_entries(&[5]),
        Err(DecodeError::Truncated { field: "stat size" })
    );
}

#[test]
fn oversized_fields_do_not_encode() {
    let long = "x".repeat(65536);
    let attach = Tmsg::Attach {
        fid: 1,
        afid: NOFID,
        uname: long.clone(),
        aname: String::new(),
    };
    assert_eq!(
        attach.encode(1),
        Err(EncodeError::StringTooLong {
            field: "uname",
            len: 65536
        })
    );
    let dir = Dir {
        name: "n".repeat(40000),
        uid: "u".repeat(40000),
        ..Dir::default()
    };
    assert!(matches!(dir.encode(), Err(EncodeError::StatTooLong(_))));
}

#[test]
fn errors_say_what_is_wrong() {
    assert_eq!(
        DecodeError::TooManyNames(17).to_string(),
        "walk of 17 names exceeds MAXWELEM (16)"
    );
    assert_eq!(
        DecodeError::Truncated { field: "wname" }.to_string(),
        "message ends inside wname"
    );
    assert_eq!(
        DecodeError::SizeMismatch { size: 200, len: 11 }.to_string(),
        "size field says 200 bytes but the message has 11"
    );
}

#[test]
fn framing_reads_whole_messages_within_the_limit() {
    let mut stream = Vec::new();
    for msg in tmsgs() {
        stream.extend(msg.encode(7).unwrap());
    }
    let mut reader = &stream[..];
    let mut count = 0;
    while let Some(bytes) = read_message(&mut reader, 1 << 20).unwrap() {
        Tmsg::decode(&bytes).unwrap();
        count += 1;
    }
    assert_eq!(count, tmsgs().len());

    let big = Tmsg::Write {
        fid: 1,
        offset: 0,
        data: vec![0; 9000],
    }
    .encode(1)
    .unwrap();
    let err = read_message(&mut &big[..], MAXRPC).unwrap_err();
    assert!(matches!(
        err,
        FrameError::TooLong {
            size: 9023,
            limit: 8216
        }
    ));
    assert_eq!(
        err.to_string(),
        "Styx message longer than agreed (9023 > 8216)"
    );

    let err = read_message(&mut &big[..100], 1 << 20).unwrap_err();
    assert!(matches!(err, FrameError::Truncated));
    let err = read_message(&mut &big[..2], 1 << 20).unwrap_err();
    assert!(matches!(err, FrameError::Truncated));
    let err = read_message(&mut &[4u8, 0, 0, 0][..], 1 << 20).unwrap_err();
    assert!(matches!(err, FrameError::BadSize(4)));
}

#[test]
fn version_agreement_follows_inferno() {
    assert_eq!(version::agree("9P2000"), "9P2000");
    assert_eq!(version::agree("9P2000.u"), "9P2000");
    assert_eq!(version::agree("9P2001"), "9P2000");
    assert_eq!(version::agree("9P1999"), "unknown");
    assert_eq!(version::agree("9P"), "unknown");
    assert_eq!(version::agree("9Px"), "unknown");
    assert_eq!(version::agree("Styx"), "unknown");
    assert_eq!(version::agree(""), "unknown");
}
