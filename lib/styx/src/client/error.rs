//! Why a client call failed. The `Display` text is what Inferno's mount driver
//! reports for the same failure, so the kernel can pass it on as the error string.

use std::fmt;

use crate::error::EncodeError;

#[derive(Debug)]
pub enum ClientError {
    /// The server answered `Rerror` with this text.
    Server(String),
    /// The call was cancelled and the server confirmed the flush.
    Interrupted,
    /// The connection is closed or broken.
    Hungup,
    /// Version negotiation failed (the mount driver's text).
    Version(String),
    /// A reply that is malformed or of the wrong type (the detail says how).
    BadReply(String),
    /// An `Rwalk` with more qids than names.
    TooManyQids,
    /// The request cannot be encoded within the msize.
    Encode(EncodeError),
    /// Every tag or fid number is in use.
    Exhausted(&'static str),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Server(text) | ClientError::Version(text) => f.write_str(text),
            ClientError::Interrupted => f.write_str("interrupted"),
            ClientError::Hungup => f.write_str("i/o on hungup channel"),
            ClientError::BadReply(_) => f.write_str("mount rpc error"),
            ClientError::TooManyQids => f.write_str("too many QIDs returned by walk"),
            ClientError::Encode(e) => write!(f, "{e}"),
            ClientError::Exhausted(what) => write!(f, "no free {what}"),
        }
    }
}

impl std::error::Error for ClientError {}
