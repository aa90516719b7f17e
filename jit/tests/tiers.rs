//! The compiled tier against the interpreter: programs that the JIT compiles
//! (loops, byte-array indexing, recursive calls) run turn by turn under both
//! tiers, and after every turn length tried the two leave the same state: the
//! same outcome or exception, pc, frame, stack top, frame record and module
//! data. So a compiled loop ends its turn at the quantum's instruction, and a
//! fault in compiled code is the interpreter's, at the same pc.

#[path = "../../dis/tests/support/mod.rs"]
mod support;

use dis::vm::exec::Yield;
use dis::vm::{Machine, Prog, Trap};
use std::rc::Rc;
use support::{assemble, machine};

/// A frame type without pointers (3) and a byte type (4), and a byte array of
/// 10 elements in `56(mp)`.
const DATA: &str = "    desc $3, 48, \"\"\n    desc $4, 1, \"\"\n    array @mp+56, $4, 10";

/// Counts to 100 into `0(mp)` and `4(mp)`.
const COUNT: &str = "    movw $0, 36(fp)
l:
    bgew 36(fp), $100, done
    addw 36(fp), 0(mp)
    addw $3, 4(mp), 4(mp)
    mulw $3, 36(fp), 40(fp)
    xorw 40(fp), 8(mp)
    addw $1, 36(fp)
    jmp l
done:
    exit
";

/// Sets the bytes of the array to their index until it indexes past its end.
const BYTES: &str = "    movw $0, 36(fp)
fill:
    bgew 36(fp), $12, sum
    indb 56(mp), 40(fp), 36(fp)
    cvtwb 36(fp), 0(40(fp))
    addw $1, 36(fp)
    jmp fill
sum:
    exit
";

/// Words read and written directly, then overwritten through pointers and by a
/// byte store inside them: compiled code that kept a word's value across such a
/// store would sum the stale value.
const ALIASES: &str = "    movw $0, 36(fp)
    lea 36(fp), 40(fp)
    lea 4(mp), 44(fp)
l:
    bgew 36(fp), $50, done
    addw 36(fp), 0(mp)
    addw $1, 0(40(fp))
    addw 36(fp), 0(mp)
    movw 4(mp), 48(fp)
    movb $1, 5(mp)
    addw 4(mp), 8(mp)
    addw $3, 0(44(fp))
    addw 4(mp), 12(mp)
    addw 48(fp), 12(mp)
    jmp l
done:
    exit
";

/// fib(12) by recursion into `0(mp)`, then a division by zero.
const FIB: &str = "    frame $3, 40(fp)
    movw $12, 32(40(fp))
    lea 0(mp), 16(40(fp))
    call 40(fp), fib
    movw $0, 44(fp)
    divw 44(fp), 0(mp)
    exit
fib:
    bgew 32(fp), $2, rec
    movw 32(fp), 0(16(fp))
    ret
rec:
    frame $3, 40(fp)
    subw $1, 32(fp), 32(40(fp))
    lea 36(fp), 16(40(fp))
    call 40(fp), fib
    frame $3, 40(fp)
    subw $2, 32(fp), 32(40(fp))
    lea 44(fp), 16(40(fp))
    call 40(fp), fib
    addw 36(fp), 44(fp), 0(16(fp))
    ret
";

/// A loop whose test reads through a pointer, then a jump back to the test with
/// that pointer nil: the copy of the test the `jmp` runs at the end of its
/// block ([`jit::plan::Plan::tests`]) leaves before it, for the interpreter to
/// raise.
const TEST_COPY: &str = "    lea 0(mp), 44(fp)
l:
    bgew 0(44(fp)), $20, done
    addw $1, 0(mp)
    addw 0(mp), 4(mp)
    jmp l
done:
    movw $-1, 44(fp)
    jmp l
";

