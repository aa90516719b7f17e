//! `$T`, a built-in module for thread tests: sleeping on a timer, a call that
//! blocks on a host worker, the caller's pid, kill, `note` to report values
//! (with the arena use at that moment) to the test, and an instruction budget
//! given from inside a turn. Plus the module skeleton the
//! thread programs are written in.

use dis::vm::{Budget, Builtin, KillScope, Machine, NativeFn, Prog, ProgEvent, Trap};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Functions of `$T` (index: name): 0 sleep(ms), 1 block(ms) (a worker sleeps `ms`,
/// forever when negative, and returns `ms`), 2 pid(), 3 kill(pid), 4 note(v),
/// 5 budget(n) (gives the caller's group `n` more instructions and returns the
/// instructions its meter showed before).
const FUNCTIONS: &[NativeFn] = &[
    native("sleep", 0x7000_0000, 40),
    native("block", 0x7000_0001, 40),
    native("pid", 0x7000_0002, 32),
    native("kill", 0x7000_0003, 40),
    native("note", 0x7000_0004, 40),
    native("budget", 0x7000_0005, 40),
];

const fn native(name: &'static str, sig: u32, frame_size: u32) -> NativeFn {
    NativeFn {
        name,
        sig,
        frame_size,
        frame_map: &[],
    }
}

/// What `note` recorded: the value and the arena bytes in use.
pub type Notes = Rc<RefCell<Vec<(i32, u64)>>>;

pub struct T {
    pub notes: Notes,
}

impl Builtin for T {
    fn path(&self) -> &str {
        "$T"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, func: u32, frame: u32) -> Result<(), Trap> {
        let arg = vm.mem.w(frame + 32)?;
        let ret = vm.mem.u(frame + 16)?;
        match func {
            0 => {
                let deadline = Instant::now() + Duration::from_millis(arg.max(0) as u64);
                vm.sleep_until(p, deadline, move |vm, _| vm.mem.set_w(ret, 0));
                Ok(())
            }
            1 => vm.block_on(
                p,
                move || {
                    if arg < 0 {
                        // Blocks until the test process ends.
                        let (_keep, never) = mpsc::channel::<()>();
                        let _ = never.recv();
                    }
                    std::thread::sleep(Duration::from_millis(arg.max(0) as u64));
                    arg
                },
                move |vm, _, v| vm.mem.set_w(ret, v),
            ),
            2 => vm.mem.set_w(ret, p.pid as i32),
            3 => {
                let found = vm.kill(arg as u32, KillScope::Prog);
                vm.mem.set_w(ret, i32::from(found))
            }
            5 => {
                let (_, group) = vm.meter_of(p.pid).expect("the caller's meter");
                vm.set_budget(p.pid, Budget::Insts, Some(arg as u64))
                    .expect("a budget for the caller");
                vm.mem.set_w(ret, group.insts as i32)
            }
            _ => {
                self.notes.borrow_mut().push((arg, vm.heap.in_use));
                vm.mem.set_w(ret, 0)
            }
        }
    }
}

/// Module data: 64 bytes; `48(mp)` the string `$T`, `52(mp)` its module link,
/// `56(mp)`, `60(mp)` free pointer words, words below 48 free ints.
/// Type 1 (`init`'s frame): 128 bytes, pointer words 64, 68, 72, 76.
/// Type 2 (a thread's frame): 48 bytes, pointer word 32 (its argument), ints 36, 40,
/// 44.
const HEAD: &str = "
    var     @mp, 64
    desc    $0, 64, \"000f\"
    desc    $1, 128, \"0000f0\"
    desc    $2, 48, \"0080\"
    string  @mp+48, \"$T\"
";

/// Assembles a thread program: `body` starts at `init` (which first loads `$T`
/// into `52(mp)`) and may define further labels for threads.
pub fn program(body: &str) -> dis::object::Module {
    let mut ldt = String::from("    ldts    @ldt, 1\n");
    ldt += &format!("    word    @ldt, {}\n", FUNCTIONS.len());
    let mut off = 4;
    for f in FUNCTIONS {
        ldt += &format!("    ext     @ldt+{off}, {:#x}, \"{}\"\n", f.sig, f.name);
        off += 4 + (f.name.len() + 1).next_multiple_of(4);
    }
    let text = format!(
        "{HEAD}\ninit:\n    load    48(mp), $0, 52(mp)\n{body}
    module  T
    entry   init, 1
    link    1, init, 0x4244b354, \"init\"
{ldt}"
    );
    dis::asm::assemble(&text).unwrap_or_else(|e| panic!("asm: {e:?}"))
}

/// Assembler lines calling `$T` function `f` with word argument `arg` (an operand),
/// the result going to `dst`; uses `44(fp)` for the callee's frame.
pub fn call(f: u32, arg: &str, dst: &str) -> String {
    call_via("44(fp)", f, arg, dst)
}

/// The same from a thread's frame (type 2): uses `40(fp)` for the callee's frame.
pub fn tcall(f: u32, arg: &str, dst: &str) -> String {
    call_via("40(fp)", f, arg, dst)
}

fn call_via(slot: &str, f: u32, arg: &str, dst: &str) -> String {
    format!(
        "    mframe  52(mp), ${f}, {slot}
    movw    {arg}, 32({slot})
    lea     {dst}, 16({slot})
    mcall   {slot}, ${f}, 52(mp)
"
    )
}

/// The exits reported by the machine: (pid, text).
pub type Exits = Rc<RefCell<Vec<(u32, String)>>>;

/// A machine with `$T` that records notes and exits.
pub fn machine() -> (Machine, Notes, Exits) {
    let mut vm = super::machine();
    let notes = Notes::default();
    vm.add_builtin(Box::new(T {
        notes: notes.clone(),
    }));
    let exits = Exits::default();
    let seen = exits.clone();
    vm.set_prog_events(Box::new(move |e| {
        if let ProgEvent::Exited { pid, text, .. } = e {
            seen.borrow_mut().push((*pid, text.to_string()));
        }
    }));
    (vm, notes, exits)
}
