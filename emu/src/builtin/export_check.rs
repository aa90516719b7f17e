//! Test support for the built-in modules' export tables: what our compiler makes of
//! an interface file (each function's name, link signature, frame size and frame
//! pointer map), to compare with a module's hand-written [`NativeFn`] table.

use dis::vm::NativeFn;
use limbo::source::{HostFiles, SourceLoader};
use limbo::types::{MemberKind, Type};
use std::path::PathBuf;

/// One export: name, signature, frame size, pointer map.
pub type Export = (String, u32, u32, Vec<u8>);

/// Every function of module `name` declared in `module/FILE` (after `sys.m` and the
/// files of `includes`) as the compiler sees it, adt members as `Adt.name`, sorted by
/// name.
pub fn compiled(name: &str, includes: &[&str], file: &str) -> Vec<Export> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
    let mut loader = SourceLoader::new(Box::new(HostFiles), Vec::new(), Some(dir));
    let mut text = String::from("include \"sys.m\";");
    for f in includes.iter().chain([&file]) {
        text.push_str(&format!(" include \"{f}\";"));
    }
    let out = limbo::check_text("t.b", &text, &mut loader);
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let mut c = out.checked;
    let m = c.module_named(name).expect("module");
    let mut names = Vec::new();
    for member in c.types.module(m).members.clone() {
        match member.kind {
            MemberKind::Fn => names.push(member.name.clone()),
            MemberKind::Type => {
                if let Type::Adt(a, _) = c.types.get(member.ty) {
                    for (n, _) in &c.types.adt(*a).methods {
                        names.push(format!("{}.{n}", member.name));
                    }
                }
            }
            _ => {}
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let t = c.member_function_type(m, &n).expect("function");
            let sig = limbo::sign::signature(&mut c.types, t);
            let ft = c.types.fn_type(t).expect("fn type").clone();
            let (mut off, mut words) = (32u32, Vec::new());
            for p in &ft.params {
                let align = c.types.align(p.ty);
                off = off.div_ceil(align) * align;
                if c.types.is_pointer(p.ty) {
                    words.push(off / 4);
                }
                off += c.types.size(p.ty);
            }
            let size = off.div_ceil(8) * 8;
            let mut map = vec![0u8; (size / 4).div_ceil(8) as usize];
            for w in words {
                map[(w / 8) as usize] |= 0x80 >> (w % 8);
            }
            while map.last() == Some(&0) {
                map.pop();
            }
            (n, sig, size, map)
        })
        .collect()
}

/// A native table in the same form.
pub fn table(fns: &[NativeFn]) -> Vec<Export> {
    fns.iter()
        .map(|f| {
            (
                f.name.to_string(),
                f.sig,
                f.frame_size,
                f.frame_map.to_vec(),
            )
        })
        .collect()
}
