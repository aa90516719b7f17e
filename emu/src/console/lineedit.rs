//! Line editing for an interactive shell whose console is the host's
//! terminal: the editor (rustyline) reads the host terminal directly, and the
//! history is kept per user in `/usr/USER/lib/sh_history` of the name space,
//! when that folder exists (otherwise only for the session). Keys the
//! editor read beyond a line (a paste of several lines) stay for the next
//! lines it reads.

use super::complete::Completion;
use crate::kernel::chan::lock;
use crate::kernel::flags::OWRITE;
use crate::kernel::hostcons::{editor_turn, take_unfinished_line};
use crate::kernel::ProcEnv;
use crate::proc::loader::read_file;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Config};
use shell::{CommandNames, Edited};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

/// The host terminal, with its editor.
pub struct Terminal {
    editor: Mutex<Editor>,
}

struct Editor {
    line: rustyline::Editor<Completion, DefaultHistory>,
    /// Whether the history file has been read (at the first line).
    history_read: bool,
}

impl Terminal {
    /// The terminal, when the host's standard input and output are one.
    pub fn open() -> Option<Arc<Terminal>> {
        if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
            return None;
        }
        let config = Config::builder()
            .completion_type(CompletionType::List)
            .build();
        let line = rustyline::Editor::with_config(config).ok()?;
        Some(Arc::new(Terminal {
            editor: Mutex::new(Editor {
                line,
                history_read: false,
            }),
        }))
    }

    /// Reads a line after `prompt` for process `env`, keeping it in the
    /// history; Tab completes from `commands` and `env`'s name space.
    pub fn read_line(&self, env: &ProcEnv, prompt: &str, commands: &CommandNames) -> Edited {
        let mut ed = lock(&self.editor);
        ed.line.set_helper(Some(Completion {
            env: env.clone(),
            commands: commands.clone(),
        }));
        let path = history_path(env);
        if !ed.history_read {
            ed.history_read = true;
            if let Ok(text) = read_file(env, &path) {
                for l in String::from_utf8_lossy(&text).lines() {
                    let _ = ed.line.add_history_entry(l);
                }
            }
        }
        // Output that did not end its line stays in front of the prompt, as
        // the original shows it ("hello; "), instead of being drawn over.
        let prompt = format!("{}{prompt}", take_unfinished_line());
        // No console reader (one left by a killed command, or one in the
        // background) takes keys from under the editor.
        let keyboard = editor_turn();
        let read = ed.line.readline(&prompt);
        drop(keyboard);
        match read {
            Ok(l) => {
                if !l.trim().is_empty() && ed.line.add_history_entry(l.as_str()).unwrap_or(false) {
                    append(env, &path, &l);
                }
                Edited::Line(l)
            }
            Err(ReadlineError::Interrupted) => Edited::Interrupted,
            Err(_) => Edited::End,
        }
    }
}

fn history_path(env: &ProcEnv) -> String {
    format!("/usr/{}/lib/sh_history", env.user())
}

/// Adds a line to the history file (made if its folder exists).
fn append(env: &ProcEnv, path: &str, line: &str) {
    let fd = match env.open(path, OWRITE) {
        Ok(fd) => fd,
        Err(_) => match env.create(path, OWRITE, 0o600) {
            Ok(fd) => fd,
            Err(_) => return,
        },
    };
    if env.seek(fd, 0, 2).is_ok() {
        let _ = env.write(fd, format!("{line}\n").as_bytes());
    }
    let _ = env.close(fd);
}
