//! `disdump`: prints a `.dis` module as assembler text, or assembles text into one.
//!
//! ```text
//! disdump [-o out.s] file.dis      disassemble (to standard output without -o)
//! disdump -a file.s [-o out.dis]   assemble (to file.dis without -o)
//! ```
//!
//! An assembled module is also run through the verifier; what it finds is printed as a
//! warning, since a test may want a module the loader would refuse.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dis::asm;
use dis::object::Module;

const USAGE: &str = "usage: disdump [-o out.s] file.dis\n       disdump -a file.s [-o out.dis]";

struct Args {
    assemble: bool,
    input: PathBuf,
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("disdump: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = if args.assemble {
        assemble(&args.input, args.output.as_deref())
    } else {
        disassemble(&args.input, args.output.as_deref())
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("disdump: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut assemble = false;
    let mut input = None;
    let mut output = None;
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "-a" => assemble = true,
            "-o" => {
                let path = argv.next().ok_or("-o needs a file name")?;
                output = Some(PathBuf::from(path));
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option {flag}"))
            }
            path if input.is_none() => input = Some(PathBuf::from(path)),
            _ => return Err("more than one input file".to_string()),
        }
    }
    let input = input.ok_or("no input file")?;
    Ok(Args {
        assemble,
        input,
        output,
    })
}

fn disassemble(input: &Path, output: Option<&Path>) -> Result<(), String> {
    let bytes = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let module = Module::read(&bytes).map_err(|e| format!("{}: {e}", input.display()))?;
    let text = asm::disassemble(&module);
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => match std::io::stdout().lock().write_all(text.as_bytes()) {
            // a reader that stopped early (`disdump x.dis | head`) is no failure
            Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(format!("standard output: {e}")),
            _ => Ok(()),
        },
    }
}

fn assemble(input: &Path, output: Option<&Path>) -> Result<(), String> {
    let text = std::fs::read_to_string(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let module = asm::assemble(&text)
        .map_err(|e| format!("{}:{}: {}", input.display(), e.line, e.message))?;
    let bytes = module
        .write()
        .map_err(|e| format!("{}: cannot write the module: {e}", input.display()))?;
    let output = output.map_or_else(|| input.with_extension("dis"), Path::to_path_buf);
    if output == input {
        return Err(format!("{}: would overwrite the input", input.display()));
    }
    if let Err(e) = module.verify() {
        eprintln!("disdump: warning: {}: {e}", input.display());
    }
    std::fs::write(&output, bytes).map_err(|e| format!("{}: {e}", output.display()))
}
