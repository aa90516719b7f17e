//! Kernel errors. Each variant displays as the exact text the original
//! system puts in the error string (`%r`), so a Sys function can hand
//! `err.to_string()` to the program unchanged.

use std::fmt;

/// The result of every kernel operation.
pub type Result<T> = std::result::Result<T, Error>;

/// An error of a kernel operation; `Display` gives the original's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `file does not exist`: a device found no file of that name.
    NotExist,
    /// `does not exist`: a walk got part of the way down a path.
    PartialWalk,
    /// `file already exists`
    Exists,
    /// `permission denied`
    Perm,
    /// `not a directory`
    NotDir,
    /// `file is a directory`
    IsDir,
    /// `fd out of range or not open`
    BadFd,
    /// `inappropriate use of fd`
    BadUseFd,
    /// `bad arg in system call`
    BadArg,
    /// `unknown device in # filename`
    BadSharp,
    /// `mounted directory forbids creation`
    NoCreate,
    /// `i/o on hungup channel`
    Hungup,
    /// `not mounted`
    Unmount,
    /// `not in union`
    Union,
    /// `inconsistent mount`
    Mount,
    /// `file name syntax`
    FileName,
    /// `empty file name`
    EmptyName,
    /// `read or write too large`
    TooBig,
    /// `seek on a stream`
    IsStream,
    /// `negative i/o offset`
    NegOffset,
    /// `unknown control request`
    NoCtl,
    /// `mount/attach disallowed`
    NoAttach,
    /// `bad attach specifier`
    BadSpec,
    /// `malformed stat buffer`
    BadStat,
    /// `not owner`
    Owner,
    /// `no free file descriptors`
    NoFd,
    /// `write on closed pipe`: the Sys layer raises this one as an
    /// exception in the writing prog (see [`Error::raises`]).
    ClosedPipe,
    /// `interrupted`: the caller was interrupted (killed) while it waited.
    Interrupted,
    /// `thread exited`: a `/prog/n` file of a prog that is gone.
    ThreadExited,
    /// `bad character in file name: 'name'`
    BadChar(String),
    /// A lookup failure prefixed by the path walked so far:
    /// `'/tmp/x' does not exist`.
    Name { path: String, cause: Box<Error> },
    /// Any other text, such as a host system error.
    Text(String),
}

impl Error {
    /// Wraps `self` with the path at which a name lookup failed.
    pub fn at_path(self, path: &str) -> Error {
        Error::Name {
            path: path.to_string(),
            cause: Box::new(self),
        }
    }

    /// Whether the original raises this error as an exception in the
    /// calling prog instead of returning it (a write on a pipe whose
    /// reader is gone).
    pub fn raises(&self) -> bool {
        matches!(self, Error::ClosedPipe)
    }

    /// Maps a host I/O error to the kernel's error.
    pub fn from_host(e: &std::io::Error) -> Error {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::NotFound => Error::NotExist,
            ErrorKind::PermissionDenied => Error::Perm,
            ErrorKind::AlreadyExists => Error::Exists,
            ErrorKind::NotADirectory => Error::NotDir,
            ErrorKind::IsADirectory => Error::IsDir,
            _ => Error::Text(host_text(e)),
        }
    }
}

/// The host's message for an error (its `strerror` text, as the
/// original passes on), without Rust's " (os error N)" suffix.
pub fn host_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::NotExist => "file does not exist",
            Error::PartialWalk => "does not exist",
            Error::Exists => "file already exists",
            Error::Perm => "permission denied",
            Error::NotDir => "not a directory",
            Error::IsDir => "file is a directory",
            Error::BadFd => "fd out of range or not open",
            Error::BadUseFd => "inappropriate use of fd",
            Error::BadArg => "bad arg in system call",
            Error::BadSharp => "unknown device in # filename",
            Error::NoCreate => "mounted directory forbids creation",
            Error::Hungup => "i/o on hungup channel",
            Error::Unmount => "not mounted",
            Error::Union => "not in union",
            Error::Mount => "inconsistent mount",
            Error::FileName => "file name syntax",
            Error::EmptyName => "empty file name",
            Error::TooBig => "read or write too large",
            Error::IsStream => "seek on a stream",
            Error::NegOffset => "negative i/o offset",
            Error::NoCtl => "unknown control request",
            Error::NoAttach => "mount/attach disallowed",
            Error::BadSpec => "bad attach specifier",
            Error::BadStat => "malformed stat buffer",
            Error::Owner => "not owner",
            Error::NoFd => "no free file descriptors",
            Error::ClosedPipe => "write on closed pipe",
            Error::Interrupted => "interrupted",
            Error::ThreadExited => "thread exited",
            Error::BadChar(name) => {
                return write!(f, "bad character in file name: {}", quote(name, false))
            }
            Error::Name { path, cause } => return write!(f, "{} {}", quote(path, true), cause),
            Error::Text(s) => s,
        };
        f.write_str(text)
    }
}

impl std::error::Error for Error {}

/// Quotes a string the way the original's `%q` does (rc rules: single
/// quotes, inner quotes doubled); `always` is `%#q`, which quotes even
/// when nothing needs it.
pub fn quote(s: &str, always: bool) -> String {
    let needs = s.is_empty()
        || s.chars()
            .any(|c| c <= ' ' || "`^#*[]=|\\?${}()'<>&;".contains(c));
    if !needs && !always {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_match_the_original() {
        assert_eq!(
            Error::PartialWalk.at_path("/tmp/x").to_string(),
            "'/tmp/x' does not exist"
        );
        assert_eq!(
            Error::NotExist.at_path("nonexistent").to_string(),
            "'nonexistent' file does not exist"
        );
        assert_eq!(
            Error::NoCreate.to_string(),
            "mounted directory forbids creation"
        );
        assert_eq!(Error::ClosedPipe.to_string(), "write on closed pipe");
        assert_eq!(quote("it's", true), "'it''s'");
        assert_eq!(quote("#U", false), "'#U'");
        assert_eq!(quote("plain", false), "plain");
        let host = std::io::Error::from_raw_os_error(39);
        assert_eq!(Error::from_host(&host).to_string(), "Directory not empty");
    }
}
