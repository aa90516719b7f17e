//! The Dis virtual machine: the object format, the instruction set and (as it grows)
//! the assembler, the interpreter, threads and module linking. It knows nothing of
//! files, hosts or terminals; the embedder supplies those.
#![forbid(unsafe_code)]

pub mod asm;
pub mod convert;
pub mod isa;
pub mod object;
