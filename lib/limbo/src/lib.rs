//! The Limbo compiler: lexer, parser, type checker, type signatures and code
//! generation. `compile_check` runs the whole front end over one file.
//!
//! Pipeline: `source` finds files (include search path) and `lexer` turns them
//! into tokens; `parser` builds the `ast` (splicing includes in, recovering from
//! syntax errors); `check` resolves declarations and types every expression in
//! place (`Expr::ty`, folded `Expr::konst`, `Expr::var` for variables), records
//! functions with their parameters and locals, module interfaces and module
//! data; `types` holds every type with the original's sizes and offsets on the
//! 32-bit Dis model; `sign` computes link signatures; `gen` turns the checked
//! program into a `dis::object::Module` with the original's ABI. Diagnostics (`diag`) are
//! `file:line: message`, sorted by position.

pub mod ast;
pub mod check;
pub mod diag;
pub mod driver;
pub mod gen;
pub mod lexer;
pub mod md5;
pub mod parser;
pub mod show;
pub mod sign;
pub mod source;
pub mod types;
pub mod value;

use diag::{Diagnostics, Files};
use source::SourceLoader;

/// The outcome of checking one source file.
pub struct Outcome {
    pub files: Files,
    pub diags: Diagnostics,
    pub checked: check::Checked,
}

/// Parse and check the file at `path`, resolving includes with `loader`.
pub fn compile_check(path: &str, loader: &mut SourceLoader) -> Outcome {
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let program = parser::parse_file(path, loader, &mut files, &mut diags);
    let checked = check::check(program, &mut diags);
    Outcome {
        files,
        diags,
        checked,
    }
}

/// Parse and check source text held in memory (named `name` in diagnostics).
pub fn check_text(name: &str, text: &str, loader: &mut SourceLoader) -> Outcome {
    let mut files = Files::default();
    let mut diags = Diagnostics::default();
    let program = parser::parse_text(name, text, loader, &mut files, &mut diags);
    let checked = check::check(program, &mut diags);
    Outcome {
        files,
        diags,
        checked,
    }
}

/// Compile the file at `path` to a Dis module; on failure, the diagnostics
/// (or the code generator's complaint) as `file:line: message` lines.
pub fn compile(path: &str, loader: &mut SourceLoader) -> Result<dis::object::Module, String> {
    let mut outcome = compile_check(path, loader);
    if outcome.diags.has_errors() {
        return Err(outcome.diags.render(&outcome.files));
    }
    gen::generate(&mut outcome.checked, path).map_err(|e| {
        format!(
            "{}:{}: {}",
            outcome.files.name(e.span.file),
            e.span.start.line,
            e.message
        )
    })
}
