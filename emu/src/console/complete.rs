//! Tab completion for the line editor, through the shell process's own
//! name space: a command's first word from the builtins and functions the
//! shell knows and the `NAME.dis` modules (and folders) in the folders of
//! `$path`; any other word, or a first word with a `/` in it, from the
//! names of files. Folders complete with a `/` after them.

use crate::kernel::flags::{DMDIR, OREAD};
use crate::kernel::ProcEnv;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use shell::CommandNames;

/// What the editor completes from while it reads one line.
pub struct Completion {
    pub env: ProcEnv,
    pub commands: CommandNames,
}

/// Characters that end a word of the shell's syntax.
const WORD_ENDS: &[char] = &[
    ' ', '\t', ';', '|', '&', '{', '}', '(', ')', '<', '>', '=', '`', '"', '^', '$',
];

/// Characters after which a new command starts.
const COMMAND_STARTS: &[char] = &[';', '|', '&', '{', '\n'];

impl Completion {
    /// The entries of folder `dir` (none if it cannot be read): name and
    /// whether it is a folder.
    fn entries(&self, dir: &str) -> Vec<(String, bool)> {
        let env = &self.env;
        let Ok(fd) = env.open(dir, OREAD) else {
            return Vec::new();
        };
        let mut names = Vec::new();
        while let Ok(dirs) = env.dirread(fd) {
            if dirs.is_empty() {
                break;
            }
            names.extend(dirs.into_iter().map(|d| (d.name, d.mode & DMDIR != 0)));
        }
        let _ = env.close(fd);
        names
    }

    /// File names that complete `word`, each as the whole word.
    fn files(&self, word: &str) -> Vec<String> {
        let (dir, prefix) = match word.rfind('/') {
            Some(i) => (&word[..=i], &word[i + 1..]),
            None => ("", word),
        };
        let folder = if dir.is_empty() { "." } else { dir };
        self.entries(folder)
            .into_iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(name, is_dir)| format!("{dir}{name}{}", if is_dir { "/" } else { "" }))
            .collect()
    }

    /// Command names that complete `word`.
    fn commands(&self, word: &str) -> Vec<String> {
        let mut found: Vec<String> = self
            .commands
            .known
            .iter()
            .filter(|n| n.starts_with(word))
            .cloned()
            .collect();
        for dir in &self.commands.path {
            for (name, is_dir) in self.entries(dir) {
                if !name.starts_with(word) {
                    continue;
                }
                if is_dir {
                    found.push(format!("{name}/"));
                } else if let Some(module) = name.strip_suffix(".dis") {
                    found.push(module.to_string());
                }
            }
        }
        found
    }

    /// Where the word at `pos` of `line` starts, and the candidates for it.
    fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        let start = before.rfind(WORD_ENDS).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &before[start..];
        if word.contains('\'') {
            return (start, Vec::new());
        }
        let lead = before[..start].trim_end();
        let first_word = lead.is_empty() || lead.ends_with(COMMAND_STARTS);
        let mut found = if first_word && !word.contains('/') {
            self.commands(word)
        } else {
            self.files(word)
        };
        found.sort();
        found.dedup();
        (start, found)
    }
}

/// The last name of a candidate path as a list shows it (`dis/` for a
/// folder).
fn last_name(path: &str) -> String {
    let folder = path.ends_with('/');
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    if folder {
        format!("{name}/")
    } else {
        name.to_string()
    }
}

impl Completer for Completion {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, found) = self.candidates(line, pos);
        let pairs = found
            .into_iter()
            .map(|c| Pair {
                display: last_name(&c),
                replacement: c,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for Completion {
    type Hint = String;
}

impl Highlighter for Completion {}

impl Validator for Completion {}

impl Helper for Completion {}
