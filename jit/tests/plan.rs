//! What the JIT compiles of a module: only the blocks compiled code can run
//! from the entries where the interpreter hands over, which are what it
//! weighs a module by.

#[path = "../../dis/tests/support/mod.rs"]
mod support;

use dis::vm::module::Code;
use dis::vm::tier::Compiler;
use std::rc::Rc;
use support::{assemble, machine};

/// Straight code before a loop, which no compiled code runs into, then the
/// loop, which the interpreter enters.
const BEFORE_A_LOOP: &str = "    movw $0, 36(fp)
    addw $5, 0(mp)
    movw $7, 4(mp)
l:
    bgew 36(fp), $10, done
    addw $1, 36(fp)
    addw 36(fp), 8(mp)
    jmp l
done:
    exit
";

fn code(body: &str) -> Rc<Code> {
    let module = assemble("", body, "").expect("assembles");
    machine().code_from_module(&module).expect("loads")
}

#[test]
fn code_no_entry_leads_to_is_not_compiled() {
    let code = code(BEFORE_A_LOOP);
    let plan = jit::plan::plan(&code.insts, &code.fast);
    assert_eq!(plan.entries, [3, 4], "the loop's blocks are its entries");
    assert_eq!(
        plan.compiled[..7],
        [false, false, false, true, true, true, true],
        "the code before the loop is left to the interpreter"
    );
    assert!(plan.leader[3] && !plan.leader[0]);
}

#[test]
fn a_module_weighs_the_instructions_it_would_compile() {
    let jit = jit::Jit::new().expect("a host the JIT targets");
    let looping = code(BEFORE_A_LOOP);
    assert_eq!(
        jit.weigh(&looping.insts, &looping.fast),
        4,
        "the loop's four"
    );
    assert!(jit.compile("T", &looping.insts, &looping.fast).is_some());
    // Straight code has no entry: nothing to compile, nothing to weigh.
    let straight = code("    movw $0, 36(fp)\n    addw $5, 0(mp)\n    exit\n");
    assert_eq!(jit.weigh(&straight.insts, &straight.fast), 0);
    assert!(jit.compile("T", &straight.insts, &straight.fast).is_none());
}
