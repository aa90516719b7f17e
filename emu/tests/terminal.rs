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

#[test]
fn no_line_is_lost_after_an_interrupted_console_reader() {
    let root = Root::new("term-reader");
    let mut p = shell(&root);
    p.send_line("load echo; cat").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send_line("to-cat").unwrap();
    // The terminal does not echo (rexpect turns echo off): this is cat's copy.
    p.exp_string("to-cat\r\n").expect("cat copies its line");
    p.send_control('c').unwrap();
    p.exp_string("; ").expect("prompt after the interrupt");
    // The killed cat's read must not take these lines from the editor.
    for word in ["first", "second", "third", "fourth"] {
        // The word is joined by `^`, so the echo of the typed line does not match.
        p.send_line(&format!("echo ran^-{word}")).unwrap();
        p.exp_string(&format!("ran-{word}\r\n"))
            .unwrap_or_else(|e| panic!("{word} line lost: {e}"));
    }
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn every_line_of_a_paste_runs_in_order() {
    let root = Root::new("term-paste");
    let mut p = shell(&root);
    // One write, as a terminal passes a paste on without bracketed paste.
    // Joined by `^`, so the echo of the typed lines does not match.
    p.send("load echo\recho pasted^-one\recho pasted^-two\recho pasted^-three\r")
        .unwrap();
    p.flush().unwrap();
    for word in ["one", "two", "three"] {
        p.exp_string(&format!("pasted-{word}\r\n"))
            .unwrap_or_else(|e| panic!("pasted line {word} did not run: {e}"));
    }
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn tab_completes_a_command_of_the_search_path() {
    let root = Root::new("term-tab-cmd");
    let mut p = shell(&root);
    // Only /dis/cleanname.dis starts so; the rest of the line follows the Tab.
    p.send("cleann\t /a/b/../c\r").unwrap();
    p.flush().unwrap();
    p.exp_string("/a/c\r\n").expect("cleanname ran");
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn tab_completes_a_function_name() {
    let root = Root::new("term-tab-fn");
    let mut p = shell(&root);
    p.send_line("load std echo; fn zqgreet { echo greet^-ran }")
        .unwrap();
    p.exp_string("; ").expect("prompt after the definition");
    p.send("zqgr\t\r").unwrap();
    p.flush().unwrap();
    p.exp_string("greet-ran\r\n").expect("the function ran");
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn tab_completes_file_names_of_the_name_space() {
    let root = Root::new("term-tab-file");
    root.write("tmp/zqfolder/tabfile-only", "tab-content-42\n");
    let mut p = shell(&root);
    // The host's tmp/ holds only the folder: the file is in /tmp only
    // through the bind.
    p.send_line("bind -b /tmp/zqfolder /tmp").unwrap();
    p.exp_string("; ").expect("prompt after the bind");
    p.send("cat /tmp/tabf\t\r").unwrap();
    p.flush().unwrap();
    p.exp_string("tab-content-42")
        .expect("cat read the completed name");
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}
