//! Finding and reading source files: the main file and `include`d ones, through a
//! search path (the including file's directory, then `-I` directories, then the
//! module directory).

use crate::diag::{Diagnostics, Files, Span};
use crate::lexer::{lex, Token};
use std::path::{Path, PathBuf};

/// Where the compiler reads files from: the host file system, or the system's namespace.
pub trait FileSource {
    fn read(&self, path: &Path) -> Option<String>;
}

/// Reads files from the host file system.
pub struct HostFiles;

impl FileSource for HostFiles {
    fn read(&self, path: &Path) -> Option<String> {
        let bytes = std::fs::read(path).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Files held in memory, by path (for tools that read everything up front, and for tests).
/// Clones share the same files.
#[derive(Default, Clone)]
pub struct MemoryFiles {
    files: std::rc::Rc<std::collections::HashMap<PathBuf, String>>,
}

impl MemoryFiles {
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: String) {
        std::rc::Rc::make_mut(&mut self.files).insert(path.into(), text);
    }
}

impl FileSource for MemoryFiles {
    fn read(&self, path: &Path) -> Option<String> {
        self.files.get(path).cloned()
    }
}

/// Resolves include names and lexes the files it finds.
pub struct SourceLoader {
    fs: Box<dyn FileSource>,
    include_dirs: Vec<PathBuf>,
    module_dir: Option<PathBuf>,
    lines_read: usize,
}

impl SourceLoader {
    pub fn new(
        fs: Box<dyn FileSource>,
        include_dirs: Vec<PathBuf>,
        module_dir: Option<PathBuf>,
    ) -> SourceLoader {
        SourceLoader {
            fs,
            include_dirs,
            module_dir,
            lines_read: 0,
        }
    }

    /// Lines of source read so far (main file and includes).
    pub fn lines_read(&self) -> usize {
        self.lines_read
    }

    fn lex_counted(
        &mut self,
        text: &str,
        file: u32,
        files: &mut Files,
        diags: &mut Diagnostics,
    ) -> Vec<Token> {
        self.lines_read += text.lines().count();
        lex(text, file, files, diags)
    }

    pub fn load_main(
        &mut self,
        path: &str,
        files: &mut Files,
        diags: &mut Diagnostics,
    ) -> Option<(u32, Vec<Token>)> {
        let file = files.add(path);
        match self.fs.read(Path::new(path)) {
            Some(text) => Some((file, self.lex_counted(&text, file, files, diags))),
            None => {
                diags.error(
                    Span {
                        file,
                        ..Span::default()
                    },
                    format!("can't open {path}"),
                );
                None
            }
        }
    }

    /// Find `name` as included from the file named `from`, lex it, and register it.
    pub fn load_include(
        &mut self,
        name: &str,
        from: &str,
        at: Span,
        files: &mut Files,
        diags: &mut Diagnostics,
    ) -> Option<(u32, Vec<Token>)> {
        let candidates: Vec<PathBuf> = if Path::new(name).is_absolute() {
            vec![PathBuf::from(name)]
        } else {
            let here = Path::new(from)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            std::iter::once(here)
                .chain(self.include_dirs.iter().cloned())
                .chain(self.module_dir.iter().cloned())
                .map(|d| d.join(name))
                .collect()
        };
        for path in candidates {
            if let Some(text) = self.fs.read(&path) {
                let file = files.add(&path.to_string_lossy());
                return Some((file, self.lex_counted(&text, file, files, diags)));
            }
        }
        diags.error(at, format!("can't find include file \"{name}\""));
        None
    }
}
