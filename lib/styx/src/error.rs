//! Errors of the wire format: what is wrong with bytes that should hold a message or
//! a stat entry, and why a message cannot be encoded.

use std::fmt;

/// A message or stat entry that does not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Fewer bytes than the 7-byte header.
    ShortHeader { len: usize },
    /// The size field disagrees with the number of bytes given.
    SizeMismatch { size: u32, len: usize },
    /// A type number that is not a message of the expected direction.
    BadType(u8),
    /// The bytes end inside this field.
    Truncated { field: &'static str },
    /// Bytes left over after the last field.
    TrailingBytes { field: &'static str, extra: usize },
    /// A string that is not UTF-8 or contains NUL.
    BadString { field: &'static str },
    /// A `Twalk` with more than `MAXWELEM` names.
    TooManyNames(usize),
    /// An `Rwalk` with more than `MAXWELEM` qids.
    TooManyQids(usize),
    /// An `Rstat` or `Twstat` whose count disagrees with its stat entry's size.
    StatCount { count: usize, entry: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::ShortHeader { len } => {
                write!(
                    f,
                    "message of {len} bytes is shorter than the 7-byte header"
                )
            }
            DecodeError::SizeMismatch { size, len } => {
                write!(f, "size field says {size} bytes but the message has {len}")
            }
            DecodeError::BadType(t) => write!(f, "invalid message type {t}"),
            DecodeError::Truncated { field } => write!(f, "message ends inside {field}"),
            DecodeError::TrailingBytes { field, extra } => {
                write!(f, "{extra} bytes left over after {field}")
            }
            DecodeError::BadString { field } => {
                write!(f, "{field} is not valid UTF-8 or contains NUL")
            }
            DecodeError::TooManyNames(n) => {
                write!(f, "walk of {n} names exceeds MAXWELEM (16)")
            }
            DecodeError::TooManyQids(n) => {
                write!(f, "walk reply of {n} qids exceeds MAXWELEM (16)")
            }
            DecodeError::StatCount { count, entry } => {
                write!(
                    f,
                    "stat count {count} disagrees with the entry's {entry} bytes"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// A message or stat entry that cannot be put on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// A string longer than 65535 bytes.
    StringTooLong { field: &'static str, len: usize },
    /// More than `MAXWELEM` walk names.
    TooManyNames(usize),
    /// More than `MAXWELEM` walk qids.
    TooManyQids(usize),
    /// A stat entry longer than 65535 bytes.
    StatTooLong(usize),
    /// A message longer than its limit (the negotiated msize, or 2^32 - 1).
    MessageTooLong { len: usize, limit: usize },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::StringTooLong { field, len } => {
                write!(f, "{field} of {len} bytes is longer than 65535")
            }
            EncodeError::TooManyNames(n) => write!(f, "walk of {n} names exceeds MAXWELEM (16)"),
            EncodeError::TooManyQids(n) => {
                write!(f, "walk reply of {n} qids exceeds MAXWELEM (16)")
            }
            EncodeError::StatTooLong(n) => {
                write!(f, "stat entry of {n} bytes is longer than 65535")
            }
            EncodeError::MessageTooLong { len, limit } => {
                write!(f, "message of {len} bytes exceeds the limit of {limit}")
            }
        }
    }
}

impl std::error::Error for EncodeError {}
