//! The protocol's numbers: message types, sizes and limits, and the bits of open
//! modes, `Dir.mode` and `Qid.qtype`, with the values of the original's `fcall.h`
//! and `styx.m`.

/// The only protocol version spoken.
pub const VERSION: &str = "9P2000";
/// The tag of `Tversion`, which is outside the tag space.
pub const NOTAG: u16 = 0xffff;
/// The fid meaning "none" (the `afid` of an unauthenticated `Tattach`).
pub const NOFID: u32 = 0xffff_ffff;
/// Most names in one `Twalk` and qids in one `Rwalk`.
pub const MAXWELEM: usize = 16;

/// `size[4] type[1] tag[2]`: the bytes every message starts with.
pub const HEADER_SIZE: usize = 7;
/// Room for the header of any read or write message; an iounit is `msize - IOHDRSZ`.
pub const IOHDRSZ: u32 = 24;
/// The data of one read or write in Inferno's default message size.
pub const MAXFDATA: u32 = 8192;
/// Inferno's default message size (the mount driver's proposal).
pub const MAXRPC: u32 = IOHDRSZ + MAXFDATA;
/// Longest error string a client keeps (servers send at most `ERRMAX - 1` bytes).
pub const ERRMAX: usize = 128;
/// Bytes of an encoded qid.
pub const QIDSZ: usize = 13;
/// Fixed part of a stat entry, including its leading size field.
pub const STATFIXLEN: usize = 2 + QIDSZ + 5 * 2 + 4 * 4 + 8;

// Message types.
pub const TVERSION: u8 = 100;
pub const RVERSION: u8 = 101;
pub const TAUTH: u8 = 102;
pub const RAUTH: u8 = 103;
pub const TATTACH: u8 = 104;
pub const RATTACH: u8 = 105;
/// Illegal: there is no T-message for `Rerror`.
pub const TERROR: u8 = 106;
pub const RERROR: u8 = 107;
pub const TFLUSH: u8 = 108;
pub const RFLUSH: u8 = 109;
pub const TWALK: u8 = 110;
pub const RWALK: u8 = 111;
pub const TOPEN: u8 = 112;
pub const ROPEN: u8 = 113;
pub const TCREATE: u8 = 114;
pub const RCREATE: u8 = 115;
pub const TREAD: u8 = 116;
pub const RREAD: u8 = 117;
pub const TWRITE: u8 = 118;
pub const RWRITE: u8 = 119;
pub const TCLUNK: u8 = 120;
pub const RCLUNK: u8 = 121;
pub const TREMOVE: u8 = 122;
pub const RREMOVE: u8 = 123;
pub const TSTAT: u8 = 124;
pub const RSTAT: u8 = 125;
pub const TWSTAT: u8 = 126;
pub const RWSTAT: u8 = 127;

// Open modes (`Topen.mode`, `Tcreate.mode`).
pub const OREAD: u8 = 0;
pub const OWRITE: u8 = 1;
pub const ORDWR: u8 = 2;
pub const OEXEC: u8 = 3;
pub const OTRUNC: u8 = 0x10;
pub const ORCLOSE: u8 = 0x40;

// `Dir.mode` bits.
pub const DMDIR: u32 = 0x8000_0000;
pub const DMAPPEND: u32 = 0x4000_0000;
pub const DMEXCL: u32 = 0x2000_0000;
pub const DMAUTH: u32 = 0x0800_0000;
pub const DMTMP: u32 = 0x0400_0000;

// `Qid.qtype` bits: the top byte of the mode.
pub const QTDIR: u8 = 0x80;
pub const QTAPPEND: u8 = 0x40;
pub const QTEXCL: u8 = 0x20;
pub const QTAUTH: u8 = 0x08;
pub const QTTMP: u8 = 0x04;
pub const QTFILE: u8 = 0;
