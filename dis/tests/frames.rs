//! Programs that overwrite their own frame headers (the caller's frame, module
//! link, return pc and type words) cannot make ending a prog or handling an
//! exception loop, wander or grow host memory: the interpreter follows its own
//! record of the frames. Each program runs under a time limit.

mod support;

use dis::vm::run::Outcome;
use std::sync::mpsc;
use std::time::Duration;
use support::{assemble, machine};

/// Runs `body` (with data directives `data`) as a command's `init` on a machine with a 64 MB arena and returns how
/// it ended; fails the test if it has not ended within 20 seconds.
fn outcome(data: &str, body: &str) -> Outcome {
    let (data, body) = (data.to_string(), body.to_string());
    let (done, ended) = mpsc::channel();
    std::thread::spawn(move || {
        let module = assemble(&data, &body, "").expect("assembles");
        let mut vm = machine();
        vm.mem.set_limit(64 << 20);
        let code = vm.code_from_module(&module).expect("loads");
        let p = vm.start_code(code, &[]).expect("starts");
        let _ = done.send(vm.run(p));
    });
    ended
        .recv_timeout(Duration::from_secs(20))
        .expect("the program did not end within 20 s")
}

#[test]
fn exit_after_forging_the_caller_link_ends_the_prog() {
    let end = outcome("", "    lea 0(fp), 4(fp)\n    movw $1, 8(fp)\n    exit\n");
    assert_eq!(end, Outcome::Exited);
}

#[test]
fn raise_after_forging_the_caller_link_breaks_the_prog() {
    let boom = "string @mp+56, \"boom\"";
    let end = outcome(boom, "    lea 0(fp), 4(fp)\n    raise 56(mp)\n");
    assert_eq!(end, Outcome::Broken("boom".to_string()));
    let end = outcome(
        boom,
        "    lea 0(fp), 4(fp)\n    movw $1, 8(fp)\n    raise 56(mp)\n",
    );
    assert_eq!(end, Outcome::Broken("boom".to_string()));
}

#[test]
fn forged_links_do_not_redirect_a_return() {
    // The callee points its caller link at itself and its return pc at its own
    // start: the return still goes to the real caller, which stores 7 and exits.
    let body = "    frame $1, 40(fp)
    call 40(fp), callee
    movw $7, 0(mp)
    exit
callee:
    lea 0(fp), 4(fp)
    movw $4, 0(fp)
    movw $1, 8(fp)
    ret
";
    assert_eq!(outcome("", body), Outcome::Exited);
    let (words, _) = support::run_with("", body).expect("runs");
    assert_eq!(words[0], 7);
}

#[test]
fn calling_what_is_not_an_uncalled_frame_raises() {
    let end = outcome(
        "",
        "    lea 0(mp), 40(fp)\n    call 40(fp), x\nx:\n    ret\n",
    );
    assert_eq!(end, Outcome::Broken("invalid frame".to_string()));
    // The running frame itself cannot be called again.
    let end = outcome(
        "",
        "    lea 0(fp), 40(fp)\n    call 40(fp), x\nx:\n    ret\n",
    );
    assert_eq!(end, Outcome::Broken("invalid frame".to_string()));
}

#[test]
fn a_call_within_the_module_leaves_the_saved_link_word_alone() {
    // As in the original, `call` writes only the return pc and the caller's
    // frame: the saved link word keeps what the program put there after
    // `frame`, in the short form (frame in `fp`) and the general one (in `mp`).
    let body = "    frame $1, 40(fp)
    movw $5, 8(40(fp))
    call 40(fp), first
    frame $1, 8(mp)
    movw $6, 8(8(mp))
    call 8(mp), second
    exit
first:
    movw 8(fp), 0(mp)
    ret
second:
    movw 8(fp), 4(mp)
    ret
";
    assert_eq!(outcome("", body), Outcome::Exited);
    let (words, _) = support::run_with("", body).expect("runs");
    assert_eq!((words[0], words[1]), (5, 6));
}
