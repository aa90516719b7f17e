//! The export table of `$Sh`: the functions of `Shell` in `module/shell.m`,
//! sorted by name, with the link signature, frame size and frame pointer map
//! the compiler gives them (the test below checks that), and which is which.

use crate::builtin::COMMAND_INIT;
use dis::vm::NativeFn;

/// The functions of `$Sh`.
pub const FUNCTIONS: &[NativeFn] = &[
    NativeFn::new("held", 0xafc9f69a, 40, &[0x00, 0x80]),
    NativeFn::new("hold", 0xa91387d7, 48, &[0x00, 0xe0]),
    COMMAND_INIT,
    NativeFn::new("parse", 0x33ce8029, 40, &[0x00, 0x80]),
    NativeFn::new("release", 0x1273096a, 40, &[0x00, 0x80]),
    NativeFn::new("run", 0x303ddb34, 40, &[0x00, 0xc0]),
    NativeFn::new("runvars", 0x47d7669e, 48, &[0x00, 0xe0]),
    NativeFn::new("system", 0xa44fa1e5, 40, &[0x00, 0xc0]),
];

/// A function of [`FUNCTIONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Held,
    Hold,
    Init,
    Parse,
    Release,
    Run,
    RunVars,
    System,
}

impl Function {
    /// The function at index `i` of [`FUNCTIONS`] (the loader passes only those).
    pub fn of(i: u32) -> Function {
        match i {
            0 => Function::Held,
            1 => Function::Hold,
            2 => Function::Init,
            3 => Function::Parse,
            4 => Function::Release,
            5 => Function::Run,
            6 => Function::RunVars,
            _ => Function::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FUNCTIONS;
    use crate::builtin::export_check::{compiled, table};

    #[test]
    fn the_table_has_the_signatures_of_shell_m() {
        assert_eq!(
            table(FUNCTIONS),
            compiled("Shell", &["draw.m", "sh.m"], "shell.m")
        );
    }
}
