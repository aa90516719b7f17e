//! The error strings a server sends in `Rerror`: the protocol errors the framework
//! detects itself, with the texts of Inferno's `styxservers`, and the common texts a
//! file server returns from its operations.

pub const EINUSE: &str = "fid already in use";
pub const EBADFID: &str = "bad fid";
pub const EOPEN: &str = "fid already opened";
pub const ENOTFOUND: &str = "file does not exist";
pub const ENOTDIR: &str = "not a directory";
pub const EPERM: &str = "permission denied";
pub const EBADARG: &str = "bad argument";
pub const EEXISTS: &str = "file already exists";
pub const EMODE: &str = "open/create -- unknown mode";
pub const EOFFSET: &str = "read/write -- bad offset";
pub const ECOUNT: &str = "read/write -- count negative or exceeds msgsize";
pub const ENOTOPEN: &str = "read/write -- on non open fid";
pub const EACCESS: &str = "read/write -- not open in suitable mode";
pub const ENAME: &str = "bad character in file name";
pub const EDOT: &str = ". and .. are illegal names";
pub const ENOVERSION: &str = "Tversion not seen";
pub const ENOAUTH: &str = "authentication not required";
pub const EMSIZE: &str = "message size too small";
pub const EREPLY: &str = "Styx reply didn't fit";
pub const ESHORTSTAT: &str = "stat buffer too small";
pub const EINTR: &str = "interrupted";
pub const ETAG: &str = "tag in use";
pub const EBADMSG: &str = "bad T-message";
