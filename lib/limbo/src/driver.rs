//! The `limbo` command, wherever its files live: its flags, and the translation of
//! one source file into the bytes of a `.dis` (or, with `-S`, assembler text) and,
//! with `-g`, a symbol file, with diagnostics as `file:line: message` lines. The
//! host binary and the command inside the system both run through here; each
//! reads through its own [`crate::source::FileSource`] and writes where it must.

use crate::source::SourceLoader;
use std::fmt;
use std::path::PathBuf;

/// The usage line, the original's.
pub const USAGE: &str =
    "usage: limbo [-GSagwe] [-I incdir] [-o outfile] [-{T|t|d} module] [-D debug] file ...";

/// How many errors of one file are shown before the rest are dropped (`-e`
/// raises it to [`MANY_ERRORS`]).
pub const MAX_ERRORS: usize = 20;
/// The limit of shown errors under `-e`.
pub const MANY_ERRORS: usize = 1000;

/// The line that follows the last error shown.
pub const TOO_MANY_ERRORS: &str = "too many errors, stopping";

/// The command line of one run.
#[derive(Debug, PartialEq)]
pub struct Options {
    pub include_dirs: Vec<PathBuf>,
    /// `-o`: the output of the one file compiled.
    pub output: Option<String>,
    /// `-x`: the extension of outputs named after their sources.
    pub extension: Option<String>,
    pub warnings: bool,
    pub assembly: bool,
    pub debug_symbols: bool,
    /// `-c` and `-C`: the module header's compile hints.
    pub must_compile: bool,
    pub dont_compile: bool,
    /// `-s`: the stack extent written into the header instead of the computed one.
    pub stack_extent: Option<i32>,
    /// How many errors of a file are shown (`-e`).
    pub max_errors: usize,
    pub files: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            include_dirs: Vec::new(),
            output: None,
            extension: None,
            warnings: false,
            assembly: false,
            debug_symbols: false,
            must_compile: false,
            dont_compile: false,
            stack_extent: None,
            max_errors: MAX_ERRORS,
            files: Vec::new(),
        }
    }
}

/// Why a command line is refused.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Shown as the usage line.
    Usage,
    /// A flag of the original that writes C for built-in modules (`-a`, `-A`,
    /// `-t`, `-T`, `-d`) or their symbol file (`-Y`), which this compiler does not.
    Unsupported(char),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Usage => f.write_str(USAGE),
            Refusal::Unsupported(c) => write!(
                f,
                "limbo: -{c}: output for built-in modules is not made by this compiler"
            ),
        }
    }
}

/// The leading decimal number of `s` (optionally signed), 0 if none, as Limbo
/// converts a string to an int.
fn leading_int(s: &str) -> i32 {
    let t = s.trim_start();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let n = digits
        .chars()
        .map_while(|c| c.to_digit(10))
        .fold(0i32, |n, d| n.wrapping_mul(10).wrapping_add(d as i32));
    if neg {
        n.wrapping_neg()
    } else {
        n
    }
}

