//! Threads, channels, alt and the scheduler, in assembler programs run on a machine
//! with the test module `$T`: many progs at once, preemption, alt fairness, buffered
//! order, killing waiting progs, blocking calls.

mod support;

use dis::vm::{ExceptionMode, KillScope, Machine, State};
use support::tmod::{call, machine, program, tcall};

/// Starts `body` (see `program`) and runs it until no prog can run; returns the
/// arena use before the run.
fn run(vm: &mut Machine, body: &str) -> u64 {
    let code = vm.code_from_module(&program(body)).unwrap();
    let p = vm.start_code(code, &[]).unwrap();
    let before = vm.heap.in_use;
    vm.run(p);
    before
}

#[test]
fn a_hundred_thousand_progs_complete_and_free_their_memory() {
    let n = 100_000;
    let body = format!(
        "    newcw   $0, 64(fp)
    movw    $0, 40(fp)
spawn:  bgew    40(fp), ${n}, spawned
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), child
    addw    $1, 40(fp)
    jmp     spawn
spawned:
{note_all}    movw    $0, 40(fp)
send:   bgew    40(fp), ${n}, done
    send    40(fp), 64(fp)
    addw    $1, 40(fp)
    jmp     send
done:
    ret
child:
    recv    32(fp), 36(fp)
    addw    $1, 0(mp)
    ret
",
        note_all = call(4, "$0", "56(fp)")
    );
    let (mut vm, notes, exits) = machine();
    let before = run(&mut vm, &body);
    let alive = notes.borrow()[0].1;
    assert!(
        alive > before + 100 * n as u64,
        "every prog holds a stack while alive"
    );
    eprintln!(
        "per idle prog: {} arena bytes, {} bytes of register set",
        (alive - before) / n as u64,
        std::mem::size_of::<dis::vm::Prog>()
    );
    assert_eq!(exits.borrow().len(), n + 1, "every prog ended");
    assert!(exits.borrow().iter().all(|(_, text)| text.is_empty()));
    assert!(vm.progs().is_empty());
    assert!(
        vm.heap.in_use <= before,
        "all their memory is free again ({} > {before})",
        vm.heap.in_use
    );
}

#[test]
fn an_endless_loop_does_not_starve_another_prog() {
    let body = format!(
        "    newcw   $0, 64(fp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), spinner
    recv    64(fp), 60(fp)
    movw    $0, 40(fp)
count:  bgew    40(fp), $1000000, counted
    addw    $1, 40(fp)
    jmp     count
counted:
{note}{kill}    ret
spinner:
{pid}    send    44(fp), 32(fp)
spin:   jmp     spin
",
        note = call(4, "40(fp)", "56(fp)"),
        kill = call(3, "60(fp)", "56(fp)"),
        pid = tcall(2, "$0", "44(fp)")
    );
    let (mut vm, notes, exits) = machine();
    let before = run(&mut vm, &body);
    assert_eq!(notes.borrow()[0].0, 1_000_000, "the counter finished");
    let exits = exits.borrow();
    assert!(
        exits
            .iter()
            .any(|(pid, text)| *pid == 2 && text == "killed"),
        "the spinner was killed: {exits:?}"
    );
    assert!(vm.progs().is_empty());
    assert!(vm.heap.in_use <= before);
}

#[test]
fn alt_chooses_fairly_between_two_ready_channels() {
    let body = format!(
        "    newcw   $1, 64(fp)
    newcw   $1, 68(fp)
    send    $0, 64(fp)
    send    $0, 68(fp)
    movw    $0, 40(fp)
    movw    $0, 32(fp)
    movw    $0, 36(fp)
loop:   bgew    40(fp), $10000, done
    movw    $0, 80(fp)
    movw    $2, 84(fp)
    movw    64(fp), 88(fp)
    lea     56(fp), 92(fp)
    movw    68(fp), 96(fp)
    lea     56(fp), 100(fp)
    alt     80(fp), 52(fp)
    beqw    52(fp), $0, gota
    addw    $1, 36(fp)
    send    $0, 68(fp)
    jmp     next
gota:   addw    $1, 32(fp)
    send    $0, 64(fp)
next:   addw    $1, 40(fp)
    jmp     loop
done:
{a}{b}    ret
",
        a = call(4, "32(fp)", "56(fp)"),
        b = call(4, "36(fp)", "56(fp)")
    );
    let (mut vm, notes, _) = machine();
    run(&mut vm, &body);
    let notes = notes.borrow();
    let (a, b) = (notes[0].0, notes[1].0);
    assert_eq!(a + b, 10_000);
    assert!(
        (4000..=6000).contains(&a) && (4000..=6000).contains(&b),
        "a chosen {a} times, b {b} times"
    );
}