/// Two frames pushed, the inner called from the block that pushed it after a
/// store through another pointer (so its word is read again), the outer from
/// the block after the call: the second call finds its frame in the frame
/// record, and the first return, whose caller below it was never called, is
/// left to the interpreter.
const NESTED: &str = "    movw $0, 36(fp)
    lea 8(mp), 48(fp)
l:
    bgew 36(fp), $30, done
    frame $3, 40(fp)
    frame $3, 44(fp)
    movw 36(fp), 32(44(fp))
    addw $1, 0(48(fp))
    call 44(fp), twice
    movw 36(fp), 32(40(fp))
    call 40(fp), twice
    addw $1, 36(fp)
    jmp l
done:
    exit
twice:
    addw 32(fp), 0(mp)
    addw 32(fp), 0(mp)
    ret
";

/// A frame pushed, its module-link word overwritten, then called: a call within
/// the module leaves that word alone (as the original's does), and the callee
/// sums it into `0(mp)`; then a frame whose type word is overwritten instead.
const LINK: &str = "    movw $30, 36(fp)
l:
    frame $3, 40(fp)
    movw $7, 8(40(fp))
    movw 36(fp), 32(40(fp))
    call 40(fp), link
    frame $3, 44(fp)
    movw $7, 12(44(fp))
    movw 36(fp), 32(44(fp))
    call 44(fp), link
    subw $1, 36(fp)
    bgtw 36(fp), $0, l
    exit
link:
    addw 8(fp), 0(mp)
    addw 32(fp), 4(mp)
    ret
";

/// Builds a list of 30 nodes of type 2 (a pointer, then a word) with `new` and
/// `movp` while summing squares in a big, walks it summing the words, then
/// indexes a nil string: the machine runs the allocation, the moves and the
/// string instruction for the compiled code, which goes on after each.
const ALLOC: &str = "    movw $0, 36(fp)
l:
    bgew 36(fp), $30, sum
    new $2, 52(fp)
    movp 48(fp), 0(52(fp))
    movw 36(fp), 4(52(fp))
    movp 52(fp), 48(fp)
    cvtwl 36(fp), 40(fp)
    mull 40(fp), 40(fp)
    addl 40(fp), 8(mp)
    bltl 8(mp), $1000, next
    shrl $1, 8(mp)
next:
    addw $1, 36(fp)
    jmp l
sum:
    beqw 48(fp), $-1, done
    addw 4(48(fp)), 0(mp)
    movp 0(48(fp)), 48(fp)
    jmp sum
done:
    cvtlw 8(mp), 4(mp)
    indc 60(mp), $0, 4(mp)
    exit
";

/// Strings of the numbers to 40 compared with the one before and measured, in
/// the frame's pointer slots, then a slice out of range.
const STRINGS: &str = "    movw $0, 36(fp)
l:
    bgew 36(fp), $40, done
    cvtwc 36(fp), 52(fp)
    bltc 52(fp), 48(fp), less
    addw $1, 0(mp)
less:
    movp 52(fp), 48(fp)
    lenc 48(fp), 40(fp)
    addw 40(fp), 4(mp)
    addw $1, 36(fp)
    jmp l
done:
    slicec $1, $5, 48(fp)
    exit
";

/// A machine (compiled tier or not) and a prog about to run `body` as `init`.
fn start(body: &str, compiled: bool) -> (Machine, Prog) {
    let module = assemble(DATA, body, "").expect("assembles");
    let mut vm = machine();
    if compiled {
        vm.set_compiler(Some(Rc::new(
            jit::Jit::new().expect("a host the JIT targets"),
        )));
    }
    let code = vm.code_from_module(&module).expect("loads");
    assert_eq!(code.is_compiled(), compiled, "compiled as asked");
    let p = vm.start_code(code, &[]).expect("starts");
    (vm, p)
}

