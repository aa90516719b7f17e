//! Per-instruction tests written in assembler text: edge cases of each operand type
//! (overflow, negative division, shifts of 32 and more, real-to-int rounding, NaN
//! compares, empty and nil strings, arrays and lists, nil operands).

mod support;

use dis::vm::{Machine, NIL};
use support::{run_with, NoFiles, HEAD};

fn run(body: &str) -> Result<Vec<i32>, String> {
    run_with("", body).map(|(w, _)| w)
}

/// The word at 0(mp) after `body`.
fn word(body: &str) -> i32 {
    run(body).unwrap()[0]
}

fn fails(body: &str) -> String {
    run(body).expect_err("should raise")
}

#[test]
fn word_arithmetic_wraps_and_truncates_toward_zero() {
    let max = |body: &str| run_with("word @mp+0, 0x7fffffff", body).unwrap().0[0];
    assert_eq!(max("addw $1, 0(mp)"), i32::MIN);
    assert_eq!(word("movw $0x10000, 4(mp)\n mulw 4(mp), 4(mp), 0(mp)"), 0);
    assert_eq!(word("movw $-7, 4(mp)\n divw $2, 4(mp), 0(mp)"), -3);
    assert_eq!(word("movw $-7, 4(mp)\n modw $2, 4(mp), 0(mp)"), -1);
    assert_eq!(word("movw $7, 4(mp)\n modw $-2, 4(mp), 0(mp)"), 1);
    assert_eq!(max("addw $1, 0(mp)\n divw $-1, 0(mp)"), i32::MIN);
    assert_eq!(word("movw $5, 0(mp)\n subw $7, 0(mp)"), -2);
    assert_eq!(
        fails("movw $0, 4(mp)\n divw 4(mp), $7, 0(mp)"),
        "zero divide"
    );
    assert_eq!(
        fails("movw $0, 4(mp)\n modw 4(mp), $7, 0(mp)"),
        "zero divide"
    );
}

#[test]
fn shifts_take_the_count_modulo_the_width() {
    assert_eq!(word("movw $1, 0(mp)\n shlw $33, 0(mp)"), 2);
    assert_eq!(word("movw $-8, 0(mp)\n shrw $33, 0(mp)"), -4);
    assert_eq!(word("movw $-1, 0(mp)\n lsrw $28, 0(mp)"), 15);
    assert_eq!(word("movw $1, 0(mp)\n shlw $-1, 0(mp)"), i32::MIN);
    // Bigs: modulo 64.
    let w = run("movw $1, 8(mp)\n cvtwl 8(mp), 0(mp)\n shll $64, 0(mp)").unwrap();
    assert_eq!((w[0], w[1]), (1, 0));
    let w = run("movw $1, 8(mp)\n cvtwl 8(mp), 0(mp)\n shll $32, 0(mp)").unwrap();
    assert_eq!((w[0], w[1]), (0, 1));
    // Bytes: widened, shifted, truncated.
    assert_eq!(word("movb $1, 0(mp)\n shlb $9, 0(mp)") & 0xff, 0);
    assert_eq!(word("movb $0x80, 0(mp)\n shrb $7, 0(mp)") & 0xff, 1);
}

#[test]
fn bytes_are_unsigned_and_wrap() {
    assert_eq!(word("movb $255, 0(mp)\n addb $1, 0(mp)") & 0xff, 0);
    assert_eq!(word("movb $3, 0(mp)\n subb $4, 0(mp)") & 0xff, 255);
    assert_eq!(
        word("movb $200, 4(mp)\n movw $0, 0(mp)\n bgtb 4(mp), $100, $4\n ret\n movw $1, 0(mp)"),
        1
    );
    assert_eq!(word("movb $200, 4(mp)\n cvtbw 4(mp), 0(mp)"), 200);
    assert_eq!(word("movw $-1, 4(mp)\n cvtwb 4(mp), 0(mp)") & 0xff, 255);
    assert_eq!(
        fails("movb $0, 4(mp)\n divb 4(mp), $9, 0(mp)"),
        "zero divide"
    );
}

#[test]
fn big_division_by_zero_and_minimum_over_minus_one() {
    assert_eq!(
        fails("movw $0, 8(mp)\n cvtwl 8(mp), 16(mp)\n divl 16(mp), 16(mp), 0(mp)"),
        "zero divide"
    );
    let w = run("long @mp+16, 0x8000000000000000\n").unwrap();
    assert_eq!((w[4], w[5]), (0, i32::MIN));
    let (w, _) = run_with(
        "long @mp+16, 0x8000000000000000\n long @mp+24, -1",
        "divl 24(mp), 16(mp), 0(mp)\n",
    )
    .unwrap();
    assert_eq!((w[0], w[1]), (0, i32::MIN));
}

