//! The tier's default policy ([`jit::DEFAULT_POLICY`], [`dis::vm::hot`]): a
//! module is compiled once it has run hot, not at load; one that runs briefly
//! stays interpreted, and either computes what the interpreter computes.

#[path = "../../dis/tests/support/mod.rs"]
mod support;

use dis::vm::hot::{Policy, FIRST_LOOK};
use dis::vm::Machine;
use std::rc::Rc;
use support::{assemble, machine};

/// A frame type without pointers.
const DATA: &str = "    desc $3, 48, \"\"";

/// Sums `0 + 1 + ... + (n - 1)` into `0(mp)` and counts into `4(mp)`, `n` in
/// `8(mp)`.
fn counting(n: u32) -> String {
    format!(
        "    movw ${n}, 8(mp)
    movw $0, 36(fp)
l:
    bgew 36(fp), 8(mp), done
    addw 36(fp), 0(mp)
    addw $1, 4(mp)
    addw $1, 36(fp)
    jmp l
done:
    exit
"
    )
}

/// A machine with the JIT under `policy`.
fn tiered(policy: Policy) -> Machine {
    let mut vm = machine();
    let jit = jit::Jit::new().expect("a host the JIT targets");
    vm.set_tier(Some(Rc::new(jit)), policy);
    vm
}

/// Runs `body` to its end on `vm`: whether its code ended compiled, and the
/// two words it computed.
fn run(vm: &mut Machine, body: &str) -> (bool, [i32; 2]) {
    let module = assemble(DATA, body, "").expect("assembles");
    let code = vm.code_from_module(&module).expect("loads");
    let mut p = vm.start_code(code.clone(), &[]).expect("starts");
    assert!(vm.run_to_end(&mut p).is_ok(), "runs to its end");
    let words = [vm.mem.w(p.mp).unwrap(), vm.mem.w(p.mp + 4).unwrap()];
    (code.is_compiled(), words)
}

/// The sum and count `counting(n)` leaves.
fn expected(n: u32) -> [i32; 2] {
    let n = i64::from(n);
    [(n * (n - 1) / 2) as i32, n as i32]
}

#[test]
fn a_hot_module_is_compiled_and_a_cold_one_is_not() {
    let when_hot = Policy::WhenHot { per_compiled: 100 };
    // Five instructions a round: the cold loop stays well under the first
    // look, the hot one far past it and the compiled instructions' worth.
    let cold = 100;
    let hot = 2 * FIRST_LOOK as u32;
    for (n, hot_enough) in [(cold, false), (hot, true)] {
        let mut vm = tiered(when_hot);
        assert_eq!(
            run(&mut vm, &counting(n)),
            (hot_enough, expected(n)),
            "{n} rounds"
        );
        // Compiled at load, the cold loop too has a compiled form.
        let mut vm = tiered(Policy::AtLoad);
        assert_eq!(
            run(&mut vm, &counting(n)),
            (true, expected(n)),
            "{n} rounds at load"
        );
    }
}

#[test]
fn a_module_runs_its_compiled_instructions_worth_before_it_is_compiled() {
    // Weighed at the first look, the loop's compiled instructions times this
    // is more than the whole run: it stays interpreted.
    let mut vm = tiered(Policy::WhenHot {
        per_compiled: u64::from(u32::MAX),
    });
    let n = 2 * FIRST_LOOK as u32;
    assert_eq!(run(&mut vm, &counting(n)), (false, expected(n)));
}

#[test]
fn the_default_policy_leaves_short_commands_interpreted() {
    // A hundred thousand instructions, under a millisecond interpreted, are
    // less than compiling the loop would cost.
    let mut vm = tiered(jit::DEFAULT_POLICY);
    let n = 20_000;
    assert_eq!(run(&mut vm, &counting(n)), (false, expected(n)));
}
