//! Every testdata program parses and type-checks, and the signatures the checker
//! computes for what each module exports and imports equal those in the
//! original compiler's `.dis` of the same source.

mod common;

use limbo::check::Checked;
use limbo::sign::{data_signature, signature};

#[test]
fn every_testdata_source_checks_without_error() {
    let mut failures = Vec::new();
    let sources = common::sources();
    assert!(sources.len() > 80, "testdata not found");
    for path in &sources {
        let out = limbo::compile_check(&path.to_string_lossy(), &mut common::loader());
        if out.diags.has_errors() {
            failures.push(out.diags.render(&out.files));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn interface_files_check_without_error() {
    let text = "include \"sys.m\"; include \"draw.m\"; include \"math.m\";";
    let out = limbo::check_text("iface.b", text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let names: Vec<&str> = out
        .checked
        .modules
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["Sys", "Draw", "Math"]);
    let out = limbo::compile_check(
        &common::testdata()
            .join("rt-lib-counter.m")
            .to_string_lossy(),
        &mut common::loader(),
    );
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
}

/// The signature our checker gives an import group's member `name` in module `m`.
fn import_sig(c: &mut Checked, m: limbo::types::ModId, name: &str) -> Option<u32> {
    if name == ".mp" {
        return Some(data_signature(&mut c.types, m));
    }
    // A module importing from itself (through `load ... SELF` or function
    // references) also lists its own functions that are not in its interface.
    let t = c.member_function_type(m, name).or_else(|| {
        c.implements
            .contains(&m)
            .then(|| c.function_type(name))
            .flatten()
    })?;
    Some(signature(&mut c.types, t))
}

#[test]
fn signatures_match_the_original_dis() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for path in common::sources() {
        let dis_path = path.with_extension("dis");
        let bytes = std::fs::read(&dis_path).expect("dis file");
        let module = dis::object::Module::read(&bytes).expect("readable dis");
        let out = limbo::compile_check(&path.to_string_lossy(), &mut common::loader());
        assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
        let mut c = out.checked;
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        for link in &module.links {
            let ours = if link.name == ".mp" {
                c.implements
                    .first()
                    .map(|m| data_signature(&mut c.types, *m))
            } else {
                c.function_type(&link.name)
                    .map(|t| signature(&mut c.types, t))
            };
            compared += 1;
            if ours != Some(link.sig) {
                failures.push(format!(
                    "{file}: export {} is {:08x}, we computed {:?}",
                    link.name,
                    link.sig,
                    ours.map(|s| format!("{s:08x}"))
                ));
            }
        }
        for group in module.imports.iter().flatten() {
            let candidates: Vec<_> = c.modules.iter().map(|(_, m)| *m).collect();
            let matched = candidates.iter().any(|m| {
                group
                    .iter()
                    .all(|imp| import_sig(&mut c, *m, &imp.name) == Some(imp.sig))
            });
            compared += group.len();
            if !matched {
                let detail: Vec<String> = group
                    .iter()
                    .map(|imp| {
                        let ours: Vec<String> = candidates
                            .iter()
                            .filter_map(|m| import_sig(&mut c, *m, &imp.name))
                            .map(|s| format!("{s:08x}"))
                            .collect();
                        format!("{} {:08x} (ours {})", imp.name, imp.sig, ours.join("/"))
                    })
                    .collect();
                failures.push(format!(
                    "{file}: import group not matched: {}",
                    detail.join(", ")
                ));
            }
        }
    }
    assert!(compared > 300, "only {compared} signatures compared");
    eprintln!("{compared} link and import signatures compared");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
