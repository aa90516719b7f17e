//! The numeric constants of the Sys interface that the kernel obeys: open
//! modes, Qid types, Dir mode bits, bind/mount flags and pctl flags, with
//! the values of `module/sys.m`.

/// Open for reading.
pub const OREAD: u32 = 0;
/// Open for writing.
pub const OWRITE: u32 = 1;
/// Open for reading and writing.
pub const ORDWR: u32 = 2;
/// Open for execution (reads, with an execute permission check).
pub const OEXEC: u32 = 3;
/// Or-in: truncate on open.
pub const OTRUNC: u32 = 16;
/// Or-in: remove the file when the last reference goes.
pub const ORCLOSE: u32 = 64;
/// Or-in, create only: fail if the file exists.
pub const OEXCL: u32 = 0x1000;

/// Qid type: directory.
pub const QTDIR: u8 = 0x80;
/// Qid type: append-only file.
pub const QTAPPEND: u8 = 0x40;
/// Qid type: exclusive-use file.
pub const QTEXCL: u8 = 0x20;
/// Qid type: authentication file.
pub const QTAUTH: u8 = 0x08;
/// Qid type: plain file.
pub const QTFILE: u8 = 0;

/// Dir mode: directory.
pub const DMDIR: u32 = 0x8000_0000;
/// Dir mode: append only.
pub const DMAPPEND: u32 = 0x4000_0000;
/// Dir mode: exclusive use.
pub const DMEXCL: u32 = 0x2000_0000;

/// Bind flag: replace.
pub const MREPL: u32 = 0;
/// Bind flag: add at the front of the union.
pub const MBEFORE: u32 = 1;
/// Bind flag: add at the back of the union.
pub const MAFTER: u32 = 2;
/// The bits of a bind flag that give the order.
pub const MORDER: u32 = MBEFORE | MAFTER;
/// Bind flag: files are created in this member.
pub const MCREATE: u32 = 4;
/// Mount flag: cache the server's files.
pub const MCACHE: u32 = 16;
/// Every bind/mount flag bit.
pub const MMASK: u32 = 0x1f;

/// pctl: a new fd group holding only the listed fds.
pub const NEWFD: u32 = 1;
/// pctl: a private copy of the fd group.
pub const FORKFD: u32 = 2;
/// pctl: a new name space rooted at the current directory.
pub const NEWNS: u32 = 4;
/// pctl: a private copy of the name space.
pub const FORKNS: u32 = 8;
/// pctl: a new process group (handled by the process table).
pub const NEWPGRP: u32 = 16;
/// pctl: forbid `#` device attaches other than `#| #e #s #D #a`.
pub const NODEVS: u32 = 32;
/// pctl: a new, empty environment.
pub const NEWENV: u32 = 64;
/// pctl: a private copy of the environment.
pub const FORKENV: u32 = 128;

/// The largest transfer completed atomically.
pub const ATOMICIO: usize = 8192;
/// Maximum bytes in an error string.
pub const ERRMAX: usize = 128;
