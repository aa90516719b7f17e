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

/// Resolves include names and lexes the files it finds.
pub struct SourceLoader {
    fs: Box<dyn FileSource>,
    include_dirs: Vec<PathBuf>,
    module_dir: Option<PathBuf>,
}

impl SourceLoader {
    pub fn new(fs: Box<dyn FileSource>, include_dirs: Vec<PathBuf>, module_dir: Option<PathBuf>) -> SourceLoader {
        SourceLoader { fs, include_dirs, module_dir }
    }

    pub fn load_main(&mut self, path: &str, files: &mut Files, diags: &mut Diagnostics) -> Option<(u32, Vec<Token>)> {
        let file = files.add(path);
        match self.fs.read(Path::new(path)) {
            Some(text) => Some((file, lex(&text, file, diags))),
            None => {
                diags.error(Span { file, ..Span::default() }, format!("can't open {path}"));
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
            let here = Path::new(from).parent().map(Path::to_path_buf).unwrap_or_default();
            std::iter::once(here)
                .chain(self.include_dirs.iter().cloned())
                .chain(self.module_dir.iter().cloned())
                .map(|d| d.join(name))
                .collect()
        };
        for path in candidates {
            if let Some(text) = self.fs.read(&path) {
                let file = files.add(&path.to_string_lossy());
                return Some((file, lex(&text, file, diags)));
            }
        }
        diags.error(at, format!("can't find include file \"{name}\""));
        None
    }
}
