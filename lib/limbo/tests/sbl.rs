//! `-g` symbol files: for every testdata program, our `.sbl` starts as the
//! original's does (version line, module name, the source files in the same
//! order), has one source line per instruction of our module, and lists every
//! function the original's lists.

mod common;

/// The functions a `.sbl` lists (`pc:name` lines after the types section are
/// recognised by the name following the colon without another colon or blank).
fn function_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(pc, name)| {
            pc.parse::<u32>().is_ok()
                && !name.is_empty()
                && !name.contains([':', ' ', ','])
                && name.chars().next().is_some_and(|c| c.is_alphabetic())
        })
        .map(|(_, name)| name.to_string())
        .collect()
}

#[test]
fn symbol_files_have_the_original_shape() {
    let mut problems = Vec::new();
    for path in common::sources() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut loader = common::loader();
        let mut outcome = limbo::compile_check(&path.to_string_lossy(), &mut loader);
        let Ok((module, Some(ours))) = limbo::gen::generate_with_symbols(
            &mut outcome.checked,
            &path.to_string_lossy(),
            Some(&outcome.files),
        ) else {
            problems.push(format!(
                "{name}: no symbol file (the module does not compile)"
            ));
            continue;
        };
        let theirs = std::fs::read_to_string(path.with_extension("sbl")).expect("original .sbl");
        let header = |t: &str| -> Vec<String> {
            let mut lines = t.lines();
            let mut h: Vec<String> = lines.by_ref().take(3).map(str::to_string).collect();
            let n: usize = h.last().and_then(|n| n.parse().ok()).unwrap_or(0);
            h.extend(lines.take(n).map(str::to_string));
            h
        };
        let (ho, ht) = (header(&ours), header(&theirs));
        if ho != ht {
            problems.push(format!("{name}: header {ho:?} want {ht:?}"));
        }
        let count: Option<usize> = ours.lines().nth(ho.len()).and_then(|n| n.parse().ok());
        if count != Some(module.code.len()) {
            problems.push(format!(
                "{name}: {count:?} instruction lines for {} instructions",
                module.code.len()
            ));
        }
        let ours_fns = function_names(&ours);
        for f in function_names(&theirs) {
            if !ours_fns.contains(&f) {
                problems.push(format!("{name}: function {f} missing"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
