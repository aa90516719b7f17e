//! What the shell does to emu as a whole, which a system test run inside emu
//! by itest (`tests/system/`) cannot see: emu waits for background commands
//! before it ends, `kill -g 1` ends emu's first shell at once, a command
//! that breaks reaches emu's console as the kernel's `Broken` line, and the
//! first shell's own /prog entry shows the binds made in it (a shell that a
//! shell runs, as itest's tests are run, shares its process and so its /prog
//! entry with that shell). Each runs
//! `emu sh SCRIPT` and compares everything emu prints (standard output and
//! error together) with what the original prints.

mod system;

use system::{project, Root};

/// Everything `emu sh /tests/script.sh` prints, `script` being the text of
/// the script, in a root whose `/dis` is the system's own and whose `/tmp`
/// holds the conformance module `rt-err-uncaught`.
fn run(tag: &str, script: &str) -> String {
    let root = Root::new(tag);
    root.write("tests/script.sh", script);
    let module = project().join("tests/conformance/rt-err-uncaught.dis");
    std::fs::copy(module, root.file("tmp/rt-err-uncaught.dis")).unwrap();
    root.emu_merged(&["sh", "/tests/script.sh"], b"")
}

/// man/1/sh: `&` runs a command in the background and sets `$apid` to its
/// process's id, listed in /prog; `kill` (man/1/kill) of that id stops it,
/// with an empty status. Our decision (README, "The shell": background
/// commands are waited for before emu exits): `bg-done` comes last.
#[test]
fn emu_waits_for_background_commands() {
    let script = "load std echo
{sleep 1; echo bg-done} &
~ $apid [0-9]* && echo apid is a pid
cat /prog/$apid/status > /dev/null && echo listed in /prog
sleep 1000 &
kill $apid
echo kill status $status
echo fg-done
";
    let want = "apid is a pid\nlisted in /prog\nkill status \nfg-done\nbg-done\n";
    assert_eq!(run("background", script), want);
}

/// man/1/kill: `-g` kills the process group of the given pid; pid 1 is emu's
/// first shell, so the shell ends at once and prints nothing more.
#[test]
fn kill_of_the_first_shells_group_ends_it_at_once() {
    let script = "load std echo\necho before\nkill -g 1\necho not reached\n";
    assert_eq!(run("killgroup", script), "before\n");
}

/// man/3/prog: `ns` of a process lists its name space, one bind or mount per
/// read (man/1/ns prints them); the shell's own shows what it bound.
#[test]
fn the_shells_own_prog_entry_shows_its_binds() {
    let script = "load std echo
mkdir /tmp/nsdir
bind /tmp /tmp/nsdir
ns ${pid} | getlines {~ $line *nsdir* && echo the shell: $line}
";
    assert_eq!(
        run("ns-of-the-shell", script),
        "the shell: bind /tmp /tmp/nsdir\n"
    );
}

/// A command's uncaught exception: the original's kernel prints
/// `[Module] Broken: "exception"` on the console for each thread that breaks
/// (the original's emu/port/dis.c), and its shell prints the wait record of
/// a command that ended with an error that is not `fail:` after `sh: `
/// (`PID "Module":exception`, the form of sys-wait(2)) and takes the exception
/// as the status (the original's appl/cmd/sh/sh.y, `waitfor`). The
/// program's lines are its own (tests/conformance/rt-err-uncaught.out).
#[test]
fn a_command_that_breaks_is_reported_by_the_kernel_and_the_shell() {
    let script = "load std echo\n/tmp/rt-err-uncaught.dis\necho status $status\n";
    let got = run("broken-command", script);
    let lines: Vec<&str> = got.lines().collect();
    let want = [
        "spawning a thread that raises a string",
        "[RtErrUncaught] Broken: \"unhandled: a string exception\"",
        "spawning a thread that raises a typed exception",
        "[RtErrUncaught] Broken: \"RtErrUncaught.0.Oops\"",
        "main: last line before the fatal error",
        "[RtErrUncaught] Broken: \"array bounds error\"",
    ];
    assert!(lines.len() == 8 && lines[..6] == want, "{got}");
    let pid = lines[6]
        .strip_prefix("sh: ")
        .and_then(|l| l.strip_suffix(" \"RtErrUncaught\":array bounds error"));
    assert!(
        pid.is_some_and(|p| p.parse::<u32>().is_ok()),
        "not the shell's report: {}",
        lines[6]
    );
    assert_eq!(lines[7], "status array bounds error");
}
