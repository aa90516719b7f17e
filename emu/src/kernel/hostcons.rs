//! The console of the host process: keyboard input is the host's standard
//! input (read until its end, which the console reader then sees), output
//! goes to standard output and standard error. The console remembers the
//! text written after the last newline, so that a line editor's prompt can
//! follow it instead of being drawn over it. `consctl rawon` puts a host
//! terminal into the original's raw mode (no line editing, echo or signal
//! keys: each key is read as typed), `rawoff` and `halt` restore it.
//!
//! The keyboard has two kinds of reader: console readers, which wait for
//! it a [`PATIENCE`](super::devices::cons::PATIENCE) at a time so that one whose process is gone stops
//! before it takes anything, and the line editor, which has it to itself
//! for a whole line ([`editor_turn`]).

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::termios::{self, LocalFlags, SetArg, SpecialCharacterIndices, Termios};
use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use super::chan::lock;

/// The text written to the host's standard output or error since the last
/// newline (its last [`UNFINISHED_MAX`] bytes).
static UNFINISHED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// How much of an unfinished line is remembered.
const UNFINISHED_MAX: usize = 256;

fn note_output(buf: &[u8]) {
    let mut tail = lock(&UNFINISHED);
    match buf.iter().rposition(|&b| b == b'\n') {
        Some(i) => {
            tail.clear();
            tail.extend_from_slice(&buf[i + 1..]);
        }
        None => tail.extend_from_slice(buf),
    }
    if tail.len() > UNFINISHED_MAX {
        let cut = tail.len() - UNFINISHED_MAX;
        tail.drain(..cut);
    }
}

/// Takes the text written after the last newline (empty after a newline).
pub fn take_unfinished_line() -> String {
    let tail = std::mem::take(&mut *lock(&UNFINISHED));
    String::from_utf8_lossy(&tail).into_owned()
}

use super::devices::cons::Console;
use super::error::{Error, Result};

/// Whose turn it is to read the host's standard input.
static KEYBOARD_TURN: Mutex<()> = Mutex::new(());

/// Set while the line editor has the keyboard or waits for it: console
/// readers then stand aside.
static EDITOR_WANTS_KEYBOARD: AtomicBool = AtomicBool::new(false);

/// The line editor's hold on the keyboard: no console reader takes input
/// from the host until it is dropped.
pub struct EditorTurn {
    _turn: MutexGuard<'static, ()>,
}

impl Drop for EditorTurn {
    fn drop(&mut self) {
        EDITOR_WANTS_KEYBOARD.store(false, Ordering::SeqCst);
    }
}

/// Waits for the keyboard (a console reader gives it up within a
/// [`PATIENCE`](super::devices::cons::PATIENCE)) and keeps it for the line editor.
pub fn editor_turn() -> EditorTurn {
    EDITOR_WANTS_KEYBOARD.store(true, Ordering::SeqCst);
    EditorTurn {
        _turn: lock(&KEYBOARD_TURN),
    }
}

/// Reads what the host's standard input has, waiting at most `patience`
/// for it; None when nothing came or the line editor wants the keyboard.
/// The descriptor is read directly (no buffer of the standard library's
/// holds back bytes the next wait could not see).
fn read_keyboard(buf: &mut [u8], patience: Duration) -> std::io::Result<Option<usize>> {
    if EDITOR_WANTS_KEYBOARD.load(Ordering::SeqCst) {
        std::thread::sleep(patience);
        return Ok(None);
    }
    let _turn = lock(&KEYBOARD_TURN);
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    let wait = PollTimeout::try_from(patience).unwrap_or(PollTimeout::MAX);
    match poll(&mut fds, wait) {
        Ok(0) | Err(nix::errno::Errno::EINTR) => return Ok(None),
        Ok(_) => {}
        Err(e) => return Err(e.into()),
    }
    loop {
        match nix::unistd::read(stdin.as_fd(), buf) {
            Ok(n) => return Ok(Some(n)),
            Err(nix::errno::Errno::EINTR) => continue,
            Err(nix::errno::Errno::EAGAIN) => return Ok(None),
            // No standard input at all reads as an empty one.
            Err(nix::errno::Errno::EBADF) => return Ok(Some(0)),
            Err(e) => return Err(e.into()),
        }
    }
}

/// The host's standard streams as the kernel's console. `halt` in
/// `/dev/sysctl` calls the function given (which normally exits).
pub struct HostConsole {
    halt: Box<dyn Fn(i32) + Send + Sync>,
    /// The host terminal's settings from before raw mode, while it is on.
    cooked: Mutex<Option<Termios>>,
}

impl HostConsole {
    /// A console that calls `halt(status)` for `/dev/sysctl`'s `halt`.
    pub fn new(halt: impl Fn(i32) + Send + Sync + 'static) -> HostConsole {
        HostConsole {
            halt: Box::new(halt),
            cooked: Mutex::new(None),
        }
    }
}

/// The settings of raw mode from terminal settings `t`: as the original's
/// emu sets its terminal, without canonical input, echo and signal keys,
/// a read returning at each key.
fn raw_settings(t: &Termios) -> Termios {
    let mut r = t.clone();
    r.local_flags
        .remove(LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG);
    r.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
    r.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
    r
}

impl Console for HostConsole {
    fn read(&self, buf: &mut [u8], patience: Duration) -> std::io::Result<Option<usize>> {
        read_keyboard(buf, patience)
    }
    fn write(&self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = std::io::stdout().lock();
        out.write_all(buf)?;
        out.flush()?;
        note_output(buf);
        Ok(buf.len())
    }
    fn write_error(&self, buf: &[u8]) -> std::io::Result<usize> {
        let mut err = std::io::stderr().lock();
        err.write_all(buf)?;
        err.flush()?;
        note_output(buf);
        Ok(buf.len())
    }
    /// Puts the host terminal (when standard input is one) into raw mode or
    /// back to the settings it had.
    fn set_raw(&self, raw: bool) {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return;
        }
        let mut cooked = lock(&self.cooked);
        match (raw, cooked.take()) {
            (true, None) => {
                if let Ok(t) = termios::tcgetattr(&stdin) {
                    if termios::tcsetattr(&stdin, SetArg::TCSANOW, &raw_settings(&t)).is_ok() {
                        *cooked = Some(t);
                    }
                }
            }
            (true, Some(t)) => *cooked = Some(t),
            (false, Some(t)) => {
                let _ = termios::tcsetattr(&stdin, SetArg::TCSANOW, &t);
            }
            (false, None) => {}
        }
    }
    fn sysctl(&self, words: &[&str]) -> Result<()> {
        if words.first() == Some(&"halt") {
            self.set_raw(false);
        }
        match words {
            ["halt"] => (self.halt)(0),
            ["halt", code] => (self.halt)(code.parse().unwrap_or(0)),
            _ => return Err(Error::NoCtl),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI32, Ordering};
    use std::sync::Arc;

    #[test]
    fn halt_reaches_the_callback() {
        let status = Arc::new(AtomicI32::new(-1));
        let s = status.clone();
        let cons = HostConsole::new(move |code| s.store(code, Ordering::Relaxed));
        cons.sysctl(&["halt", "3"]).unwrap();
        assert_eq!(status.load(Ordering::Relaxed), 3);
        assert_eq!(cons.sysctl(&["reboot"]), Err(Error::NoCtl));
    }
}
