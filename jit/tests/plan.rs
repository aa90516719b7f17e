//! What the JIT compiles of a module: only the blocks compiled code can run
//! from the entries where the interpreter hands over, and nothing of a module
//! past the compiler's limit.

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
fn a_module_past_the_limit_is_interpreted() {
    let code = code(BEFORE_A_LOOP);
    let jit = || jit::Jit::new().expect("a host the JIT targets");
    assert!(jit().compile("T", &code.insts, &code.fast).is_some());
    assert!(jit()
        .limited(4)
        .compile("T", &code.insts, &code.fast)
        .is_some());
    assert!(jit()
        .limited(3)
        .compile("T", &code.insts, &code.fast)
        .is_none());
}
