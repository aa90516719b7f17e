//! Disassembling every `.dis` file the original compiler made and assembling the text
//! again gives back the same module and the very same bytes.

mod common;

use dis::asm::{assemble, disassemble};
use dis::object::Module;

#[test]
fn every_corpus_file_survives_disassembly_and_assembly() {
    let files = common::corpus_files();
    assert!(files.len() >= 90, "corpus not found: {} files", files.len());
    for (path, bytes) in &files {
        let name = path.display();
        let module = Module::read(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = disassemble(&module);
        let again = assemble(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(again == module, "{name}: assembled module differs");
        let written = again.write().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(written == *bytes, "{name}: assembled bytes differ");
        assert_eq!(disassemble(&again), text, "{name}: text not stable");
    }
}

#[test]
fn hello_disassembles_in_the_original_syntax() {
    let files = common::corpus_files();
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p.ends_with("hello.dis"))
        .expect("bench/hello.dis");
    let text = disassemble(&Module::read(bytes).expect("hello.dis reads"));
    for line in [
        "\tload\t0(mp), $0, 12(mp)",
        "\tmovp\t4(mp), 32(44(fp))",
        "\tmcall\t44(fp), $0, 12(mp)",
        "\tret",
        "\tdesc\t$1, 40, \"0080\"",
        "\tstring\t@mp+4, \"hello, world\\n\"",
        "\tmodule\tHello",
        "\tlink\t2, 0, 0x4244b354, \"init\"",
        "\text\t@ldt+4, 0xac849033, \"print\"",
        "\tsource\t\"hello.b\"",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
}

/// Mutated texts: how many, and the characters a mutation may insert.
const MUTATIONS: usize = 3000;
const ALPHABET: &[u8] = b"$(),:#@_-+*/%<>&|^~'\"\\ \t\n0123456789abxfpmz.";

/// A small deterministic generator (xorshift64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_text_never_panics_and_what_assembles_writes() {
    let texts: Vec<String> = common::corpus_files()
        .iter()
        .map(|(_, bytes)| disassemble(&Module::read(bytes).expect("corpus reads")))
        .collect();
    assert!(!texts.is_empty(), "corpus not found");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut assembled = 0;
    for case in 0..MUTATIONS {
        let mut text = texts[rng.below(texts.len())].clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(text.len());
            match rng.below(8) {
                0..=2 => text[at] = ALPHABET[rng.below(ALPHABET.len())],
                3..=4 => text.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
                5..=6 => {
                    let end = (at + rng.below(40)).min(text.len());
                    text.drain(at..end);
                }
                _ => text.truncate(at),
            }
        }
        let text = String::from_utf8_lossy(&text);
        if let Ok(module) = assemble(&text) {
            assembled += 1;
            let bytes = module
                .write()
                .unwrap_or_else(|e| panic!("case {case}: assembled but cannot write: {e}\n{text}"));
            let back = Module::read(&bytes).unwrap_or_else(|e| panic!("case {case}: {e}"));
            assert!(
                back == module,
                "case {case}: written module reads back differently"
            );
        }
    }
    // Some mutations land in comments or keep the text valid; most break it.
    assert!(
        assembled > 0 && assembled < MUTATIONS,
        "{assembled} of {MUTATIONS} assembled"
    );
}

/// Mutated object files: how many.
const OBJECT_MUTATIONS: usize = 3000;

#[test]
fn every_readable_mutated_module_survives_the_text() {
    let files = common::corpus_files();
    assert!(!files.is_empty(), "corpus not found");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut readable = 0;
    for case in 0..OBJECT_MUTATIONS {
        let mut bytes = files[rng.below(files.len())].1.clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(bytes.len());
            bytes[at] = match rng.below(3) {
                0 => bytes[at] ^ (1 << rng.below(8)),
                1 => rng.below(256) as u8,
                _ => 0xff,
            };
        }
        let Ok(module) = Module::read(&bytes) else {
            continue;
        };
        readable += 1;
        let text = disassemble(&module);
        let again = assemble(&text).unwrap_or_else(|e| panic!("case {case}: {e}"));
        assert!(
            again == module,
            "case {case}: module differs after the text"
        );
    }
    assert!(readable > 0, "no mutation was readable");
}
