//! The `limbo` command, wherever its files live: its flags, and the translation of
//! one source file into the bytes of a `.dis` (or, with `-S`, assembler text) and,
//! with `-g`, a symbol file, with diagnostics as `file:line: message` lines. The
//! host binary and the command inside the system both run through here; each
//! reads through its own [`crate::source::FileSource`] and writes where it must.

use crate::source::SourceLoader;
use std::path::PathBuf;

/// The usage line.
pub const USAGE: &str = "usage: limbo [-gwSc] [-I incdir] [-o outfile] file ...";

/// The command line of one run.
#[derive(Default, Debug, PartialEq)]
pub struct Options {
    pub include_dirs: Vec<PathBuf>,
    pub output: Option<String>,
    pub warnings: bool,
    pub check_only: bool,
    pub assembly: bool,
    pub debug_symbols: bool,
    pub files: Vec<String>,
}

impl Options {
    /// Parses the arguments after the command name; flags may be grouped (`-gw`)
    /// and `-I`/`-o` take their value joined or as the next argument.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut o = Options::default();
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            if a == "--" {
                o.files.extend(args.by_ref());
                break;
            }
            let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
                o.files.push(a);
                continue;
            };
            let mut chars = flags.chars();
            while let Some(c) = chars.next() {
                match c {
                    'g' => o.debug_symbols = true,
                    'w' => o.warnings = true,
                    'S' => o.assembly = true,
                    'c' => o.check_only = true,
                    'I' | 'o' => {
                        let rest: String = chars.by_ref().collect();
                        let value = if rest.is_empty() {
                            args.next().ok_or_else(|| format!("-{c} needs a value"))?
                        } else {
                            rest
                        };
                        if c == 'I' {
                            o.include_dirs.push(PathBuf::from(value));
                        } else {
                            o.output = Some(value);
                        }
                    }
                    other => return Err(format!("unknown option -{other}")),
                }
            }
        }
        if o.files.is_empty() {
            return Err("no source files".to_string());
        }
        if o.output.is_some() && o.files.len() > 1 {
            return Err("-o names the output of one file only".to_string());
        }
        Ok(o)
    }

    /// The extension of the main output: `.s` with `-S`, else `.dis`.
    pub fn extension(&self) -> &'static str {
        if self.assembly {
            ".s"
        } else {
            ".dis"
        }
    }
}

/// The symbol file's name for an output file: its `.dis` (or other extension)
/// replaced by `.sbl`.
pub fn symbol_file(output: &str, extension: &str) -> String {
    output.strip_suffix(extension).unwrap_or(output).to_string() + ".sbl"
}

/// What translating one file produced.
pub struct Translation {
    /// Diagnostics to show, one line each (warnings only with `-w`).
    pub messages: Vec<String>,
    /// The object (`.dis` bytes or `-S` text) and the symbol file text, unless the
    /// file had errors or only checking was asked for.
    pub output: Option<(Vec<u8>, Option<String>)>,
    /// Whether the file had errors.
    pub failed: bool,
}

/// Compiles `file` as the options say, reading through `loader`.
pub fn translate(opts: &Options, file: &str, loader: &mut SourceLoader) -> Translation {
    let outcome = crate::compile_check(file, loader);
    let mut messages = Vec::new();
    for d in outcome.diags.sorted() {
        if d.warning && !opts.warnings {
            continue;
        }
        let kind = if d.warning { "warning: " } else { "" };
        messages.push(format!(
            "{}:{}: {}{}",
            outcome.files.name(d.span.file),
            d.span.start.line,
            kind,
            d.message
        ));
    }
    let failed = |messages| Translation {
        messages,
        output: None,
        failed: true,
    };
    if outcome.diags.has_errors() {
        return failed(messages);
    }
    if opts.check_only {
        return Translation {
            messages,
            output: None,
            failed: false,
        };
    }
    let mut checked = outcome.checked;
    let files = opts.debug_symbols.then_some(&outcome.files);
    let (module, symbols) = match crate::gen::generate_with_symbols(&mut checked, file, files) {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_group_and_take_values_joined_or_apart() {
        let o = parse(&["-gw", "-I/module", "-o", "x.dis", "x.b"]).unwrap();
        assert!(o.debug_symbols && o.warnings && !o.assembly && !o.check_only);
        assert_eq!(o.include_dirs, vec![PathBuf::from("/module")]);
        assert_eq!(o.output.as_deref(), Some("x.dis"));
        assert_eq!(o.files, vec!["x.b".to_string()]);
        assert_eq!(
            parse(&["-S", "-Ia", "-I", "b", "y.b"]).unwrap().extension(),
            ".s"
        );
    }

    #[test]
    fn bad_command_lines_are_refused() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["-q", "x.b"]).is_err());
        assert!(parse(&["x.b", "-o"]).is_err());
        assert!(parse(&["-o", "x.dis", "a.b", "b.b"]).is_err());
    }

    #[test]
    fn the_symbol_file_replaces_the_extension() {
        assert_eq!(symbol_file("/tmp/x.dis", ".dis"), "/tmp/x.sbl");
        assert_eq!(symbol_file("out", ".dis"), "out.sbl");
    }
}
