//! Meters and keepers on the machine: an instruction budget stops a group
//! exactly at its budget and a refill lets it finish, also when several members
//! hold unsettled charges and when the budget is given from inside a turn; a
//! short turn is charged exactly what it ran; every byte charged to a group is credited back when
//! freed; a keeper holds a broken prog with its stack and resumes it at the
//! faulting instruction.

mod support;

use dis::vm::{Budget, Machine, ProgEvent, State};
use std::cell::RefCell;
use std::rc::Rc;
use support::tmod::{call, machine, program};

/// Loads `body` (see `program`) as a prog in the table; returns its pid and slot.
fn add(vm: &mut Machine, body: &str) -> (u32, u32) {
    let code = vm.code_from_module(&program(body)).unwrap();
    let p = vm.start_code(code, &[]).unwrap();
    let pid = p.pid;
    (pid, vm.add_prog(p))
}

/// Counts to a million, notes it, and ends.
fn counter() -> String {
    format!(
        "    movw    $0, 40(fp)
count:  bgew    40(fp), $1000000, counted
    addw    $1, 40(fp)
    jmp     count
counted:
{note}    ret
",
        note = call(4, "40(fp)", "56(fp)")
    )
}

#[test]
fn an_instruction_budget_stops_the_group_and_a_refill_resumes_it() {
    let (mut vm, notes, exits) = machine();
    let (pid, slot) = add(&mut vm, &counter());
    vm.set_budget(pid, Budget::Insts, Some(100_000)).unwrap();
    vm.run_all(slot);
    assert_eq!(vm.prog(pid).map(|p| p.state), Some(State::Stopped));
    let (usage, group) = vm.meter_of(pid).unwrap();
    assert_eq!(group.insts, 100_000, "cut exactly at the budget");
    assert_eq!(usage.insts, 100_000);
    assert!(usage.cpu_ns > 0, "its host time was measured");
    assert_eq!(group.exhausted, Some(Budget::Insts));
    assert!(notes.borrow().is_empty(), "it had not finished");

    vm.set_budget(pid, Budget::Insts, Some(10_000_000)).unwrap();
    vm.run_all(slot);
    assert_eq!(
        notes.borrow()[0].0,
        1_000_000,
        "it finished after the refill"
    );
    assert_eq!(exits.borrow().len(), 1);
}

#[test]
fn a_group_whose_members_hold_charges_stops_exactly_at_its_budget() {
    // Below and above what one member is granted at once.
    for budget in [5_000, 100_001] {
        let (mut vm, notes, _) = machine();
        let (first, slot) = add(&mut vm, &counter());
        let mut pids = vec![first];
        for _ in 0..2 {
            let code = vm.code_from_module(&program(&counter())).unwrap();
            let mut p = vm.start_code(code, &[]).unwrap();
            p.pgrp = first;
            pids.push(p.pid);
            vm.add_prog(p);
        }
        vm.set_budget(first, Budget::Insts, Some(budget)).unwrap();
        vm.run_all(slot);
        let group = vm.group_meter(first).unwrap();
        assert_eq!(group.insts, budget, "cut exactly at the budget");
        assert_eq!(group.exhausted, Some(Budget::Insts));
        let each: Vec<u64> = pids
            .iter()
            .map(|&p| vm.meter_of(p).unwrap().0.insts)
            .collect();
        assert_eq!(each.iter().sum::<u64>(), budget, "{each:?}");
        for pid in pids {
            assert_eq!(vm.prog(pid).map(|p| p.state), Some(State::Stopped));
        }
        assert!(notes.borrow().is_empty(), "none had finished");
    }
}