#[test]
fn exponentiation_wraps_and_inverts() {
    assert_eq!(word("movw $2, 4(mp)\n expw $10, 4(mp), 0(mp)"), 1024);
    assert_eq!(word("movw $2, 4(mp)\n expw $32, 4(mp), 0(mp)"), 0);
    assert_eq!(word("movw $2, 4(mp)\n expw $-1, 4(mp), 0(mp)"), 0);
    assert_eq!(word("movw $-1, 4(mp)\n expw $-3, 4(mp), 0(mp)"), -1);
    assert_eq!(
        fails("movw $0, 4(mp)\n expw $-1, 4(mp), 0(mp)"),
        "zero divide"
    );
}

#[test]
fn real_to_int_rounds_half_away_from_zero() {
    let cases = [
        (2.5, 3),
        (-2.5, -3),
        (1.4999, 1),
        (-0.5, -1),
        (0.49, 0),
        (1e300, i32::MIN),
    ];
    for (x, want) in cases {
        let (w, _) = run_with(&format!("real @mp+8, {x:?}"), "cvtfw 8(mp), 0(mp)\n").unwrap();
        assert_eq!(w[0], want, "cvtfw {x}");
    }
    let (w, _) = run_with("real @mp+8, NaN", "cvtfw 8(mp), 0(mp)\n").unwrap();
    assert_eq!(w[0], i32::MIN);
    let (w, _) = run_with("real @mp+8, -2.5", "cvtfl 8(mp), 16(mp)\n").unwrap();
    assert_eq!((w[4], w[5]), (-3, -1));
}

#[test]
fn nan_compares_false_except_not_equal() {
    let data = "real @mp+8, NaN\n real @mp+16, 1.0";
    let taken = |branch: &str| {
        let body = format!("movw $0, 0(mp)\n {branch} 8(mp), 16(mp), $3\n ret\n movw $1, 0(mp)\n");
        run_with(data, &body).unwrap().0[0]
    };
    for b in ["beqf", "bltf", "blef", "bgtf", "bgef"] {
        assert_eq!(taken(b), 0, "{b} with NaN");
    }
    assert_eq!(taken("bnef"), 1);
    let (_, r) = run_with(
        "real @mp+8, 1.0\n real @mp+16, 0.0",
        "divf 16(mp), 8(mp), 24(mp)\n",
    )
    .unwrap();
    assert_eq!(r[3], f64::INFINITY);
}

#[test]
fn nil_and_empty_strings() {
    assert_eq!(word("lenc 60(mp), 0(mp)"), 0);
    // nil + nil is nil; "" compares equal to nil.
    assert_eq!(word("addc 60(mp), 60(mp), 48(fp)\n movw $0, 0(mp)\n bnew 48(fp), 60(mp), $4\n movw $1, 0(mp)"), 1);
    assert_eq!(
        word("movw $1, 0(mp)\n slicec $0, $0, 48(fp)\n bnec 48(fp), 60(mp), $4\n movw $2, 0(mp)"),
        2
    );
    assert_eq!(fails("indc 60(mp), $0, 0(mp)"), "dereference of nil");
    assert_eq!(fails("slicec $0, $1, 48(fp)"), "array bounds error");
    assert_eq!(fails("insc $65, $1, 48(fp)"), "array bounds error");
    // Appending to nil makes a one-character string.
    assert_eq!(
        word("insc $0x263a, $0, 48(fp)\n indc 48(fp), $0, 0(mp)"),
        0x263a
    );
    let (w, _) = run_with("string @mp+56, \"ab\"", "movp 56(mp), 48(fp)\n insc $0xe9, $2, 48(fp)\n lenc 48(fp), 0(mp)\n lenc 56(mp), 4(mp)\n indc 48(fp), $2, 8(mp)\n").unwrap();
    assert_eq!(
        (w[0], w[1], w[2]),
        (3, 2, 0xe9),
        "insc copies a shared string"
    );
    let (w, _) = run_with(
        "string @mp+56, \"b\"",
        "cvtcw 56(mp), 0(mp)\n movw $0, 4(mp)\n bltc 60(mp), 56(mp), $4\n ret\n movw $1, 4(mp)\n",
    )
    .unwrap();
    assert_eq!((w[0], w[1]), (0, 1), "nil < \"b\"");
}

