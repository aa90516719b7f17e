//! The C ABI between `emu` and a built-in module that lives in a host shared
//! library (a *native module*), version [`ABI_VERSION`].
//!
//! # The ABI
//!
//! A native module is a shared library (a Rust `cdylib`, or any language with a C
//! ABI) exporting one function, [`ENTRY`] (`dis_native_module`), that takes no
//! argument and returns a pointer to a [`ModuleTable`]: the ABI version, the
//! module's path (`$Name`) and its functions. Each [`FunctionEntry`] gives what a
//! built-in's export table gives (name, the Limbo type signature, the frame size in
//! bytes and the frame's pointer map, as `limbo` lays them out) and the function
//! itself, [`CallFn`]. `emu` checks the table (version, sizes, names) once when a
//! program first loads `$Name`, and links each import by name and signature exactly
//! as it links any built-in module: a signature that differs is a
//! `link typecheck` error and the load fails.
//!
//! A call gets a [`HostApi`]: a context pointer and functions that read the
//! call's arguments (by byte offset from the first argument, which is 32 bytes
//! into the frame) and set its result. Strings cross as UTF-8 copies; no Dis
//! pointer and no Dis memory ever reaches the library. The function returns 0,
//! or nonzero after [`HostApi::raise`] to raise a Dis exception in the caller.
//!
//! # The safety contract
//!
//! A native module is trusted host code: it runs inside emu with all of emu's
//! rights, which is why emu opens libraries only from folders its user names
//! (`emu -L folder`), never by default. Loading a library runs its initializers.
//! A library must:
//!
//! - return from [`ENTRY`] a pointer to a table, and names, maps and entries it
//!   points at, that stay valid and unchanged as long as the library is loaded
//!   (emu closes a library only when it refuses its table, before calling any of
//!   its functions; one it accepted stays loaded until emu exits);
//! - give signatures, frame sizes and pointer maps that match the Limbo interface
//!   they claim (the signature is checked; the frame size and map are believed,
//!   and a wrong map makes the collector misread the caller's frame), and set
//!   only a result of the type that interface returns (a string set where an
//!   `int` is expected corrupts the caller's Dis memory, not emu's);
//! - use the [`HostApi`] only during the call it was given to, on the thread that
//!   called, and never keep it, its context or a string pointer it returned;
//! - never unwind out of a [`CallFn`] (the [`guest`] side catches panics);
//! - return promptly: every prog waits while a native function runs (there is no
//!   blocking call through this ABI yet);
//! - not assume anything about emu's memory.
//!
//! The `unsafe` code of both sides lives in this crate: [`guest`] turns the raw
//! API into a safe [`guest::Call`] for module authors, and `host` (feature
//! `host`, for emu) opens a library, checks its table and calls through it
//! with a safe [`host::Frame`] of the emu's own.

#![deny(unsafe_op_in_unsafe_fn)]

pub mod guest;
#[cfg(feature = "host")]
pub mod host;

use std::ffi::{c_char, c_void};

/// The version of this ABI, first in every [`ModuleTable`] and [`HostApi`].
pub const ABI_VERSION: u32 = 1;

/// The name of the function a native module exports (a `*const ModuleTable`
/// with no argument).
pub const ENTRY: &str = "dis_native_module";

/// A function of a native module: given the host's API for this one call,
/// returns 0 when done, nonzero to raise the exception set with
/// [`HostApi::raise`] (or a generic one).
pub type CallFn = extern "C" fn(api: *const HostApi) -> i32;

/// What [`ENTRY`] returns.
#[repr(C)]
pub struct ModuleTable {
    /// [`ABI_VERSION`] of the library; nothing else is read when it differs.
    pub abi_version: u32,
    /// The module's path, `$Name`, NUL-terminated UTF-8.
    pub path: *const c_char,
    /// The number of entries at `functions`.
    pub nfunctions: u32,
    pub functions: *const FunctionEntry,
}

/// One exported function.
#[repr(C)]
pub struct FunctionEntry {
    /// Its Limbo name, NUL-terminated UTF-8.
    pub name: *const c_char,
    /// The signature of its Limbo type (as `limbo` computes it).
    pub sig: u32,
    /// Its frame's size in bytes: 32 for the header, then the arguments, as
    /// `limbo` lays them out; a multiple of 4.
    pub frame_size: u32,
    /// The frame's pointer map: one bit per word, the most significant first.
    pub frame_map: *const u8,
    pub frame_map_len: u32,
    pub call: CallFn,
}

// SAFETY: a table and its entries are read only, and what they point at is
// immutable for the life of the library (the contract above).
unsafe impl Sync for ModuleTable {}
// SAFETY: as for `ModuleTable`.
unsafe impl Sync for FunctionEntry {}

/// The host's functions for one call; each takes [`HostApi::ctx`] first. Offsets
/// count bytes from the first argument; a getter stores through its last
/// argument and returns 0, or returns nonzero if the offset is outside the frame
/// (or the word there is not what was asked for).
#[repr(C)]
pub struct HostApi {
    /// The host's [`ABI_VERSION`].
    pub abi_version: u32,
    pub ctx: *mut c_void,
    pub word: extern "C" fn(ctx: *mut c_void, off: u32, out: *mut i32) -> i32,
    pub big: extern "C" fn(ctx: *mut c_void, off: u32, out: *mut i64) -> i32,
    pub real: extern "C" fn(ctx: *mut c_void, off: u32, out: *mut f64) -> i32,
    /// A string argument (nil reads as empty): its UTF-8 bytes and their number,
    /// valid until the call returns.
    pub string:
        extern "C" fn(ctx: *mut c_void, off: u32, bytes: *mut *const u8, len: *mut u32) -> i32,
    pub ret_word: extern "C" fn(ctx: *mut c_void, v: i32) -> i32,
    pub ret_big: extern "C" fn(ctx: *mut c_void, v: i64) -> i32,
    pub ret_real: extern "C" fn(ctx: *mut c_void, v: f64) -> i32,
    /// Sets a string result from `len` bytes of UTF-8 at `bytes`.
    pub ret_string: extern "C" fn(ctx: *mut c_void, bytes: *const u8, len: u32) -> i32,
    /// Sets the exception the call raises when it returns nonzero.
    pub raise: extern "C" fn(ctx: *mut c_void, bytes: *const u8, len: u32),
}
