//! Instructions too large to sit inline in the dispatch loop, grouped by purpose.

pub mod arith;
pub mod call;
pub mod convert;
pub mod fixed;
pub mod object;
pub mod switch;