#[test]
fn nil_and_empty_arrays() {
    assert_eq!(word("lena 60(mp), 0(mp)"), 0);
    assert_eq!(fails("indw 60(mp), 48(fp), $0"), "array bounds error");
    assert_eq!(fails("newa $-1, $2, 48(fp)"), "negative array size");
    assert_eq!(word("newa $0, $2, 48(fp)\n lena 48(fp), 0(mp)"), 0);
    assert_eq!(
        fails("newa $0, $2, 48(fp)\n indx 48(fp), 52(fp), $0"),
        "array bounds error"
    );
    assert_eq!(
        fails("newa $3, $2, 48(fp)\n indx 48(fp), 52(fp), $-1"),
        "array bounds error"
    );
    // Slices share their root's elements.
    assert_eq!(
        word("newa $4, $2, 48(fp)\n movp 48(fp), 52(fp)\n slicea $1, $3, 52(fp)\n indx 52(fp), 40(fp), $0\n movw $7, 4(40(fp))\n indx 48(fp), 40(fp), $1\n movw 4(40(fp)), 0(mp)"),
        7
    );
    assert_eq!(
        fails("slicea $1, $1, 48(fp)\n slicea $0, $1, 48(fp)"),
        "dereference of nil"
    );
    assert_eq!(
        fails("newa $2, $2, 48(fp)\n slicea $1, $3, 48(fp)"),
        "array bounds error"
    );
    assert_eq!(
        fails("newa $2, $2, 48(fp)\n newa $2, $2, 52(fp)\n slicela 52(fp), $1, 48(fp)"),
        "array bounds error"
    );
}

#[test]
fn nil_operands_and_lists() {
    assert_eq!(fails("movw 4(48(fp)), 0(mp)"), "dereference of nil");
    assert_eq!(fails("headw 60(mp), 0(mp)"), "dereference of nil");
    assert_eq!(fails("tail 60(mp), 48(fp)"), "dereference of nil");
    assert_eq!(fails("mframe 60(mp), $0, 40(fp)"), "module not loaded");
    assert_eq!(fails("raise 60(mp)"), "dereference of nil");
    assert_eq!(
        fails("tcmp 48(fp), 52(fp)\n new $2, 48(fp)\n tcmp 48(fp), 52(fp)"),
        "type check"
    );
    assert_eq!(word("lenl 60(mp), 0(mp)"), 0);
    assert_eq!(
        word("consw $5, 48(fp)\n consw $6, 48(fp)\n lenl 48(fp), 0(mp)\n headw 48(fp), 4(mp)\n tail 48(fp), 48(fp)\n headw 48(fp), 8(mp)\n mulw 4(mp), 8(mp)\n addw 8(mp), 0(mp)"),
        2 + 30
    );
}

#[test]
fn case_tables_and_default() {
    // case table at 16(mp): 2 ranges [1,3)->pc 5, [10,11)->pc 6, default pc 7.
    let data = "word @mp+16, 2, 1, 3, 5, 10, 11, 7, 9";
    let body = |v: i32| {
        format!("movw ${v}, 4(mp)\n case 4(mp), 16(mp)\n ret\n ret\n ret\n movw $1, 0(mp)\n exit\n movw $2, 0(mp)\n exit\n movw $3, 0(mp)\n")
    };
    let got: Vec<i32> = [2, 10, 0, 3, 11]
        .iter()
        .map(|&v| run_with(data, &body(v)).unwrap().0[0])
        .collect();
    assert_eq!(got, vec![1, 2, 3, 3, 3]);
    assert_eq!(
        run_with("word @mp+16, 0, -1", "case 4(mp), 16(mp)\n").unwrap_err(),
        "illegal dis instruction"
    );
}

#[test]
fn handlers_catch_and_unwind() {
    // A string raised three frames down is caught by the first frame's handler; the
    // exception value lands in 48(fp).
    let text = format!(
        "{HEAD}\n string @mp+56, \"boom\"\ninit:\n frame $1, 40(fp)\n call 40(fp), $4\n movw $9, 0(mp)\n exit\n raise 56(mp)\n ret\n lenc 48(fp), 4(mp)\n movw $1, 0(mp)\n exit\n exceptions 1\n exception 0, 4, 48, -1, 1, 0\n exctab \"bo*\", 6\n module T\n entry init, 1\n link 1, init, 0x4244b354, \"init\"\n"
    );
    let module = dis::asm::assemble(&text).unwrap();
    let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    vm.run_to_end(&mut p).unwrap();
    assert_eq!(vm.mem.w(p.mp).unwrap(), 1);
    assert_eq!(vm.mem.w(p.mp + 4).unwrap(), 4);
    assert_ne!(vm.mem.u(p.fp + 48).unwrap(), NIL);
}

