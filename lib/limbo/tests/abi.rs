//! Our modules keep the original compiler's ABI: for every testdata program,
//! the link (export) table names the same functions with the same signatures in
//! the same order, the import tables are the same and in the same order, and
//! every object our code allocates with `new` has a descriptor (size and pointer
//! map) the original also has.

mod common;

use dis::isa::Opcode;
use dis::object::{Module, Operand, TypeDesc};

fn ours(path: &std::path::Path) -> Result<Module, String> {
    limbo::compile(&path.to_string_lossy(), &mut common::loader())
}

fn theirs(path: &std::path::Path) -> Module {
    let bytes = std::fs::read(path.with_extension("dis")).expect("original .dis");
    Module::read(&bytes).expect("original .dis reads")
}

fn links(m: &Module) -> Vec<(String, u32)> {
    m.links.iter().map(|l| (l.name.clone(), l.sig)).collect()
}

fn imports(m: &Module) -> Vec<Vec<(String, u32)>> {
    m.imports
        .iter()
        .flatten()
        .map(|t| t.iter().map(|i| (i.name.clone(), i.sig)).collect())
        .collect()
}

/// Descriptors of the objects the code allocates with `new`.
fn allocated(m: &Module) -> Vec<&TypeDesc> {
    m.code
        .iter()
        .filter(|i| matches!(i.op, Opcode::New | Opcode::Newz))
        .filter_map(|i| match i.src {
            Operand::Imm(d) => m.types.iter().find(|t| t.id == d),
            _ => None,
        })
        .collect()
}

#[test]
fn link_and_import_tables_and_object_layouts_match_the_original() {
    let mut problems = Vec::new();
    for path in common::sources() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mine = match ours(&path) {
            Ok(mine) => mine,
            Err(e) => {
                problems.push(format!("{name}: does not compile: {e}"));
                continue;
            }
        };
        let orig = theirs(&path);
        if links(&mine) != links(&orig) {
            problems.push(format!(
                "{name}: links {:?} want {:?}",
                links(&mine),
                links(&orig)
            ));
        }
        let (a, b) = (imports(&mine), imports(&orig));
        if a != b {
            problems.push(format!("{name}: imports {a:?} want {b:?}"));
        }
        for d in allocated(&mine) {
            if !orig
                .types
                .iter()
                .any(|t| t.size == d.size && t.map == d.map)
            {
                problems.push(format!(
                    "{name}: object of {} bytes map {:?} unknown to the original",
                    d.size, d.map
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The original keeps one descriptor per distinct size and pointer map, frames and
/// heap types alike, sorted by size, then map length, then map bytes, after the
/// module data's descriptor 0 (limbo/types.c's enterdesc, gen.c's resolvedesc).
fn in_the_originals_order(m: &Module) -> Result<(), String> {
    let key = |t: &TypeDesc| (t.size, t.map.len(), t.map.clone());
    let rest: Vec<_> = m.types.iter().skip(1).map(key).collect();
    if m.types.iter().enumerate().any(|(i, t)| t.id != i as i32) {
        return Err("descriptors not numbered in order".into());
    }
    if rest.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("descriptors not sorted and distinct: {rest:?}"));
    }
    if rest.contains(&key(&m.types[0])) {
        return Err("a descriptor repeats the module data's".into());
    }
    Ok(())
}

#[test]
fn descriptor_table_is_distinct_and_sorted_as_the_originals() {
    let mut problems = Vec::new();
    for path in common::sources() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if let Ok(mine) = ours(&path) {
            if let Err(e) = in_the_originals_order(&mine) {
                problems.push(format!("{name}: {e}"));
            }
            // the original's own objects have the property the check states
            in_the_originals_order(&theirs(&path)).expect("the original's order");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Two functions with the same frame share its descriptor, and a heap type smaller
/// than every frame comes first, as the original's acme/edit/src/a.b shows.
#[test]
fn equal_frames_share_one_descriptor_and_small_types_come_first() {
    let src = "implement T;
include \"sys.m\";
T: module {
	init: fn(nil: ref Nil, nil: list of string); Nil: adt { x: int; };
	f: fn(s: string): int; g: fn(s: string): int;
};
P: adt { s: string; n: int; };
init(nil: ref Nil, nil: list of string)
{
	f(\"a\");
	g(\"b\");
	p := ref P(\"c\", 1);
	f(p.s);
}
f(s: string): int { return len s; }
g(s: string): int { return len s + 1; }
";
    let mine = common::generate(src);
    in_the_originals_order(&mine).unwrap();
    let sizes: Vec<i32> = mine.types.iter().skip(1).map(|t| t.size).collect();
    assert_eq!(sizes.first(), Some(&8), "P's 8 bytes first: {sizes:?}");
    let frame = mine
        .types
        .iter()
        .filter(|t| t.size == 40 && t.map == [0x00, 0x80]);
    assert_eq!(
        frame.count(),
        1,
        "f and g share one frame descriptor: {:?}",
        mine.types
    );
}
