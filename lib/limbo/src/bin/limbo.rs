//! The host `limbo` command: compile Limbo source files to `.dis` modules (or, with
//! `-S`, assembler text), reporting diagnostics one per line as `file:line: message`.

use limbo::source::{HostFiles, SourceLoader};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: limbo [-gwSc] [-I dir] [-o file] file.b ...";

struct Options {
    include_dirs: Vec<PathBuf>,
    output: Option<String>,
    warnings: bool,
    check_only: bool,
    assembly: bool,
    debug_symbols: bool,
    files: Vec<String>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        include_dirs: Vec::new(),
        output: None,
        warnings: false,
        check_only: false,
        assembly: false,
        debug_symbols: false,
        files: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
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
    Ok(o)
}

/// The `module/` folder of this source tree, searched after the `-I` directories.
fn default_module_dir() -> Option<PathBuf> {
    std::fs::canonicalize(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../module"))
        .ok()
        .filter(|d| d.is_dir())
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("limbo: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for file in &opts.files {
        let mut loader = SourceLoader::new(
            Box::new(HostFiles),
            opts.include_dirs.clone(),
            default_module_dir(),
        );
        let outcome = limbo::compile_check(file, &mut loader);
        for d in outcome.diags.sorted() {
            if d.warning && !opts.warnings {
                continue;
            }
            let kind = if d.warning { "warning: " } else { "" };
            eprintln!(
                "{}:{}: {}{}",
                outcome.files.name(d.span.file),
                d.span.start.line,
                kind,
                d.message
            );
        }
        if outcome.diags.has_errors() {
            failed = true;
            continue;
        }
        if !opts.check_only {
            let target = opts.output.clone().unwrap_or_else(|| {
                file.trim_end_matches(".b").to_string() + if opts.assembly { ".s" } else { ".dis" }
            });
            let mut checked = outcome.checked;
            let files = opts.debug_symbols.then_some(&outcome.files);
            let (module, symbols) =
                match limbo::gen::generate_with_symbols(&mut checked, file, files) {
                    Ok(m) => m,
                    Err(e) => {
                        eprintln!(
                            "{}:{}: {}",
                            outcome.files.name(e.span.file),
                            e.span.start.line,
                            e.message
                        );
                        failed = true;
                        continue;
                    }
                };
            let bytes = if opts.assembly {
                Ok(dis::asm::disassemble(&module).into_bytes())
            } else {
                module.write().map_err(|e| e.to_string())
            };
            match bytes.map(|b| std::fs::write(&target, b).map_err(|e| e.to_string())) {
                Ok(Ok(())) => {}
                Ok(Err(e)) | Err(e) => {
                    eprintln!("limbo: {target}: {e}");
                    failed = true;
                }
            }
            if let Some(text) = symbols {
                let sbl = target.strip_suffix(".dis").unwrap_or(&target).to_string() + ".sbl";
                if let Err(e) = std::fs::write(&sbl, text) {
                    eprintln!("limbo: {sbl}: {e}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
