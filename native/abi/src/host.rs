//! The host's side (emu): opening a native module's library, checking its table
//! into owned [`Function`] descriptions, and calling a function with the host's
//! safe [`Frame`] behind the raw [`HostApi`].

use crate::{CallFn, FunctionEntry, HostApi, ModuleTable, ABI_VERSION, ENTRY};
use std::ffi::{c_char, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Most functions a table may list.
pub const MAX_FUNCTIONS: u32 = 4096;
/// Largest frame a function may ask for, in bytes.
pub const MAX_FRAME: u32 = 64 << 10;
/// Longest name or path in a table, in bytes.
const MAX_NAME: usize = 256;
/// Bytes before the first argument in a frame.
const FRAME_HEADER: u32 = 32;

/// One call's frame as the host gives it to a native function: the host checks
/// offsets (from the first argument) and types, and converts strings.
pub trait Frame {
    fn word(&mut self, off: u32) -> Result<i32, String>;
    fn big(&mut self, off: u32) -> Result<i64, String>;
    fn real(&mut self, off: u32) -> Result<f64, String>;
    /// A string argument's text (nil is empty).
    fn string(&mut self, off: u32) -> Result<String, String>;
    fn ret_word(&mut self, v: i32) -> Result<(), String>;
    fn ret_big(&mut self, v: i64) -> Result<(), String>;
    fn ret_real(&mut self, v: f64) -> Result<(), String>;
    fn ret_string(&mut self, s: &str) -> Result<(), String>;
}

/// A function a library exports, as its table describes it (checked).
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub sig: u32,
    pub frame_size: u32,
    pub frame_map: Vec<u8>,
    call: CallFn,
}

/// An open native module. Its library stays loaded as long as this lives.
pub struct Library {
    /// The module's path, `$Name`.
    pub path: String,
    pub functions: Vec<Function>,
    _library: libloading::Library,
}

impl Library {
    /// Opens the library at `file` and reads its table.
    pub fn open(file: &Path) -> Result<Library, String> {
        // SAFETY: loading runs the library's initializers and its entry; that is
        // the trust the user gave by naming its folder (the crate's contract).
        let library = unsafe { libloading::Library::new(file) }.map_err(|e| e.to_string())?;
        // SAFETY: the entry's type is the ABI's; a library exporting the name with
        // another type breaks the contract.
        let table = unsafe {
            let entry = library
                .get::<extern "C" fn() -> *const ModuleTable>(ENTRY.as_bytes())
                .map_err(|_| format!("no {ENTRY} entry"))?;
            entry()
        };
        // SAFETY: the table, and all it points at, is valid while the library is
        // loaded (the contract); it is read once, here, into owned values.
        let (path, functions) = unsafe { read_table(table)? };
        Ok(Library {
            path,
            functions,
            _library: library,
        })
    }

    /// Calls function `index` with `frame`; `Err` is the exception to raise.
    pub fn call(&self, index: usize, frame: &mut dyn Frame) -> Result<(), String> {
        match self.functions.get(index) {
            Some(f) => f.call(frame),
            None => Err("native module: no such function".to_string()),
        }
    }
}

impl Function {
    /// Calls the function with `frame` (its library must be loaded); `Err` is the
    /// exception to raise.
    fn call(&self, frame: &mut dyn Frame) -> Result<(), String> {
        let mut state = CallState {
            frame,
            strings: Vec::new(),
            raised: None,
        };
        let api = HostApi {
            abi_version: ABI_VERSION,
            ctx: (&mut state as *mut CallState).cast(),
            word: host_word,
            big: host_big,
            real: host_real,
            string: host_string,
            ret_word: host_ret_word,
            ret_big: host_ret_big,
            ret_real: host_ret_real,
            ret_string: host_ret_string,
            raise: host_raise,
        };
        let status = (self.call)(&api);
        match status {
            0 => Ok(()),
            _ => Err(state
                .raised
                .unwrap_or_else(|| format!("native module: {} failed", self.name))),
        }
    }
}

