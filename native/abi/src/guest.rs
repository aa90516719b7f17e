//! The module author's side: [`export_module!`] makes a library's [`ENTRY`]
//! and table from plain Rust functions, and [`Call`] gives each of them its
//! arguments and result without `unsafe`.
//!
//! ```ignore
//! fn add(c: &Call) -> Result<(), String> {
//!     c.ret_word(c.word(0)?.wrapping_add(c.word(4)?))
//! }
//! native_abi::export_module!("$Sample", [("add", 0x1234abcd, 40, &[], add)]);
//! ```
//!
//! [`ENTRY`]: crate::ENTRY

use crate::{HostApi, ABI_VERSION};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A function of a native module, as [`export_module!`] takes it.
pub type Function = fn(&Call) -> Result<(), String>;

/// One call's arguments and result.
pub struct Call<'a> {
    api: &'a HostApi,
}

/// The error of a getter or setter the host refused.
fn refused(what: &str, off: u32) -> String {
    format!("native module: bad {what} at argument offset {off}")
}

impl Call<'_> {
    /// The `int` argument at byte offset `off` from the first.
    pub fn word(&self, off: u32) -> Result<i32, String> {
        let mut v = 0;
        match (self.api.word)(self.api.ctx, off, &mut v) {
            0 => Ok(v),
            _ => Err(refused("int", off)),
        }
    }

    /// The `big` argument at `off`.
    pub fn big(&self, off: u32) -> Result<i64, String> {
        let mut v = 0;
        match (self.api.big)(self.api.ctx, off, &mut v) {
            0 => Ok(v),
            _ => Err(refused("big", off)),
        }
    }

    /// The `real` argument at `off`.
    pub fn real(&self, off: u32) -> Result<f64, String> {
        let mut v = 0.0;
        match (self.api.real)(self.api.ctx, off, &mut v) {
            0 => Ok(v),
            _ => Err(refused("real", off)),
        }
    }

    /// The `string` argument at `off` (nil is empty).
    pub fn string(&self, off: u32) -> Result<String, String> {
        let mut bytes = std::ptr::null();
        let mut len = 0u32;
        if (self.api.string)(self.api.ctx, off, &mut bytes, &mut len) != 0 || bytes.is_null() {
            return Err(refused("string", off));
        }
        // SAFETY: the host hands out `len` bytes at `bytes` that stay valid until
        // the call returns (the ABI), and they are copied at once.
        let text = unsafe { std::slice::from_raw_parts(bytes, len as usize) };
        Ok(String::from_utf8_lossy(text).into_owned())
    }

    /// Sets an `int` result.
    pub fn ret_word(&self, v: i32) -> Result<(), String> {
        match (self.api.ret_word)(self.api.ctx, v) {
            0 => Ok(()),
            _ => Err(refused("int result", 0)),
        }
    }

    /// Sets a `big` result.
    pub fn ret_big(&self, v: i64) -> Result<(), String> {
        match (self.api.ret_big)(self.api.ctx, v) {
            0 => Ok(()),
            _ => Err(refused("big result", 0)),
        }
    }

    /// Sets a `real` result.
    pub fn ret_real(&self, v: f64) -> Result<(), String> {
        match (self.api.ret_real)(self.api.ctx, v) {
            0 => Ok(()),
            _ => Err(refused("real result", 0)),
        }
    }

    /// Sets a `string` result.
    pub fn ret_string(&self, s: &str) -> Result<(), String> {
        let Ok(len) = u32::try_from(s.len()) else {
            return Err("native module: result string too long".to_string());
        };
        match (self.api.ret_string)(self.api.ctx, s.as_ptr(), len) {
            0 => Ok(()),
            _ => Err(refused("string result", 0)),
        }
    }

    fn raise(&self, text: &str) {
        let len = u32::try_from(text.len()).unwrap_or(0);
        (self.api.raise)(self.api.ctx, text.as_ptr(), len);
    }
}

/// Runs `f` for one call from the host (what each entry of [`export_module!`]
/// does): 0 when it returned `Ok`, else 1 with its error raised; a panic is
/// caught and raised too, never unwound into the host.
///
/// # Safety
/// `api` is null or the host's valid `HostApi` for the call under way (as the
/// host passes it to every function of a table).
pub unsafe fn run(api: *const HostApi, f: Function) -> i32 {
    if api.is_null() {
        return 1;
    }
    // SAFETY: the caller's; the version, its first field in every version of the
    // ABI, is read before anything else.
    let api = unsafe { &*api };
    if api.abi_version != ABI_VERSION {
        return 1;
    }
    let call = Call { api };
    match catch_unwind(AssertUnwindSafe(|| f(&call))) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            call.raise(&e);
            1
        }
        Err(_) => {
            call.raise("native module: function panicked");
            1
        }
    }
}

/// Exports a native module: its path and its functions as
/// `(name, signature, frame size, pointer map, function)`, each function a
/// [`Function`]. Defines the library's `dis_native_module` entry.
#[macro_export]
macro_rules! export_module {
    ($path:literal, [$(($name:literal, $sig:expr, $frame:expr, $map:expr, $f:path)),* $(,)?]) => {
        static DIS_NATIVE_FUNCTIONS: &[$crate::FunctionEntry] = &[$(
            $crate::FunctionEntry {
                name: concat!($name, "\0").as_ptr().cast(),
                sig: $sig,
                frame_size: $frame,
                frame_map: {
                    const MAP: &[u8] = $map;
                    MAP.as_ptr()
                },
                frame_map_len: {
                    const MAP: &[u8] = $map;
                    MAP.len() as u32
                },
                call: {
                    extern "C" fn call(api: *const $crate::HostApi) -> i32 {
                        // SAFETY: the host calls a table's functions with its API.
                        unsafe { $crate::guest::run(api, $f) }
                    }
                    call
                },
            }
        ),*];

        static DIS_NATIVE_TABLE: $crate::ModuleTable = $crate::ModuleTable {
            abi_version: $crate::ABI_VERSION,
            path: concat!($path, "\0").as_ptr().cast(),
            nfunctions: DIS_NATIVE_FUNCTIONS.len() as u32,
            functions: DIS_NATIVE_FUNCTIONS.as_ptr(),
        };

        /// The native module's table, for emu.
        #[no_mangle]
        pub extern "C" fn dis_native_module() -> *const $crate::ModuleTable {
            &DIS_NATIVE_TABLE
        }
    };
}
