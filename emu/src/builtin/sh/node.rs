//! `parse` of `Sh`: text to a parsed command as Dis memory holds it.
//!
//! The original's `Cmd` (`Node`) is a syntax tree; ours keeps a parsed command
//! as one `Node` holding its canonical text (the body of a block) in `word`,
//! with `left`, `right` and `redir` nil: `ntype` is `n_BLOCK` when the command
//! is a single block (`{...}`, which `cmd2string` prints in braces) and `n_SEQ`
//! otherwise. `/dis/sh.dis` turns such a node back into text to run it, so a
//! command round-trips through `cmd2string` and runs as parsed. `Node` is
//! `(ntype: int, left, right: ref Node, word: string, redir: ref Redir)`: 20
//! bytes, pointers at 4, 8, 12 and 16.

use dis::vm::types::Kind;
use dis::vm::{Machine, Trap, NIL};
use shell::library::parse_failure;
use shell::parse::parse;
use shell::syntax::{cmd_text, Cmd, Word};

/// Size of a `Node`.
const NODE_SIZE: u32 = 20;
/// Offsets of a `Node`'s pointers.
const NODE_PTRS: [u32; 4] = [4, 8, 12, 16];
/// Offset of `word`.
const NODE_WORD: u32 = 12;
/// `Sh->n_BLOCK` and `Sh->n_SEQ`.
const N_BLOCK: i32 = 0;
const N_SEQ: i32 = 7;

/// Registers the type of `Node` values in `vm`.
pub fn node_type(vm: &mut Machine) -> u32 {
    vm.types.add(NODE_SIZE, &NODE_PTRS, Kind::Plain)
}

/// What `text` parses to: the node (`NIL` for an empty command) and the
/// error text (`None` when it parsed), as `parse` returns them.
pub fn parse_node(
    vm: &mut Machine,
    node_type: u32,
    text: &str,
) -> Result<(u32, Option<String>), Trap> {
    let cmd = match parse(text) {
        Ok(c) => c,
        Err(e) => return Ok((NIL, Some(parse_failure(&e)))),
    };
    let (ntype, body) = match &cmd {
        Cmd::Empty => return Ok((NIL, None)),
        Cmd::Simple { words, redirs } if redirs.is_empty() && words.len() == 1 => match &words[0] {
            Word::Block(b) => (N_BLOCK, cmd_text(b)),
            _ => (N_SEQ, cmd_text(&cmd)),
        },
        _ => (N_SEQ, cmd_text(&cmd)),
    };
    let node = vm.alloc(NODE_SIZE, node_type)?;
    vm.mem.set_w(node, ntype)?;
    let word = vm.new_string(&body)?;
    vm.put_ptr(node + NODE_WORD, word)?;
    Ok((node, None))
}
