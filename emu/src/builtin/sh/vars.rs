//! `runvars` of `$Sh` (a `Context`'s `run` in `/dis/sh.dis`): the context's
//! variables, `list of (string, list of ref Listnode)` in Dis memory, read
//! into shell values, and the variables the command changed written back in
//! the same form. A `Listnode` is `(cmd: ref Node, word: string)`; a block
//! comes with its text in `word` (`/dis/sh.dis` fills it in) and goes back
//! with both.

use super::node;
use dis::vm::types::Kind;
use dis::vm::{Machine, Trap, NIL};
use shell::value::Val;

/// Size of a `Listnode`, and of a `(string, list of ref Listnode)`.
const PAIR_SIZE: u32 = 8;

/// Registers the type of `Listnode` values (also that of the pairs).
pub fn pair_type(vm: &mut Machine) -> u32 {
    vm.types.add(PAIR_SIZE, &[0, 4], Kind::Plain)
}

/// The variables in `list`.
pub fn read(vm: &Machine, mut list: u32) -> Result<Vec<(String, Vec<Val>)>, Trap> {
    let mut vars = Vec::new();
    while list != NIL {
        let pair = vm.list_head(list)?;
        let name = vm.str_text(vm.mem.u(pair)?)?;
        let mut value = Vec::new();
        let mut nodes = vm.mem.u(pair + 4)?;
        while nodes != NIL {
            let n = vm.mem.u(vm.list_head(nodes)?)?;
            if n != NIL {
                let word = Val::Str(vm.str_text(vm.mem.u(n + 4)?)?);
                let block = (vm.mem.u(n)? != NIL).then(|| word.as_block()).flatten();
                value.push(block.map_or(word, Val::Block));
            }
            nodes = vm.list_tail(nodes)?;
        }
        vars.push((name, value));
        list = vm.list_tail(list)?;
    }
    Ok(vars)
}

/// Puts `vars` as a list at `at` (whose old value is dropped).
pub fn write(
    vm: &mut Machine,
    types: (u32, node::NodeTypes),
    vars: &[(String, Vec<Val>)],
    at: u32,
) -> Result<(), Trap> {
    let (pair_type, _) = types;
    vm.put_ptr(at, NIL)?;
    let pair = vm.alloc(PAIR_SIZE, pair_type)?;
    for (name, value) in vars.iter().rev() {
        let mut nodes = NIL;
        for v in value.iter().rev() {
            let n = listnode(vm, types, v)?;
            nodes = vm.cons_ptr(n, nodes)?;
        }
        let name = vm.new_string(name)?;
        vm.put_ptr(pair, name)?;
        vm.put_ptr(pair + 4, nodes)?;
        vm.cons(pair, PAIR_SIZE, pair_type, at)?;
    }
    vm.dec(pair)
}

/// A new `Listnode` for `v`.
fn listnode(vm: &mut Machine, types: (u32, node::NodeTypes), v: &Val) -> Result<u32, Trap> {
    let (pair_type, node_types) = types;
    let n = vm.alloc(PAIR_SIZE, pair_type)?;
    if let Val::Block(b) = v {
        let cmd = node::block(vm, node_types, b)?;
        vm.put_ptr(n, cmd)?;
    }
    let word = vm.new_string(&v.text())?;
    vm.put_ptr(n + 4, word)?;
    Ok(n)
}
