//! Hand-made modules, well formed and broken: each fault gives the expected error kind
//! at the expected place, with the original loader's message where it has one.

use dis::isa::Opcode;
use dis::object::{
    DataItem, ErrorKind, Handler, Instruction, Location, Module, ObjectError, Operand, Section,
    Slot, WriteError,
};

/// A small module with every section, as `(section, bytes)` parts in file order. The
/// section of a part is the one a reader is in while reading it.
fn parts() -> Vec<(Section, Vec<u8>)> {
    vec![
        // magic, flags HASLDT|HASEXCEPT, stack extent 32, 3 instructions, 4 bytes of
        // data, 2 types, 1 export, entry pc 0, entry type 1
        (
            Section::Header,
            vec![0xc0, 0x0c, 0x80, 0x30, 0x80, 0x60, 0x20, 3, 4, 2, 1, 0, 1],
        ),
        (
            Section::Code,
            vec![
                0x2d, 0x11, 0x05, 0x20, // movw $5, 32(fp)
                0x5d, 0x4a, 0x05, 0x20, 0x00, // beqw 32(fp), $5, $0
                0x0c, 0x1b, // ret
            ],
        ),
        (
            Section::Types,
            vec![
                0x00, 0x04, 0x01, 0x80, // type 0: 4 bytes, word 0 a pointer
                0x01, 0x28, 0x00, // type 1: 40 bytes, no pointers
            ],
        ),
        (Section::Data, vec![0x32, 0x00, b'h', b'i', 0x00]), // string "hi" at 0(mp)
        (Section::Name, b"T\0".to_vec()),
        (
            Section::Links,
            vec![
                0x00, 0x01, 0xde, 0xad, 0xbe, 0xef, b'i', b'n', b'i', b't', 0,
            ],
        ),
        (
            Section::Imports,
            vec![
                1, 1, 0x12, 0x34, 0x56, 0x78, b'p', b'r', b'i', b'n', b't', 0, 0,
            ],
        ),
        (
            Section::Handlers,
            vec![
                1, // one handler
                0x24, 0x00, 0x02, 0x7f, // eoff 36, pc 0 to 2, no type
                0x01, b'x', b'*', 0, 0x02, // one label "x*" going to pc 2
                0x7f, // no wildcard
                0,    // end of handlers
            ],
        ),
    ]
}

const SOURCE: &[u8] = b"t.b\0";

fn file() -> Vec<u8> {
    let mut bytes: Vec<u8> = parts().into_iter().flat_map(|(_, b)| b).collect();
    bytes.extend_from_slice(SOURCE);
    bytes
}

fn read_err(bytes: &[u8]) -> ObjectError {
    match Module::read(bytes) {
        Ok(_) => panic!("malformed module read without error"),
        Err(e) => e,
    }
}

fn verify_err(m: &Module) -> ObjectError {
    match m.verify() {
        Ok(()) => panic!("malformed module verified"),
        Err(e) => e,
    }
}

fn good() -> Module {
    Module::read(&file()).expect("the hand-made module reads")
}

#[test]
fn hand_made_module_reads_verifies_and_round_trips() {
    let m = good();
    m.verify().expect("the hand-made module verifies");
    assert_eq!(m.name, "T");
    assert_eq!(m.code.len(), 3);
    assert_eq!(m.code[1].mid, Operand::Imm(5));
    assert_eq!(m.code[1].src, Operand::Fp(32));
    assert_eq!(m.code[1].dst, Operand::Imm(0));
    assert_eq!(m.code[2].src, Operand::None);
    let handlers = m.handlers.as_ref().expect("handlers");
    assert_eq!(handlers[0].labels[0].name, "x*");
    assert_eq!(handlers[0].wildcard, -1);
    assert_eq!(m.source.as_deref(), Some("t.b"));
    assert_eq!(m.write().expect("writes"), file());
}

#[test]
fn signed_module_keeps_its_signature() {
    let mut bytes = vec![0xc0, 0x0e, 0x17, 0x22, 3, 0xaa, 0xbb, 0xcc];
    bytes.extend_from_slice(&file()[4..]);
    let m = Module::read(&bytes).expect("signed module reads");
    assert_eq!(m.signature.as_deref(), Some(&[0xaa, 0xbb, 0xcc][..]));
    assert_eq!(m.write().expect("writes"), bytes);

    bytes[4] = 0x40; // signature length -64
    let e = read_err(&bytes);
    assert_eq!((e.kind, e.offset()), (ErrorKind::CorruptSignature, Some(4)));
}

