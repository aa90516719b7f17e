//! The Sys built-in module.
// The VM wiring of `$Sys` calls these; until it lands nothing in the binary does.
#![allow(dead_code)]

pub mod fmt;
pub mod utf;
