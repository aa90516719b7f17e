//! Property: no bytes make the decoders or the framing panic, and whatever decodes
//! re-encodes to exactly the same bytes (decoding is strict, encoding canonical).
//!
//! Inputs are valid encodings of every sample message and stat entry with random
//! damage (byte changes, bit flips, insertions, deletions, size-field edits) and
//! truncations, from a fixed-seed generator so that a failure repeats. Case count:
//! `MUTATIONS` (10,000) mutated and `TRUNCATIONS` (200) truncated copies of each of
//! the samples (22 T- and 21 R-messages, 3 stat entries: 46): 469,200 cases, each fed
//! to `Tmsg::decode`, `Rmsg::decode`, `Dir::decode`, `decode_entries` and
//! `read_message`.

mod common;

use common::samples::{dirs, rmsgs, tmsgs};
use styx::{decode_entries, read_message, Dir, Rmsg, Tmsg};

const MUTATIONS: usize = 10_000;
const TRUNCATIONS: usize = 200;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A byte, often one that matters to the format: lengths, types, limits.
    fn byte(&mut self) -> u8 {
        const INTERESTING: [u8; 9] = [0x00, 0x01, 0x10, 0x11, 0x64, 0x7f, 0x80, 0xfe, 0xff];
        if self.next().is_multiple_of(2) {
            INTERESTING[self.below(INTERESTING.len())]
        } else {
            self.next() as u8
        }
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 if !bytes.is_empty() => bytes[at] = rng.byte(),
            1 if !bytes.is_empty() => bytes[at] ^= 1 << rng.below(8),
            2 => bytes.insert(at, rng.byte()),
            3 if !bytes.is_empty() => {
                bytes.remove(at);
            }
            _ => {}
        }
    }
    // Often keep the size field honest so the damage reaches the body.
    if bytes.len() >= 4 && rng.next().is_multiple_of(2) {
        let len = bytes.len() as u32;
        bytes[..4].copy_from_slice(&len.to_le_bytes());
    }
    bytes
}

/// Feeds `bytes` to every decoder; returns how many accepted it.
fn exercise(bytes: &[u8]) -> usize {
    let mut accepted = 0;
    if let Ok((tag, msg)) = Tmsg::decode(bytes) {
        assert_eq!(msg.encode(tag).unwrap(), bytes, "T re-encoding differs");
        accepted += 1;
    }
    if let Ok((tag, msg)) = Rmsg::decode(bytes) {
        assert_eq!(msg.encode(tag).unwrap(), bytes, "R re-encoding differs");
        accepted += 1;
    }
    if let Ok(dir) = Dir::decode(bytes) {
        assert_eq!(dir.encode().unwrap(), bytes, "stat re-encoding differs");
        accepted += 1;
    }
    if let Ok(dirs) = decode_entries(bytes) {
        let joined: Vec<u8> = dirs.iter().flat_map(|d| d.encode().unwrap()).collect();
        assert_eq!(joined, bytes, "directory data re-encoding differs");
    }
    let mut stream = bytes;
    while let Ok(Some(message)) = read_message(&mut stream, 1 << 16) {
        assert!(message.len() >= 7);
    }
    accepted
}

#[test]
fn damaged_messages_never_panic() {
    let mut originals: Vec<Vec<u8>> = Vec::new();
    originals.extend(tmsgs().iter().map(|m| m.encode(3).unwrap()));
    originals.extend(rmsgs().iter().map(|m| m.encode(3).unwrap()));
    originals.extend(dirs().iter().map(|d| d.encode().unwrap()));
    assert_eq!(originals.len(), 46);
    let mut rng = Rng(0x5717_9e00);
    let (mut cases, mut accepted) = (0usize, 0usize);
    for original in &originals {
        for _ in 0..MUTATIONS {
            accepted += exercise(&mutate(&mut rng, original));
            cases += 1;
        }
        for _ in 0..TRUNCATIONS {
            let cut = rng.below(original.len());
            accepted += exercise(&original[..cut]);
            cases += 1;
        }
    }
    assert_eq!(cases, 469_200);
    // Some damage must leave valid messages (a changed fid, a flipped data bit), or
    // the re-encoding check checked nothing.
    assert!(accepted > cases / 20, "only {accepted} of {cases} decoded");
    eprintln!("{cases} cases, {accepted} decoded");
}
