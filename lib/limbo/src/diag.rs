//! Source positions, spans and the diagnostics list (`file:line: message`).

use std::fmt;

/// A position in a source file: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// The stretch of source a syntax node came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Index into the file table of the compilation (`Files`).
    pub file: u32,
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    /// The span covering `self` through `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        if other.file != self.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start,
            end: other.end.max(self.end),
        }
    }
}

/// The names of the files a compilation read, indexed by `Span::file`.
#[derive(Default, Debug, Clone)]
pub struct Files {
    names: Vec<String>,
}

impl Files {
    pub fn add(&mut self, name: &str) -> u32 {
        self.names.push(name.to_string());
        (self.names.len() - 1) as u32
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    pub fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }
}

/// One error or warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    pub warning: bool,
    /// Whether the diagnostic is about the file as a whole (it could not be
    /// read), shown without a place.
    pub whole_file: bool,
    /// Order of discovery, used to keep reports stable when sorting by position.
    seq: u32,
}

/// Every diagnostic of one compilation.
#[derive(Default, Debug, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(span, message.into(), false, false);
    }
    pub fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.push(span, message.into(), true, false);
    }
    /// An error about file `file` as a whole, shown as the bare message.
    pub fn file_error(&mut self, file: u32, message: impl Into<String>) {
        let span = Span {
            file,
            ..Span::default()
        };
        self.push(span, message.into(), false, true);
    }
    fn push(&mut self, span: Span, message: String, warning: bool, whole_file: bool) {
        let seq = self.list.len() as u32;
        self.list.push(Diagnostic {
            span,
            message,
            warning,
            whole_file,
            seq,
        });
    }
    /// How many diagnostics (errors and warnings) there are so far.
    pub fn len(&self) -> usize {
        self.list.len()
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    /// Forgets the diagnostics after the first `len` (those of a tentative step).
    pub fn truncate(&mut self, len: usize) {
        self.list.truncate(len);
    }
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| !d.warning).count()
    }
    /// Is there an error within the lines of `span`?
    pub fn has_error_in(&self, span: Span) -> bool {
        self.list.iter().any(|d| {
            !d.warning
                && d.span.file == span.file
                && d.span.start.line >= span.start.line
                && d.span.start.line <= span.end.line
        })
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| !d.warning)
    }
    /// The diagnostics in source order (file of first appearance, then line), duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.list.clone();
        v.sort_by_key(|d| (d.span.file, d.span.start.line, d.seq));
        v.dedup_by(|a, b| {
            a.span.file == b.span.file
                && a.span.start.line == b.span.start.line
                && a.message == b.message
        });
        v
    }
    /// One line per diagnostic, `file:line: message` (warnings prefixed `warning: `).
    pub fn render(&self, files: &Files) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&format!("{}\n", d.shown(files)));
        }
        out
    }
}

impl Diagnostic {
    /// The diagnostic as one line: `file:line: message` (warnings prefixed
    /// `warning: `), or the bare message for one about a whole file.
    pub fn shown<'a>(&'a self, files: &'a Files) -> impl fmt::Display + 'a {
        Shown { d: self, files }
    }
}

struct Shown<'a> {
    d: &'a Diagnostic,
    files: &'a Files,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d.whole_file {
            return f.write_str(&self.d.message);
        }
        let kind = if self.d.warning { "warning: " } else { "" };
        write!(
            f,
            "{}:{}: {}{}",
            self.files.name(self.d.span.file),
            self.d.span.start.line,
            kind,
            self.d.message
        )
    }
}