#[test]
fn a_handler_frame_ending_its_stack_segment_keeps_that_segment() {
    // Stack segments of 256 bytes hold four 64-byte frames. `rec(n)` recurses to
    // depth n and raises there; every level catches, calls `leaf` (which scribbles
    // on its own frame) and raises again; `init` catches and counts. A catching frame
    // that ends exactly where its segment ends must not lose that segment: the next
    // frame pushed would land on live frames.
    let body = "
    movw    $0, 40(fp)
again:
    bgtw    40(fp), $12, done
    frame   $1, 44(fp)
    movw    40(fp), 32(44(fp))
tryinit:
    call    44(fp), rec
tryinitend:
    movw    $9, 12(mp)
    exit
caught0:
    addw    $1, 4(mp)
    addw    $1, 40(fp)
    jmp     again
done:
    exit
rec:
    movw    32(fp), 36(fp)
    beqw    32(fp), $0, bottom
    frame   $1, 40(fp)
    subw    $1, 32(fp), 32(40(fp))
tryrec:
    call    40(fp), rec
tryrecend:
    ret
bottom:
    raise   56(mp)
caught:
    bnew    36(fp), 32(fp), corrupt
    addw    $1, 0(mp)
    frame   $1, 40(fp)
    call    40(fp), leaf
    bnew    36(fp), 32(fp), corrupt
    raise   48(fp)
corrupt:
    movw    $1, 8(mp)
    exit
leaf:
    movw    $77777, 32(fp)
    movw    $88888, 36(fp)
    ret
";
    let tail = "
    exceptions 2
    exception tryinit, tryinitend, 48, -1, 1, 0
    exctab \"bo*\", caught0
    exception tryrec, tryrecend, 48, -1, 1, 0
    exctab \"bo*\", caught
";
    let module =
        support::assemble("    stack 256\n    string @mp+56, \"boom\"", body, tail).unwrap();
    let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    vm.run_to_end(&mut p).unwrap();
    let words: Vec<i32> = (0..4).map(|i| vm.mem.w(p.mp + 4 * i).unwrap()).collect();
    assert_eq!(
        words,
        vec![78, 13, 0, 0],
        "catches, rounds, corruption, fell through"
    );
}

#[test]
fn the_heap_checker_sees_a_wrong_reference_count_and_a_dangling_pointer() {
    // 48(fp) holds a string made at run time; its count is raised by one, then
    // 52(fp) is pointed into the middle of it.
    let data = "    string @mp+56, \"ab\"";
    let module = support::assemble(data, "    addc 56(mp), 56(mp), 48(fp)\n", "").unwrap();
    let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    vm.run_to_end(&mut p).unwrap();
    assert_eq!(vm.check_heap(&p).unwrap(), Vec::<String>::new());
    let s = vm.mem.u(p.fp + 48).unwrap();
    vm.mem.set_u(s - 12, 2).unwrap();
    vm.mem.set_u(p.fp + 52, s + 4).unwrap();
    let found = vm.check_heap(&p).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("not a live object"), "{found:?}");
    assert!(
        found[1].contains("reference count 2, 1 references found"),
        "{found:?}"
    );
}

#[test]
fn calls_and_returns_across_small_stack_segments_keep_every_frame() {
    // Stack segments of 256 bytes hold four 64-byte frames of pointer-free type 3,
    // so recursive fib(15) leaves and re-enters segments thousands of times on the
    // dispatch loop's short call and return paths; a frame placed by stale segment
    // bounds would overwrite a live one and change the sum.
    let body = "
    frame   $3, 44(fp)
    movw    $15, 32(44(fp))
    lea     0(mp), 36(44(fp))
    call    44(fp), fib
    exit
fib:
    bltw    32(fp), $2, small
    frame   $3, 40(fp)
    subw    $1, 32(fp), 32(40(fp))
    lea     44(fp), 36(40(fp))
    call    40(fp), fib
    frame   $3, 40(fp)
    subw    $2, 32(fp), 32(40(fp))
    lea     48(fp), 36(40(fp))
    call    40(fp), fib
    addw    44(fp), 48(fp), 0(36(fp))
    ret
small:
    movw    32(fp), 0(36(fp))
    ret
";
    let module = support::assemble("    stack 256\n    desc $3, 64, \"00\"", body, "").unwrap();
    let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    vm.run_to_end(&mut p).unwrap();
    assert_eq!(vm.mem.w(p.mp).unwrap(), 610);
}