#[test]
fn bad_magic_names_byte_zero() {
    let mut bytes = file();
    bytes[3] = 0x31;
    let e = read_err(&bytes);
    assert_eq!(e.kind, ErrorKind::BadMagic);
    assert_eq!(e.offset(), Some(0));
    assert_eq!(e.message(), "bad magic");
    assert_eq!(e.to_string(), "bad magic at byte 0");
}

#[test]
fn obsolete_import_format_is_refused() {
    let mut bytes = file();
    bytes[5] = 0x50; // flags HASLDT0|HASLDT
    let e = read_err(&bytes);
    assert_eq!((e.kind, e.offset()), (ErrorKind::ObsoleteDis, Some(4)));
    assert_eq!(e.message(), "obsolete dis");
}

#[test]
fn negative_counts_are_implausible() {
    let mut bytes = file();
    bytes[7] = 0x7f; // code size -1
    let e = read_err(&bytes);
    assert_eq!((e.kind, e.offset()), (ErrorKind::Implausible, Some(7)));
    assert_eq!(e.message(), "implausible Dis file");
}

/// Start offset of each part.
fn part_starts() -> Vec<(Section, usize)> {
    let mut at = 0;
    parts()
        .into_iter()
        .map(|(s, b)| {
            let start = at;
            at += b.len();
            (s, start)
        })
        .collect()
}

#[test]
fn every_truncation_before_the_source_path_is_an_error_in_its_section() {
    let bytes = file();
    let starts = part_starts();
    let source_at = bytes.len() - SOURCE.len();
    for cut in 0..source_at {
        let &(section, start) = starts.iter().rev().find(|(_, s)| *s <= cut).unwrap();
        let e = read_err(&bytes[..cut]);
        let offset = e.offset().expect("reader errors name a byte");
        assert!(
            (start..=cut).contains(&offset),
            "cut at {cut}: offset {offset} outside {section:?} ({e})"
        );
        let expected = match section {
            // An empty file: the original's "bad magic".
            Section::Header if cut == 0 => ErrorKind::BadMagic,
            Section::Name => ErrorKind::BadModuleName,
            // An import name runs to the end of the file here: the original's message.
            Section::Imports if (start + 6..start + 12).contains(&cut) => ErrorKind::BadImportName,
            s => ErrorKind::Truncated(s),
        };
        assert_eq!(e.kind, expected, "cut at {cut}: {e}");
    }
    // The source path is optional and may lose its end.
    for cut in source_at..bytes.len() {
        let m = Module::read(&bytes[..cut]).expect("reads without the end of its path");
        let expected = (cut > source_at).then(|| "t.b"[..cut - source_at].to_string());
        assert_eq!(m.source, expected);
    }
}

#[test]
fn truncated_errors_name_the_field_that_is_cut() {
    let bytes = file();
    // The flags are the 2-byte OP `80 60` at byte 4: cut after its first byte.
    let e = read_err(&bytes[..5]);
    assert_eq!(e.kind, ErrorKind::Truncated(Section::Header));
    assert_eq!(e.to_string(), "truncated Dis file at byte 4 (in header)");
    // `movw $5, 32(fp)` spans bytes 13 to 16: cut before its destination.
    let e = read_err(&bytes[..16]);
    assert_eq!(
        (e.kind, e.offset()),
        (ErrorKind::Truncated(Section::Code), Some(16))
    );
}

#[test]
fn unknown_data_item_kinds_are_bad_data_items() {
    let data_at = part_starts()[3].1;
    for code in [0x92u8, 0xa1, 0x05, 0xf0] {
        let mut bytes = file();
        bytes[data_at] = code;
        let e = read_err(&bytes);
        assert_eq!(
            (e.kind, e.offset()),
            (ErrorKind::BadDataItem, Some(data_at))
        );
        assert_eq!(e.message(), "bad data item");
    }
}

#[test]
fn illegal_opcode_is_refused() {
    let mut bytes = file();
    bytes[13] = 0xaf;
    let e = read_err(&bytes);
    assert_eq!(
        (e.kind, e.offset()),
        (ErrorKind::IllegalInstruction(0xaf), Some(13))
    );
}

#[test]
fn module_name_must_end_within_128_bytes() {
    let mut m = good();
    m.name = "N".repeat(127);
    assert!(Module::read(&m.write().unwrap()).is_ok());
    m.name = "N".repeat(128);
    let e = read_err(&m.write().unwrap());
    assert_eq!(e.kind, ErrorKind::BadModuleName);
    assert_eq!(e.message(), "bad module name");
}

