//! The last exception a prog raised, as `/prog/N/exception` shows it, and the
//! source line of an uncaught one from the module's symbol file.

/// The last exception a prog raised: the original's `/prog/N/exception` shows
/// `pc module text` of the last one a handler took; ours also keeps the one
/// nothing handled, with where its source line can be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastException {
    /// The instruction that raised it.
    pub pc: u32,
    /// The module running that instruction.
    pub module: String,
    pub text: String,
    /// Whether nothing handled it (the prog broke).
    pub uncaught: bool,
    /// The module's file, beside which its symbol file (`.sbl`) lies.
    pub path: Option<String>,
}

impl LastException {
    /// The original's text: `pc module text`.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.pc, self.module, self.text)
    }

    /// The path of the module's symbol file, if the module came from a file.
    pub fn symbol_file(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        Some(path.strip_suffix(".dis").unwrap_or(path).to_string() + ".sbl")
    }

    /// `file:line` of the raising instruction, from the text of the symbol file.
    pub fn source_line(&self, symbols: &[u8]) -> Option<String> {
        let lines = crate::sbl::Lines::parse(&String::from_utf8_lossy(symbols))?;
        let (file, line) = lines.locate(self.pc)?;
        Some(format!("{file}:{line}"))
    }
}
