//! An exception nothing handles: the `Broken` line is the original's byte for
//! byte even with a symbol file beside the module; the source line comes under
//! `emu -v` and in the broken prog's `/prog/N/exception`, read from the `.sbl`
//! when asked (so one written after the crash is used).

mod system;

use limbo::source::{HostFiles, SourceLoader};
use std::fs;

#[test]
fn an_uncaught_exception_keeps_the_originals_line_and_gives_its_source_line_on_request() {
    let name = "lang-uncaught";
    let testdata = system::project().join("tests/conformance");
    let module_dir = system::project().join("module");
    let mut loader = SourceLoader::new(
        Box::new(HostFiles),
        vec![testdata.clone()],
        Some(module_dir),
    );
    let path = testdata.join(format!("{name}.b"));
    let path = path.to_string_lossy();
    let mut outcome = limbo::compile_check(&path, &mut loader);
    let (module, symbols) =
        limbo::gen::generate_with_symbols(&mut outcome.checked, &path, Some(&outcome.files))
            .unwrap();
    let root = system::Root::new("sbl");
    root.write(&format!("tmp/rt/{name}.dis"), "");
    fs::write(
        root.file(&format!("tmp/rt/{name}.dis")),
        module.write().unwrap(),
    )
    .unwrap();
    root.write("tmp/later.sbl", &symbols.unwrap());
    let broken = "[LangUncaught] Broken: \"unexpected failure\"\n";
    // line 26 of lang-uncaught.b is `raise s;`
    let at = format!("{name}.b:26");

    // With the .sbl beside the module, the Broken line is still the original's.
    fs::copy(
        root.file("tmp/later.sbl"),
        root.file(&format!("tmp/rt/{name}.sbl")),
    )
    .unwrap();
    let plain = root.emu(&[&format!("/tmp/rt/{name}.dis")]);
    assert!(plain.err.ends_with(broken), "{plain:?}");
    assert!(!plain.err.contains(&at), "{plain:?}");
    // -v adds the source line under it.
    let verbose = root.emu(&["-v", &format!("/tmp/rt/{name}.dis")]);
    assert!(
        verbose
            .err
            .ends_with(&format!("{broken}[LangUncaught] at {at}\n")),
        "{verbose:?}"
    );

    // The broken prog's /prog/N/exception holds the original's `pc module text`,
    // and the source line once a symbol file lies beside the module, read then.
    fs::remove_file(root.file(&format!("tmp/rt/{name}.sbl"))).unwrap();
    let script = format!(
        "/tmp/rt/{name}.dis > /dev/null; load std; for p in /prog/* {{ x = `{{cat $p/exception}}; if {{! ~ $#x 0}} {{ pid = $p }} }}; \
         cat $pid/exception; echo; cp /tmp/later.sbl /tmp/rt/{name}.sbl; cat $pid/exception; echo"
    );
    let run = root.emu(&["sh", "-c", &script]);
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 3, "{run:?}");
    let (pc, rest) = lines[0].split_once(' ').unwrap();
    assert!(pc.parse::<u32>().is_ok(), "{run:?}");
    assert_eq!(rest, "LangUncaught unexpected failure");
    assert_eq!(lines[1], lines[0]);
    assert_eq!(lines[2], at);
}