/// Reads a table into owned values, checking its version and bounds.
///
/// # Safety
/// `table` is null or points at a [`ModuleTable`] whose pointers are valid.
unsafe fn read_table(table: *const ModuleTable) -> Result<(String, Vec<Function>), String> {
    if table.is_null() {
        return Err(format!("{ENTRY} gave no table"));
    }
    // SAFETY: the caller's.
    let t = unsafe { &*table };
    if t.abi_version != ABI_VERSION {
        return Err(format!(
            "ABI version {} (emu speaks {ABI_VERSION})",
            t.abi_version
        ));
    }
    // SAFETY: the caller's.
    let path = unsafe { text(t.path) }?;
    if !path.starts_with('$') {
        return Err(format!("module path {path:?} does not start with $"));
    }
    if t.nfunctions > MAX_FUNCTIONS || (t.nfunctions > 0 && t.functions.is_null()) {
        return Err(format!("{} functions", t.nfunctions));
    }
    let entries: &[FunctionEntry] = match t.nfunctions {
        0 => &[],
        // SAFETY: the caller's: `nfunctions` entries at `functions`.
        n => unsafe { std::slice::from_raw_parts(t.functions, n as usize) },
    };
    let mut functions = Vec::with_capacity(entries.len());
    for e in entries {
        // SAFETY: the caller's.
        let name = unsafe { text(e.name) }?;
        let words = e.frame_size / 4;
        if e.frame_size < FRAME_HEADER
            || e.frame_size > MAX_FRAME
            || e.frame_size % 4 != 0
            || e.frame_map_len > words.div_ceil(8)
            || (e.frame_map_len > 0 && e.frame_map.is_null())
        {
            return Err(format!(
                "{name}: frame of {} bytes with a map of {} bytes",
                e.frame_size, e.frame_map_len
            ));
        }
        let frame_map = match e.frame_map_len {
            0 => Vec::new(),
            // SAFETY: the caller's: `frame_map_len` bytes at `frame_map`.
            n => unsafe { std::slice::from_raw_parts(e.frame_map, n as usize) }.to_vec(),
        };
        functions.push(Function {
            name,
            sig: e.sig,
            frame_size: e.frame_size,
            frame_map,
            call: e.call,
        });
    }
    Ok((path, functions))
}

/// A table's NUL-terminated UTF-8 name.
///
/// # Safety
/// `p` is null or points at a NUL-terminated string.
unsafe fn text(p: *const c_char) -> Result<String, String> {
    if p.is_null() {
        return Err("a name is missing".to_string());
    }
    // SAFETY: the caller's.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    if bytes.is_empty() || bytes.len() > MAX_NAME {
        return Err("a name is empty or too long".to_string());
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| "a name is not UTF-8".to_string())
}

/// What a call's context pointer points at.
struct CallState<'a> {
    frame: &'a mut dyn Frame,
    /// The string arguments handed out, kept until the call returns.
    strings: Vec<Box<[u8]>>,
    raised: Option<String>,
}

/// Runs `f` on the call's state; nonzero when `f` fails or panics (a panic must
/// not unwind into the library).
fn with_state(ctx: *mut c_void, f: impl FnOnce(&mut CallState) -> Result<(), String>) -> i32 {
    if ctx.is_null() {
        return 1;
    }
    // SAFETY: `ctx` is the `CallState` that `Library::call` made for this call and
    // keeps alive until the call returns; the library calls back on the calling
    // thread only, one callback at a time (the contract).
    let state = unsafe { &mut *ctx.cast::<CallState>() };
    match catch_unwind(AssertUnwindSafe(|| f(state))) {
        Ok(Ok(())) => 0,
        _ => 1,
    }
}

/// Stores `v` through `out`, if `out` is not null.
///
/// # Safety
/// `out` is null or valid for a write of a `T`.
unsafe fn store<T>(out: *mut T, v: T) -> Result<(), String> {
    if out.is_null() {
        return Err("null result pointer".to_string());
    }
    // SAFETY: the caller's.
    unsafe { out.write(v) };
    Ok(())
}

