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
