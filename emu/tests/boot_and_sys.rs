//! `emu` as a host command, and Sys behaviour seen through small assembled
//! programs: the exit status of a normal and a failing command, standard input
//! piped into a program until end of file, an `FD`'s last reference closing the
//! host file (observed in the host's table of open files), `pctl(NEWNS)` keeping a
//! child's binds from its parent, `NODEVS` refusing `#U`, and a console read
//! holding up only the prog that reads.

mod harness;
use dis::asm::assemble;
use harness::watchdog::{self, Watchdog};
use harness::{new_root as make_root, testdata};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// Assembles `text` into `/dis/NAME.dis` of `root`.
fn install(root: &Path, name: &str, text: &str) {
    let module = assemble(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    fs::write(
        root.join(format!("dis/{name}.dis")),
        module.write().unwrap(),
    )
    .unwrap();
}

fn emu(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emu"));
    cmd.arg("-r").arg(root);
    cmd
}

/// Runs `emu -r root args...` with `input` as standard input.
fn run(root: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = emu(root)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _guard = Watchdog::new(child.id(), watchdog::LIMIT);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// The Sys functions the programs import, in import-table order, as `ext` lines,
/// with each one's index as a constant line for `mcall`.
const IMPORTS: &str = r##"
    ldts    @ldt, 1
    word    @ldt, 9
    ext     @ldt+4, 0x1478f993, "fildes"
    ext     @ldt+4, 0x7cfef557, "read"
    ext     @ldt+4, 0x7cfef557, "write"
    ext     @ldt+4, 0xac849033, "print"
    ext     @ldt+4, 0x8f477f99, "open"
    ext     @ldt+4, 0x05df27fb, "pctl"
    ext     @ldt+4, 0x66326d91, "bind"
    ext     @ldt+4, 0xf46486c8, "fprint"
    ext     @ldt+4, 0xe67bf126, "sleep"
    module  T
    entry   init, 1
    link    1, init, 0x4244b354, "init"
"##;

/// Frame types of the Sys calls used: 2 fildes, 4 read/write, 5 print with one
/// word argument, 6 open, 7 pctl, 8 bind.
const CALL_FRAMES: &str = r##"
    desc    $2, 40, ""
    desc    $3, 1, ""
    desc    $4, 48, "00c0"
    desc    $5, 40, "0080"
    desc    $6, 40, "0080"
    desc    $7, 40, "0040"
    desc    $8, 48, "00c0"
"##;

/// Copies standard input to standard output until a read gives 0, then prints
/// "EOF".
const CAT: &str = r##"
    var     @mp, 16
    desc    $0, 16, "f0"
    desc    $1, 64, "00e4"      # 32 ctxt, 36 argv, 40 fd 0, 52 fd 1; 44 callee, 48 n
    string  @mp+0, "$Sys"
    array   @mp+8, $3, 64
    string  @mp+12, "EOF\n"
init:   load    0(mp), $0, 4(mp)
        frame   $2, 44(fp)
        movw    $0, 32(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $0, 4(mp)
        frame   $2, 44(fp)
        movw    $1, 32(44(fp))
        lea     52(fp), 16(44(fp))
        mcall   44(fp), $0, 4(mp)
loop:   frame   $4, 44(fp)
        movp    40(fp), 32(44(fp))
        movp    8(mp), 36(44(fp))
        movw    $64, 40(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $1, 4(mp)
        blew    48(fp), $0, done
        frame   $4, 44(fp)
        movp    52(fp), 32(44(fp))
        movp    8(mp), 36(44(fp))
        movw    48(fp), 40(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $2, 4(mp)
        jmp     loop
done:   frame   $5, 44(fp)
        movp    12(mp), 32(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        ret
"##;

#[test]
fn piped_standard_input_reaches_the_program_then_end_of_file() {
    let scratch = make_root("cat");
    let root = scratch.path();
    install(root, "cat", &format!("{CALL_FRAMES}{CAT}{IMPORTS}"));
    let out = run(root, &["cat"], b"hello\nsecond line\nno newline");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello\nsecond line\nno newlineEOF\n"
    );
    assert!(out.status.success());
    let empty = run(root, &["/dis/cat.dis"], b"");
    assert_eq!(String::from_utf8_lossy(&empty.stdout), "EOF\n");
}

#[test]
fn exit_status_says_whether_the_command_failed() {
    let scratch = make_root("status");
    let root = scratch.path();
    for name in ["lang-int", "lang-uncaught", "rt-cmd-fail"] {
        fs::copy(
            testdata().join(format!("{name}.dis")),
            root.join(format!("dis/{name}.dis")),
        )
        .unwrap();
    }
    let ok = run(root, &["lang-int"], b"");
    assert_eq!(ok.status.code(), Some(0));
    let broken = run(root, &["/dis/lang-uncaught.dis"], b"");
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("Broken"));
    let missing = run(root, &["no-such-command"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/dis/no-such-command.dis"));
    let usage = run(root, &["-x"], b"");
    assert_eq!(usage.status.code(), Some(2));
    // No command: the shell, interactive on the console, prompting.
    let shell = run(root, &[], b"load echo; echo in the shell\n");
    assert_eq!(shell.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&shell.stdout), "in the shell\n");
    // The prompt goes to standard error, as the original's does.
    assert_eq!(String::from_utf8_lossy(&shell.stderr), "; ; \n");
}

/// Opens `/tmp/held`, says "open", waits for a line on standard input, drops its
/// only reference to the FD, says "dropped", waits for another line.
const HOLD: &str = r##"
    var     @mp, 32
    desc    $0, 32, "fe"
    desc    $1, 64, "00e4"      # 40 fd 0, 52 the held file; 44 callee, 48 n
    string  @mp+0, "$Sys"
    array   @mp+8, $3, 64
    string  @mp+12, "open\n"
    string  @mp+16, "dropped\n"
    string  @mp+20, "/tmp/held"
init:   load    0(mp), $0, 4(mp)
        frame   $2, 44(fp)
        movw    $0, 32(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $0, 4(mp)
        frame   $6, 44(fp)
        movp    20(mp), 32(44(fp))
        movw    $0, 36(44(fp))
        lea     52(fp), 16(44(fp))
        mcall   44(fp), $4, 4(mp)
        frame   $5, 44(fp)
        movp    12(mp), 32(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        frame   $4, 44(fp)
        movp    40(fp), 32(44(fp))
        movp    8(mp), 36(44(fp))
        movw    $64, 40(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $1, 4(mp)
        movp    24(mp), 52(fp)      # fd = nil (24(mp) is never set)
        frame   $5, 44(fp)
        movp    16(mp), 32(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        frame   $4, 44(fp)
        movp    40(fp), 32(44(fp))
        movp    8(mp), 36(44(fp))
        movw    $64, 40(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $1, 4(mp)
        ret
"##;

/// Whether process `pid` has `file` open, from the host's table of its open files.
fn has_open(pid: u32, file: &Path) -> bool {
    let Ok(entries) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    entries
        .flatten()
        .any(|e| fs::read_link(e.path()).is_ok_and(|t| t == file))
}

fn read_line(out: &mut BufReader<std::process::ChildStdout>) -> String {
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    line
}

#[test]
fn dropping_the_last_fd_reference_closes_the_host_file() {
    if !Path::new("/proc/self/fd").is_dir() {
        return; // no way to look at a process's open files on this host
    }
    let scratch = make_root("hold");
    let root = scratch.path();
    install(root, "hold", &format!("{CALL_FRAMES}{HOLD}{IMPORTS}"));
    let held = fs::canonicalize(root.join("tmp")).unwrap().join("held");
    fs::write(&held, "x").unwrap();
    let mut child: Child = emu(root)
        .arg("hold")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let _guard = Watchdog::new(child.id(), watchdog::LIMIT);
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    assert_eq!(read_line(&mut out), "open\n");
    assert!(has_open(child.id(), &held), "the open file is held");
    stdin.write_all(b"go\n").unwrap();
    assert_eq!(read_line(&mut out), "dropped\n");
    assert!(
        !has_open(child.id(), &held),
        "the dropped FD closed the file"
    );
    drop(stdin);
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success());
}

/// A child does `pctl(NEWNS)` (a name space of its own whose root is the current
/// directory, `#/`, with nothing bound) and binds the host directory `#U/b` onto
/// `/chan`, then reports whether it can open `/chan/inb`, and tells the parent,
/// which reports the same for itself.
const NEWNS: &str = r##"
    var     @mp, 40
    desc    $0, 40, "ff"
    desc    $1, 64, "00e0"      # 40 an FD; 44 callee, 48 result, 52 flag word
    desc    $9, 64, "00e0"      # the child's frame, laid out the same
    string  @mp+0, "$Sys"
    string  @mp+8, "#U/b"
    string  @mp+12, "/chan"
    string  @mp+16, "/chan/inb"
    string  @mp+20, "child opens /chan/inb: %d\n"
    string  @mp+24, "parent opens /chan/inb: %d\n"
init:   load    0(mp), $0, 4(mp)
        newcw   28(mp)
        frame   $9, 44(fp)
        spawn   44(fp), child
        recv    28(mp), 52(fp)
        frame   $6, 44(fp)
        movp    16(mp), 32(44(fp))
        movw    $0, 36(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $4, 4(mp)
        movw    $1, 52(fp)
        bnew    40(fp), $-1, p1
        movw    $0, 52(fp)
p1:     frame   $10, 44(fp)
        movp    24(mp), 32(44(fp))
        movw    52(fp), 36(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        ret
child:  frame   $7, 44(fp)
        movw    $4, 32(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $5, 4(mp)
        frame   $8, 44(fp)
        movp    8(mp), 32(44(fp))
        movp    12(mp), 36(44(fp))
        movw    $0, 40(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $6, 4(mp)
        frame   $6, 44(fp)
        movp    16(mp), 32(44(fp))
        movw    $0, 36(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $4, 4(mp)
        movw    $1, 52(fp)
        bnew    40(fp), $-1, c1
        movw    $0, 52(fp)
c1:     frame   $10, 44(fp)
        movp    20(mp), 32(44(fp))
        movw    52(fp), 36(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        send    52(fp), 28(mp)
        ret
    desc    $10, 40, "0080"     # print with one word argument
"##;

#[test]
fn a_childs_new_name_space_keeps_its_binds_from_the_parent() {
    let scratch = make_root("newns");
    let root = scratch.path();
    fs::create_dir_all(root.join("b")).unwrap();
    fs::write(root.join("b/inb"), "in b").unwrap();
    install(root, "newns", &format!("{CALL_FRAMES}{NEWNS}{IMPORTS}"));
    let out = run(root, &["newns"], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "child opens /chan/inb: 1\nparent opens /chan/inb: 0\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Opens `#U/a` before and after `pctl(NODEVS)`, and `#|/data` after, printing
/// whether each open worked (and `%r` for the refused one).
const NODEVS: &str = r##"
    var     @mp, 32
    desc    $0, 32, "fe"
    desc    $1, 64, "00e0"      # 40 an FD; 44 callee, 48 result, 52 flag word
    desc    $9, 40, "0080"
    string  @mp+0, "$Sys"
    string  @mp+8, "#U/a"
    string  @mp+12, "#|/data"
    string  @mp+16, "#U: %d\n"
    string  @mp+20, "after NODEVS, #U: %d %r\n"
    string  @mp+24, "after NODEVS, #|: %d\n"
init:   load    0(mp), $0, 4(mp)
        frame   $6, 44(fp)
        movp    8(mp), 32(44(fp))
        movw    $0, 36(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $4, 4(mp)
        movw    $1, 52(fp)
        bnew    40(fp), $-1, a1
        movw    $0, 52(fp)
a1:     frame   $9, 44(fp)
        movp    16(mp), 32(44(fp))
        movw    52(fp), 36(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        frame   $7, 44(fp)
        movw    $32, 32(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $5, 4(mp)
        frame   $6, 44(fp)
        movp    8(mp), 32(44(fp))
        movw    $0, 36(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $4, 4(mp)
        movw    $1, 52(fp)
        bnew    40(fp), $-1, a2
        movw    $0, 52(fp)
a2:     frame   $9, 44(fp)
        movp    20(mp), 32(44(fp))
        movw    52(fp), 36(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        frame   $6, 44(fp)
        movp    12(mp), 32(44(fp))
        movw    $0, 36(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $4, 4(mp)
        movw    $1, 52(fp)
        bnew    40(fp), $-1, a3
        movw    $0, 52(fp)
a3:     frame   $9, 44(fp)
        movp    24(mp), 32(44(fp))
        movw    52(fp), 36(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        ret
"##;

#[test]
fn nodevs_refuses_host_files_but_not_pipes() {
    let scratch = make_root("nodevs");
    let root = scratch.path();
    fs::create_dir_all(root.join("a")).unwrap();
    install(root, "nodevs", &format!("{CALL_FRAMES}{NODEVS}{IMPORTS}"));
    let out = run(root, &["nodevs"], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "#U: 1\nafter NODEVS, #U: 0 mount/attach disallowed\nafter NODEVS, #|: 1\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A child reads a line from the console and prints it; meanwhile the parent
/// sleeps a little and prints "parent runs", which only appears before the input
/// if the child's console read left the interpreter free.
const CONSOLE_WAIT: &str = r##"
    var     @mp, 24
    desc    $0, 24, "f8"
    desc    $1, 64, "00e0"      # 40 fd 0; 44 callee, 48 result
    desc    $9, 64, "00e2"      # the child's: 40 fd 0, 56 fd 1; 44 callee, 48 n
    desc    $10, 40, ""         # sleep
    string  @mp+0, "$Sys"
    array   @mp+8, $3, 64
    string  @mp+12, "parent runs\n"
    string  @mp+16, "child read: "
init:   load    0(mp), $0, 4(mp)
        frame   $9, 44(fp)
        spawn   44(fp), child
        frame   $10, 44(fp)
        movw    $100, 32(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $8, 4(mp)
        frame   $5, 44(fp)
        movp    12(mp), 32(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        ret
child:  frame   $2, 44(fp)
        movw    $0, 32(44(fp))
        lea     40(fp), 16(44(fp))
        mcall   44(fp), $0, 4(mp)
        frame   $4, 44(fp)
        movp    40(fp), 32(44(fp))
        movp    8(mp), 36(44(fp))
        movw    $64, 40(44(fp))
        lea     48(fp), 16(44(fp))
        mcall   44(fp), $1, 4(mp)
        frame   $5, 44(fp)
        movp    16(mp), 32(44(fp))
        lea     52(fp), 16(44(fp))
        mcall   44(fp), $3, 4(mp)
        frame   $2, 44(fp)
        movw    $1, 32(44(fp))
        lea     56(fp), 16(44(fp))
        mcall   44(fp), $0, 4(mp)
        frame   $4, 44(fp)
        movp    56(fp), 32(44(fp))
        movp    8(mp), 36(44(fp))
        movw    48(fp), 40(44(fp))
        lea     52(fp), 16(44(fp))
        mcall   44(fp), $2, 4(mp)
        ret
"##;

#[test]
fn a_console_read_blocks_only_the_reading_prog() {
    let scratch = make_root("conswait");
    let root = scratch.path();
    install(
        root,
        "conswait",
        &format!("{CALL_FRAMES}{CONSOLE_WAIT}{IMPORTS}"),
    );
    let mut child = emu(root)
        .arg("conswait")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let _guard = Watchdog::new(child.id(), watchdog::LIMIT);
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    // Nothing has been typed yet: the parent still runs.
    assert_eq!(read_line(&mut out), "parent runs\n");
    stdin.write_all(b"typed later\n").unwrap();
    drop(stdin);
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "child read: typed later\n");
    assert!(child.wait().unwrap().success());
}
