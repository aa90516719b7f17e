//! The interactive shell on a pseudo-terminal, as a user types at it: keys
//! go in through the terminal, and what the screen receives is matched.
//! Each test ends within its time limit.

mod system;

use rexpect::session::{spawn_command, PtySession};
use std::process::Command;
use system::Root;

/// How long any one expected text may take to appear.
const TIMEOUT_MS: u64 = 20_000;

/// `emu -r ROOT` (the login shell) on a fresh pseudo-terminal, at its first prompt.
fn shell(root: &Root) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emu"));
    cmd.arg("-r").arg(&root.path);
    let mut p = spawn_command(cmd, Some(TIMEOUT_MS)).expect("emu starts on a terminal");
    p.exp_string("; ").expect("first prompt");
    p
}

#[test]
fn output_without_a_newline_stays_before_the_prompt() {
    let root = Root::new("term-newline");
    let mut p = shell(&root);
    p.send_line("load echo; echo -n hello").unwrap();
    // The original shows `hello; `; drawing the prompt at the start of the
    // line would hide the word.
    p.exp_string("hello; ").expect("hello before the prompt");
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn the_line_after_an_interrupted_command_runs() {
    let root = Root::new("term-interrupt");
    let mut p = shell(&root);
    p.send_line("load echo; sleep 100").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send_control('c').unwrap();
    p.exp_string("; ").expect("prompt after the interrupt");
    p.send_line("echo A-ran").unwrap();
    p.exp_string("A-ran\r\n").expect("the next line runs");
    p.send_line("echo B $status").unwrap();
    p.exp_string("B \r\n").expect("its status is success");
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn consctl_rawon_reads_each_key_as_typed_without_echo() {
    let root = Root::new("term-raw");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/rawkey.b");
    root.compile(&source, "tmp/rawkey.dis");
    let mut p = shell(&root);
    p.send_line("/tmp/rawkey.dis").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    // No newline: a terminal left in line mode would hold the key back.
    p.send("x").unwrap();
    p.flush().unwrap();
    let before = p.exp_string("key 120").expect("the key as typed");
    assert!(
        !before.contains('x'),
        "the terminal echoed the key: {before:?}"
    );
    p.exp_string("; ").expect("prompt after the program");
    p.send_line("echo cooked").unwrap();
    p.exp_string("cooked\r\n")
        .expect("line mode again after rawoff");
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}
