//! Finding and reading source files: the main file and `include`d ones, through a
//! search path (the including file's directory, then `-I` directories, then the
//! module directory).

use crate::diag::{Diagnostics, Files, Span};
use crate::lexer::{lex, Token};
use std::path::{Path, PathBuf};

/// The largest source file (main or included) the compiler reads: 8 MiB, far above
/// any real Limbo source, so that `include "/dev/zero"` ends with an error.
pub const MAX_SOURCE_BYTES: u64 = 8 << 20;

/// Why a file that is not there cannot be opened, in the original's words.
pub const NO_SUCH_FILE: &str = "file does not exist";

/// Why a file found on the search path cannot be compiled.
#[derive(Debug, PartialEq)]
pub enum Unreadable {
    /// The file cannot be opened (most often there is none; the text says why):
    /// an include search goes on to the next folder.
    Missing(String),
    /// The file exists but cannot be source text (a device, too large, unreadable).
    Refused(String),
}

/// Where the compiler reads files from: the host file system, or the system's namespace.
pub trait FileSource {
    fn read(&self, path: &Path) -> Option<String>;

    /// Reads a file for compilation, saying why it cannot be used; by default
    /// whatever `read` gives, anything else counting as missing.
    fn load(&self, path: &Path) -> Result<String, Unreadable> {
        self.read(path)
            .ok_or_else(|| Unreadable::Missing(NO_SUCH_FILE.to_string()))
    }
}

/// Reads files from the host file system: regular files of at most
/// [`MAX_SOURCE_BYTES`], never devices or pipes, which may not end.
pub struct HostFiles;

impl FileSource for HostFiles {
    fn read(&self, path: &Path) -> Option<String> {
        self.load(path).ok()
    }

    fn load(&self, path: &Path) -> Result<String, Unreadable> {
        use std::io::Read;
        let meta = std::fs::metadata(path).map_err(|e| Unreadable::Missing(host_why(&e)))?;
        if !meta.is_file() {
            return Err(Unreadable::Refused("not a regular file".to_string()));
        }
        if meta.len() > MAX_SOURCE_BYTES {
            return Err(too_large());
        }
        let file = std::fs::File::open(path).map_err(|e| Unreadable::Refused(e.to_string()))?;
        let mut bytes = Vec::new();
        file.take(MAX_SOURCE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Unreadable::Refused(e.to_string()))?;
        if bytes.len() as u64 > MAX_SOURCE_BYTES {
            return Err(too_large());
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A host error's text without the `(os error N)` that follows it, or the
/// original's words for a file that is not there.
fn host_why(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        return NO_SUCH_FILE.to_string();
    }
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The refusal of a file larger than [`MAX_SOURCE_BYTES`].
pub fn too_large() -> Unreadable {
    Unreadable::Refused(format!("larger than {MAX_SOURCE_BYTES} bytes"))
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
        match self.fs.load(Path::new(path)) {
            Ok(text) => Some((file, self.lex_counted(&text, file, files, diags))),
            Err(Unreadable::Missing(why) | Unreadable::Refused(why)) => {
                diags.file_error(file, format!("can't open {path}: {why}"));
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
            match self.fs.load(&path) {
                Ok(text) => {
                    let file = files.add(&path.to_string_lossy());
                    return Some((file, self.lex_counted(&text, file, files, diags)));
                }
                Err(Unreadable::Missing(_)) => {}
                Err(Unreadable::Refused(why)) => {
                    let msg = format!("can't include \"{}\": {why}", path.display());
                    diags.error(at, msg);
                    return None;
                }
            }
        }
        diags.error(at, format!("can't find include file \"{name}\""));
        None
    }
}
