//! Times the JIT's compilation of `.dis` files: for each file named, the
//! instructions it compiles and the processor time one compilation takes (the
//! best of five), the cost the tier's policy weighs against interpreting
//! ([`jit::DEFAULT_POLICY`]).
//!
//!     cargo run --release -p jit --example compile_time -- build/dis/lib/bufio.dis

use dis::vm::tier::Compiler;
use dis::vm::{Loader, Machine};
use std::time::Instant;

/// Loads nothing: the files are read here and handed over whole.
struct NoFiles;

impl Loader for NoFiles {
    fn read(&mut self, _path: &str, _by: Option<&dyn std::any::Any>) -> Result<Vec<u8>, String> {
        Err("no files here".to_string())
    }
}

fn main() -> Result<(), String> {
    let jit = jit::Jit::new()?;
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
        let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
        let code = vm.code_from_file(&path, bytes)?;
        let n = jit.weigh(&code.insts, &code.fast);
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let made = jit.compile(&code.name, &code.insts, &code.fast).is_some();
            best = best.min(t.elapsed().as_secs_f64());
            if !made {
                break;
            }
        }
        println!(
            "{path}: {n} instructions compiled in {:.2} ms ({:.0} us each)",
            best * 1e3,
            best * 1e6 / n.max(1) as f64
        );
    }
    Ok(())
}
