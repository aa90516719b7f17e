//! The `$Sys` export table: every function of `module/sys.m` with the original's
//! signature, frame size and frame pointer map (frame size 0: varargs).

use dis::vm::NativeFn;

const fn f(name: &'static str, sig: u32, frame_size: u32, frame_map: &'static [u8]) -> NativeFn {
    NativeFn {
        name,
        sig,
        frame_size,
        frame_map,
    }
}

/// The functions, in the order of the original's table.
pub const FUNCTIONS: &[NativeFn] = &[
    f("announce", 0x0b7c4ac0, 40, &[0x00, 0x80]),
    f("aprint", 0x77442d46, 0, &[]),
    f("bind", 0x66326d91, 48, &[0x00, 0xc0]),
    f("byte2char", 0x3d6094f9, 40, &[0x00, 0x80]),
    f("char2byte", 0x2ba5ab41, 48, &[0x00, 0x40]),
    f("chdir", 0xc6935858, 40, &[0x00, 0x80]),
    f("create", 0x54db77d9, 48, &[0x00, 0x80]),
    f("dial", 0x29e90174, 40, &[0x00, 0xc0]),
    f("dirread", 0x72210d71, 40, &[0x00, 0x80]),
    f("dup", 0x6584767b, 40, &[]),
    f("export", 0x6fc6dc03, 48, &[0x00, 0xc0]),
    f("fauth", 0x20ccc34b, 40, &[0x00, 0xc0]),
    f("fd2path", 0x749c6042, 40, &[0x00, 0x80]),
    f("fildes", 0x1478f993, 40, &[]),
    f("file2chan", 0x9f34d686, 40, &[0x00, 0xc0]),
    f("fprint", 0xf46486c8, 0, &[]),
    f("fstat", 0xda4499c2, 40, &[0x00, 0x80]),
    f("fversion", 0xfe9c0a06, 48, &[0x00, 0xa0]),
    f("fwstat", 0x50a6c7e0, 104, &[0x00, 0xbc]),
    f("iounit", 0x5583b730, 40, &[0x00, 0x80]),
    f("listen", 0xb97416e0, 48, &[0x00, 0xe0]),
    f("millisec", 0x616977e8, 32, &[]),
    f("mount", 0x74c17b3a, 56, &[0x00, 0xe8]),
    f("open", 0x8f477f99, 40, &[0x00, 0x80]),
    f("pctl", 0x05df27fb, 40, &[0x00, 0x40]),
    f("pipe", 0x1f2c52ea, 40, &[0x00, 0x80]),
    f("pread", 0x09d8aac6, 56, &[0x00, 0xc0]),
    f("print", 0xac849033, 0, &[]),
    f("pwrite", 0x09d8aac6, 56, &[0x00, 0xc0]),
    f("read", 0x7cfef557, 48, &[0x00, 0xc0]),
    f("readn", 0x7cfef557, 48, &[0x00, 0xc0]),
    f("remove", 0xc6935858, 40, &[0x00, 0x80]),
    f("seek", 0xaeccaddb, 56, &[0x00, 0x80]),
    f("sleep", 0xe67bf126, 40, &[]),
    f("sprint", 0x4c0624b6, 0, &[]),
    f("stat", 0x319328dd, 40, &[0x00, 0x80]),
    f("stream", 0xb9e8f9ea, 48, &[0x00, 0xc0]),
    f("tokenize", 0x57338f20, 40, &[0x00, 0xc0]),
    f("unmount", 0x21e337e3, 40, &[0x00, 0xc0]),
    f("utfbytes", 0x01d4a1f4, 40, &[0x00, 0x80]),
    f("werrstr", 0xc6935858, 40, &[0x00, 0x80]),
    f("write", 0x7cfef557, 48, &[0x00, 0xc0]),
    f("wstat", 0x56b02096, 104, &[0x00, 0xbc]),
];