/// What a turn of `turn` instructions at a time leaves, turn after turn until
/// the prog ends (at most `turns` turns).
fn trace(body: &str, compiled: bool, turn: u32, turns: usize) -> Vec<String> {
    let (mut vm, mut p) = start(body, compiled);
    let mut seen = Vec::new();
    for _ in 0..turns {
        let r = vm.exec(&mut p, turn);
        let data: Vec<i32> = (0..4).map(|i| vm.mem.w(p.mp + 4 * i).unwrap()).collect();
        let frames: Vec<(u32, u32)> = p.frames.iter().map(|f| (f.addr, f.ret_pc)).collect();
        let segs: Vec<(u32, u32)> = p.segs.iter().map(|s| (s.base, s.end)).collect();
        let outcome = match &r {
            Ok(y) => format!("{y:?}"),
            Err(Trap::Raise(e)) => e.text.clone(),
            Err(Trap::Exit) => "exit".to_string(),
        };
        seen.push(format!(
            "{outcome} pc={} fp={} sp={} frames={frames:?} segs={segs:?} data={data:?}",
            p.pc, p.fp, p.sp
        ));
        if !matches!(r, Ok(Yield::Quantum)) {
            break;
        }
    }
    seen
}

/// Both tiers leave the same state after every turn, for many turn lengths.
fn same_in_both_tiers(body: &str, last: &str) {
    for turn in (1..40).chain([97, 2048]) {
        let interpreted = trace(body, false, turn, 100_000);
        let compiled = trace(body, true, turn, 100_000);
        assert_eq!(interpreted, compiled, "turns of {turn} instructions");
        let end = interpreted.last().expect("ran");
        assert!(end.starts_with(last), "ends in {end}");
    }
}

#[test]
fn a_compiled_loop_ends_its_turns_where_the_interpreter_does() {
    same_in_both_tiers(COUNT, "exit");
}

#[test]
fn compiled_array_indexing_faults_as_the_interpreter_does() {
    same_in_both_tiers(BYTES, "array bounds error");
}

#[test]
fn stores_through_pointers_and_bytes_update_the_words_compiled_code_reads() {
    same_in_both_tiers(ALIASES, "exit");
    let (mut vm, mut p) = start(ALIASES, true);
    assert!(matches!(vm.run_to_end(&mut p), Ok(())));
    // 0(mp): 2 * (0 + ... + 49) + 50; 4(mp) ends at 256 + 3 * 50.
    assert_eq!(vm.mem.w(p.mp).unwrap(), 2 * 1225 + 50);
    assert_eq!(vm.mem.w(p.mp + 4).unwrap(), 256 + 150);
}

#[test]
fn compiled_calls_and_returns_keep_the_frame_record() {
    same_in_both_tiers(FIB, "zero divide");
}

#[test]
fn a_copy_of_a_loop_test_counts_and_faults_as_the_test() {
    let module = assemble(DATA, TEST_COPY, "").expect("assembles");
    let code = machine().code_from_module(&module).expect("loads");
    let plan = jit::plan::plan(&code.insts, &code.fast);
    assert!(plan.tests[1], "the loop's test");
    for jmp in [4, 6] {
        assert_eq!(jit::plan::copied(&code.insts[jmp], &plan), Some(1));
    }
    same_in_both_tiers(TEST_COPY, "dereference of nil");
    let (mut vm, mut p) = start(TEST_COPY, true);
    assert!(vm.run_to_end(&mut p).is_err());
    assert_eq!(vm.mem.w(p.mp).unwrap(), 20);
    assert_eq!(vm.mem.w(p.mp + 4).unwrap(), 210);
}

#[test]
fn calls_of_frames_pushed_in_other_blocks_keep_the_frame_record() {
    same_in_both_tiers(NESTED, "exit");
    let (mut vm, mut p) = start(NESTED, true);
    assert!(vm.run_to_end(&mut p).is_ok());
    // Each of 0..29 added twice by each of two calls.
    assert_eq!(vm.mem.w(p.mp).unwrap(), 4 * 435);
    assert_eq!(vm.mem.w(p.mp + 8).unwrap(), 30);
}

