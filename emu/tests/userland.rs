//! The userland's command scripts: each `emu/tests/userland/NAME.sh` runs
//! through `emu sh` in one root whose `/dis` is the system's own, with its own empty
//! folder `/tmp/NAME` named by `$t`, and everything it prints
//! (standard output and error together) must equal `NAME.out` beside it;
//! its standard input (and so the console's) is `NAME.in` if there is one. The
//! root's `/lib/units` is the project's `lib/units`, as emu's own root has it.
//! The scripts say where each expectation comes from: the original's manual
//! page or the behaviour of its source.

mod system;

use std::fs;
use system::{project, Root};

#[test]
fn command_scripts_print_what_the_original_prints() {
    let dir = project().join("emu/tests/userland");
    let names = system::script_names(&dir);
    assert!(!names.is_empty(), "no scripts in emu/tests/userland");
    let root = Root::new("userland");
    let units = fs::read_to_string(project().join("lib/units")).unwrap();
    root.write("lib/units", &units);
    let mut failures = Vec::new();
    for name in &names {
        let script = fs::read_to_string(dir.join(format!("{name}.sh"))).unwrap();
        let expected = fs::read_to_string(dir.join(format!("{name}.out")))
            .unwrap_or_else(|_| panic!("emu/tests/userland/{name}.out is missing"));
        root.write(&format!("tests/{name}.sh"), &script);
        fs::create_dir_all(root.file(&format!("tmp/{name}"))).unwrap();
        let input = fs::read(dir.join(format!("{name}.in"))).unwrap_or_default();
        let command = format!("t=/tmp/{name}; run /tests/{name}.sh");
        let got = root.emu_merged(&["sh", "-c", &command], &input);
        if got != expected {
            failures.push(format!("--- {name}: expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
