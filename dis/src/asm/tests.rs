//! Tests of the assembler and disassembler on hand-written text and hand-built modules.

use super::*;
use crate::isa::Opcode;
use crate::object::{
    DataItem, Handler, HandlerLabel, Import, Instruction, Link, Module, Operand, TypeDesc,
};

/// The example program of this module's documentation, comment markers removed.
fn documented_example() -> String {
    let source = include_str!("mod.rs");
    let start = source.find("//! ```text\n").expect("example start") + "//! ```text\n".len();
    let end = start + source[start..].find("//! ```\n").expect("example end");
    source[start..end]
        .lines()
        .map(|l| {
            l.strip_prefix("//!")
                .unwrap_or(l)
                .strip_prefix(' ')
                .unwrap_or("")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assembled(text: &str) -> Module {
    assemble(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The bytes of the one instruction (or data item) that `line` adds to a module.
fn encoding(line: &str) -> Vec<u8> {
    let empty = assembled("module M").write().expect("writes");
    let full = assembled(&format!("module M\n{line}"))
        .write()
        .expect("writes");
    // Header: magic (4), flags 0x40 (2), stack 1024 (2), six one-byte fields.
    full[14..14 + full.len() - empty.len()].to_vec()
}

fn fault(text: &str) -> AsmError {
    match assemble(text) {
        Ok(_) => panic!("assembled without complaint:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn the_documented_example_assembles_and_verifies() {
    let m = assembled(&documented_example());
    assert_eq!(m.name, "Hello");
    assert_eq!(m.code.len(), 10);
    assert_eq!((m.entry_pc, m.entry_type), (0, 1));
    assert_eq!(m.code[2].op, Opcode::Bgew);
    assert_eq!(m.code[2].dst, Operand::Imm(9), "forward label");
    assert_eq!(m.code[8].dst, Operand::Imm(2), "backward label");
    assert_eq!(m.code[7].mid, Operand::None);
    assert_eq!(m.code[4].dst, Operand::IndFp(44, 32));
    assert_eq!(m.links[0].pc, 0);
    assert_eq!(
        m.imports.as_ref().map(|t| t[0][0].name.as_str()),
        Some("print")
    );
    assert_eq!(m.flags, crate::object::HASLDT);
    m.verify().expect("the example is a valid module");
    let bytes = m.write().expect("writes");
    assert_eq!(Module::read(&bytes).expect("reads"), m);
    assert_eq!(assembled(&disassemble(&m)), m);
}

#[test]
fn instructions_encode_as_in_the_reference() {
    for (line, bytes) in [
        (
            "load 4(mp), $0, 28(mp)",
            &[0x08, 0x40, 0x00, 0x04, 0x1c][..],
        ),
        ("beqw 24(mp), 36(fp), $3", &[0x5d, 0x82, 0x24, 0x18, 0x03]),
        ("tail 36(fp), 36(fp)", &[0x26, 0x09, 0x24, 0x24]),
        ("movw $1, 48(fp)", &[0x2d, 0x11, 0x01, 0x30]),
        ("headp 36(fp), 56(fp)", &[0x22, 0x09, 0x24, 0x38]),
        ("beqc 56(fp), 12(mp), $11", &[0x69, 0xca, 0x0c, 0x38, 0x0b]),
        ("movp 24(mp), 56(fp)", &[0x29, 0x01, 0x18, 0x38]),
        (
            "mframe 28(mp), $0, 64(fp)",
            &[0x0b, 0x41, 0x00, 0x1c, 0x80, 0x40],
        ),
        ("movw $1, 32(64(fp))", &[0x2d, 0x15, 0x01, 0x80, 0x40, 0x20]),
        (
            "mcall 64(fp), $0, 28(mp)",
            &[0x09, 0x48, 0x00, 0x80, 0x40, 0x1c],
        ),
        ("raise 20(mp)", &[0x9e, 0x03, 0x14]),
        ("ret", &[0x0c, 0x1b]),
        ("jmp $19", &[0x0d, 0x1a, 0x13]),
        ("addw $1, 40(fp)", &[0x3a, 0x11, 0x01, 0x28]),
        ("newcw $0, 40(fp)", &[0x13, 0x59, 0x00, 0x28]),
        ("newcw 40(fp)", &[0x13, 0x19, 0x28]),
        ("movw _6, _7", &[0x2d, 0x37]),
        ("ret _, _, 4(fp)", &[0x0c, 0x19, 0x04]),
    ] {
        assert_eq!(encoding(&format!("\t{line}")), bytes, "{line}");
    }
}

#[test]
fn data_items_encode_as_in_the_reference() {
    for (line, bytes) in [
        (
            "string @mp+4, \"$Sys\"",
            &[0x34, 0x04, 0x24, 0x53, 0x79, 0x73][..],
        ),
        ("string 16, \"-n\"", &[0x32, 0x10, 0x2d, 0x6e]),
        (
            "array @mp+1064, $2, 74",
            &[0x51, 0x84, 0x28, 0, 0, 0, 2, 0, 0, 0, 0x4a],
        ),
        ("indir @mp+1064, 0", &[0x61, 0x84, 0x28, 0, 0, 0, 0]),
        ("apop", &[0x71, 0x00]),
        (
            "word @mp+8, 1, -1",
            &[0x22, 0x08, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff],
        ),
        ("byte @mp+2, 255, -1, 'a'", &[0x13, 0x02, 0xff, 0xff, 0x61]),
        (
            "real @mp+8, 1.0",
            &[0x41, 0x08, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0],
        ),
        (
            "long @mp+8, 0x100000000",
            &[0x81, 0x08, 0, 0, 0, 1, 0, 0, 0, 0],
        ),
    ] {
        // Data items follow the (empty) code and type sections; the terminator stays.
        assert_eq!(encoding(&format!("\t{line}")), bytes, "{line}");
    }
}

#[test]
fn expressions_labels_and_characters() {
    let m = assembled(
        "module M
        start:
        \tmovw $2*8+1, @mp+4*2(mp)   # odd, but an expression
        \tmovw $'a', -4(fp)
        \tmovw $~0 & 0xff, $(1<<4)|1
        back: jmp start
        \tjmp end
        \tbeqw 0(fp), $-1, back
        end:
        \tlink -1, end, -1, \"f\"",
    );
    assert_eq!(m.code[0].src, Operand::Imm(17));
    assert_eq!(m.code[0].dst, Operand::Mp(8));
    assert_eq!(m.code[1].src, Operand::Imm(97));
    assert_eq!(m.code[1].dst, Operand::Fp(-4));
    assert_eq!(
        (m.code[2].src, m.code[2].dst),
        (Operand::Imm(255), Operand::Imm(17))
    );
    assert_eq!(m.code[3].dst, Operand::Imm(0));
    assert_eq!(
        m.code[4].dst,
        Operand::Imm(6),
        "a label at the end of the code"
    );
    assert_eq!(m.code[5].dst, Operand::Imm(3));
    assert_eq!(m.code[5].mid, Operand::Imm(-1));
    assert_eq!(
        m.links[0],
        Link {
            pc: 6,
            desc: -1,
            sig: u32::MAX,
            name: "f".into()
        }
    );
}

#[test]
fn reals_keep_their_bits() {
    let m = assembled(
        "module M\n\treal @mp, 1.5, -0.0, Inf, -Infinity, NaN, bits(0x7ff8000000000001), 3, 1e-300",
    );
    let DataItem::Reals { bits, .. } = &m.data[0] else {
        panic!("not reals: {:?}", m.data);
    };
    assert_eq!(
        bits[..],
        [
            1.5f64.to_bits(),
            (-0.0f64).to_bits(),
            f64::INFINITY.to_bits(),
            f64::NEG_INFINITY.to_bits(),
            NAN_BITS,
            0x7ff8_0000_0000_0001,
            3.0f64.to_bits(),
            1e-300f64.to_bits(),
        ]
    );
    assert_eq!(assembled(&disassemble(&m)), m);
}

/// A module using every corner of the format the corpus does not.
fn odd_module() -> Module {
    let inst = |op, src, mid, dst| Instruction { op, src, mid, dst };
    Module {
        signature: Some(vec![0, 1, 0xfe]),
        flags: crate::object::MUSTCOMPILE | crate::object::HASEXCEPT,
        stack_extent: 0,
        data_size: 64,
        entry_pc: 3,
        entry_type: -5,
        code: vec![
            inst(Opcode::Movw, Operand::None, Operand::None, Operand::Fp(4)),
            inst(
                Opcode::Movw,
                Operand::Fp(1),
                Operand::Mp(2),
                Operand::IndMp(0, 65535),
            ),
            inst(
                Opcode::Ret,
                Operand::Reserved(6),
                Operand::None,
                Operand::Reserved(7),
            ),
            inst(
                Opcode::Newcw,
                Operand::Imm(-3),
                Operand::Imm(-32768),
                Operand::Fp(-536870912),
            ),
            inst(Opcode::Nop, Operand::None, Operand::None, Operand::None),
            inst(Opcode::Jmp, Operand::None, Operand::None, Operand::None),
            inst(
                Opcode::Raise,
                Operand::None,
                Operand::Fp(65535),
                Operand::None,
            ),
            inst(
                Opcode::Self_,
                Operand::None,
                Operand::None,
                Operand::Imm(536870911),
            ),
        ],
        types: vec![
            TypeDesc {
                id: 1,
                size: 8,
                map: vec![],
            },
            TypeDesc {
                id: 0,
                size: 64,
                map: vec![0x80, 0, 0xff],
            },
        ],
        data: vec![
            DataItem::Bytes {
                offset: 0,
                bytes: vec![],
            },
            DataItem::Words {
                offset: -4,
                words: vec![i32::MIN, i32::MAX],
            },
            DataItem::String {
                offset: 4,
                bytes: b"\0\"\\\n\t\r\x7f\xff\xc3\xa9 \x1b".to_vec(),
            },
            DataItem::Reals {
                offset: 8,
                bits: vec![0xfff0_0000_0000_0001, 0x8000_0000_0000_0000],
            },
            DataItem::Array {
                offset: 16,
                elem_type: -1,
                len: i32::MAX,
            },
            DataItem::Index {
                offset: 16,
                index: -7,
            },
            DataItem::Bigs {
                offset: 0,
                values: vec![i64::MIN, -1],
            },
            DataItem::Pop { offset: 12 },
            DataItem::Pop { offset: 0 },
            DataItem::String {
                offset: 20,
                bytes: vec![],
            },
        ],
        name: "not an identifier".into(),
        links: vec![Link {
            pc: -1,
            desc: -1,
            sig: 0xdead_beef,
            name: ".mp".into(),
        }],
        imports: None,
        handlers: Some(vec![
            Handler {
                eoff: 36,
                pc1: 0,
                pc2: 8,
                desc: -1,
                ne: 1,
                labels: vec![
                    HandlerLabel {
                        name: "M.0.E".into(),
                        pc: 4,
                    },
                    HandlerLabel {
                        name: "fail:*".into(),
                        pc: 5,
                    },
                ],
                wildcard: -1,
            },
            Handler {
                eoff: 0,
                pc1: 1,
                pc2: 1,
                desc: 2,
                ne: 0,
                labels: vec![],
                wildcard: 7,
            },
        ]),
        source: None,
    }
}

#[test]
fn odd_modules_survive_the_round_trip() {
    let m = odd_module();
    let text = disassemble(&m);
    assert_eq!(assembled(&text), m, "\n{text}");
    let bytes = m.write().expect("writes");
    assert_eq!(Module::read(&bytes).expect("reads"), m);

    for line in [
        "\tsignature\t\"0001fe\"",
        "\tflags\t0x21",
        "\tstack\t0",
        "\tmovw\t_, 4(fp)",
        "\tmovw\t1(fp), 2(mp), 65535(0(mp))",
        "\tret\t_6, _, _7",
        "\tnewcw\t$-3, $-32768, -536870912(fp)",
        "\tjmp\t_",
        "\traise\t_, 65535(fp), _",
        "\tbyte\t@mp+0",
        "\tword\t@mp-4, -2147483648, 2147483647",
        "\tstring\t@mp+4, \"\\z\\\"\\\\\\n\\t\\r\\x7f\\xff\u{e9} \\x1b\"",
        "\treal\t@mp+8, bits(0xfff0000000000001), -0.0",
        "\tapop\t@mp+12",
        "\tapop",
        "\tmodule\t\"not an identifier\"",
        "\texctab\t*, -1",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(!text.contains("ldts"));
    assert!(!text.contains("source"));
}

#[test]
fn ranges_only_the_interpreter_needs_are_left_to_the_verifier() {
    for line in [
        "addw $1, $40000, 4(fp)",
        "addw $1, 65536(fp), 4(fp)",
        "movw $1, 0(65536(fp))",
        "jmp $5",
    ] {
        let m = assembled(&format!("module M\n\t{line}"));
        assert!(m.verify().is_err(), "{line}");
        assert_eq!(Module::read(&m.write().expect("writes")).expect("reads"), m);
    }
}

#[test]
fn sections_follow_the_flags() {
    let m = assembled("module M");
    assert_eq!((m.flags, m.imports, m.handlers), (0x40, Some(vec![]), None));
    let m = assembled("module M\nexceptions 0");
    assert_eq!(
        (m.flags, m.imports, m.handlers),
        (0x60, Some(vec![]), Some(vec![]))
    );
    let m = assembled("module M\nflags 0");
    assert_eq!((m.flags, m.imports, m.handlers), (0, None, None));
    let m =
        assembled("module M\nldts @ldt, 2\nword @ldt, 1\next @ldt+4, 0x1, \"a\"\nword @ldt+12, 0");
    let a = Import {
        sig: 1,
        name: "a".into(),
    };
    assert_eq!(m.imports, Some(vec![vec![a], vec![]]));
}

#[test]
fn faults_name_their_line() {
    for (text, line, words) in [
        (
            "module M\n\tmovx $1, 4(fp)",
            2,
            "unknown instruction or directive 'movx'",
        ),
        ("module M\n\n\tmovw $1, 4(xp)", 3, "unknown register 'xp'"),
        ("module M\n\tmovw $1 4(fp)", 2, "expected ','"),
        ("module M\n\tmovw $1, 4", 2, "bad operand"),
        (
            "\tmovw 4(fp)\nmodule M",
            1,
            "movw takes 2 or 3 operands, not 1",
        ),
        ("\tload 4(fp), 4(fp)\nmodule M", 1, "load takes 3 operands"),
        ("module M\n\tjmp nowhere", 2, "undefined label 'nowhere'"),
        (
            "module M\na: ret\na: ret",
            3,
            "label 'a' already defined on line 2",
        ),
        ("module M\nfp: ret", 2, "'fp' cannot be a label"),
        ("module M\n\taddw $1, 0(0(fp)), 4(fp)", 2, "double-indirect"),
        (
            "module M\n\tmovw $1<<29, 4(fp)",
            2,
            "immediate 536870912 is out of range",
        ),
        ("module M\n\tmovw $1/0, 4(fp)", 2, "division by zero"),
        ("module M\n\tmovw $1, 4(fp) 8", 2, "expected ',' before '8'"),
        (
            "module M\nsource \"a\" 8",
            2,
            "unexpected '8' at the end of the line",
        ),
        ("\tret", 1, "no module directive"),
        ("module M\nmodule N", 2, "module already given on line 1"),
        (
            "module M\nldts @ldt, 2\nword @ldt, 0",
            2,
            "2 import tables declared, 1 given",
        ),
        (
            "module M\nldts @ldt, 1\nword @ldt, 2\next @ldt, 1, \"a\"",
            3,
            "2 imports declared, 1 given",
        ),
        (
            "module M\next @ldt, 1, \"a\"",
            2,
            "ext before any import table",
        ),
        ("module M\nexctab *, 3", 2, "exctab before any exception"),
        (
            "module M\nexceptions 1\nexception 0,1,0,-1,0,0\nexctab *, 1\nexctab \"x\", 2",
            5,
            "after the handler's '*' arm",
        ),
        (
            "module M\nexceptions 1\nexception 0,1,0,-1,1,0",
            3,
            "1 named labels declared, 0 given",
        ),
        (
            "module M\nflags 0\nldts @ldt, 0",
            2,
            "ldts is given but flags lack HASLDT",
        ),
        (
            "module M\nlink 0, 0, 0, \"a\\zb\"",
            2,
            "cannot hold a zero byte",
        ),
        (
            "module M\nlink 0, 0, 0x100000000, \"a\"",
            2,
            "signature 4294967296 is out of range",
        ),
        (
            "module M\ndesc $0, 4, \"8\"",
            2,
            "pairs of hexadecimal digits",
        ),
        (
            "module M\nx: desc $0, 4, \"\"",
            2,
            "a label must name an instruction",
        ),
        ("module M\nstring @mp, \"open", 2, "string not closed"),
        ("module M\nreal @mp, -NaN", 2, "expected a real number"),
        ("module M\nbyte @mp, 256", 2, "byte 256 is out of range"),
        (
            "module M\n\tmovw $1, 4(fp),",
            2,
            "expected a number at the end of the line",
        ),
    ] {
        let e = fault(text);
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.message.contains(words), "{text}: {e}");
    }
}

#[test]
fn hostile_text_gives_errors_not_panics() {
    let deep = format!("module M\n\tmovw ${}1, 4(fp)", "-(".repeat(100_000));
    assert!(fault(&deep).message.contains("nested too deeply"));
    let wide = format!("module M\n\tmovw ${}, 4(fp)", "1+".repeat(100_000) + "1");
    assert_eq!(assembled(&wide).code[0].src, Operand::Imm(100_001));
    for text in [
        "",
        "\u{0}",
        "module",
        "module M\n\tmovw $99999999999999999999999999999999999999999, 4(fp)",
        "module M\n\tmovw $0x7fffffffffffffffffffffffffffffff * 2, 4(fp)",
        "module M\n\tmovw $-0x80000000000000000000000000000000 / -1, 4(fp)",
        "module M\n\tmovw $1 << 200, 4(fp)",
        "module M\n\tmovw $1 >> -1, 4(fp)",
        "module M\nreal @mp, bits(-1)",
        "module M\nexceptions 1\nexception 0, 1, 0, -1, 0, 8192",
        "module M\n'",
        "module M\n\"\\",
    ] {
        assert!(assemble(text).is_err(), "{text:?}");
    }
}