#[test]
fn compiled_returns_pop_the_frames_an_earlier_run_left() {
    // Deep enough that turns end inside the recursion, long enough that the
    // next run takes those frames over ([`jit::record`]).
    let deep = FIB.replace("movw $12,", "movw $16,");
    for turn in [64, 100, 333, 1000, 2048] {
        let interpreted = trace(&deep, false, turn, 100_000);
        let compiled = trace(&deep, true, turn, 100_000);
        assert_eq!(interpreted, compiled, "turns of {turn} instructions");
        let end = interpreted.last().expect("ran");
        assert!(end.starts_with("zero divide"), "ends in {end}");
    }
}

#[test]
fn compiled_calls_and_returns_start_and_leave_stack_segments_as_the_interpreter_does() {
    // A stack extent of three frames: the recursion crosses into a new
    // segment every third call, and back at the matching returns.
    let small = format!("    stack 160\n{}", FIB.replace("movw $12,", "movw $14,"));
    for turn in [1, 7, 64, 333, 2048, 1 << 20] {
        let interpreted = trace(&small, false, turn, 1_000_000);
        let compiled = trace(&small, true, turn, 1_000_000);
        assert_eq!(interpreted, compiled, "turns of {turn} instructions");
        let end = interpreted.last().expect("ran");
        assert!(end.starts_with("zero divide"), "ends in {end}");
    }
}

#[test]
fn a_call_within_the_module_leaves_the_module_link_of_its_frame_alone() {
    same_in_both_tiers(LINK, "exit");
    let (mut vm, mut p) = start(LINK, true);
    assert!(vm.run_to_end(&mut p).is_ok());
    // The first call of each round reads the 7 stored, the second the nil.
    assert_eq!(vm.mem.w(p.mp).unwrap(), 30 * 7 - 30);
    assert_eq!(vm.mem.w(p.mp + 4).unwrap(), 2 * 465);
}

#[test]
fn instructions_handed_back_to_the_machine_run_as_the_interpreter_runs_them() {
    let module = assemble(DATA, ALLOC, "").expect("assembles");
    let code = machine().code_from_module(&module).expect("loads");
    let plan = jit::plan::plan(&code.insts, &code.fast);
    for pc in [2, 3, 5, 6, 7, 8, 9, 10, 15, 17] {
        assert!(plan.compiled[pc], "{:?} compiled", code.insts[pc].op);
    }
    assert!(plan.entries.contains(&13), "the walk is entered");
    same_in_both_tiers(ALLOC, "dereference of nil");
    let (mut vm, mut p) = start(ALLOC, true);
    assert!(vm.run_to_end(&mut p).is_err());
    assert_eq!(vm.mem.w(p.mp).unwrap(), 435, "the words of the nodes");
}

#[test]
fn loops_of_string_instructions_are_left_to_the_interpreter() {
    let module = assemble(DATA, STRINGS, "").expect("assembles");
    let code = machine().code_from_module(&module).expect("loads");
    let plan = jit::plan::plan(&code.insts, &code.fast);
    for pc in [2, 3, 6] {
        assert!(!plan.compiled[pc], "{:?} interpreted", code.insts[pc].op);
    }
    assert!(plan.entries.is_empty(), "nothing entered");
    let (mut vm, mut p) = start(STRINGS, false);
    assert!(vm.run_to_end(&mut p).is_err());
    // Of "0" to "39" (the first against nil, an empty string) only "10" sorts
    // before the one before it, "9".
    assert_eq!(vm.mem.w(p.mp).unwrap(), 39, "not less than the one before");
    assert_eq!(vm.mem.w(p.mp + 4).unwrap(), 10 + 2 * 30, "lengths");
}

/// Frame words that the loop's blocks hand each other in registers, written
/// through pointers to them (a word and a byte of it) at the end of one block
/// and read in the next and in the copy of the test: compiled code that kept
/// their values across such a store would sum stale ones.
const CARRIED: &str = "    movw $0, 36(fp)
    movw $0, 48(fp)
    lea 36(fp), 40(fp)
    lea 37(fp), 44(fp)
