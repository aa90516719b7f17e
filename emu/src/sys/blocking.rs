//! Sys calls whose kernel work may wait: I/O on a pipe, a served file, a mount, the
//! console's input or a `/prog` wait file waits for another process or the host,
//! so it runs on a host worker (the machine's blocking-call mechanism) and only the
//! calling prog waits. Work on host files, `#e` and `#/` never waits and runs at
//! once.

use crate::kernel::ProcEnv;
use dis::vm::{Machine, Prog, Trap};

/// Whether reading (`reading`) or writing descriptor `fd` may wait.
pub fn waits(env: &ProcEnv, fd: i32, reading: bool) -> bool {
    match env.fds.get(fd) {
        Ok(c) => match c.letter() {
            'U' | 'e' | '/' => false,
            'c' => reading,
            _ => true,
        },
        Err(_) => false,
    }
}

/// Runs `work` on a host worker when `wait` is set (the prog waits meanwhile),
/// otherwise at once; `finish` then stores its value in the prog's frame.
pub fn run<T: Send + 'static>(
    vm: &mut Machine,
    p: &mut Prog,
    wait: bool,
    work: impl FnOnce() -> T + Send + 'static,
    finish: impl FnOnce(&mut Machine, &mut Prog, T) -> Result<(), Trap> + 'static,
) -> Result<(), Trap> {
    if wait {
        vm.block_on(p, work, finish)
    } else {
        let value = work();
        finish(vm, p, value)
    }
}
