//! The operand order of comparisons: as the original compiler writes them, the more
//! readily addressed operand (a constant before a module variable before a local) is
//! the branch's source, the comparison turned round to suit, so a constant needs no
//! temporary to sit in the middle operand.

mod common;

use dis::object::Operand;

/// The branches of the module compiled from `src`: mnemonic, source and middle.
fn branches(src: &str) -> Vec<(&'static str, Operand, Operand)> {
    let module = common::generate(src);
    module
        .code
        .iter()
        .filter(|i| i.op.name().starts_with('b'))
        .map(|i| (i.op.name(), i.src, i.mid))
        .collect()
}

#[test]
fn a_constant_or_module_variable_compared_with_a_local_is_the_source() {
    let src = "implement T;
T: module { f: fn(x: int): int; };
g: int;
f(x: int): int
{
	if(x < 10)
		return 1;
	if(x == g)
		return 2;
	if(x)
		return 3;
	while(x >= 100000)
		x /= 2;
	return 0;
}
";
    // the original's: blew $10, 32(fp); bnew 0(mp), 32(fp); beqw $0, 32(fp);
    // bgtw $100000, 32(fp) (no move of the large constant to a temporary)
    let x = Operand::Fp(32);
    assert_eq!(
        branches(src),
        [
            ("blew", Operand::Imm(10), x),
            ("bnew", Operand::Mp(0), x),
            ("beqw", Operand::Imm(0), x),
            ("bgtw", Operand::Imm(100000), x),
        ]
    );
}

#[test]
fn a_computed_operand_stays_the_source() {
    let src = "implement T;
T: module { f: fn(a: array of int, x: int): int; };
f(a: array of int, x: int): int
{
	if(x > a[x])
		return 1;
	if(len a < 3)
		return 2;
	return 0;
}
";
    // the element is read in place as the source, the local in the middle; the
    // length, computed, stays the source against the constant
    let ops = branches(src);
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert_eq!(ops[0].0, "bgew");
    assert!(matches!(ops[0].1, Operand::IndFp(..)), "{ops:?}");
    assert_eq!(ops[0].2, Operand::Fp(36));
    assert_eq!(ops[1].0, "bgew");
    assert_eq!(ops[1].2, Operand::Imm(3));
}
