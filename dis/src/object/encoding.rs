//! The numbers the file format uses, shared by the reader and the writer: address-mode
//! fields of an instruction, data item kinds and the range of the `OP` encoding.

/// Smallest value the 4-byte `OP` form can hold (−2²⁹).
pub const OP_MIN: i32 = -(1 << 29);
/// Largest value the 4-byte `OP` form can hold (2²⁹ − 1).
pub const OP_MAX: i32 = (1 << 29) - 1;

/// Source/destination mode: `n(mp)`.
pub const MODE_MP: u8 = 0;
/// Source/destination mode: `n(fp)`.
pub const MODE_FP: u8 = 1;
/// Source/destination mode: `$n`.
pub const MODE_IMM: u8 = 2;
/// Source/destination mode: absent.
pub const MODE_NONE: u8 = 3;
/// Source/destination mode: `s(f(mp))`.
pub const MODE_IND_MP: u8 = 4;
/// Source/destination mode: `s(f(fp))`.
pub const MODE_IND_FP: u8 = 5;

/// Middle mode: absent.
pub const MID_NONE: u8 = 0;
/// Middle mode: `$n`.
pub const MID_IMM: u8 = 1;
/// Middle mode: `n(fp)`.
pub const MID_FP: u8 = 2;
/// Middle mode: `n(mp)`.
pub const MID_MP: u8 = 3;

/// Data item kinds (the high nibble of an item's code byte).
pub const DEFB: u8 = 1;
pub const DEFW: u8 = 2;
pub const DEFS: u8 = 3;
pub const DEFF: u8 = 4;
pub const DEFA: u8 = 5;
pub const DIND: u8 = 6;
pub const DAPOP: u8 = 7;
pub const DEFL: u8 = 8;

/// Largest pointer map a type descriptor may carry, in bytes.
pub const MAX_MAP_BYTES: i32 = 128 * 1024;

/// The module name's terminating zero byte must lie within this many bytes.
pub const MAX_NAME_BYTES: usize = 128;
