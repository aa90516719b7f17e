//! The harness of the assembler-text tests: a module skeleton with module data,
//! a frame and an ADT type, run to its end on a machine without files.

#![allow(dead_code)]

pub mod tmod;

use dis::object::Module;
use dis::vm::{Loader, Machine};

pub struct NoFiles;

impl Loader for NoFiles {
    fn read(&mut self, _path: &str, _by: Option<&dyn std::any::Any>) -> Result<Vec<u8>, String> {
        Err("no files here".to_string())
    }
}

/// Module data: 64 bytes; words 56 and 60 are pointer slots (`60(mp)` stays nil).
/// Frame: 64 bytes, words 48 and 52 are pointer slots. Type 2: an 8-byte block whose
/// first word is a pointer.
pub const HEAD: &str = "
    var     @mp, 64
    desc    $0, 64, \"0003\"
    desc    $1, 64, \"000c\"
    desc    $2, 8, \"80\"
";

pub const TAIL: &str = "
    exit
    module  T
    entry   init, 1
    link    1, init, 0x4244b354, \"init\"
";

/// Runs `body` (with extra data directives `data`) and returns the module data as
/// words, or the text of the exception nothing handled.
pub fn run_with(data: &str, body: &str) -> Result<(Vec<i32>, Vec<f64>), String> {
    let module = assemble(data, body, "")?;
    let mut vm = machine();
    let code = vm.code_from_module(&module).map_err(|t| t.text())?;
    let mut p = vm.start_code(code, &[])?;
    let result = vm.run_to_end(&mut p);
    let words = (0..16).map(|i| vm.mem.w(p.mp + 4 * i).unwrap()).collect();
    let reals = (0..8).map(|i| vm.mem.f(p.mp + 8 * i).unwrap()).collect();
    result.map_err(|e| e.text.clone())?;
    Ok((words, reals))
}

/// The skeleton module with extra data directives, an `init` body and extra trailing
/// directives (imports, handlers).
pub fn assemble(data: &str, body: &str, tail: &str) -> Result<Module, String> {
    let text = format!("{HEAD}{data}\ninit:\n{body}{TAIL}{tail}\n");
    dis::asm::assemble(&text).map_err(|e| format!("asm: {e:?}"))
}

/// A machine that finds no files and drops console lines.
pub fn machine() -> Machine {
    Machine::new(Box::new(NoFiles), Box::new(|_| {}))
}
