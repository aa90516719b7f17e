//! The Dis virtual machine: the object format, the instruction set, the assembler,
//! number and UTF-8 conversions, and the interpreter with module loading and
//! linking. It knows nothing of files, hosts or terminals; the embedder supplies
//! those.
#![forbid(unsafe_code)]

pub mod asm;
pub mod convert;
pub mod isa;
pub mod object;
pub mod sbl;
pub mod vm;