impl Options {
    /// Parses the arguments after the command name as the original does: flags
    /// come first and may be grouped (`-gw`); those that take a value take the
    /// rest of their word or else the next argument; the first word that is not
    /// a flag (or `-` alone), or `--`, ends them.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, Refusal> {
        let mut o = Options::default();
        let mut args = args.into_iter().peekable();
        while let Some(a) = args.peek() {
            if a == "--" {
                args.next();
                break;
            }
            if a.len() < 2 || !a.starts_with('-') {
                break;
            }
            let word = args.next().unwrap_or_default();
            let mut chars = word[1..].chars();
            while let Some(c) = chars.next() {
                let mut value = || {
                    let rest: String = chars.by_ref().collect();
                    if rest.is_empty() {
                        args.next().unwrap_or_default()
                    } else {
                        rest
                    }
                };
                match c {
                    'g' => o.debug_symbols = true,
                    'w' => o.warnings = true,
                    'S' => o.assembly = true,
                    'c' => o.must_compile = true,
                    'C' => o.dont_compile = true,
                    'e' => o.max_errors = MANY_ERRORS,
                    // Assembler symbols, inlining, optimisation, fatal aborts,
                    // function-pointer and cycle variants, zeroed arrays: the
                    // original's switches for its own code generator, which
                    // change nothing this compiler makes.
                    'G' | 'i' | 'O' | 'f' | 'F' | 'y' | 'z' => {}
                    // Debugging traces of the compiler itself.
                    'D' | 'X' => {
                        value();
                    }
                    'I' => {
                        let dir = value();
                        if dir.is_empty() {
                            return Err(Refusal::Usage);
                        }
                        o.include_dirs.push(PathBuf::from(dir));
                    }
                    'o' => o.output = Some(value()).filter(|v| !v.is_empty()),
                    'x' => o.extension = Some(value()).filter(|v| !v.is_empty()),
                    's' => {
                        let n = leading_int(&value());
                        o.stack_extent = (n != 0).then_some(n);
                    }
                    't' | 'T' | 'd' | 'Y' => {
                        if value().is_empty() {
                            return Err(Refusal::Usage);
                        }
                        return Err(Refusal::Unsupported(c));
                    }
                    'a' | 'A' => return Err(Refusal::Unsupported(c)),
                    _ => return Err(Refusal::Usage),
                }
            }
        }
        o.files.extend(args);
        if o.files.is_empty() || (o.output.is_some() && o.files.len() > 1) {
            return Err(Refusal::Usage);
        }
        Ok(o)
    }

    /// The extension of outputs named after their sources: `-x`'s, else `.s`
    /// with `-S`, else `.dis`.
    pub fn extension(&self) -> &str {
        match &self.extension {
            Some(e) => e,
            None if self.assembly => ".s",
            None => ".dis",
        }
    }

    /// The object and symbol files of `source`: `-o`'s (its `.dis` replaced by
    /// `.sbl`), else the source's last element with `.b` replaced by the
    /// extension (and that replaced by `.sbl`), in the current folder.
    pub fn outputs(&self, source: &str) -> (String, String) {
        if let Some(out) = &self.output {
            return (out.clone(), replace_extension(out, ".dis", ".sbl"));
        }
        let base = source.rsplit('/').next().unwrap_or(source);
        let out = replace_extension(base, ".b", self.extension());
        let sbl = replace_extension(&out, self.extension(), ".sbl");
        (out, sbl)
    }
}

/// `file` with `old` at its end (if there) replaced by `new`.
fn replace_extension(file: &str, old: &str, new: &str) -> String {
    file.strip_suffix(old).unwrap_or(file).to_string() + new
}

/// What translating one file produced.
pub struct Translation {
    /// Diagnostics to show, one line each (warnings only with `-w`).
    pub messages: Vec<String>,
    /// The object (`.dis` bytes or `-S` text) and the symbol file text, unless the
    /// file had errors.
    pub output: Option<(Vec<u8>, Option<String>)>,
    /// Whether the file had errors.
    pub failed: bool,
    /// Whether the source could be read at all (if not, its outputs are left alone).
    pub opened: bool,
}

