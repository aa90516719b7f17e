//! Boot compiles `appl/` into `build/dis` with our compiler, recompiling only what
//! changed; and `limbo` inside the system compiles a module that then runs.

mod system;

use std::fs;
use system::Root;

/// Every `.b` below the root's `appl/`, root-relative, sorted.
fn all_sources(root: &Root) -> Vec<String> {
    fn walk(dir: &std::path::Path, rel: &str, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let name = format!("{rel}/{}", e.file_name().to_string_lossy());
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &name, out);
            } else if name.ends_with(".b") {
                out.push(name);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.file("appl"), "appl", &mut out);
    out.sort();
    out
}

/// The sources that include `file` (by name, as `include "file"`).
fn includers(root: &Root, file: &str) -> Vec<String> {
    all_sources(root)
        .into_iter()
        .filter(|s| {
            fs::read_to_string(root.file(s))
                .unwrap()
                .contains(&format!("include \"{file}\""))
        })
        .collect()
}

#[test]
fn boot_compiles_appl_once_and_then_only_what_changed() {
    let root = Root::new("build");
    let first = root.emu(&["echo", "hello"]);
    assert_eq!(first.out, "hello\n", "{first:?}");
    assert_eq!(first.status, 0);
    assert_eq!(first.compiled(), all_sources(&root), "{}", first.err);
    for module in [
        "build/dis/echo.dis",
        "build/dis/ls.dis",
        "build/dis/lib/bufio.dis",
    ] {
        assert!(root.file(module).is_file(), "{module} missing");
    }

    let second = root.emu(&["echo", "again"]);
    assert_eq!(second.out, "again\n");
    assert_eq!(second.compiled(), Vec::<String>::new(), "{}", second.err);

    // Changing an interface recompiles exactly the sources that include it.
    let names_m = root.file("module/names.m");
    let mut text = fs::read_to_string(&names_m).unwrap();
    text.push_str("# changed\n");
    fs::write(&names_m, text).unwrap();
    let users = includers(&root, "names.m");
    assert!(users.contains(&"appl/cmd/basename.b".to_string()));
    let third = root.emu(&["basename", "/a/b.c", ".c"]);
    assert_eq!(third.out, "b\n");
    assert_eq!(third.compiled(), users, "{}", third.err);

    // Touching without changing the contents recompiles nothing.
    let echo = root.file("appl/cmd/echo.b");
    fs::write(&echo, fs::read(&echo).unwrap()).unwrap();
    assert_eq!(root.emu(&["echo"]).compiled(), Vec::<String>::new());

    // Modules made by another compiler are all made again.
    let stamp = root.file("build/appl.stamp");
    let text = fs::read_to_string(&stamp).unwrap();
    let (first_line, rest) = text.split_once('\n').unwrap();
    assert!(first_line.starts_with("compiler "), "{first_line}");
    fs::write(&stamp, format!("compiler another\n{rest}")).unwrap();
    assert_eq!(root.emu(&["echo"]).compiled(), all_sources(&root));

    // A removed source takes its module with it.
    fs::remove_file(root.file("appl/cmd/xd.b")).unwrap();
    root.emu(&["echo"]);
    assert!(!root.file("build/dis/xd.dis").exists());
}

