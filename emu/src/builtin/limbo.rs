//! `$Limbo`: the Limbo compiler as a built-in module, so that `limbo` is a command
//! inside the system (`appl/cmd/limbo.b` loads this module and hands it its
//! arguments). `init(ctxt, argv)` takes the original's command line
//! (`limbo [-gwSc] [-I dir] [-o out] file.b ...`) and compiles through the
//! calling prog's name space: sources and includes (`-I` folders, then `/module`)
//! are read, and the `.dis`, `.s` or `.sbl` written, with the prog's kernel state,
//! on a host worker so the interpreter keeps running other progs. Without `-o`
//! the output goes into the current folder, named after the source. Diagnostics
//! go to the prog's fd 2; the prog fails with `fail:usage` or `fail:errors`.

use super::sys::procenv::proc_env;
use super::{string_list, COMMAND_ARGV, COMMAND_INIT};
use crate::kernel::flags::OWRITE;
use crate::kernel::Error;
use crate::kernel::ProcEnv;
use crate::proc::loader::{read_at_most, FILE_TOO_LARGE};
use dis::vm::trap::raise;
use dis::vm::{Builtin, Machine, NativeFn, Prog, Trap};
use limbo::driver::{symbol_file, translate, Options, USAGE};
use limbo::source::{too_large, FileSource, SourceLoader, Unreadable, MAX_SOURCE_BYTES};
use std::path::{Path, PathBuf};

/// Where includes are found after the `-I` folders.
const MODULE_DIR: &str = "/module";

const FUNCTIONS: &[NativeFn] = &[COMMAND_INIT];

/// The Limbo module.
pub struct Limbo;

/// Reads files through a prog's name space, each of at most
/// [`MAX_SOURCE_BYTES`] (so `include "/dev/zero"` ends with an error).
struct NamespaceFiles(ProcEnv);

impl FileSource for NamespaceFiles {
    fn read(&self, path: &Path) -> Option<String> {
        self.load(path).ok()
    }

    fn load(&self, path: &Path) -> Result<String, Unreadable> {
        let limit = MAX_SOURCE_BYTES as usize;
        match read_at_most(&self.0, &path.to_string_lossy(), limit) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(Error::Text(e)) if e == FILE_TOO_LARGE => Err(too_large()),
            Err(_) => Err(Unreadable::Missing),
        }
    }
}

/// Writes text to descriptor `fd` (best effort: nowhere else to report failure).
fn say(env: &ProcEnv, fd: i32, text: &str) {
    let _ = env.write(fd, text.as_bytes());
}

/// Creates `path` holding `bytes`.
fn write_file(env: &ProcEnv, path: &str, bytes: &[u8]) -> crate::kernel::Result<()> {
    let fd = env.create(path, OWRITE, 0o666)?;
    let mut rest = bytes;
    let r = loop {
        if rest.is_empty() {
            break Ok(());
        }
        match env.write(fd, rest) {
            Ok(0) => break Err(crate::kernel::Error::Text("short write".to_string())),
            Ok(n) => rest = &rest[n..],
            Err(e) => break Err(e),
        }
    };
    let _ = env.close(fd);
    r
}

/// The output of `file` when no `-o` is given: its last element, `.b` replaced.
fn default_output(file: &str, extension: &str) -> String {
    let base = file.rsplit('/').next().unwrap_or(file);
    base.strip_suffix(".b").unwrap_or(base).to_string() + extension
}

/// Compiles every file of the command line; false if any had errors.
fn run(env: &ProcEnv, opts: &Options) -> bool {
    let mut ok = true;
    for file in &opts.files {
        if opts.files.len() > 1 {
            say(env, 1, &format!("{file}:\n"));
        }
        let mut loader = SourceLoader::new(
            Box::new(NamespaceFiles(env.clone())),
            opts.include_dirs.clone(),
            Some(PathBuf::from(MODULE_DIR)),
        );
        let t = translate(opts, file, &mut loader);
        for m in &t.messages {
            say(env, 2, &format!("{m}\n"));
        }
        let target = opts
            .output
            .clone()
            .unwrap_or_else(|| default_output(file, opts.extension()));
        let symbols = symbol_file(&target, opts.extension());
        let Some((bytes, sbl)) = t.output else {
            if t.failed {
                ok = false;
                if !opts.check_only {
                    let _ = env.remove(&target);
                }
            }
            continue;
        };
        let written = write_file(env, &target, &bytes).map_err(|e| (&target, e));
        let written = written.and_then(|()| match sbl {
            Some(text) => write_file(env, &symbols, text.as_bytes()).map_err(|e| (&symbols, e)),
            None => Ok(()),
        });
        if let Err((path, e)) = written {
            say(env, 2, &format!("can't open {path}: {e}\n"));
            ok = false;
        }
    }
    ok
}

impl Builtin for Limbo {
    fn path(&self) -> &str {
        "$Limbo"
    }

    fn functions(&self) -> &[NativeFn] {
        FUNCTIONS
    }

    fn call(&mut self, vm: &mut Machine, p: &mut Prog, _func: u32, frame: u32) -> Result<(), Trap> {
        let argv = string_list(vm, vm.mem.u(frame + COMMAND_ARGV)?)?;
        let Some(env) = proc_env(p) else {
            return raise("limbo: prog has no kernel state");
        };
        let opts = match Options::parse(argv.into_iter().skip(1)) {
            Ok(o) => o,
            Err(e) => {
                say(&env, 2, &format!("limbo: {e}\n{USAGE}\n"));
                return raise("fail:usage");
            }
        };
        vm.block_on(
            p,
            move || run(&env, &opts),
            |_, _, ok| if ok { Ok(()) } else { raise("fail:errors") },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::default_output;

    #[test]
    fn output_goes_to_the_current_folder_named_after_the_source() {
        assert_eq!(default_output("/tmp/x.b", ".dis"), "x.dis");
        assert_eq!(default_output("y.b", ".s"), "y.s");
        assert_eq!(default_output("a/noext", ".dis"), "noext.dis");
    }
}
