//! The build of `appl/` into `build/dis` with our compiler, recompiling only what
//! changed (as boot runs it on the project tree, here on copies); boot compiles
//! the project's own `appl/`, never a root's; and `limbo` inside the system
//! compiles a module that then runs.

mod system;

use emu::boot::appl_build::build;
use std::fs;
use system::Root;

/// Brings the `appl/` of `root` up to date; gives the sources it compiled
/// (its `limbo: appl/...` lines, sorted) and its whole log.
fn compile(root: &Root) -> (Vec<String>, String) {
    let mut log = Vec::new();
    build(&root.path, &mut log).unwrap();
    let log = String::from_utf8(log).unwrap();
    let mut compiled: Vec<String> = log
        .lines()
        .filter_map(|l| l.strip_prefix("limbo: "))
        .map(str::to_string)
        .collect();
    compiled.sort();
    (compiled, log)
}

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
fn the_build_compiles_appl_once_and_then_only_what_changed() {
    let root = Root::with_sources("build");
    let (first, log) = compile(&root);
    assert_eq!(first, all_sources(&root), "{log}");
    for module in [
        "build/dis/echo.dis",
        "build/dis/ls.dis",
        "build/dis/lib/bufio.dis",
    ] {
        assert!(root.file(module).is_file(), "{module} missing");
    }
    assert_eq!(compile(&root).0, Vec::<String>::new());

    // Changing an interface recompiles exactly the sources that include it.
    let names_m = root.file("module/names.m");
    let mut text = fs::read_to_string(&names_m).unwrap();
    text.push_str("# changed\n");
    fs::write(&names_m, text).unwrap();
    let users = includers(&root, "names.m");
    assert!(users.contains(&"appl/cmd/basename.b".to_string()));
    assert_eq!(compile(&root).0, users);

    // Touching without changing the contents recompiles nothing.
    let echo = root.file("appl/cmd/echo.b");
    fs::write(&echo, fs::read(&echo).unwrap()).unwrap();
    assert_eq!(compile(&root).0, Vec::<String>::new());

    // Modules made by another compiler are all made again.
    let stamp = root.file("build/appl.stamp");
    let text = fs::read_to_string(&stamp).unwrap();
    let (first_line, rest) = text.split_once('\n').unwrap();
    assert!(first_line.starts_with("compiler "), "{first_line}");
    fs::write(&stamp, format!("compiler another\n{rest}")).unwrap();
    assert_eq!(compile(&root).0, all_sources(&root));

    // A removed source takes its module with it.
    fs::remove_file(root.file("appl/cmd/xd.b")).unwrap();
    compile(&root);
    assert!(!root.file("build/dis/xd.dis").exists());
}

#[test]
fn a_file_that_keeps_its_size_and_time_is_not_read_again() {
    let root = Root::with_sources("build-times");
    let echo = root.file("appl/cmd/echo.b");
    let set_time = |t| {
        fs::File::options()
            .write(true)
            .open(&echo)
            .unwrap()
            .set_modified(t)
            .unwrap()
    };
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    set_time(hour_ago);
    compile(&root);

    // The same size and time: taken as unchanged, whatever the contents.
    let text = fs::read_to_string(&echo).unwrap();
    let changed = text.replacen("# echo", "# Echo", 1);
    assert_eq!(changed.len(), text.len());
    fs::write(&echo, changed).unwrap();
    set_time(hour_ago);
    assert_eq!(compile(&root).0, Vec::<String>::new());

    // Another time: read, and found changed.
    set_time(hour_ago + std::time::Duration::from_secs(60));
    assert_eq!(compile(&root).0, vec!["appl/cmd/echo.b".to_string()]);
}

#[test]
fn a_source_with_errors_is_reported_and_not_retried_until_it_changes() {
    let root = Root::with_sources("broken");
    root.write(
        "appl/cmd/broken.b",
        "implement Broken;\ninclude \"sys.m\";\nBroken: module { init: fn(); };\ninit()\n{\n\tx: int = \"s\";\n}\n",
    );
    let (first, log) = compile(&root);
    assert!(first.contains(&"appl/cmd/broken.b".to_string()));
    assert!(first.contains(&"appl/cmd/echo.b".to_string()));
    assert!(log.contains("appl/cmd/broken.b:6: type clash"), "{log}");
    assert!(!root.file("build/dis/broken.dis").exists());
    assert!(root.file("build/dis/echo.dis").exists());
    assert_eq!(compile(&root).0, Vec::<String>::new());
    // Fixing it compiles it.
    root.write(
        "appl/cmd/broken.b",
        "implement Broken;\ninclude \"sys.m\";\ninclude \"draw.m\";\nBroken: module { init: fn(nil: ref Draw->Context, nil: list of string); };\ninit(nil: ref Draw->Context, nil: list of string)\n{\n\tsys := load Sys Sys->PATH;\n\tsys->print(\"fixed\\n\");\n}\n",
    );
    assert_eq!(compile(&root).0, vec!["appl/cmd/broken.b".to_string()]);
    assert!(root.file("build/dis/broken.dis").is_file());
}

