//! The host threads a shell runs on: the top shell, each pipeline element,
//! background command, substitution and nested shell. Each gets a stack
//! large enough for [`crate::eval::MAX_DEPTH`] nested commands, each with
//! words nested as deeply as the parser allows.

use std::thread::JoinHandle;

/// The stack of every shell thread (reserved, not used, until needed).
const STACK: usize = 16 << 20;

/// Starts `f` on a new shell thread; `Err` says why the host refused one.
pub fn spawn<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<JoinHandle<T>, String> {
    std::thread::Builder::new()
        .name("sh".to_string())
        .stack_size(STACK)
        .spawn(f)
        .map_err(|e| format!("cannot start a thread: {e}"))
}

/// Runs `f` on a new shell thread and waits for its result; `broken` when it
/// panicked, the error when no thread could start.
pub fn run(f: impl FnOnce() -> String + Send + 'static) -> String {
    run_or(f, |s| s)
}

/// As [`run`], for a result made from such a status by `failed`.
pub fn run_or<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
    failed: impl Fn(String) -> T,
) -> T {
    match spawn(f) {
        Ok(h) => h.join().unwrap_or_else(|_| failed("broken".to_string())),
        Err(e) => failed(e),
    }
}
