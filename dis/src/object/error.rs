//! Errors of the object format: what the reader or the verifier found wrong with a
//! module, and what the writer cannot encode.
//!
//! Where the original loader refuses the same thing, the error's message is the
//! original's text ("bad magic", "bad branch addr", ...), because the VM reports it as
//! the error string of a failed `load`.

use std::fmt;

/// A section of the file, named by truncation errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Header,
    Code,
    Types,
    Data,
    Name,
    Links,
    Imports,
    Handlers,
}

/// An operand slot of an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Src,
    Mid,
    Dst,
}

/// Where a problem was found: a byte offset for the reader, a place in the module for
/// the verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// Byte offset in the file (every reader error).
    Byte(usize),
    /// The header's fields.
    Header,
    /// The instruction at this pc.
    Instruction(usize),
    /// The type descriptor at this position in file order.
    Type(usize),
    /// The data item at this position.
    DataItem(usize),
    /// The export at this position.
    Link(usize),
    /// The exception handler at this position.
    Handler(usize),
}

/// What was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    // Found by the reader.
    /// The first number is neither `XMAGIC` nor `SMAGIC`.
    BadMagic,
    /// A signed module's signature length is negative or runs past the end.
    CorruptSignature,
    /// A negative count or size, or an oversized pointer map.
    Implausible,
    /// The file ends inside this section.
    Truncated(Section),
    /// An opcode byte that names no instruction.
    IllegalInstruction(u8),
    /// A data item of an unknown kind or with a negative count.
    BadDataItem,
    /// The module name is unterminated within 128 bytes or not UTF-8.
    BadModuleName,
    /// An export name is not UTF-8.
    BadLinkName,
    /// An import name is unterminated or not UTF-8.
    BadImportName,
    /// A handler label is not UTF-8.
    BadHandlerName,
    /// The obsolete import format (`HASLDT0`).
    ObsoleteDis,

    // Found by the verifier.
    /// A branch target outside the code.
    BadBranch,
    /// A type descriptor's id is outside `0..type_size`.
    HeapIdRange,
    /// Two type descriptors have the same id.
    DuplicateType,
    /// Descriptor 0 is missing or its size differs from the module data size.
    BadMpDesc,
    /// A pointer map marks a word beyond its object's size.
    PointerMapRange,
    /// A frame type smaller than the 32-byte frame header.
    FrameTooSmall,
    /// The opcode needs this operand and it is absent.
    MissingOperand(Slot),
    /// The opcode takes no such operand and it is present.
    UnexpectedOperand(Slot),
    /// This operand must be an immediate (a branch target or a type id).
    NotImmediate(Slot),
    /// A type id outside the module's descriptors.
    TypeRange,
    /// A middle operand that does not fit its 16 bits.
    MiddleRange,
    /// A double-indirect offset outside 0..=65535.
    IndirectRange,
    /// An `n(mp)` operand outside the module data.
    MpOffsetRange,
    /// An `n(fp)` operand outside the frame it runs in.
    FpOffsetRange,
    /// A `load` names an import table that does not exist.
    ImportTableRange,
    /// The header's entry pc or entry type is neither −1 nor in range.
    BadEntry,
    /// An export's pc or frame type is out of range.
    BadLink,
    /// A handler's covered range is not inside the code.
    BadHandlerRange,
    /// A handler's label or wildcard pc is outside the code.
    BadHandlerTarget,
    /// A handler's count of exception-typed labels exceeds its labels.
    BadHandlerLabels,
    /// An array's element type is outside the module's descriptors.
    BadArrayType,
    /// A `DIND` item whose word holds no array.
    IndNotArray,
    /// A `DIND` index outside its array, or array nesting deeper than 4.
    ArrayInitRange,
    /// A `DAPOP` item with no array base to restore.
    PopRange,
    /// A data item writes outside the block its base lies in.
    DataOffsetRange,
}