/// The `len` bytes at `bytes` as text.
///
/// # Safety
/// `bytes` is null or valid for reading `len` bytes.
unsafe fn bytes_text(bytes: *const u8, len: u32) -> Option<String> {
    if bytes.is_null() {
        return None;
    }
    // SAFETY: the caller's.
    let b = unsafe { std::slice::from_raw_parts(bytes, len as usize) };
    Some(String::from_utf8_lossy(b).into_owned())
}

extern "C" fn host_word(ctx: *mut c_void, off: u32, out: *mut i32) -> i32 {
    // SAFETY: `out` is the library's place for the value (the ABI).
    with_state(ctx, |s| unsafe { store(out, s.frame.word(off)?) })
}

extern "C" fn host_big(ctx: *mut c_void, off: u32, out: *mut i64) -> i32 {
    // SAFETY: as for `host_word`.
    with_state(ctx, |s| unsafe { store(out, s.frame.big(off)?) })
}

extern "C" fn host_real(ctx: *mut c_void, off: u32, out: *mut f64) -> i32 {
    // SAFETY: as for `host_word`.
    with_state(ctx, |s| unsafe { store(out, s.frame.real(off)?) })
}

extern "C" fn host_string(ctx: *mut c_void, off: u32, bytes: *mut *const u8, len: *mut u32) -> i32 {
    with_state(ctx, |s| {
        let text = s.frame.string(off)?.into_bytes().into_boxed_slice();
        let n = u32::try_from(text.len()).map_err(|_| "string too long".to_string())?;
        let at = text.as_ptr();
        // The box's bytes do not move when the box itself moves into the list.
        s.strings.push(text);
        // SAFETY: `bytes` and `len` are the library's places (the ABI).
        unsafe {
            store(len, n)?;
            store(bytes, at)
        }
    })
}

extern "C" fn host_ret_word(ctx: *mut c_void, v: i32) -> i32 {
    with_state(ctx, |s| s.frame.ret_word(v))
}

extern "C" fn host_ret_big(ctx: *mut c_void, v: i64) -> i32 {
    with_state(ctx, |s| s.frame.ret_big(v))
}

extern "C" fn host_ret_real(ctx: *mut c_void, v: f64) -> i32 {
    with_state(ctx, |s| s.frame.ret_real(v))
}

extern "C" fn host_ret_string(ctx: *mut c_void, bytes: *const u8, len: u32) -> i32 {
    with_state(ctx, |s| {
        // SAFETY: `len` bytes at `bytes` are the library's (the ABI).
        let text = unsafe { bytes_text(bytes, len) }.ok_or("null string")?;
        s.frame.ret_string(&text)
    })
}

extern "C" fn host_raise(ctx: *mut c_void, bytes: *const u8, len: u32) {
    with_state(ctx, |s| {
        // SAFETY: as for `host_ret_string`.
        s.raised = unsafe { bytes_text(bytes, len) };
        Ok(())
    });
}

