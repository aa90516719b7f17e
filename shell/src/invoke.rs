//! Starting a shell: the `sh [-ilnxe] [-c command] [file [arg...]]` command
//! line, scripts, the read-parse-run loop over standard input with its
//! prompt, `run`, and nested shells (`sh` run as a command).

use crate::eval::{Flow, Shell, Status};
use crate::os::{Edited, OpenMode, Process};
use crate::parse::{parse, ParseError};
use crate::value::{strs, Val};

/// What a login shell (`-l`) runs first, each if it exists (`man/1/sh`).
const PROFILES: &[&str] = &["/lib/sh/profile", "./lib/profile"];

/// Buffered records read from one fd.
pub struct Input {
    fd: i32,
    buf: Vec<u8>,
    eof: bool,
}

impl Input {
    pub fn new(fd: i32) -> Input {
        Input {
            fd,
            buf: Vec::new(),
            eof: false,
        }
    }

    /// The next record ended by any of `seps` (without it), or `None` at the end.
    pub fn record(&mut self, proc: &impl Process, seps: &str) -> Option<String> {
        loop {
            if let Some((end, next)) = separator_at(&self.buf, seps) {
                let rec = String::from_utf8_lossy(&self.buf[..end]).into_owned();
                self.buf.drain(..next);
                return Some(rec);
            }
            if self.eof {
                if self.buf.is_empty() {
                    return None;
                }
                let rec = String::from_utf8_lossy(&self.buf).into_owned();
                self.buf.clear();
                return Some(rec);
            }
            self.fill(proc);
        }
    }

    /// The bytes buffered, or else the next bytes read; `None` at the end.
    pub fn bytes(&mut self, proc: &impl Process) -> Option<Vec<u8>> {
        if self.buf.is_empty() && !self.eof {
            self.fill(proc);
        }
        (!self.buf.is_empty()).then(|| std::mem::take(&mut self.buf))
    }

    /// Reads what the fd gives next into the buffer, or notes its end.
    fn fill(&mut self, proc: &impl Process) {
        let mut chunk = vec![0u8; 8192];
        match proc.read(self.fd, &mut chunk) {
            Ok(n) if n > 0 => self.buf.extend_from_slice(&chunk[..n]),
            _ => self.eof = true,
        }
    }

    /// The next line with its newline (added when the last line lacks one).
    fn line(&mut self, proc: &impl Process) -> Option<String> {
        self.record(proc, "\n").map(|l| l + "\n")
    }
}

/// Where the first separator in `bytes` starts and ends, as byte offsets.
/// Bytes that are not UTF-8 are no separator (they read as U+FFFD, as the
/// original's conversion of bytes to a string makes them).
fn separator_at(bytes: &[u8], seps: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if let Some((i, c)) = valid.char_indices().find(|&(_, c)| seps.contains(c)) {
            return Some((at + i, at + i + c.len_utf8()));
        }
        at += valid.len() + chunk.invalid().len();
    }
    None
}

/// The prompt: the first element of `$prompt` (`; ` when unset) before a
/// command, the second before its continuation lines.
fn prompt_of<P: Process>(sh: &Shell<P>, first: bool) -> String {
    let prompt = sh.get("prompt");
    match (first, prompt.len()) {
        (true, 0) => "; ".to_string(),
        (true, _) => prompt[0].text(),
        (false, n) if n > 1 => prompt[1].text(),
        (false, _) => String::new(),
    }
}

/// Reads and runs commands from `fd` until its end (or `exit`); prints the
/// prompt first when interactive. Returns the last status.
fn run_stream<P: Process>(sh: &mut Shell<P>, fd: i32, name: &str) -> Status {
    let mut input = Input::new(fd);
    let mut last = String::new();
    let mut lineno = 0;
    loop {
        let mut text = String::new();
        let mut first = true;
        let cmd = loop {
            let line = if sh.interactive {
                let prompt = prompt_of(sh, first);
                // An interrupt that came while a command ran was for that
                // command: it must not stop the next line typed.
                sh.proc.interrupted();
                let commands = crate::builtins::command_names(sh);
                match sh.proc.edit_line(&prompt, &commands) {
                    Some(Edited::Line(l)) => Some(l + "\n"),
                    Some(Edited::Interrupted) => {
                        text.clear();
                        first = true;
                        continue;
                    }
                    Some(Edited::End) => None,
                    None => {
                        sh.print(2, &prompt);
                        input.line(&sh.proc)
                    }
                }
            } else {
                input.line(&sh.proc)
            };
            let Some(line) = line else {
                if text.trim().is_empty() {
                    return Ok(last);
                }
                break Err(ParseError::Incomplete);
            };
            lineno += 1;
            first = false;
            text.push_str(&line);
            match parse(&text) {
                Err(ParseError::Incomplete) => continue,
                r => break r,
            }
        };
        let cmd = match cmd {
            Ok(c) => c,
            Err(e) => {
                if sh.interactive {
                    sh.complain(&format!("{name}: parse error: {e}"));
                } else {
                    sh.complain(&format!("{name}:{lineno}: {e}"));
                }
                last = "parse error".to_string();
                if sh.interactive {
                    continue;
                }
                return Err(Flow::Raise(last));
            }
        };
        match sh.run(&cmd) {
            Ok(s) => last = s,
            Err(Flow::Raise(e)) if sh.interactive => {
                last = e;
            }
            Err(f) => return Err(f),
        }
    }
}