#[test]
fn branch_out_of_range_is_a_bad_branch_addr() {
    let mut bytes = file();
    bytes[21] = 0x03; // beqw's target: pc 3 of 3
    let m = Module::read(&bytes).expect("the reader does not check targets");
    let e = verify_err(&m);
    assert_eq!(e.kind, ErrorKind::BadBranch);
    assert_eq!(e.at, Location::Instruction(1));
    assert_eq!(e.to_string(), "bad branch addr at instruction 1");

    let mut m = good();
    m.code[1].dst = Operand::Fp(32);
    assert_eq!(verify_err(&m).kind, ErrorKind::NotImmediate(Slot::Dst));
}

#[test]
fn type_descriptor_faults() {
    let mut m = good();
    m.types[1].id = 2;
    let e = verify_err(&m);
    assert_eq!((e.kind, e.at), (ErrorKind::HeapIdRange, Location::Type(1)));
    assert_eq!(e.message(), "heap id range");

    let mut m = good();
    m.types[1].id = 0;
    assert_eq!(verify_err(&m).kind, ErrorKind::DuplicateType);

    let mut m = good();
    m.data_size = 8;
    let e = verify_err(&m);
    assert_eq!((e.kind, e.at), (ErrorKind::BadMpDesc, Location::Type(0)));
    assert_eq!(e.message(), "bad desc for mp");

    let mut m = good();
    m.types[0].map = vec![0x40]; // word 1 of a 4-byte object
    assert_eq!(verify_err(&m).kind, ErrorKind::PointerMapRange);

    let mut m = good();
    m.types[1].size = 24; // the entry's frame, smaller than a frame header
    assert_eq!(verify_err(&m).kind, ErrorKind::FrameTooSmall);
}

#[test]
fn instruction_faults() {
    type Change = fn(&mut Instruction);
    let cases: Vec<(usize, Change, ErrorKind)> = vec![
        (
            0,
            |i| i.src = Operand::None,
            ErrorKind::MissingOperand(Slot::Src),
        ),
        (
            2,
            |i| i.src = Operand::Fp(32),
            ErrorKind::UnexpectedOperand(Slot::Src),
        ),
        (1, |i| i.mid = Operand::Imm(40_000), ErrorKind::MiddleRange),
        (1, |i| i.mid = Operand::Mp(-4), ErrorKind::MiddleRange),
        (
            0,
            |i| i.dst = Operand::IndFp(32, 70_000),
            ErrorKind::IndirectRange,
        ),
        (0, |i| i.dst = Operand::Mp(4), ErrorKind::MpOffsetRange),
        (0, |i| i.dst = Operand::Mp(-4), ErrorKind::MpOffsetRange),
        (0, |i| i.dst = Operand::Fp(40), ErrorKind::FpOffsetRange),
        (
            0,
            |i| i.dst = Operand::IndFp(40, 0),
            ErrorKind::FpOffsetRange,
        ),
    ];
    for (pc, change, kind) in cases {
        let mut m = good();
        change(&mut m.code[pc]);
        let e = verify_err(&m);
        assert_eq!((e.kind, e.at), (kind, Location::Instruction(pc)), "{e}");
    }

    // Type operands: `frame $T` must name a frame type, `new $T` any type.
    let mut m = good();
    m.code[0] = Instruction {
        op: Opcode::New,
        src: Operand::Imm(2),
        mid: Operand::None,
        dst: Operand::Fp(36),
    };
    assert_eq!(verify_err(&m).kind, ErrorKind::TypeRange);
    m.code[0].src = Operand::Fp(32);
    assert_eq!(verify_err(&m).kind, ErrorKind::NotImmediate(Slot::Src));
    m.code[0].op = Opcode::Frame;
    m.code[0].src = Operand::Imm(0);
    assert_eq!(verify_err(&m).kind, ErrorKind::FrameTooSmall);

    // `load` names an import table.
    let mut m = good();
    m.code[0] = Instruction {
        op: Opcode::Load,
        src: Operand::Mp(0),
        mid: Operand::Imm(1),
        dst: Operand::Fp(36),
    };
    assert_eq!(verify_err(&m).kind, ErrorKind::ImportTableRange);
    m.code[0].mid = Operand::Imm(0);
    m.verify().expect("table 0 exists");
}