#[test]
fn a_buffered_channel_keeps_order() {
    let body = format!(
        "    newcw   $7, 64(fp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), producer
    movw    $0, 40(fp)
    movw    $0, 36(fp)
loop:   bgew    40(fp), $1000, done
    recv    64(fp), 32(fp)
    beqw    32(fp), 40(fp), inorder
    addw    $1, 36(fp)
inorder:
    addw    $1, 40(fp)
    jmp     loop
done:
{bad}{count}    ret
producer:
    movw    $0, 36(fp)
more:   bgew    36(fp), $1000, end
    send    36(fp), 32(fp)
    addw    $1, 36(fp)
    jmp     more
end:    ret
",
        bad = call(4, "36(fp)", "56(fp)"),
        count = call(4, "40(fp)", "56(fp)")
    );
    let (mut vm, notes, _) = machine();
    run(&mut vm, &body);
    let notes = notes.borrow();
    assert_eq!(notes[1].0, 1000, "all values received");
    assert_eq!(notes[0].0, 0, "values out of order");
}

/// A child that waits forever in the code at `wait` (with its channel in `32(fp)`),
/// spawned by an `init` that then returns.
fn waiting_child(wait: &str) -> String {
    format!(
        "    newcw   $0, 64(fp)
    newcw   $0, 60(mp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), child
    ret
child:
{wait}    ret
"
    )
}

/// Runs `body`, expects one prog left in `state`, kills it and checks it is gone
/// with its memory.
fn kill_waiting(body: &str, state: State, scope: KillScope) {
    let (mut vm, _, exits) = machine();
    let before = run(&mut vm, body);
    let left = vm.progs();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].state, state);
    assert!(vm.kill(left[0].pid, scope));
    assert!(vm.progs().is_empty(), "{:?}", vm.progs());
    assert_eq!(
        exits.borrow().last(),
        Some(&(left[0].pid, "killed".to_string()))
    );
    assert!(!vm.kill(left[0].pid, scope), "no such prog any more");
    assert!(vm.heap.in_use <= before);
}

#[test]
fn killing_a_prog_blocked_in_recv() {
    let body = waiting_child("    recv    32(fp), 36(fp)\n");
    kill_waiting(&body, State::Recv, KillScope::Prog);
}

#[test]
fn killing_a_prog_blocked_in_send() {
    let body = waiting_child("    send    $5, 32(fp)\n");
    kill_waiting(&body, State::Send, KillScope::Group);
}

#[test]
fn killing_a_prog_blocked_in_alt() {
    let body = waiting_child(
        "    movw    $0, 0(mp)
    movw    $2, 4(mp)
    movw    32(fp), 8(mp)
    lea     36(fp), 12(mp)
    movw    60(mp), 16(mp)
    lea     36(fp), 20(mp)
    alt     0(mp), 44(fp)
",
    );
    kill_waiting(&body, State::Alt, KillScope::Prog);
}

#[test]
fn killing_a_prog_asleep() {
    let body = format!(
        "    newcw   $0, 64(fp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), sleeper
    recv    64(fp), 60(fp)
{kill}{note}    ret
sleeper:
{pid}    send    44(fp), 32(fp)
{sleep}    movw    $1, 0(mp)
    ret
",
        kill = call(3, "60(fp)", "56(fp)"),
        note = call(4, "56(fp)", "56(fp)"),
        pid = tcall(2, "$0", "44(fp)"),
        sleep = tcall(0, "$100000000", "44(fp)")
    );
    let (mut vm, notes, exits) = machine();
    let before = run(&mut vm, &body);
    assert_eq!(notes.borrow()[0].0, 1, "kill found the sleeper");
    assert!(exits.borrow().contains(&(2, "killed".to_string())));
    assert!(vm.progs().is_empty());
    assert!(vm.heap.in_use <= before);
}

#[test]
fn a_blocking_call_lets_others_run_and_returns_its_value() {
    let body = format!(
        "    newcw   $0, 64(fp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), blocker
    movw    $0, 40(fp)
count:  bgew    40(fp), $100000, counted
    addw    $1, 40(fp)
    jmp     count
counted:
{note_count}    recv    64(fp), 36(fp)
{note_value}    ret
blocker:
{block}    send    44(fp), 32(fp)
    ret
",
        note_count = call(4, "40(fp)", "56(fp)"),
        note_value = call(4, "36(fp)", "56(fp)"),
        block = tcall(1, "$200", "44(fp)")
    );
    let (mut vm, notes, _) = machine();
    let before = run(&mut vm, &body);
    let notes = notes.borrow();
    assert_eq!(notes[0].0, 100_000, "main ran while the call blocked");
    assert_eq!(notes[1].0, 200, "the call's value arrived");
    assert!(vm.progs().is_empty());
    assert!(vm.heap.in_use <= before);
}

