//! The `.dis` object format: an in-memory module as the file describes it.
//!
//! [`Module`] mirrors the sections of a `.dis` file one to one, keeping every value the
//! file holds so that reading and writing again gives the same bytes. The reader, the
//! writer and the verifier live in the submodules.

use crate::isa::Opcode;

mod encoding;
mod error;
mod read;
mod verify;
mod write;

pub use error::{ErrorKind, Location, ObjectError, Section, Slot, WriteError};

/// Magic number of a plain module (`XMAGIC`).
pub const XMAGIC: i32 = 819_248;
/// Magic number of a signed module (`SMAGIC`).
pub const SMAGIC: i32 = 923_426;

/// Runtime flag: the module must be JIT-compiled (an interpreter loads it anyway).
pub const MUSTCOMPILE: i32 = 0x01;
/// Runtime flag: never JIT-compile the module.
pub const DONTCOMPILE: i32 = 0x02;
/// Runtime flag: documented as "share module data"; read by nothing.
pub const SHAREMP: i32 = 0x04;
/// Runtime flag: the obsolete import format; such modules are refused.
pub const HASLDT0: i32 = 0x10;
/// Runtime flag: the exception-handler section is present.
pub const HASEXCEPT: i32 = 0x20;
/// Runtime flag: the import section is present.
pub const HASLDT: i32 = 0x40;

/// A whole module, section by section.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The signature bytes of a signed (`SMAGIC`) module, `None` for a plain one.
    pub signature: Option<Vec<u8>>,
    /// Runtime flags (`HASLDT`, `HASEXCEPT`, ...).
    pub flags: i32,
    /// Bytes per stack segment for threads running this module.
    pub stack_extent: i32,
    /// Size in bytes of the module data (MP).
    pub data_size: i32,
    /// Instruction index of the default entry, or −1.
    pub entry_pc: i32,
    /// Frame type of the default entry, or −1.
    pub entry_type: i32,
    pub code: Vec<Instruction>,
    /// Type descriptors in file order (each carries its own id).
    pub types: Vec<TypeDesc>,
    /// Initial module data items, in order (the terminating zero byte is implied).
    pub data: Vec<DataItem>,
    /// The implementation module's name.
    pub name: String,
    /// The export (link) table.
    pub links: Vec<Link>,
    /// The import tables; present exactly when `flags` has `HASLDT`.
    pub imports: Option<Vec<Vec<Import>>>,
    /// The exception handlers; present exactly when `flags` has `HASEXCEPT`.
    pub handlers: Option<Vec<Handler>>,
    /// The source path the compiler recorded; `None` when the file ends before it.
    pub source: Option<String>,
}

/// One instruction as encoded: opcode and up to three operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub op: Opcode,
    pub src: Operand,
    pub mid: Operand,
    pub dst: Operand,
}

/// An operand as written in the file.
///
/// Middle operands use only `None`, `Imm`, `Fp` and `Mp`. Values are kept as read;
/// ranges the interpreter relies on (16-bit middle and double-indirect fields) are
/// checked by the verifier, not by the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// Absent (source/destination mode 011, middle mode 00).
    None,
    /// `$n`: an immediate word.
    Imm(i32),
    /// `n(fp)`.
    Fp(i32),
    /// `n(mp)`.
    Mp(i32),
    /// `s(f(fp))`: `f` first, then `s`.
    IndFp(i32, i32),
    /// `s(f(mp))`: `f` first, then `s`.
    IndMp(i32, i32),
    /// A reserved source/destination mode (6 or 7), read as "absent" but kept so that
    /// writing gives back the same bytes.
    Reserved(u8),
}

/// A type descriptor: object size and pointer map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeDesc {
    pub id: i32,
    pub size: i32,
    /// One bit per 4-byte word, most significant bit first.
    pub map: Vec<u8>,
}

/// One item of the data section.
///
/// Offsets are relative to the current base address (see `Index`/`Pop`).
#[derive(Clone, Debug, PartialEq)]
pub enum DataItem {
    /// `DEFB`: bytes.
    Bytes { offset: i32, bytes: Vec<u8> },
    /// `DEFW`: 32-bit words.
    Words { offset: i32, words: Vec<i32> },
    /// `DEFS`: a string object made from these UTF-8 bytes (kept exactly as stored).
    String { offset: i32, bytes: Vec<u8> },
    /// `DEFF`: reals, kept as their IEEE-754 bit patterns so that NaNs survive.
    Reals { offset: i32, bits: Vec<u64> },
    /// `DEFA`: an array of `len` elements of type `elem_type`.
    Array {
        offset: i32,
        elem_type: i32,
        len: i32,
    },
    /// `DIND`: make element `index` of the array at `offset` the new base.
    Index { offset: i32, index: i32 },
    /// `DAPOP`: restore the previous base (the file still carries an offset).
    Pop { offset: i32 },
    /// `DEFL`: 64-bit integers.
    Bigs { offset: i32, values: Vec<i64> },
}

/// An export: a function (or `.mp`, the module data) other modules may link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub pc: i32,
    pub desc: i32,
    pub sig: u32,
    pub name: String,
}

/// One entry of an import table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub sig: u32,
    pub name: String,
}

/// An exception handler: the range it protects and where each exception goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handler {
    /// Frame offset of the word that receives the exception value.
    pub eoff: i32,
    /// First covered instruction.
    pub pc1: i32,
    /// Coverage ends before this instruction.
    pub pc2: i32,
    /// Type whose pointer map lists frame words released on entry, or −1.
    pub desc: i32,
    /// How many labels, counted from the first, name exception-typed values.
    pub ne: i32,
    pub labels: Vec<HandlerLabel>,
    /// Target of the `*` arm, or −1.
    pub wildcard: i32,
}

/// A named arm of a handler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlerLabel {
    pub name: String,
    pub pc: i32,
}
