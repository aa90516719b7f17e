//! Pure conversions the interpreter's `cvt*` instructions perform, with the original's
//! exact results: numbers from text (`cvtcw`, `cvtcl`, `cvtcf`), reals to text
//! (`cvtfc`, and the print verbs' forms) and to integers (`cvtfw`, `cvtfl`), and UTF-8 between byte arrays and
//! strings (`cvtac`, `cvtca`). None of them touches VM memory.

pub mod number;
pub mod printf;
pub mod real;
pub mod utf8;

pub use number::{real_to_big, real_to_int, string_to_big, string_to_int, string_to_real};
pub use printf::{format_real, RealFormat};
pub use real::{real_to_string, shortest_text, Decimal};