#[test]
fn a_budget_given_inside_a_turn_counts_from_what_the_group_ran() {
    // Counts with no budget, gives its own group 10,000 more instructions,
    // sleeps (ending its turn), notes what its meter showed, counts for ever.
    let body = format!(
        "    movw    $0, 40(fp)
count:  bgew    40(fp), $100000, counted
    addw    $1, 40(fp)
    jmp     count
counted:
{budget}{sleep}{note}forever:
    jmp     forever
",
        budget = call(5, "$10000", "48(fp)"),
        sleep = call(0, "$0", "56(fp)"),
        note = call(4, "48(fp)", "56(fp)")
    );
    let (mut vm, notes, _) = machine();
    vm.meters_on();
    let (pid, slot) = add(&mut vm, &body);
    vm.run_all(slot);
    assert_eq!(vm.prog(pid).map(|p| p.state), Some(State::Stopped));
    let shown = notes.borrow()[0].0 as u64;
    assert!(
        shown > 300_000 - 2048,
        "its meter showed what it ran: {shown}"
    );
    let (usage, group) = vm.meter_of(pid).unwrap();
    assert_eq!(group.insts_limit, Some(shown + 10_000));
    assert_eq!(group.insts, shown + 10_000, "cut exactly at the budget");
    assert_eq!(usage.insts, group.insts);
}

#[test]
fn a_turn_that_ends_early_is_charged_the_instructions_it_ran() {
    // Four instructions run: the harness's `load`, the move, the channel's
    // making and the receive that waits for ever.
    let body = "    movw    $1, 40(fp)
    newcw   $0, 64(fp)
    recv    64(fp), 44(fp)
    ret
";
    let (mut vm, _, _) = machine();
    vm.meters_on();
    let (pid, slot) = add(&mut vm, body);
    vm.run_all(slot);
    assert_eq!(vm.prog(pid).map(|p| p.state), Some(State::Recv));
    let (usage, group) = vm.meter_of(pid).unwrap();
    assert_eq!(usage.insts, 4, "not the whole quantum");
    assert_eq!(group.insts, 4);
}

#[test]
fn every_charged_byte_is_credited_back_when_freed() {
    // Builds a list of 1000 cells, then waits on a channel nothing sends on.
    let body = "    movw    $0, 40(fp)
build:  bgew    40(fp), $1000, built
    consw   40(fp), 68(fp)
    addw    $1, 40(fp)
    jmp     build
built:
    newcw   $0, 64(fp)
    recv    64(fp), 44(fp)
    ret
";
    let (mut vm, _, exits) = machine();
    let (pid, slot) = add(&mut vm, body);
    vm.set_budget(pid, Budget::Heap, Some(64 << 20)).unwrap();
    vm.run_all(slot);
    assert_eq!(vm.prog(pid).map(|p| p.state), Some(State::Recv));
    let (usage, group) = vm.meter_of(pid).unwrap();
    assert!(group.heap >= 1000 * 16, "the list is charged: {group:?}");
    assert!(usage.allocated >= group.heap, "{usage:?} {group:?}");
    assert!(vm.kill(pid, dis::vm::KillScope::Prog));
    assert_eq!(exits.borrow().len(), 1);
    let group = vm.group_meter(pid).unwrap();
    assert_eq!(group.heap, 0, "everything charged was credited back");
}

#[test]
fn a_keeper_holds_a_broken_prog_with_its_stack_and_resumes_it() {
    // Raises a nil dereference; a second try finds the pointer set.
    let body = "    movw    0(68(fp)), 40(fp)
    ret
";
    let (mut vm, _, exits) = machine();
    let told = Rc::new(RefCell::new(Vec::new()));
    let heard = told.clone();
    vm.set_prog_events(Box::new(move |e| {
        if let ProgEvent::Kept { pgrp, message } = e {
            heard.borrow_mut().push((*pgrp, message.to_string()));
        }
    }));
    let (pid, slot) = add(&mut vm, body);
    vm.set_keeper(pid, true);
    vm.run_all(slot);
    assert_eq!(
        *told.borrow(),
        [(pid, format!("broken {pid} T 1 \"dereference of nil\""))]
    );
    assert_eq!(vm.prog(pid).map(|p| p.state), Some(State::Broken));
    let stack = vm.stack_of(pid).unwrap();
    assert_eq!(stack.len(), 1, "{stack:?}");
    assert_eq!(stack[0].pc, 1);
    // Still broken after a resume: it raises again and the keeper hears again.
    vm.resume(pid).unwrap();
    vm.run_all(slot);
    assert_eq!(told.borrow().len(), 2);
    // Without its keeper it ends broken.
    vm.set_keeper(pid, false);
    assert_eq!(vm.broken_count(), 1);
    assert!(
        exits.borrow().is_empty(),
        "events went to the keeper's listener"
    );
}