#[test]
fn a_source_with_errors_is_reported_without_stopping_boot_and_not_retried() {
    let root = Root::new("broken");
    root.write(
        "appl/cmd/broken.b",
        "implement Broken;\ninclude \"sys.m\";\nBroken: module { init: fn(); };\ninit()\n{\n\tx: int = \"s\";\n}\n",
    );
    let first = root.emu(&["echo", "still", "boots"]);
    assert_eq!(first.out, "still boots\n");
    assert!(first.compiled().contains(&"appl/cmd/broken.b".to_string()));
    assert!(
        first.err.contains("appl/cmd/broken.b:6: type clash"),
        "{}",
        first.err
    );
    assert!(!root.file("build/dis/broken.dis").exists());
    let second = root.emu(&["echo"]);
    assert_eq!(second.compiled(), Vec::<String>::new(), "{}", second.err);
    // Fixing it compiles it.
    root.write(
        "appl/cmd/broken.b",
        "implement Broken;\ninclude \"sys.m\";\ninclude \"draw.m\";\nBroken: module { init: fn(nil: ref Draw->Context, nil: list of string); };\ninit(nil: ref Draw->Context, nil: list of string)\n{\n\tsys := load Sys Sys->PATH;\n\tsys->print(\"fixed\\n\");\n}\n",
    );
    let third = root.emu(&["broken"]);
    assert_eq!(third.compiled(), vec!["appl/cmd/broken.b".to_string()]);
    assert_eq!(third.out, "fixed\n", "{}", third.err);
}

const PROGRAM: &str = r#"implement Hello;
include "sys.m";
	sys: Sys;
include "draw.m";
include "names.m";
Hello: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};
init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	names := load Names Names->PATH;
	sys->print("hello from %s with %d args\n", hd argv, len argv - 1);
	for(argv = tl argv; argv != nil; argv = tl argv)
		sys->print("%s\n", names->cleanname(hd argv));
}
"#;

#[test]
fn limbo_inside_the_system_compiles_a_module_that_runs() {
    let root = Root::compiled("limbo");
    root.write("tmp/hello.b", PROGRAM);
    let c = root.emu(&["limbo", "-o", "/tmp/hello.dis", "/tmp/hello.b"]);
    assert_eq!((c.status, c.out.as_str()), (0, ""), "{}", c.err);
    let run = root.emu(&["/tmp/hello.dis", "a//b/../c", "./x"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert_eq!(
        run.out, "hello from /tmp/hello.dis with 2 args\na/c\nx\n",
        "{}",
        run.err
    );

    // Without -o the module goes into the current folder (here /), named after
    // the source.
    let here = root.emu(&["limbo", "/tmp/hello.b"]);
    assert_eq!(here.status, 0, "{}", here.err);
    assert!(root.file("hello.dis").is_file());

    // -g writes the symbol file beside the module, -S assembler text.
    let g = root.emu(&["limbo", "-g", "-o", "/tmp/hello.dis", "/tmp/hello.b"]);
    assert_eq!(g.status, 0, "{}", g.err);
    assert!(fs::read_to_string(root.file("tmp/hello.sbl"))
        .unwrap()
        .starts_with("limbo .sbl"));
    let s = root.emu(&["limbo", "-S", "-o", "/tmp/hello.s", "/tmp/hello.b"]);
    assert_eq!(s.status, 0, "{}", s.err);
    assert!(fs::read_to_string(root.file("tmp/hello.s"))
        .unwrap()
        .contains("\tmodule\tHello"));
}

#[test]
fn limbo_inside_the_system_reports_errors_and_fails() {
    let root = Root::compiled("limbo-errors");
    root.write("tmp/bad.b", "implement Bad;\ninclude \"sys.m\";\nBad: module { init: fn(); };\ninit()\n{\n\ty = 1;\n}\n");
    let c = root.emu(&["limbo", "-o", "/tmp/bad.dis", "/tmp/bad.b"]);
    assert_eq!(c.status, 1);
    assert_eq!(
        c.err.trim_end(),
        "/tmp/bad.b:6: y is not declared",
        "{}",
        c.err
    );
    assert!(!root.file("tmp/bad.dis").exists());
    let missing = root.emu(&["limbo", "/tmp/none.b"]);
    assert_eq!(missing.status, 1);
    assert!(missing.err.contains("/tmp/none.b"), "{}", missing.err);
    let usage = root.emu(&["limbo"]);
    assert_eq!(usage.status, 1);
    assert!(usage.err.contains("usage: limbo"), "{}", usage.err);
}