/// The file name of module `path`'s library on this host: `$Sample` is
/// `libsample.so` on Linux (as cargo names crate `sample`'s cdylib). `None`
/// unless the name after `$` is 1 to 64 ASCII letters, digits or underscores.
pub fn library_file(path: &str) -> Option<std::ffi::OsString> {
    let name = path.strip_prefix('$')?;
    let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if name.is_empty() || name.len() > 64 || !plain {
        return None;
    }
    Some(libloading::library_filename(name.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guest::Call;

    fn add(c: &Call) -> Result<(), String> {
        c.ret_word(c.word(0)? + c.word(4)?)
    }

    fn shout(c: &Call) -> Result<(), String> {
        c.ret_string(&c.string(0)?.to_uppercase())
    }

    fn fails(c: &Call) -> Result<(), String> {
        c.word(400)?;
        Ok(())
    }

    fn panics(_: &Call) -> Result<(), String> {
        panic!("in a native function")
    }

    crate::export_module!(
        "$Test",
        [
            ("add", 1, 40, &[], add),
            ("shout", 2, 40, &[0x00, 0x80], shout),
            ("fails", 3, 32, &[], fails),
            ("panics", 4, 32, &[], panics),
        ]
    );

    /// A frame of words and strings, with the result it was given.
    #[derive(Default)]
    struct TestFrame {
        words: Vec<i32>,
        strings: Vec<String>,
        result: Option<String>,
    }

    impl Frame for TestFrame {
        fn word(&mut self, off: u32) -> Result<i32, String> {
            self.words
                .get(off as usize / 4)
                .copied()
                .ok_or("outside".into())
        }
        fn big(&mut self, _: u32) -> Result<i64, String> {
            Err("no bigs".into())
        }
        fn real(&mut self, _: u32) -> Result<f64, String> {
            Err("no reals".into())
        }
        fn string(&mut self, off: u32) -> Result<String, String> {
            self.strings
                .get(off as usize / 4)
                .cloned()
                .ok_or("outside".into())
        }
        fn ret_word(&mut self, v: i32) -> Result<(), String> {
            self.result = Some(v.to_string());
            Ok(())
        }
        fn ret_big(&mut self, v: i64) -> Result<(), String> {
            self.ret_word(v as i32)
        }
        fn ret_real(&mut self, _: f64) -> Result<(), String> {
            Err("no reals".into())
        }
        fn ret_string(&mut self, s: &str) -> Result<(), String> {
            self.result = Some(s.to_string());
            Ok(())
        }
    }

    fn table() -> (String, Vec<Function>) {
        // SAFETY: the table this module exported.
        unsafe { read_table(dis_native_module()) }.unwrap()
    }

    #[test]
    fn an_exported_table_reads_back_and_its_functions_run_through_the_api() {
        let (path, functions) = table();
        assert_eq!(path, "$Test");
        let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["add", "shout", "fails", "panics"]);
        assert_eq!((functions[1].sig, functions[1].frame_size), (2, 40));
        assert_eq!(functions[1].frame_map, [0x00, 0x80]);

        let mut f = TestFrame {
            words: vec![2, 40],
            ..TestFrame::default()
        };
        functions[0].call(&mut f).unwrap();
        assert_eq!(f.result.as_deref(), Some("42"));

        let mut f = TestFrame {
            strings: vec!["dis".into()],
            ..TestFrame::default()
        };
        functions[1].call(&mut f).unwrap();
        assert_eq!(f.result.as_deref(), Some("DIS"));
    }

    #[test]
    fn a_refused_argument_and_a_panic_become_exceptions() {
        let (_, functions) = table();
        let mut f = TestFrame::default();
        assert_eq!(
            functions[2].call(&mut f),
            Err("native module: bad int at argument offset 400".to_string())
        );
        assert_eq!(
            functions[3].call(&mut f),
            Err("native module: function panicked".to_string())
        );
    }

    #[test]
    fn a_library_is_named_by_the_module_and_never_by_a_path() {
        let file = library_file("$Sample").unwrap();
        assert_eq!(file, libloading::library_filename("sample"));
        for bad in ["Sample", "$", "$../sample", "$a/b", "$a.b", "$\u{e9}"] {
            assert_eq!(library_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_table_of_another_version_or_a_bad_frame_is_refused() {
        let mut t = ModuleTable {
            abi_version: ABI_VERSION + 1,
            path: c"$Test".as_ptr(),
            nfunctions: 0,
            functions: std::ptr::null(),
        };
        // SAFETY: a table of this test's.
        let e = unsafe { read_table(&t) }.unwrap_err();
        assert_eq!(e, format!("ABI version 2 (emu speaks {ABI_VERSION})"));
        let small = FunctionEntry {
            name: c"f".as_ptr(),
            sig: 0,
            frame_size: 16,
            frame_map: std::ptr::null(),
            frame_map_len: 0,
            call: DIS_NATIVE_FUNCTIONS[0].call,
        };
        t.abi_version = ABI_VERSION;
        t.nfunctions = 1;
        t.functions = &small;
        // SAFETY: as above.
        let e = unsafe { read_table(&t) }.unwrap_err();
        assert_eq!(e, "f: frame of 16 bytes with a map of 0 bytes");
    }
}
