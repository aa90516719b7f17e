//! Memory management: the cycle collector reclaims dropped ADT cycles, a cycle
//! over a big heap is done in many small steps that keep what is live, garbage
//! that reference counting frees (ADTs, strings) is freed at once and never
//! starts a cycle, and dropping the last reference to a built-in module's native
//! object runs its release hook at once.

mod support;

use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use std::cell::Cell;
use std::rc::Rc;
use support::{assemble, machine};

/// A loop (from label `loop` to `done`, counter at 40(fp) set by the caller)
/// that makes 1,000 two-cell cycles and drops both references to each.
const DROPPED_CYCLES: &str = "loop:   bgew    40(fp), $1000, done
        new     $2, 48(fp)
        new     $2, 52(fp)
        movp    52(fp), 0(48(fp))
        movp    48(fp), 0(52(fp))
        movp    60(mp), 48(fp)
        movp    60(mp), 52(fp)
        addw    $1, 40(fp)
        jmp     loop
done:
";

#[test]
fn dropped_adt_cycles_are_collected() {
    let body = format!("        movw    $0, 40(fp)\n{DROPPED_CYCLES}");
    let module = assemble("", &body, "").unwrap();
    let mut vm = machine();
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    let before = vm.heap.in_use;
    vm.run_to_end(&mut p).unwrap();
    assert!(
        vm.heap.in_use >= before + 2000 * 24,
        "the cycles stay allocated until collected"
    );
    vm.collect(&[&p]).unwrap();
    assert_eq!(
        vm.heap.in_use, before,
        "arena use back to its earlier level"
    );
}

#[test]
fn acyclic_garbage_is_freed_at_once() {
    let body = "
        movw    $0, 40(fp)
loop:   bgew    40(fp), $1000, done
        new     $2, 48(fp)
        new     $2, 52(fp)
        movp    52(fp), 0(48(fp))
        movp    60(mp), 52(fp)
        movp    60(mp), 48(fp)
        addw    $1, 40(fp)
        jmp     loop
done:
";
    assert_heap_returns(body);
}

#[test]
fn dropped_strings_are_freed_at_once() {
    // Each turn makes a string, hands it to a new ADT and drops both, then makes
    // and drops a second string: the first dies as the ADT's child, the second
    // by its own last reference.
    let body = "
        movw    $0, 40(fp)
loop:   bgew    40(fp), $1000, done
        cvtwc   40(fp), 48(fp)
        new     $2, 52(fp)
        movp    48(fp), 0(52(fp))
        movp    60(mp), 52(fp)
        cvtwc   40(fp), 48(fp)
        movp    60(mp), 48(fp)
        addw    $1, 40(fp)
        jmp     loop
done:
";
    assert_heap_returns(body);
}

#[test]
fn acyclic_garbage_never_starts_a_cycle() {
    // 1.5 million 32-byte blocks, 48 MB allocated in all, each freed at once.
    let body = "
        movw    $0, 40(fp)
loop:   bgew    40(fp), $1500000, done
        new     $2, 48(fp)
        new     $2, 52(fp)
        movp    52(fp), 0(48(fp))
        addw    $1, 40(fp)
        jmp     loop
done:
";
    let module = assemble("", body, "").unwrap();
    let mut vm = machine();
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    vm.run_to_end(&mut p).unwrap();
    let stats = vm.gc_stats();
    assert_eq!((stats.cycles, stats.steps), (0, 0), "{stats:?}");
}

/// Steps the collector until `n` more cycles have ended; returns the steps taken.
fn step_cycles(vm: &mut Machine, p: &Prog, n: u64) -> u64 {
    let target = vm.gc_stats().cycles + n;
    let mut steps = 0;
    while vm.gc_stats().cycles < target {
        vm.gc_wanted = true;
        vm.collect_step(p).unwrap();
        steps += 1;
        assert!(steps < 1_000_000, "the cycle does not end");
    }
    steps
}