#[test]
fn a_channel_destroyed_under_a_waiting_receiver_hangs_up() {
    // The child keeps the channel only as a plain word while it waits; main drops
    // the last pointer to it.
    let body = format!(
        "    newcw   $0, 56(mp)
    frame   $2, 48(fp)
    movp    56(mp), 32(48(fp))
    spawn   48(fp), child
{sleep}    movp    60(mp), 56(mp)
    ret
child:
    movw    32(fp), 40(fp)
    movp    60(mp), 32(fp)
    recv    40(fp), 36(fp)
    ret
",
        sleep = call(0, "$1", "40(fp)")
    );
    let (mut vm, _, exits) = machine();
    run(&mut vm, &body);
    assert!(
        exits.borrow().contains(&(2, "channel hangup".to_string())),
        "{exits:?}"
    );
    assert_eq!(vm.progs().len(), 1, "the broken child is kept");
    assert_eq!(vm.progs()[0].state, State::Broken);
    assert!(vm.kill(2, KillScope::Prog));
    assert!(vm.progs().is_empty());
    assert_eq!(
        exits.borrow().last(),
        Some(&(2, "killed".to_string())),
        "killing a broken prog reports it again"
    );
}

/// Runs `body` with the first prog's group in exception mode `mode`; returns the
/// exits.
fn run_in_mode(body: &str, mode: ExceptionMode) -> Vec<(u32, String)> {
    let (mut vm, _, exits) = machine();
    let code = vm.code_from_module(&program(body)).unwrap();
    let p = vm.start_code(code, &[]).unwrap();
    let pid = p.pid;
    let slot = vm.add_prog(p);
    vm.set_exception_mode(pid, mode).unwrap();
    vm.run_all(slot);
    let exits = exits.borrow().clone();
    exits
}

/// `init` (pid 1) spawns a prog that waits (pid 2) and one that raises "7" (pid
/// 3), then waits itself.
const GROUP: &str = "    newcw   $0, 64(fp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), waiter
    frame   $2, 48(fp)
    spawn   48(fp), raiser
    recv    64(fp), 40(fp)
    ret
waiter:
    recv    32(fp), 36(fp)
    ret
raiser:
    cvtwc   $7, 32(fp)
    raise   32(fp)
";

#[test]
fn propagate_raises_an_unhandled_exception_in_every_member() {
    let exits = run_in_mode(GROUP, ExceptionMode::Propagate);
    for pid in 1..=3 {
        assert!(exits.contains(&(pid, "7".to_string())), "{exits:?}");
    }
}

#[test]
fn notifyleader_kills_the_members_and_raises_in_the_leader() {
    let exits = run_in_mode(GROUP, ExceptionMode::NotifyLeader);
    assert!(exits.contains(&(3, "7".to_string())), "{exits:?}");
    assert!(exits.contains(&(2, "killed".to_string())), "{exits:?}");
    assert!(exits.contains(&(1, "7".to_string())), "{exits:?}");
}

#[test]
fn by_default_an_exception_stays_in_its_prog() {
    let (mut vm, _, exits) = machine();
    run(&mut vm, GROUP);
    assert_eq!(*exits.borrow(), vec![(3, "7".to_string())]);
    let states: Vec<State> = vm.progs().iter().map(|p| p.state).collect();
    assert_eq!(states.len(), 3, "two waiting, one broken");
    assert!(states.contains(&State::Broken));
    assert!(vm.kill(1, KillScope::Group), "killgrp");
    assert!(vm.progs().is_empty());
}

#[test]
fn remote_calls_run_on_the_interpreter_thread_only_from_elsewhere() {
    let (mut vm, _, _) = machine();
    let remote = vm.remote();
    assert!(
        remote.call(|vm| vm.progs().len()).is_none(),
        "a call from the interpreter thread would wait for itself"
    );
    vm.stay_alive(true);
    let asker = std::thread::spawn(move || {
        let n = remote.call(|vm| vm.progs().len());
        remote.post(|vm| vm.stay_alive(false));
        n
    });
    run(&mut vm, "    ret\n");
    assert_eq!(asker.join().unwrap(), Some(0));
}

#[test]
fn a_prog_that_kills_itself_dies_when_the_call_returns() {
    let body = format!(
        "    newcw   $0, 64(fp)
    frame   $2, 48(fp)
    movp    64(fp), 32(48(fp))
    spawn   48(fp), waiter
{pid}{kill}{note}    ret
waiter:
    recv    32(fp), 36(fp)
    ret
",
        pid = call(2, "$0", "40(fp)"),
        kill = call(3, "40(fp)", "36(fp)"),
        note = call(4, "36(fp)", "36(fp)")
    );
    let (mut vm, notes, exits) = machine();
    let before = run(&mut vm, &body);
    assert!(notes.borrow().is_empty(), "nothing ran after the kill");
    assert_eq!(*exits.borrow(), vec![(1, "killed".to_string())]);
    assert_eq!(vm.progs().len(), 1, "its child was not named");
    assert!(vm.kill(2, KillScope::Prog));
    assert!(vm.heap.in_use <= before);
}
