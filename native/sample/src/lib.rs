//! `$Sample`, a built-in module in a host shared library: what a native module
//! looks like (see `native/abi` for the ABI and its contract). Its Limbo
//! interface:
//!
//! ```text
//! Sample: module {
//!     PATH:   con "$Sample";
//!     add:    fn(a, b: int): int;
//!     greet:  fn(name: string): string;
//!     divide: fn(a, b: int): int;    # raises "sample: division by zero"
//! };
//! ```
//!
//! Each entry gives the function's Limbo signature, its frame size (32 bytes of
//! header, then the arguments, rounded up to 8) and its frame's pointer map.

use native_abi::guest::Call;

/// Signature of `fn(a, b: int): int`.
const SIG_II_I: u32 = 0x6584767b;
/// Signature of `fn(name: string): string`.
const SIG_S_S: u32 = 0xb2cd7190;

/// `add(a, b)`: their sum, wrapping as Dis arithmetic does.
fn add(c: &Call) -> Result<(), String> {
    c.ret_word(c.word(0)?.wrapping_add(c.word(4)?))
}

/// `greet(name)`: a greeting for `name`.
fn greet(c: &Call) -> Result<(), String> {
    let name = c.string(0)?;
    c.ret_string(&format!("hello, {name}, from a native module"))
}

/// `divide(a, b)`: `a / b`, raising an exception for `b == 0`.
fn divide(c: &Call) -> Result<(), String> {
    let (a, b) = (c.word(0)?, c.word(4)?);
    if b == 0 {
        return Err("sample: division by zero".to_string());
    }
    c.ret_word(a.wrapping_div(b))
}

native_abi::export_module!(
    "$Sample",
    [
        ("add", SIG_II_I, 40, &[], add),
        ("greet", SIG_S_S, 40, &[0x00, 0x80], greet),
        ("divide", SIG_II_I, 40, &[], divide),
    ]
);