#[test]
fn a_cycle_over_a_big_heap_takes_many_steps_and_keeps_what_is_live() {
    // A list of 300,000 cells in 56(mp), then 1,000 dropped two-cell cycles.
    let body = format!(
        "
        movw    $0, 40(fp)
build:  bgew    40(fp), $300000, cycles
        new     $2, 48(fp)
        movp    56(mp), 0(48(fp))
        movp    48(fp), 56(mp)
        addw    $1, 40(fp)
        jmp     build
cycles: movw    $0, 40(fp)
{DROPPED_CYCLES}"
    );
    let module = assemble("", &body, "").unwrap();
    let mut vm = machine();
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    let before = vm.heap.in_use;
    vm.run_to_end(&mut p).unwrap();
    // Ends the cycle the growth started, if one is under way, then runs one
    // from its start.
    if vm.gc_wanted {
        step_cycles(&mut vm, &p, 1);
    }
    let steps = step_cycles(&mut vm, &p, 1);
    assert!(
        steps > 10,
        "a cycle over 300,000 objects took {steps} steps"
    );
    assert_eq!(
        vm.heap.in_use,
        before + 300_000 * 32,
        "only the list is left"
    );
    assert_eq!(vm.check_heap(&p).unwrap(), Vec::<String>::new());
    let mut n = 0;
    let mut cell = vm.mem.u(p.mp + 56).unwrap();
    while cell != dis::vm::NIL {
        n += 1;
        cell = vm.mem.u(cell).unwrap();
    }
    assert_eq!(n, 300_000);
    assert!(vm.gc_stats().reclaimed >= 2000, "{:?}", vm.gc_stats());
}

/// A built-in module `$Res` whose `make` returns a native object and `released`
/// says how many such objects have died.
struct Res {
    ty: u32,
    released: Rc<Cell<i32>>,
}

const RES_FUNCTIONS: &[NativeFn] = &[
    NativeFn {
        name: "make",
        sig: 0x1111_1111,
        frame_size: 32,
        frame_map: &[],
    },
    NativeFn {
        name: "released",
        sig: 0x2222_2222,
        frame_size: 32,
        frame_map: &[],
    },
];

impl Builtin for Res {
    fn path(&self) -> &str {
        "$Res"
    }

    fn functions(&self) -> &[NativeFn] {
        RES_FUNCTIONS
    }

    fn attach(&mut self, vm: &mut Machine, _index: u32) {
        let released = self.released.clone();
        self.ty = vm.add_native_type(
            4,
            &[],
            Rc::new(move |_, _| released.set(released.get() + 1)),
        );
    }

    fn call(&mut self, vm: &mut Machine, _p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let ret = vm.mem.u(frame + 16)?;
        if func == 0 {
            let o = vm.alloc(4, self.ty)?;
            vm.put_ptr(ret, o)
        } else {
            vm.mem.set_w(ret, self.released.get())
        }
    }
}

#[test]
fn last_reference_runs_the_release_hook_at_once() {
    let body = "
        load    56(mp), $0, 52(fp)
        mframe  52(fp), $0, 40(fp)
        lea     48(fp), 16(40(fp))
        mcall   40(fp), $0, 52(fp)
        mframe  52(fp), $1, 40(fp)
        lea     0(mp), 16(40(fp))
        mcall   40(fp), $1, 52(fp)
        movp    60(mp), 48(fp)
        mframe  52(fp), $1, 40(fp)
        lea     4(mp), 16(40(fp))
        mcall   40(fp), $1, 52(fp)
";
    let imports = "
    ldts    @ldt, 1
    word    @ldt, 2
    ext     @ldt+4, 0x11111111, \"make\"
    ext     @ldt+16, 0x22222222, \"released\"
";
    let module = assemble("string @mp+56, \"$Res\"", body, imports).unwrap();
    let mut vm = machine();
    let released = Rc::new(Cell::new(0));
    vm.add_builtin(Box::new(Res {
        ty: 0,
        released: released.clone(),
    }));
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    vm.run_to_end(&mut p).unwrap();
    assert_eq!(vm.mem.w(p.mp).unwrap(), 0, "alive while referenced");
    assert_eq!(
        vm.mem.w(p.mp + 4).unwrap(),
        1,
        "released by the movp that dropped it"
    );
    assert_eq!(released.get(), 1);
}

/// Runs the assembled `body` to its end and asserts that the heap holds what it
/// held before: everything the body made was freed.
fn assert_heap_returns(body: &str) {
    assert_heap_returns_with("", body);
}

/// [`assert_heap_returns`] with extra data directives `data`.
fn assert_heap_returns_with(data: &str, body: &str) {
    let module = assemble(data, body, "").unwrap();
    let mut vm = machine();
    let code = vm.code_from_module(&module).unwrap();
    let mut p = vm.start_code(code, &[]).unwrap();
    let before = vm.heap.in_use;
    vm.run_to_end(&mut p).unwrap();
    assert_eq!(vm.heap.in_use, before);
}

#[test]
fn a_return_within_the_module_releases_the_frames_pointers() {
    // Type 1 frames hold pointers at 48 and 52: the object `f` makes is freed by
    // its return; a frame of type 3 (no pointers) returns by the quick way.
    assert_heap_returns_with(
        "    desc $3, 40, \"\"",
        "    frame $1, 40(fp)
    call 40(fp), f
    frame $3, 40(fp)
    call 40(fp), g
    exit
f:
    new $2, 48(fp)
    ret
g:
    movw $7, 0(mp)
    ret
",
    );
}
