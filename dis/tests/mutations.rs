//! Property: no input makes the reader or the verifier panic, and whatever reads fine
//! writes and reads back as the same module.
//!
//! Inputs are the corpus `.dis` files with random damage: byte changes, insertions,
//! deletions and truncations, from a fixed-seed generator so that a failure repeats.
//! Case count: `MUTATIONS_PER_FILE` (512) mutated copies and `TRUNCATIONS_PER_FILE` (32)
//! truncated copies of each corpus file: 52,768 cases for today's 97 files.

mod common;

use dis::object::Module;

const MUTATIONS_PER_FILE: usize = 512;
const TRUNCATIONS_PER_FILE: usize = 32;

/// SplitMix64: small, fast and good enough to pick positions and bytes.
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

    /// A byte, often one that means something to the format: OP length tags, the
    /// largest and smallest one-byte values, terminators.
    fn byte(&mut self) -> u8 {
        const INTERESTING: [u8; 8] = [0x00, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff];
        if self.next().is_multiple_of(2) {
            INTERESTING[self.below(INTERESTING.len())]
        } else {
            self.next() as u8
        }
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 if !bytes.is_empty() => bytes[at] = rng.byte(),
            1 if !bytes.is_empty() => bytes[at] ^= 1 << rng.below(8),
            2 => bytes.insert(at, rng.byte()),
            _ if !bytes.is_empty() => {
                bytes.remove(at);
            }
            _ => {}
        }
    }
    bytes
}

/// Reads and verifies, returning whether each succeeded; a module that reads must
/// survive writing.
fn exercise(bytes: &[u8]) -> (bool, bool) {
    let Ok(module) = Module::read(bytes) else {
        return (false, false);
    };
    let verified = module.verify().is_ok();
    let written = module
        .write()
        .expect("a module that was read can be written");
    assert_eq!(
        Module::read(&written).as_ref(),
        Ok(&module),
        "written module reads back differently"
    );
    (true, verified)
}

#[test]
fn damaged_corpus_files_never_panic() {
    let files = common::corpus_files();
    assert!(files.len() >= 90, "corpus not found: {} files", files.len());
    let mut rng = Rng(0x00d1_5ca7_f00d);
    let (mut cases, mut read_ok, mut verified) = (0usize, 0usize, 0usize);
    let mut record = |(ok_read, ok_verify): (bool, bool)| {
        cases += 1;
        read_ok += usize::from(ok_read);
        verified += usize::from(ok_verify);
    };
    for (_, original) in &files {
        for _ in 0..MUTATIONS_PER_FILE {
            record(exercise(&mutate(&mut rng, original)));
        }
        for _ in 0..TRUNCATIONS_PER_FILE {
            record(exercise(&original[..rng.below(original.len())]));
        }
    }
    assert_eq!(
        cases,
        files.len() * (MUTATIONS_PER_FILE + TRUNCATIONS_PER_FILE)
    );
    // The damage must reach past the reader often enough to exercise the verifier,
    // and the verifier must refuse some of what reads.
    assert!(read_ok > cases / 10, "only {read_ok} of {cases} read");
    assert!(verified < read_ok, "the verifier refused nothing");
    eprintln!("{cases} cases: {read_ok} read, {verified} verified");
}
