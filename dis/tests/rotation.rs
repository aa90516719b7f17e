//! Loop rotation keeps the unrotated program's observable state: a `jmp` to a
//! conditional branch runs a copy of the branch, yet a fault in it is reported at
//! the branch's own pc, and a turn that ends after the `jmp` stops at the branch.
//! Also checks that the specialised forms compute what the general ones do.

mod support;

use dis::vm::exec::Yield;
use dis::vm::{Machine, Prog, Trap};
use support::{assemble, machine, run_with};

/// A machine and a prog about to run `body` as `init`.
fn start(body: &str) -> (Machine, Prog) {
    let module = assemble("", body, "").expect("assembles");
    let mut vm = machine();
    let code = vm.code_from_module(&module).expect("loads");
    let p = vm.start_code(code, &[]).expect("starts");
    (vm, p)
}

#[test]
fn a_fault_in_a_rotated_branch_is_reported_at_the_branch() {
    // 40(fp) holds nil, so the byte read through it faults; pc 2 is the jmp,
    // pc 3 the branch it was rotated into.
    let (mut vm, mut p) = start(
        "    movw $0, 36(fp)
    movw $-1, 40(fp)
    jmp l
l:
    beqb 0(40(fp)), $0, done
done:
    exit
",
    );
    match vm.exec(&mut p, 100) {
        Err(Trap::Raise(e)) => assert_eq!(e.text, "dereference of nil"),
        other => panic!("expected an exception, got {other:?}"),
    }
    assert_eq!(p.pc, 3);
}

#[test]
fn a_turn_ending_after_a_rotated_jmp_stops_at_the_branch() {
    // The loop: pc 1 is the test, pc 4 the jmp back to it.
    let (mut vm, mut p) = start(
        "    movw $0, 36(fp)
l:
    bgew 36(fp), $3, done
    addw $1, 36(fp)
    movw 36(fp), 0(mp)
    jmp l
done:
    exit
",
    );
    // pc 0, then pcs 1 to 4 once: five instructions end the turn right after the
    // jmp, which must leave the prog at the test, not past it.
    assert_eq!(vm.exec(&mut p, 5).ok(), Some(Yield::Quantum));
    assert_eq!(p.pc, 1);
    // One more: the test itself.
    assert_eq!(vm.exec(&mut p, 1).ok(), Some(Yield::Quantum));
    assert_eq!(p.pc, 2);
    // The rotated loop still counts each of its instructions (add, move, jmp,
    // test): seven more end the turn after the second jmp.
    assert_eq!(vm.exec(&mut p, 7).ok(), Some(Yield::Quantum));
    assert_eq!(p.pc, 1);
    assert!(matches!(vm.exec(&mut p, 100), Err(Trap::Exit)));
    assert_eq!(vm.mem.w(p.mp).unwrap(), 3);
}

#[test]
fn specialised_forms_compute_what_the_general_ones_do() {
    // Every word operation over frame, module-data, immediate and indirect
    // operands, a byte array indexed and summed in a rotated loop, and conversions.
    let body = "    movw $7, 36(fp)
    movw $-3, 40(fp)
    subw $1, 36(fp), 44(fp)
    movw 44(fp), 0(mp)
    addw 36(fp), 40(fp), 44(fp)
    movw 44(fp), 4(mp)
    mulw 36(fp), 40(fp), 44(fp)
    movw 44(fp), 8(mp)
    lea 32(fp), 56(fp)
    movw $100, 0(56(fp))
    addw 32(fp), 32(fp)
    movw 32(fp), 12(mp)
    shlw $4, 36(fp), 44(fp)
    movw 44(fp), 16(mp)
    shrw $1, 40(fp), 44(fp)
    movw 44(fp), 20(mp)
    lsrw $28, 40(fp), 44(fp)
    movw 44(fp), 24(mp)
    xorw $5, 36(fp), 0(56(fp))
    movw 32(fp), 28(mp)
    newa $4, $3, 48(fp)
    movw $0, 60(fp)
fill:
    bgew 60(fp), $4, sum
    indb 48(fp), 56(fp), 60(fp)
    cvtwb 60(fp), 0(56(fp))
    addw $1, 60(fp)
    jmp fill
sum:
    movw $0, 60(fp)
    movw $0, 32(mp)
again:
    bgew 60(fp), $4, out
    indb 48(fp), 56(fp), 60(fp)
    cvtbw 0(56(fp)), 44(fp)
    addw 44(fp), 32(mp)
    addw $1, 60(fp)
    jmp again
out:
    exit
";
    let (words, _) = run_with("    desc $3, 1, \"\"", body).expect("runs");
    assert_eq!(&words[..9], &[6, 4, -21, 200, 112, -2, 15, 2, 6]);
}
