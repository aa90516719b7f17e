//! The networking calls of `$Sys` (dial, announce, listen): this kernel has no
//! network device yet, so each fails the original's way, with `-1` and a nil
//! `Connection`, and says why in the error string.

use super::frame::Frame;
use dis::vm::{Machine, Prog, Trap, NIL};

/// The error string of a networking call.
pub const NO_NETWORK: &str = "network not available: no #I device in this kernel";

/// Stores `(-1, Connection(nil, nil, nil))` and sets the error string.
pub fn unavailable(vm: &mut Machine, p: &mut Prog, fr: Frame) -> Result<(), Trap> {
    let at = fr.ret(vm)?;
    vm.mem.set_w(at, -1)?;
    for off in [4, 8, 12] {
        vm.put_ptr(at + off, NIL)?;
    }
    p.errstr = NO_NETWORK.to_string();
    Ok(())
}