impl ErrorKind {
    /// The message text alone: the original loader's words where it has them.
    pub fn message(self) -> &'static str {
        match self {
            ErrorKind::BadMagic => "bad magic",
            ErrorKind::CorruptSignature => "corrupt signature",
            ErrorKind::Implausible => "implausible Dis file",
            ErrorKind::Truncated(_) => "truncated Dis file",
            ErrorKind::IllegalInstruction(_) => "illegal dis instruction",
            ErrorKind::BadDataItem => "bad data item",
            ErrorKind::BadModuleName => "bad module name",
            ErrorKind::BadLinkName => "bad dis link name",
            ErrorKind::BadImportName => "bad dis import name",
            ErrorKind::BadHandlerName => "bad dis handler name",
            ErrorKind::ObsoleteDis => "obsolete dis",
            ErrorKind::BadBranch => "bad branch addr",
            ErrorKind::HeapIdRange => "heap id range",
            ErrorKind::DuplicateType => "duplicate type id",
            ErrorKind::BadMpDesc => "bad desc for mp",
            ErrorKind::PointerMapRange => "pointer map exceeds type size",
            ErrorKind::FrameTooSmall => "frame type too small",
            ErrorKind::MissingOperand(_) => "missing operand",
            ErrorKind::UnexpectedOperand(_) => "unexpected operand",
            ErrorKind::NotImmediate(_) => "operand not immediate",
            ErrorKind::TypeRange => "type id range",
            ErrorKind::MiddleRange => "middle operand range",
            ErrorKind::IndirectRange => "indirect offset range",
            ErrorKind::MpOffsetRange => "module data offset range",
            ErrorKind::FpOffsetRange => "frame offset range",
            ErrorKind::ImportTableRange => "import table range",
            ErrorKind::BadEntry => "bad entry",
            ErrorKind::BadLink => "bad link",
            ErrorKind::BadHandlerRange => "bad handler range",
            ErrorKind::BadHandlerTarget => "bad handler addr",
            ErrorKind::BadHandlerLabels => "bad handler labels",
            ErrorKind::BadArrayType => "bad array type",
            ErrorKind::IndNotArray => "ind not array",
            ErrorKind::ArrayInitRange => "array init range",
            ErrorKind::PopRange => "pop range",
            ErrorKind::DataOffsetRange => "data item offset range",
        }
    }
}

/// A module that cannot be loaded: what was wrong and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectError {
    pub kind: ErrorKind,
    pub at: Location,
}

impl ObjectError {
    pub(crate) fn at_byte(offset: usize, kind: ErrorKind) -> ObjectError {
        ObjectError {
            kind,
            at: Location::Byte(offset),
        }
    }

    /// The message text alone, as the VM puts it in the error string of a failed load.
    pub fn message(&self) -> &'static str {
        self.kind.message()
    }

    /// The byte offset in the file, for errors found by the reader.
    pub fn offset(&self) -> Option<usize> {
        match self.at {
            Location::Byte(offset) => Some(offset),
            _ => None,
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Section::Header => "header",
            Section::Code => "code",
            Section::Types => "type descriptors",
            Section::Data => "data",
            Section::Name => "module name",
            Section::Links => "links",
            Section::Imports => "imports",
            Section::Handlers => "exception handlers",
        })
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Slot::Src => "source",
            Slot::Mid => "middle",
            Slot::Dst => "destination",
        })
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Byte(n) => write!(f, "at byte {n}"),
            Location::Header => f.write_str("in header"),
            Location::Instruction(n) => write!(f, "at instruction {n}"),
            Location::Type(n) => write!(f, "in type descriptor {n}"),
            Location::DataItem(n) => write!(f, "in data item {n}"),
            Location::Link(n) => write!(f, "in link {n}"),
            Location::Handler(n) => write!(f, "in handler {n}"),
        }
    }
}

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.message(), self.at)?;
        match self.kind {
            ErrorKind::Truncated(section) => write!(f, " (in {section})"),
            ErrorKind::IllegalInstruction(op) => write!(f, " (opcode {op:#04x})"),
            ErrorKind::MissingOperand(slot)
            | ErrorKind::UnexpectedOperand(slot)
            | ErrorKind::NotImmediate(slot) => write!(f, " ({slot})"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for ObjectError {}

/// A module that cannot be written: a value the file format has no encoding for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// A number outside the range of the `OP` encoding (−2²⁹ … 2²⁹−1).
    OperandRange { what: &'static str, value: i64 },
    /// A string holds a zero byte, which would end it early.
    NulInString { what: &'static str },
    /// An operand the slot cannot encode (a double-indirect or reserved middle, or a
    /// reserved mode other than 6 and 7).
    BadOperandMode { pc: usize },
    /// A runtime flag (`HASLDT`, `HASEXCEPT`) disagrees with the presence of its section.
    FlagMismatch { flag: &'static str },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::OperandRange { what, value } => {
                write!(f, "{what} {value} does not fit an operand")
            }
            WriteError::NulInString { what } => write!(f, "{what} holds a zero byte"),
            WriteError::BadOperandMode { pc } => {
                write!(
                    f,
                    "instruction {pc} has an operand mode its slot cannot encode"
                )
            }
            WriteError::FlagMismatch { flag } => {
                write!(f, "flag {flag} disagrees with the presence of its section")
            }
        }
    }
}

impl std::error::Error for WriteError {}
