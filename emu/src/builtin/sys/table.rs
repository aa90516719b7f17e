//! The `$Sys` export table: every function of `module/sys.m` with the original's
//! signature, frame size and frame pointer map (frame size 0: varargs).

use dis::vm::NativeFn;

/// A table entry ([`NativeFn::new`], short for the long tables below).
use NativeFn as F;

/// The functions, in the order of the original's table.
pub const FUNCTIONS: &[NativeFn] = &[
    F::new("announce", 0x0b7c4ac0, 40, &[0x00, 0x80]),
    F::new("aprint", 0x77442d46, 0, &[]),
    F::new("bind", 0x66326d91, 48, &[0x00, 0xc0]),
    F::new("byte2char", 0x3d6094f9, 40, &[0x00, 0x80]),
    F::new("char2byte", 0x2ba5ab41, 48, &[0x00, 0x40]),
    F::new("chdir", 0xc6935858, 40, &[0x00, 0x80]),
    F::new("create", 0x54db77d9, 48, &[0x00, 0x80]),
    F::new("dial", 0x29e90174, 40, &[0x00, 0xc0]),
    F::new("dirread", 0x72210d71, 40, &[0x00, 0x80]),
    F::new("dup", 0x6584767b, 40, &[]),
    F::new("export", 0x6fc6dc03, 48, &[0x00, 0xc0]),
    F::new("fauth", 0x20ccc34b, 40, &[0x00, 0xc0]),
    F::new("fd2path", 0x749c6042, 40, &[0x00, 0x80]),
    F::new("fildes", 0x1478f993, 40, &[]),
    F::new("file2chan", 0x9f34d686, 40, &[0x00, 0xc0]),
    F::new("fprint", 0xf46486c8, 0, &[]),
    F::new("fstat", 0xda4499c2, 40, &[0x00, 0x80]),
    F::new("fversion", 0xfe9c0a06, 48, &[0x00, 0xa0]),
    F::new("fwstat", 0x50a6c7e0, 104, &[0x00, 0xbc]),
    F::new("iounit", 0x5583b730, 40, &[0x00, 0x80]),
    F::new("listen", 0xb97416e0, 48, &[0x00, 0xe0]),
    F::new("millisec", 0x616977e8, 32, &[]),
    F::new("mount", 0x74c17b3a, 56, &[0x00, 0xe8]),
    F::new("open", 0x8f477f99, 40, &[0x00, 0x80]),
    F::new("pctl", 0x05df27fb, 40, &[0x00, 0x40]),
    F::new("pipe", 0x1f2c52ea, 40, &[0x00, 0x80]),
    F::new("pread", 0x09d8aac6, 56, &[0x00, 0xc0]),
    F::new("print", 0xac849033, 0, &[]),
    F::new("pwrite", 0x09d8aac6, 56, &[0x00, 0xc0]),
    F::new("read", 0x7cfef557, 48, &[0x00, 0xc0]),
    F::new("readn", 0x7cfef557, 48, &[0x00, 0xc0]),
    F::new("remove", 0xc6935858, 40, &[0x00, 0x80]),
    F::new("seek", 0xaeccaddb, 56, &[0x00, 0x80]),
    F::new("sleep", 0xe67bf126, 40, &[]),
    F::new("sprint", 0x4c0624b6, 0, &[]),
    F::new("stat", 0x319328dd, 40, &[0x00, 0x80]),
    F::new("stream", 0xb9e8f9ea, 48, &[0x00, 0xc0]),
    F::new("tokenize", 0x57338f20, 40, &[0x00, 0xc0]),
    F::new("unmount", 0x21e337e3, 40, &[0x00, 0xc0]),
    F::new("utfbytes", 0x01d4a1f4, 40, &[0x00, 0x80]),
    F::new("werrstr", 0xc6935858, 40, &[0x00, 0x80]),
    F::new("write", 0x7cfef557, 48, &[0x00, 0xc0]),
    F::new("wstat", 0x56b02096, 104, &[0x00, 0xbc]),
];
