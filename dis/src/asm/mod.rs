//! The Dis assembler and disassembler, in the original's assembler text syntax.
//!
//! [`disassemble`] prints a [`Module`](crate::object::Module) as text; [`assemble`]
//! reads text back into a module. Every value a module keeps has a spelling, so
//! `assemble(&disassemble(m))` gives `m` again. The syntax is the one `limbo -S`
//! prints and Inferno's `asm` accepts, with a few directives added for what that
//! syntax cannot say.
//!
//! # Lines
//!
//! One statement a line: an instruction or a directive. `#` starts a comment that runs
//! to the end of the line (`limbo -S` prints `#10`, `#20`, ... before every tenth
//! instruction). Blank lines are ignored. An instruction may be preceded by labels,
//! `name:`; a line holding only labels names the next instruction (or the end of the
//! code). A label's value is its instruction index. Names are made of letters,
//! digits, `_` and `.`; `fp`, `mp`, `_`, `_6`, `_7` and names starting with `@` cannot
//! be labels. Statements may come in any order: each section of the file takes its
//! items (instructions, descriptors, data items, links, import tables, handlers) in
//! the order the text gives them.
//!
//! # Constants
//!
//! Integers are decimal (`12`), hexadecimal (`0x1f`) or characters (`'a'`, `'\n'`).
//! Wherever a number is expected an expression may stand: `+ - * / % << >> & ^ |`
//! with C's precedence, unary `- + ~`, parentheses, and labels. `@mp` and `@ldt` are
//! 0. Strings are in double quotes, with escapes `\n \t \r \\ \" \'`, `\z` or `\0`
//! (a zero byte) and `\xHH` (any byte).
//!
//! # Instructions
//!
//! `mnemonic src, mid, dst`, mnemonics as in [`crate::isa`]. Operands:
//!
//! | text | operand |
//! | --- | --- |
//! | `$n` or a bare `label` | immediate (branch targets are instruction indices) |
//! | `n(fp)`, `n(mp)` | frame or module-data word at offset n |
//! | `s(f(fp))`, `s(f(mp))` | offset s from the pointer stored at f(fp) / f(mp) |
//! | `_` | the slot is left empty |
//! | `_6`, `_7` | the slot uses reserved address mode 6 or 7 (read as empty) |
//!
//! Three operands are always `src, mid, dst`. Fewer fill the slots the opcode uses, in
//! that order, and an optional middle may be left out: `movw $1, 48(fp)` (src, dst),
//! `addw $1, 40(fp)` (src, dst: the middle defaults to the destination),
//! `newcw 40(fp)` and `newcw $4, 40(fp)` (mid, dst), `jmp $7` (dst), `raise 20(mp)`
//! (src), `ret`. Anything else needs all three slots written, with `_` for the empty
//! ones. The middle operand can only be `$n`, `n(fp)` or `n(mp)`. Offsets and
//! immediates must fit the file's 30-bit signed encoding. The assembler checks only
//! what the file format can encode, so that every module the reader accepts can be
//! written as text; whether operands make sense (the interpreter keeps middle operands
//! and double-indirect offsets in 16 bits, branch targets must be inside the code, ...)
//! is for [`Module::verify`](crate::object::Module::verify) to say, and
//! `disdump -a` reports what it finds.
//!
//! # Directives of the original
//!
//! | directive | meaning |
//! | --- | --- |
//! | `module Name` | the module's name (required; `module "any text"` also works) |
//! | `entry pc, type` | the default entry; absent means `-1, -1` |
//! | `desc $id, size, "map"` | a type descriptor; the map is hexadecimal bytes, most significant bit = lowest word. Descriptors are written in the order given. |
//! | `var @mp, size` | the size of module data (default 0) |
//! | `byte @mp+off, v, ...` | bytes (−128 … 255) at off |
//! | `word @mp+off, v, ...` | 32-bit words (up to `0xffffffff`) |
//! | `long @mp+off, v, ...` | 64-bit integers (up to `0xffffffffffffffff`) |
//! | `real @mp+off, v, ...` | reals: numbers, `Inf`, `-Inf`, `NaN` |
//! | `string @mp+off, "text"` | a string |
//! | `array @mp+off, $type, len` | an array of len elements of descriptor type |
//! | `indir @mp+off, index` | element index of the array at off becomes the base of the following offsets |
//! | `apop` | back to the previous base |
//! | `link desc, pc, sig, "name"` | an export; `pc` may be a label |
//! | `ldts @ldt, n` | the import section has n tables, each opened by … |
//! | `word @ldt+off, n` | … a table of n functions, each given by … |
//! | `ext @ldt+off, sig, "name"` | … one function (the `@ldt` offsets are ignored) |
//! | `exceptions n` | the handler section has n handlers, each given by … |
//! | `exception pc1, pc2, eoff, desc, nlab, ne` | … a handler covering pc1 ≤ pc < pc2; nlab named arms follow, the first ne of them exception-typed … |
//! | `exctab "name", pc` | … a named arm … |
//! | `exctab *, pc` | … and, last and optional, the wildcard arm (absent means −1) |
//! | `source "path"` | the source path section (absent: the file ends before it) |
//!
//! One data directive is one item of the data section; offsets are relative to the
//! current base (`@mp+` may be left out, and so may the `$` of `desc` and `array`).
//! The counts `ldts`, `word @ldt`, `exceptions` and `exception` declare must match
//! the lines that follow them.
//!
//! # Directives added here
//!
//! | directive | meaning |
//! | --- | --- |
//! | `flags n` | the runtime flags. Without it: `HASLDT`, plus `HASEXCEPT` when `exceptions` is given. With it, the import and handler sections are present exactly when its `HASLDT` (0x40) and `HASEXCEPT` (0x20) bits say. |
//! | `stack n` | the stack extent (default 1024, as the original `asm` writes) |
//! | `signature "hex"` | a signed module (`SMAGIC`) with these signature bytes |
//! | `apop @mp+off` | a pop item that carries a non-zero offset |
//! | `real ..., bits(0x…)` | a real given by its IEEE-754 bit pattern (NaN payloads) |
//! | `byte @mp+off` (no values) | an empty item; likewise `word`, `long`, `real` |
//! | `module "text"` | a name that is not a plain name |
//!
//! The operands `_`, `_6` and `_7` and the string escape `\xHH` are additions too.
//!
//! # Example
//!
//! A complete Command module that prints "hello, world" three times:
//!
//! ```text
//! # module data: 0 "$Sys", 4 the format, 8 the Sys module
//!     var     @mp, 12
//!     desc    $0, 12, "e0"
//!     desc    $1, 56, "00c0"      # init's frame: 32 ctxt, 36 argv, 40 i, 44 callee, 48 result
//!     desc    $2, 40, "0080"      # print's frame: 32 the format
//!     string  @mp+0, "$Sys"
//!     string  @mp+4, "hello, world\n"
//!
//! init:   load    0(mp), $0, 8(mp)        # Sys = load Sys "$Sys" (import table 0)
//!         movw    $0, 40(fp)
//! loop:   bgew    40(fp), $3, done        # if i >= 3 goto done
//!         frame   $2, 44(fp)
//!         movp    4(mp), 32(44(fp))
//!         lea     48(fp), 16(44(fp))      # where print puts its result
//!         mcall   44(fp), $0, 8(mp)       # print: entry 0 of import table 0
//!         addw    $1, 40(fp)
//!         jmp     loop
//! done:   ret
//!
//!     module  Hello
//!     entry   init, 1
//!     link    1, init, 0x4244b354, "init"
//!     ldts    @ldt, 1
//!     word    @ldt, 1
//!     ext     @ldt+4, 0xac849033, "print"
//! ```

mod assemble;
mod error;
mod form;
mod lex;
mod parse;
mod print;

pub use assemble::assemble;
pub use error::AsmError;
pub use print::disassemble;

use crate::object::{HASEXCEPT, HASLDT};

/// The stack extent when the text gives none (what the original `asm` writes).
const DEFAULT_STACK_EXTENT: i32 = 1024;

/// The bits the original's assembler writes for `NaN`.
const NAN_BITS: u64 = 0x7fff_ffff_ffff_ffff;

/// The runtime flags when the text gives none: imports always (as Limbo does),
/// handlers when there are any.
fn default_flags(has_handlers: bool) -> i32 {
    if has_handlers {
        HASLDT | HASEXCEPT
    } else {
        HASLDT
    }
}

#[cfg(test)]
mod tests;