/// Compiles `file` as the options say, reading through `loader`.
pub fn translate(opts: &Options, file: &str, loader: &mut SourceLoader) -> Translation {
    let outcome = crate::compile_check(file, loader);
    let mut messages = Vec::new();
    let mut errors = 0;
    let mut opened = true;
    for d in outcome.diags.sorted() {
        if d.warning && !opts.warnings {
            continue;
        }
        if errors >= opts.max_errors {
            break;
        }
        opened &= !d.whole_file;
        messages.push(d.shown(&outcome.files).to_string());
        if !d.warning {
            errors += 1;
            if errors == opts.max_errors {
                messages.push(TOO_MANY_ERRORS.to_string());
            }
        }
    }
    let failed = |messages| Translation {
        messages,
        output: None,
        failed: true,
        opened,
    };
    if outcome.diags.has_errors() {
        return failed(messages);
    }
    let mut checked = outcome.checked;
    let files = opts.debug_symbols.then_some(&outcome.files);
    let (mut module, symbols) = match crate::gen::generate_with_symbols(&mut checked, file, files) {
        Ok(m) => m,
        Err(e) => {
            messages.push(format!(
                "{}:{}: {}",
                outcome.files.name(e.span.file),
                e.span.start.line,
                e.message
            ));
            return failed(messages);
        }
    };
    if opts.must_compile {
        module.flags |= dis::object::MUSTCOMPILE;
    }
    if opts.dont_compile {
        module.flags |= dis::object::DONTCOMPILE;
    }
    if let Some(n) = opts.stack_extent {
        module.stack_extent = n;
    }
    let bytes = if opts.assembly {
        dis::asm::disassemble(&module).into_bytes()
    } else {
        match module.write() {
            Ok(b) => b,
            Err(e) => {
                messages.push(format!("{file}: {e}"));
                return failed(messages);
            }
        }
    };
    Translation {
        messages,
        output: Some((bytes, symbols)),
        failed: false,
        opened,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, Refusal> {
        Options::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_group_and_take_values_joined_or_apart() {
        let o = parse(&["-gw", "-I/module", "-o", "x.dis", "x.b"]).unwrap();
        assert!(o.debug_symbols && o.warnings && !o.assembly && !o.must_compile);
        assert_eq!(o.include_dirs, vec![PathBuf::from("/module")]);
        assert_eq!(o.output.as_deref(), Some("x.dis"));
        assert_eq!(o.files, vec!["x.b".to_string()]);
        assert_eq!(
            parse(&["-S", "-Ia", "-I", "b", "y.b"]).unwrap().extension(),
            ".s"
        );
        let o = parse(&["-cCe", "-s", "12x", "-D", "ab", "-GiOfFyz", "z.b"]).unwrap();
        assert!(o.must_compile && o.dont_compile);
        assert_eq!((o.max_errors, o.stack_extent), (MANY_ERRORS, Some(12)));
    }

    #[test]
    fn flags_end_at_the_first_other_word() {
        let o = parse(&["x.b", "-o", "y"]).unwrap();
        assert_eq!(o.files, ["x.b", "-o", "y"]);
        assert_eq!(o.output, None);
        assert_eq!(parse(&["--", "-g"]).unwrap().files, ["-g"]);
        assert_eq!(parse(&["-w", "-", "-g"]).unwrap().files, ["-", "-g"]);
    }

    #[test]
    fn bad_command_lines_are_refused_with_the_usage() {
        for args in [
            &[][..],
            &["-q", "x.b"],
            &["-o", "x.dis", "a.b", "b.b"],
            &["-x", "x.b"],
            &["-I", "", "x.b"],
            &["-g"],
            &["-t"],
        ] {
            assert_eq!(parse(args), Err(Refusal::Usage), "{args:?}");
        }
        assert_eq!(parse(&["-a", "x.b"]), Err(Refusal::Unsupported('a')));
        assert_eq!(parse(&["-T", "M", "x.b"]), Err(Refusal::Unsupported('T')));
        assert_eq!(
            Refusal::Usage.to_string(),
            "usage: limbo [-GSagwe] [-I incdir] [-o outfile] [-{T|t|d} module] [-D debug] file ..."
        );
    }

    #[test]
    fn outputs_are_named_as_the_original_names_them() {
        let o = parse(&["x.b"]).unwrap();
        assert_eq!(o.outputs("/tmp/x.b"), ("x.dis".into(), "x.sbl".into()));
        assert_eq!(
            o.outputs("a/noext"),
            ("noext.dis".into(), "noext.sbl".into())
        );
        let o = parse(&["-S", "x.b"]).unwrap();
        assert_eq!(o.outputs("y.b"), ("y.s".into(), "y.sbl".into()));
        let o = parse(&["-x", ".obj", "x.b"]).unwrap();
        assert_eq!(o.outputs("d/y.b"), ("y.obj".into(), "y.sbl".into()));
        let o = parse(&["-S", "-o", "/tmp/out.s", "x.b"]).unwrap();
        assert_eq!(
            o.outputs("x.b"),
            ("/tmp/out.s".into(), "/tmp/out.s.sbl".into())
        );
        let o = parse(&["-o", "out", "x.b"]).unwrap();
        assert_eq!(o.outputs("x.b").1, "out.sbl");
    }

    #[test]
    fn a_missing_source_is_named_with_the_reason() {
        let opts = parse(&["x.b"]).unwrap();
        let mut loader = SourceLoader::new(
            Box::new(crate::source::MemoryFiles::default()),
            Vec::new(),
            None,
        );
        let t = translate(&opts, "/f/missing.b", &mut loader);
        assert_eq!(t.messages, ["can't open /f/missing.b: file does not exist"]);
        assert!(t.failed && !t.opened);
    }

    #[test]
    fn errors_past_the_limit_are_dropped() {
        let body: String = (0..25).map(|i| format!("\tv{i} = 1;\n")).collect();
        let mut files = crate::source::MemoryFiles::default();
        files.insert(
            "e.b",
            format!("implement T;\nT: module {{ f: fn(); }};\nf()\n{{\n{body}}}\n"),
        );
        let mut opts = parse(&["e.b"]).unwrap();
        let mut loader = SourceLoader::new(Box::new(files.clone()), Vec::new(), None);
        let t = translate(&opts, "e.b", &mut loader);
        assert_eq!(t.messages.len(), MAX_ERRORS + 1, "{:?}", t.messages);
        assert_eq!(t.messages[MAX_ERRORS], TOO_MANY_ERRORS);
        opts.max_errors = MANY_ERRORS;
        let mut loader = SourceLoader::new(Box::new(files), Vec::new(), None);
        assert_eq!(translate(&opts, "e.b", &mut loader).messages.len(), 25);
    }
}
