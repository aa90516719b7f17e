//! A machine whose progs all wait (one in a blocking call that never ends, one
//! asleep) sleeps instead of spinning: the interpreter thread's processor time
//! stays far below the wall time it waits (a spinning loop would use nearly all
//! of it). Not a speed measurement: the margin is a factor of five.

mod support;

use dis::vm::KillScope;
use std::time::{Duration, Instant};
use support::tmod::{call, machine, program, tcall};

/// Processor time the calling thread has spent running, from the first field
/// of `/proc/thread-self/schedstat` (nanoseconds). The machine runs on the
/// thread that calls [`dis::vm::Machine::run`], so this is the interpreter's
/// own time, whatever other threads of the test binary do.
fn thread_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    let nanos: u64 = stat.split_whitespace().next().unwrap().parse().unwrap();
    Duration::from_nanos(nanos)
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
    let (cpu0, wall0) = (thread_cpu_time(), Instant::now());
    vm.run(p);
    let (cpu, wall) = (thread_cpu_time() - cpu0, wall0.elapsed());
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
