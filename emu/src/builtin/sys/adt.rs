//! The Sys adts as Dis memory holds them: `Qid` (16 bytes) and `Dir` (64 bytes),
//! laid out as `module/sys.m` declares them on 32-bit Dis.
//!
//! `Dir`: name, uid, gid, muid (string pointers at 0, 4, 8, 12); qid at 16 (path
//! big at 16, vers at 24, qtype at 28); mode 32, atime 36, mtime 40, 4 bytes of
//! padding, length (big) 48, dtype 56, dev 60.

use crate::kernel::{Dir, Qid};
use dis::vm::types::Kind;
use dis::vm::{Machine, Trap, NIL};

/// Size of a `Dir` in Dis memory.
pub const DIR_SIZE: u32 = 64;
/// Offsets of a `Dir`'s pointers.
const DIR_PTRS: [u32; 4] = [0, 4, 8, 12];

/// Registers the type of `Dir` values (the elements of dirread's array).
pub fn dir_type(vm: &mut Machine) -> u32 {
    vm.types.add(DIR_SIZE, &DIR_PTRS, Kind::Plain)
}

/// Stores `d` at `at`, releasing the strings that were there.
pub fn put_dir(vm: &mut Machine, at: u32, d: &Dir) -> Result<(), Trap> {
    for (off, s) in DIR_PTRS.iter().zip([&d.name, &d.uid, &d.gid, &d.muid]) {
        let v = vm.new_string(s)?;
        vm.put_ptr(at + off, v)?;
    }
    vm.mem.set_l(at + 16, d.qid.path as i64)?;
    vm.mem.set_u(at + 24, d.qid.vers)?;
    vm.mem.set_w(at + 28, i32::from(d.qid.qtype))?;
    vm.mem.set_u(at + 32, d.mode)?;
    vm.mem.set_u(at + 36, d.atime)?;
    vm.mem.set_u(at + 40, d.mtime)?;
    vm.mem.set_l(at + 48, d.length as i64)?;
    vm.mem.set_w(at + 56, i32::from(d.dtype))?;
    vm.mem.set_u(at + 60, d.dev)
}

/// The `Dir` at `at` (nil strings read as empty, the "don't change" value).
pub fn get_dir(vm: &Machine, at: u32) -> Result<Dir, Trap> {
    let text = |off: u32| -> Result<String, Trap> {
        let s = vm.mem.u(at + off)?;
        if s == NIL {
            Ok(String::new())
        } else {
            vm.str_text(s)
        }
    };
    Ok(Dir {
        name: text(0)?,
        uid: text(4)?,
        gid: text(8)?,
        muid: text(12)?,
        qid: Qid::new(
            vm.mem.l(at + 16)? as u64,
            vm.mem.u(at + 24)?,
            vm.mem.w(at + 28)? as u8,
        ),
        mode: vm.mem.u(at + 32)?,
        atime: vm.mem.u(at + 36)?,
        mtime: vm.mem.u(at + 40)?,
        length: vm.mem.l(at + 48)? as u64,
        dtype: vm.mem.w(at + 56)? as u16,
        dev: vm.mem.u(at + 60)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dis::vm::Loader;

    struct NoFiles;

    impl Loader for NoFiles {
        fn read(
            &mut self,
            _path: &str,
            _by: Option<&dyn std::any::Any>,
        ) -> Result<Vec<u8>, String> {
            Err("no files".to_string())
        }
    }

    #[test]
    fn a_dir_is_laid_out_as_sys_m_says_and_reads_back() {
        let mut vm = Machine::new(Box::new(NoFiles), Box::new(|_| {}));
        let ty = dir_type(&mut vm);
        let at = vm.alloc(DIR_SIZE, ty).unwrap();
        let d = Dir {
            name: "file".into(),
            uid: "me".into(),
            gid: "us".into(),
            muid: "".into(),
            qid: Qid::new(0x1_0000_0002, 7, 0x80),
            mode: 0x8000_01ed,
            atime: 11,
            mtime: 12,
            length: 0x2_0000_0003,
            dtype: 'U' as u16,
            dev: 5,
        };
        put_dir(&mut vm, at, &d).unwrap();
        assert_eq!(vm.mem.l(at + 16).unwrap(), 0x1_0000_0002);
        assert_eq!(vm.mem.w(at + 24).unwrap(), 7);
        assert_eq!(vm.mem.w(at + 28).unwrap(), 0x80);
        assert_eq!(vm.mem.u(at + 32).unwrap(), 0x8000_01ed);
        assert_eq!(vm.mem.l(at + 48).unwrap(), 0x2_0000_0003);
        assert_eq!(vm.mem.w(at + 56).unwrap(), 'U' as i32);
        assert_eq!(vm.mem.w(at + 60).unwrap(), 5);
        assert_eq!(get_dir(&vm, at).unwrap(), d);
        // nulldir's all-ones values come back as "don't change" values.
        vm.mem.set_w(at + 32, -1).unwrap();
        vm.mem.set_l(at + 48, -1).unwrap();
        let n = get_dir(&vm, at).unwrap();
        assert_eq!((n.mode, n.length), (!0, !0));
    }
}
