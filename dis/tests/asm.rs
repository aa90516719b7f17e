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
fn echo_disassembles_as_the_reference_shows() {
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
