//! The export table of `$Sh`: the functions of `Sh` in `module/sh.m` that the
//! built-in module itself implements, sorted by name, with the link signature,
//! frame size and frame pointer map the compiler gives them (the test below
//! checks that), and which is which.

use crate::builtin::COMMAND_INIT;
use dis::vm::NativeFn;

/// The functions of `$Sh`.
pub const FUNCTIONS: &[NativeFn] = &[
    COMMAND_INIT,
    NativeFn::new("parse", 0x33ce8029, 40, &[0x00, 0x80]),
    NativeFn::new("run", 0x303ddb34, 40, &[0x00, 0xc0]),
    NativeFn::new("system", 0xa44fa1e5, 40, &[0x00, 0xc0]),
];

/// A function of [`FUNCTIONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Init,
    Parse,
    Run,
    System,
}

impl Function {
    /// The function at index `i` of [`FUNCTIONS`] (the loader passes only those).
    pub fn of(i: u32) -> Function {
        match i {
            0 => Function::Init,
            1 => Function::Parse,
            2 => Function::Run,
            _ => Function::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FUNCTIONS;
    use crate::builtin::export_check::{compiled, table};

    #[test]
    fn the_table_has_the_signatures_of_sh_m() {
        let ours = table(FUNCTIONS);
        let names: Vec<&str> = ours.iter().map(|e| e.0.as_str()).collect();
        let theirs: Vec<_> = compiled("Sh", &["draw.m"], "sh.m")
            .into_iter()
            .filter(|e| names.contains(&e.0.as_str()))
            .collect();
        assert_eq!(ours, theirs);
    }
}
