//! The host `limbo` command: diagnostics on stderr one per line, exit status,
//! checking alone (`-o /dev/null`), the `.dis` it writes and the `-S` assembler
//! text, and the original's messages for a bad command line or a missing source.

use std::path::PathBuf;
use std::process::Command;

/// A source file in a scratch directory of its own, removed when dropped.
struct TempSource {
    dir: PathBuf,
    path: String,
    _scratch: tempfile::TempDir,
}

fn write_temp(name: &str, text: &str) -> TempSource {
    let scratch = tempfile::Builder::new()
        .prefix("limbo-cli-test-")
        .tempdir()
        .expect("temp dir");
    let dir = scratch.path().to_path_buf();
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write source");
    TempSource {
        path: path.to_string_lossy().into_owned(),
        dir,
        _scratch: scratch,
    }
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_limbo"))
        .args(args)
        .output()
        .expect("run limbo");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn errors_are_reported_one_per_line_with_a_failing_status() {
    let path = write_temp("bad.b", "implement T;\ninclude \"sys.m\";\nT: module { init: fn(); };\ninit()\n{\n\tx: int = \"s\";\n\ty = 1;\n}\n");
    let p = path.path.clone();
    let (status, stderr) = run(&["-o", "/dev/null", &p]);
    assert_eq!(status, 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("{p}:6: type clash")),
        "{stderr}"
    );
    assert_eq!(lines[1], format!("{p}:7: y is not declared"));
}

#[test]
fn a_correct_program_compiles_to_a_module_and_to_assembler_text() {
    let path = write_temp("good.b", "implement T;\ninclude \"sys.m\";\ninclude \"draw.m\";\nT: module { init: fn(nil: ref Draw->Context, nil: list of string); };\ninit(nil: ref Draw->Context, nil: list of string)\n{\n}\n");
    let p = path.path.clone();
    assert_eq!(run(&["-o", "/dev/null", &p]), (0, String::new()));
    let out = path.dir.join("out.dis");
    let o = out.to_string_lossy().into_owned();
    assert_eq!(run(&["-w", "-o", &o, &p]), (0, String::new()));
    let module = dis::object::Module::read(&std::fs::read(&out).expect("out.dis written"))
        .expect("a readable module");
    assert_eq!(module.name, "T");
    assert_eq!(module.links.len(), 1);
    assert_eq!(module.links[0].name, "init");
    // without -o the module goes beside the source; -S writes assembler text instead
    assert_eq!(run(&["-S", &p]), (0, String::new()));
    let text = std::fs::read_to_string(path.dir.join("good.s")).expect("good.s written");
    assert!(
        text.contains("\tmodule\tT") && text.contains("\tret"),
        "{text}"
    );
}

/// The original's usage line (its appl/cmd/limbo/limbo.b), alone on stderr.
const USAGE: &str =
    "usage: limbo [-GSagwe] [-I incdir] [-o outfile] [-{T|t|d} module] [-D debug] file ...\n";

#[test]
fn usage_errors_print_the_original_usage_line_and_exit_with_status_two() {
    for args in [
        &["-q", "x.b"][..],
        &[],
        &["-x", "x.b"],
        &["-o", "a.dis", "a.b", "b.b"],
    ] {
        assert_eq!(run(args), (2, USAGE.to_string()), "{args:?}");
    }
}

#[test]
fn a_missing_source_is_named_with_the_reason() {
    let scratch = write_temp("x.b", "");
    let missing = scratch.dir.join("none.b");
    let m = missing.to_string_lossy();
    assert_eq!(
        run(&["-o", "/dev/null", &m]),
        (1, format!("can't open {m}: file does not exist\n"))
    );
}

#[test]
fn a_device_or_an_oversized_file_is_refused_as_source() {
    for dev in ["/dev/zero", "/dev/random"] {
        let src = write_temp("dev.b", &format!("implement T;\ninclude \"{dev}\";\n"));
        let (status, err) = run(&["-o", "/dev/null", &src.path]);
        assert_eq!(status, 1, "{err}");
        assert!(
            err.contains(&format!("can't include \"{dev}\": not a regular file")),
            "{err}"
        );
    }
    let big = write_temp("big.m", "");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&big.path)
        .expect("open");
    file.set_len(limbo::source::MAX_SOURCE_BYTES + 1)
        .expect("sparse file");
    let src = write_temp(
        "inc.b",
        &format!("implement T;\ninclude \"{}\";\n", big.path),
    );
    let (status, err) = run(&["-o", "/dev/null", &src.path]);
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("larger than 8388608 bytes"), "{err}");
}
