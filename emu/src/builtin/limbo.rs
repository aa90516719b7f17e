//! `$Limbo`: the Limbo compiler as a built-in module, so that `limbo` is a command
//! inside the system (`appl/cmd/limbo.b` loads this module and hands it its
//! arguments). `init(ctxt, argv)` takes the original's command line
//! (`limbo [-GSagwe] [-I dir] [-o out] file.b ...`, see `limbo::driver`) and compiles through the
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
use limbo::driver::{translate, Options};
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
            Err(e) => Err(Unreadable::Missing(e.to_string())),
        }
    }
}

/// Writes text to descriptor `fd` (best effort: nowhere else to report failure).
fn say(env: &ProcEnv, fd: i32, text: &str) {
    let _ = env.write(fd, text.as_bytes());
}

/// Creates `path` empty, as the original does before it compiles.
fn create(env: &ProcEnv, path: &str) -> crate::kernel::Result<i32> {
    env.create(path, OWRITE, 0o666)
}

/// Writes all of `bytes` to `fd` and closes it.
fn write_all(env: &ProcEnv, fd: i32, bytes: &[u8]) -> crate::kernel::Result<()> {
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

/// Compiles one file as the original does: a source that cannot be read is
/// named and skipped; the output is created before the diagnostics show (if it
/// cannot be, that alone is said), and removed, with the symbol file, when the
/// source has errors. A symbol file that cannot be created is said but is no
/// error. False if the file failed.
fn compile_one(env: &ProcEnv, opts: &Options, file: &str) -> bool {
    let mut loader = SourceLoader::new(
        Box::new(NamespaceFiles(env.clone())),
        opts.include_dirs.clone(),
        Some(PathBuf::from(MODULE_DIR)),
    );
    let t = translate(opts, file, &mut loader);
    let show = |messages: &[String]| {
        for m in messages {
            say(env, 2, &format!("{m}\n"));
        }
    };
    if !t.opened {
        show(&t.messages);
        return false;
    }
    let (target, symbols) = opts.outputs(file);
    let out = match create(env, &target) {
        Ok(fd) => fd,
        Err(e) => {
            say(env, 2, &format!("can't open {target}: {e}\n"));
            return false;
        }
    };
    let sbl = if opts.debug_symbols {
        match create(env, &symbols) {
            Ok(fd) => Some(fd),
            Err(e) => {
                say(env, 2, &format!("can't open {symbols}: {e}\n"));
                None
            }
        }
    } else {
        None
    };
    show(&t.messages);
    let Some((bytes, text)) = t.output else {
        let _ = env.close(out);
        let _ = env.remove(&target);
        if let Some(fd) = sbl {
            let _ = env.close(fd);
            let _ = env.remove(&symbols);
        }
        return false;
    };
    let mut ok = true;
    if let Err(e) = write_all(env, out, &bytes) {
        say(env, 2, &format!("{target}: {e}\n"));
        ok = false;
    }
    if let Some(fd) = sbl {
        if let Err(e) = write_all(env, fd, text.unwrap_or_default().as_bytes()) {
            say(env, 2, &format!("{symbols}: {e}\n"));
            ok = false;
        }
    }
    ok
}

/// Compiles every file of the command line, each named first when there are
/// several; false if any failed.
fn run(env: &ProcEnv, opts: &Options) -> bool {
    let mut ok = true;
    for file in &opts.files {
        if opts.files.len() > 1 {
            let base = file.rsplit('/').next().unwrap_or(file);
            say(env, 1, &format!("{base}:\n"));
        }
        ok &= compile_one(env, opts, file);
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
            Err(refusal) => {
                say(&env, 2, &format!("{refusal}\n"));
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