#[test]
fn boot_never_compiles_the_appl_of_a_root_and_keeps_its_dis() {
    // An Inferno tree as root: its own appl/ (with a source our compiler
    // rejects) and its own dis/.
    let root = Root::new("inferno-tree");
    root.write("appl/cmd/wrong.b", "this is not limbo\n");
    root.write("dis/README", "the tree's own modules\n");
    let run = root.emu(&["sh", "-c", "ls /dis"]);
    assert!(!run.err.contains("limbo: appl/cmd/wrong.b"), "{}", run.err);
    assert!(!run.err.contains("wrong.b:"), "{}", run.err);
    assert!(!root.file("build").exists());
    // Its /dis is its own, not shadowed by the build (so ls is not found).
    assert_eq!(run.err, "sh: ls: './ls' file does not exist\n", "{run:?}");
}

#[test]
fn a_root_without_dis_or_module_offers_the_systems_own() {
    let root = Root::new("bare");
    root.write("tmp/data", "b\na\n");
    let run = root.emu(&["sh", "-c", "sort /tmp/data; ls /module/sys.m"]);
    assert_eq!(run.out, "a\nb\n/module/sys.m\n", "{run:?}");
    // Nothing was made in the root, and the system's files are read only.
    let mut names: Vec<String> = fs::read_dir(&root.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["tmp"]);
    let rm = root.emu(&["rm", "/dis/sort.dis", "/module/sys.m"]);
    assert_eq!(
        rm.err,
        "rm: /dis/sort.dis: permission denied\nrm: /module/sys.m: permission denied\n"
    );
    assert!(system::project().join("module/sys.m").is_file());
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
    let root = Root::new("limbo");
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
    let root = Root::new("limbo-errors");
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
    // The original's messages (its appl/cmd/limbo/limbo.b): the source that
    // cannot be opened with the system's reason, and the usage line alone.
    let missing = root.emu(&["limbo", "/tmp/none.b"]);
    assert_eq!(missing.status, 1);
    assert_eq!(
        missing.err,
        "can't open /tmp/none.b: '/tmp/none.b' does not exist\n"
    );
    let usage_line =
        "usage: limbo [-GSagwe] [-I incdir] [-o outfile] [-{T|t|d} module] [-D debug] file ...\n";
    for args in [
        &["limbo"][..],
        &["limbo", "-x", "/tmp/bad.b"],
        &["limbo", "-q", "/tmp/bad.b"],
    ] {
        let usage = root.emu(args);
        assert_eq!(
            (usage.status, usage.err.as_str()),
            (1, usage_line),
            "{args:?}"
        );
    }
}

#[test]
fn limbo_inside_the_system_takes_the_original_command_line() {
    let root = Root::new("limbo-flags");
    root.write("tmp/hello.b", PROGRAM);
    // Flags end at the first other word: "-o" and "x.dis" are sources here,
    // each named before it is compiled, since there are several.
    let c = root.emu(&["sh", "-c", "cd /tmp; limbo hello.b -o x.dis"]);
    assert_eq!(c.out, "hello.b:\n-o:\nx.dis:\n", "{}", c.err);
    assert_eq!(
        c.err,
        "can't open -o: '-o' file does not exist\ncan't open x.dis: 'x.dis' file does not exist\n"
    );
    assert!(root.file("tmp/hello.dis").is_file());
    // -x names the extension, -c and -C set the header's compile hints.
    let x = root.emu(&["sh", "-c", "cd /tmp; limbo -x .obj -cC hello.b"]);
    assert_eq!((x.status, x.err.as_str()), (0, ""));
    let module = dis::object::Module::read(&fs::read(root.file("tmp/hello.obj")).unwrap()).unwrap();
    let hints = dis::object::MUSTCOMPILE | dis::object::DONTCOMPILE;
    assert_eq!(module.flags & hints, hints);
    // A flag for the C of built-in modules is refused.
    let a = root.emu(&["limbo", "-a", "/tmp/hello.b"]);
    assert_eq!(a.status, 1);
    assert_eq!(
        a.err,
        "limbo: -a: output for built-in modules is not made by this compiler\n"
    );
}