/// Runs the script at `path` in this shell (`run`): a new scope with `$0` and `$*`.
pub fn run_file<P: Process>(sh: &mut Shell<P>, path: &str, args: Vec<Val>) -> Status {
    let fd = match sh.proc.open(path, OpenMode::Read) {
        Ok(fd) => fd,
        Err(e) => {
            sh.complain(&format!("cannot open {path}: {e}"));
            return Err(Flow::Raise("bad script path".into()));
        }
    };
    sh.push_scope(Val::Str(path.to_string()), args);
    let interactive = std::mem::replace(&mut sh.interactive, false);
    let r = run_stream(sh, fd, path);
    sh.interactive = interactive;
    sh.pop_scope();
    sh.proc.close(fd);
    r
}

/// What `sh argv...` does in process `proc` (which it may change: `-n` keeps
/// the name space shared, otherwise the shell forks it), on a shell thread of
/// its own. Returns the status.
pub fn main<P: Process>(proc: P, argv: &[String]) -> String {
    let argv = argv.to_vec();
    crate::thread::run(move || shell_main(proc, &argv))
}

fn shell_main<P: Process>(proc: P, argv: &[String]) -> String {
    let mut args = argv.iter().skip(1).peekable();
    let (mut login, mut share_ns, mut interactive, mut trace, mut stop) =
        (false, false, false, false, false);
    let mut command = None;
    while let Some(a) = args.next_if(|a| a.starts_with('-') && a.len() > 1) {
        if a == "--" {
            break;
        }
        for (i, c) in a.char_indices().skip(1) {
            match c {
                'l' => login = true,
                'n' => share_ns = true,
                'i' => interactive = true,
                'x' => trace = true,
                'e' => stop = true,
                // `-cCMD` or `-c CMD`; the rest of the word is the command.
                'c' if i + 1 < a.len() => {
                    command = Some(a[i + 1..].to_string());
                    break;
                }
                'c' => match args.next() {
                    Some(cmd) if !cmd.is_empty() => {
                        command = Some(cmd.clone());
                        break;
                    }
                    _ => return usage(&proc),
                },
                // The original ignores letters it does not know (`-v`...).
                _ => {}
            }
        }
    }
    let rest: Vec<String> = args.cloned().collect();
    let mut sh = Shell::new(proc.fork(true, !share_ns, false));
    sh.proc.adopt();
    crate::builtins::autoload(&mut sh);
    sh.trace = trace;
    sh.stop_on_error = stop;
    if sh.get("ifs").is_empty() {
        sh.set("ifs", vec![Val::Str(" \t\n".to_string())]);
    }
    let login = login || argv.first().is_some_and(|a| a.starts_with('-'));
    if login {
        for profile in PROFILES {
            if sh.proc.is_dir(profile) == Some(false) {
                let _ = run_file(&mut sh, profile, Vec::new());
            }
        }
    }
    let r = if let Some(cmd) = command {
        match parse(&cmd) {
            Ok(c) => {
                let text = format!("{{{}}}", crate::syntax::cmd_text(&c));
                sh.push_scope(Val::Str(text), strs(&rest));
                let r = sh.run(&c);
                sh.pop_scope();
                r
            }
            Err(e) => {
                sh.complain(&crate::library::parse_failure(&e));
                Err(Flow::Raise("parse error".into()))
            }
        }
    } else if let Some(file) = rest.first() {
        run_file(&mut sh, file, strs(&rest[1..]))
    } else {
        sh.interactive = interactive || sh.proc.is_console(0);
        let r = run_stream(&mut sh, 0, "stdin");
        if sh.interactive {
            sh.print(2, "\n");
        }
        r
    };
    let status = crate::library::last_status(&sh, r);
    crate::foreign::unload_all(&mut sh);
    status
}

fn usage(proc: &impl Process) -> String {
    let _ = proc.write(2, b"usage: sh [-ilexn] [-c command] [file [arg...]]\n");
    "usage".to_string()
}

/// Runs `sh argv...` as a new process beside `proc` and waits for it.
pub fn nested<P: Process>(proc: &P, argv: &[String]) -> String {
    let proc = proc.fork(false, false, true);
    let argv = argv.to_vec();
    crate::thread::run(move || shell_main(proc, &argv))
}

#[cfg(test)]
mod tests {
    use super::separator_at;

    #[test]
    fn separators_are_found_past_bytes_that_are_not_utf8() {
        assert_eq!(separator_at(b"\xff\n", "\n"), Some((1, 2)));
        assert_eq!(separator_at(b"a\xe9b c", " "), Some((3, 4)));
        assert_eq!(
            separator_at("é\u{2022}x".as_bytes(), "\u{2022}"),
            Some((2, 5))
        );
        assert_eq!(separator_at(b"\xc3", "\n"), None);
    }
}
