//! A machine whose progs all wait (one in a blocking call that never ends, one
//! asleep) sleeps instead of spinning: the process's own processor time stays far
//! below the wall time it waits. Alone in its test binary so that no other test's
//! work counts.

mod support;

use dis::vm::KillScope;
use std::time::{Duration, Instant};
use support::tmod::{call, machine, program, tcall};

/// Processor time the process has used (user and system), from `/proc/self/stat`
/// (clock ticks of 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the command name, which is in parentheses: state is field 3;
    // utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

#[test]
fn progs_that_wait_cost_no_processor_time() {
    let body = format!(
        "    frame   $2, 48(fp)
    spawn   48(fp), sleeper
{block}    ret
sleeper:
{sleep}    ret
",
        block = call(1, "$-1", "40(fp)"),
        sleep = tcall(0, "$100000000", "44(fp)")
    );
    let (mut vm, _, exits) = machine();
    let code = vm.code_from_module(&program(&body)).unwrap();
    let p = vm.start_code(code, &[]).unwrap();
    let remote = vm.remote();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        remote.call(|vm| vm.kill(1, KillScope::Group))
    });
    let (cpu0, wall0) = (cpu_time(), Instant::now());
    vm.run(p);
    let (cpu, wall) = (cpu_time() - cpu0, wall0.elapsed());
    assert_eq!(
        killer.join().unwrap(),
        Some(true),
        "the kill found the group"
    );
    assert_eq!(exits.borrow().len(), 2, "both progs were killed");
    assert!(vm.progs().is_empty());
    assert!(
        wall >= Duration::from_millis(500),
        "the run waited for the kill"
    );
    assert!(
        cpu * 5 < wall,
        "{cpu:?} of processor time in {wall:?} of waiting"
    );
}