#[test]
fn header_link_and_handler_faults() {
    let mut m = good();
    m.entry_pc = 3;
    assert_eq!(
        (verify_err(&m).kind, verify_err(&m).at),
        (ErrorKind::BadEntry, Location::Header)
    );

    let mut m = good();
    m.links[0].pc = -1;
    assert_eq!(verify_err(&m).kind, ErrorKind::BadLink);
    m.links[0].desc = -1; // the `.mp` form
    m.verify().expect("pc and type -1 is allowed");

    type Change = fn(&mut Handler);
    let cases: Vec<(Change, ErrorKind)> = vec![
        (|h| h.pc2 = 4, ErrorKind::BadHandlerRange),
        (|h| h.pc1 = 3, ErrorKind::BadHandlerRange),
        (|h| h.labels[0].pc = 3, ErrorKind::BadHandlerTarget),
        (|h| h.wildcard = -2, ErrorKind::BadHandlerTarget),
        (|h| h.desc = 2, ErrorKind::TypeRange),
        (|h| h.ne = 2, ErrorKind::BadHandlerLabels),
        (|h| h.eoff = 40, ErrorKind::FpOffsetRange),
    ];
    for (change, kind) in cases {
        let mut m = good();
        change(&mut m.handlers.as_mut().unwrap()[0]);
        let e = verify_err(&m);
        assert_eq!((e.kind, e.at), (kind, Location::Handler(0)), "{e}");
    }
}

#[test]
fn data_item_faults() {
    let array = |offset, elem_type, len| DataItem::Array {
        offset,
        elem_type,
        len,
    };
    let index = |offset, index| DataItem::Index { offset, index };
    let pop = DataItem::Pop { offset: 0 };
    let words = |offset| DataItem::Words {
        offset,
        words: vec![7],
    };
    let cases: Vec<(Vec<DataItem>, usize, ErrorKind)> = vec![
        (vec![words(4)], 0, ErrorKind::DataOffsetRange),
        (vec![words(-4)], 0, ErrorKind::DataOffsetRange),
        (vec![array(0, 2, 1)], 0, ErrorKind::BadArrayType),
        (vec![array(0, 1, -1)], 0, ErrorKind::ArrayInitRange),
        (vec![index(0, 0)], 0, ErrorKind::IndNotArray),
        (
            vec![array(0, 1, 2), words(0), index(0, 0)],
            2,
            ErrorKind::IndNotArray,
        ),
        (
            vec![array(0, 1, 2), index(0, 3)],
            1,
            ErrorKind::ArrayInitRange,
        ),
        (vec![pop.clone()], 0, ErrorKind::PopRange),
        // element 1 of a 2-element array of 40-byte elements: 40 bytes of room
        (
            vec![array(0, 1, 2), index(0, 1), words(40)],
            2,
            ErrorKind::DataOffsetRange,
        ),
    ];
    for (items, at, kind) in cases {
        let mut m = good();
        m.data = items;
        let e = verify_err(&m);
        assert_eq!((e.kind, e.at), (kind, Location::DataItem(at)), "{e}");
    }

    // Nesting: arrays of arrays four deep are fine, a fifth base is not.
    let mut m = good();
    m.types[0].map = vec![0x80];
    let mut items = vec![array(0, 0, 1), index(0, 0)];
    for _ in 0..3 {
        items.extend([array(0, 0, 1), index(0, 0)]);
    }
    items.extend([words(0), pop.clone(), pop.clone(), pop.clone(), pop.clone()]);
    m.data = items.clone();
    m.verify().expect("four nested bases");
    items.insert(8, array(0, 0, 1));
    items.insert(9, index(0, 0));
    m.data = items;
    let e = verify_err(&m);
    assert_eq!(
        (e.kind, e.at),
        (ErrorKind::ArrayInitRange, Location::DataItem(9))
    );
}

#[test]
fn writer_refuses_what_it_cannot_encode() {
    let mut m = good();
    m.code[0].src = Operand::Imm(1 << 29);
    assert!(matches!(
        m.write(),
        Err(WriteError::OperandRange { value, .. }) if value == 1 << 29
    ));

    let mut m = good();
    m.name = "a\0b".to_string();
    assert!(matches!(m.write(), Err(WriteError::NulInString { .. })));

    let mut m = good();
    m.code[1].mid = Operand::IndFp(0, 0);
    assert_eq!(m.write(), Err(WriteError::BadOperandMode { pc: 1 }));

    let mut m = good();
    m.imports = None;
    assert!(matches!(m.write(), Err(WriteError::FlagMismatch { .. })));
}

#[test]
fn reserved_modes_and_long_counts_survive_a_round_trip() {
    let mut m = good();
    m.code[2].dst = Operand::Reserved(7);
    m.data.push(DataItem::Bytes {
        offset: 0,
        bytes: vec![1; 16], // 16 does not fit the code byte's nibble
    });
    m.data.push(DataItem::Bytes {
        offset: 0,
        bytes: vec![],
    });
    let bytes = m.write().expect("writes");
    assert_eq!(Module::read(&bytes).expect("reads"), m);
}