l:
    bgew 48(fp), $300, done
    addw 36(fp), 0(mp)
    addw $1, 48(fp)
    addw $3, 0(40(fp))
    bltw 36(fp), $200, l
    movb $1, 0(44(fp))
    addw 36(fp), 4(mp)
    jmp l
done:
    exit
";

/// An array made up in the module data (length 8 at `32(mp)`, its elements at
/// `36(fp)`, in the frame): the loop indexes it and stores a byte into the
/// frame word it sums. Its elements overlap the frame, so compiled code does
/// not take them for elements that leave every frame word alone.
const ELEMENTS_IN_FRAME: &str = "    movw $8, 32(mp)
    lea 36(fp), 44(mp)
    lea 32(mp), 40(fp)
    movw $0, 36(fp)
    movw $0, 48(fp)
l:
    bgew 48(fp), $40, done
    indb 40(fp), 52(fp), $1
    movb $2, 0(52(fp))
    addw 36(fp), 0(mp)
    addw $1, 36(fp)
    addw $1, 48(fp)
    jmp l
done:
    exit
";

/// An array whose header lies in the frame (at `56(fp)`, its elements those
/// of the module's array): the loop indexes it while it shortens it by a
/// direct store to its length, until the index is out of range. Its header
/// overlaps the frame, so compiled code does not keep its length in a
/// register across that store (the loop writes no data word, a store that
/// would forget it anyway).
const HEADER_IN_FRAME: &str = "    indb 56(mp), 60(fp), $0
    movw 60(fp), 68(fp)
    movw $10, 56(fp)
    lea 56(fp), 40(fp)
    movw $0, 48(fp)
l:
    bgew 48(fp), $10, done
    indb 40(fp), 52(fp), 48(fp)
    cvtwb 48(fp), 0(52(fp))
    subw $1, 56(fp)
    addw $1, 48(fp)
    jmp l
done:
    exit
";

#[test]
fn words_carried_between_blocks_see_stores_through_pointers_into_them() {
    same_in_both_tiers(CARRIED, "exit");
}

#[test]
fn elements_that_overlap_the_frame_are_checked_at_every_store() {
    same_in_both_tiers(ELEMENTS_IN_FRAME, "exit");
}

#[test]
fn a_header_that_overlaps_the_frame_is_read_at_every_index() {
    same_in_both_tiers(HEADER_IN_FRAME, "array bounds error");
}

#[test]
fn a_compiled_endless_loop_gives_up_the_thread() {
    let (mut vm, mut p) = start("l:\n    addw $1, 0(mp)\n    jmp l\n", true);
    assert_eq!(vm.exec(&mut p, 1001).ok(), Some(Yield::Quantum));
    assert_eq!(vm.mem.w(p.mp).unwrap(), 501);
    assert_eq!(p.pc, 1);
}

/// Every module of the benchmarks and the conformance corpus that has code to
/// compile compiles (a translation Cranelift refused would silently run
/// interpreted).
#[test]
fn every_corpus_module_with_loops_compiles() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests");
    let mut checked = 0;
    for folder in ["bench", "conformance"] {
        let entries = std::fs::read_dir(format!("{dir}/{folder}")).expect("corpus");
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "dis") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("reads");
            let name = path.to_string_lossy().into_owned();
            let Ok(plain) = machine().code_from_file(&name, bytes.clone()) else {
                continue;
            };
            let plan = jit::plan::plan(&plain.insts, &plain.fast);
            let mut vm = machine();
            vm.set_compiler(Some(Rc::new(
                jit::Jit::new().expect("a host the JIT targets"),
            )));
            let code = vm.code_from_file(&name, bytes).expect("loads as before");
            assert_eq!(
                code.is_compiled(),
                !plan.entries.is_empty(),
                "{name} compiled when it has entries"
            );
            checked += usize::from(code.is_compiled());
        }
    }
    assert!(checked >= 20, "only {checked} modules compiled");
}
