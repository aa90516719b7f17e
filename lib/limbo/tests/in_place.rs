//! Values computed where they go, as the original compiler computes them: no
//! temporary and copy for a tuple or adt value built in its destination, a tuple
//! declaration's names receiving a value whole, or an operand a comparison can read
//! where it is. Each expectation is the original's code for the source (the module
//! data offsets aside, laid out by this compiler its own way).

mod common;

/// The instructions of the module compiled from `src`, as assembler text with one
/// space between mnemonic and operands.
fn code(src: &str) -> Vec<String> {
    let module = common::generate(src);
    dis::asm::disassemble(&module)
        .lines()
        .take_while(|l| !l.starts_with("\tentry") && !l.starts_with("\tdesc"))
        .filter(|l| l.starts_with('\t') && !l.starts_with("\tstack"))
        .map(|l| l.trim().replacen('\t', " ", 1))
        .collect()
}

/// `return (a, "x")` writes the members through the return pointer, a constant
/// tuple too; a tuple declaration receives a call's value in its own slots, and a
/// tuple of its names is read as one block.
#[test]
fn tuples_are_built_in_their_destination() {
    let src = "implement T;
T: module { f: fn(a: int): (int, string); g: fn(x: int): (int, string); };
f(a: int): (int, string)
{
	if(a)
		return (a, \"x\");
	return (1, nil);
}
g(x: int): (int, string)
{
	(a, s) := f(x);
	t := (a, s);
	return t;
}
";
    assert_eq!(
        code(src),
        [
            "beqw $0, 32(fp), $4",
            "movw 32(fp), 0(16(fp))",
            "movp 0(mp), 4(16(fp))",
            "ret",
            "movw $1, 0(16(fp))",
            "movp 4(mp), 4(16(fp))",
            "ret",
            "frame $2, 44(fp)",
            "movw 32(fp), 32(44(fp))",
            "lea 36(fp), 16(44(fp))",
            "call 44(fp), $0",
            "movmp 36(fp), $1, 48(fp)",
            "movmp 48(fp), $1, 0(16(fp))",
            "ret",
        ]
    );
}

/// An adt value assigned to a variable the value does not read is built in the
/// variable; `p = P(p.y, ...)` still builds it aside.
#[test]
fn a_value_not_reading_its_variable_is_built_there() {
    let src = "implement T;
T: module { f: fn(a: int, b: int, s: string); };
P: adt { x, y: int; s: string; };
f(a: int, b: int, s: string)
{
	p, q: P;
	p = P(a, b, s);
	q = P(p.y, p.x, s);
	r := ref P(q.x, q.y, s);
	p = P(r.y, r.x, nil);
	p = P(p.y, p.x, nil);
}
";
    assert_eq!(
        code(src),
        [
            "movw 32(fp), 52(fp)",
            "movw 36(fp), 56(fp)",
            "movp 40(fp), 60(fp)",
            "movw 56(fp), 64(fp)",
            "movw 52(fp), 68(fp)",
            "movp 40(fp), 72(fp)",
            "new $1, 48(fp)",
            "movw 64(fp), 0(48(fp))",
            "movw 68(fp), 4(48(fp))",
            "movp 40(fp), 8(48(fp))",
            "movp 48(fp), 44(fp)",
            "movp 0(mp), 48(fp)",
            "movw 4(44(fp)), 52(fp)",
            "movw 0(44(fp)), 56(fp)",
            "movp 0(mp), 60(fp)",
            "movw 56(fp), 76(fp)",
            "movw 52(fp), 80(fp)",
            "movp 0(mp), 84(fp)",
            "movmp 76(fp), $1, 52(fp)",
            "movp 0(mp), 84(fp)",
            "ret",
        ]
    );
}

/// A comparison with a member through a pointer reads it where it is: the simpler
/// operand goes in the middle, the comparison turned round.
#[test]
fn a_comparison_reads_a_member_through_a_pointer_in_place() {
    let src = "implement T;
T: module { f: fn(p: ref P, a: int): int; };
P: adt { x, y: int; };
f(p: ref P, a: int): int
{
	if(a < p.x)
		return 1;
	if(p.y >= a)
		return 2;
	if(a)
		return 3;
	return 0;
}
";
    assert_eq!(
        code(src),
        [
            "blew 0(32(fp)), 36(fp), $3",
            "movw $1, 0(16(fp))",
            "ret",
            "bltw 4(32(fp)), 36(fp), $6",
            "movw $2, 0(16(fp))",
            "ret",
            "beqw $0, 36(fp), $9",
            "movw $3, 0(16(fp))",
            "ret",
            "movw $0, 0(16(fp))",
            "ret",
        ]
    );
}

/// An operator that commutes takes the simpler operand in the middle, and a result
/// replacing one of its operands the two-operand form; comparisons with a
/// constant or module data put the constant or datum first.
#[test]
fn a_commuting_operator_takes_the_simpler_operand_in_the_middle() {
    let src = "implement T;
T: module { f: fn(p: ref P, a: int): int; };
P: adt { x, y: int; };
g: int;
f(p: ref P, a: int): int
{
	if(a > 3)
		return 1;
	if(g > a)
		return 2;
	if(p.x > 3)
		return 2;
	b := a + p.x;
	b = p.y + 3;
	b = 3 + b;
	b = b + g;
	b = g + a;
	b = g * (a + b);
	return b;
}
";
    assert_eq!(
        code(src),
        [
            "bgew $3, 36(fp), $3",
            "movw $1, 0(16(fp))",
            "ret",
            "blew 0(mp), 36(fp), $6",
            "movw $2, 0(16(fp))",
            "ret",
            "blew 0(32(fp)), $3, $9",
            "movw $2, 0(16(fp))",
            "ret",
            "addw 0(32(fp)), 36(fp), 40(fp)",
            "addw 4(32(fp)), $3, 40(fp)",
            "addw $3, 40(fp)",
            "addw 0(mp), 40(fp)",
            "addw 0(mp), 36(fp), 40(fp)",
            "addw 40(fp), 36(fp), 44(fp)",
            "mulw 44(fp), 0(mp), 40(fp)",
            "movw 40(fp), 0(16(fp))",
            "ret",
        ]
    );
}

/// A slice is taken in its destination, the base moved there last: `a = a[1:]`
/// slices `a` in place, and the temporary holding a bound is free again after.
#[test]
fn a_slice_is_taken_in_its_destination() {
    let src = "implement T;
T: module { f: fn(a: array of int, s: string, n: int): int; };
f(a: array of int, s: string, n: int): int
{
	a = a[1:];
	s = s[n:len s - 1];
	b := a[n:];
	t := s[1:] + s[2:];
	return len b + len t;
}
";
    assert_eq!(
        code(src),
        [
            "lena 32(fp), 52(fp)",
            "slicea $1, 52(fp), 32(fp)",
            "lenc 36(fp), 52(fp)",
            "subw $1, 52(fp)",
            "slicec 40(fp), 52(fp), 36(fp)",
            "lena 32(fp), 52(fp)",
            "movp 32(fp), 44(fp)",
            "slicea 40(fp), 52(fp), 44(fp)",
            "lenc 36(fp), 52(fp)",
            "movp 36(fp), 56(fp)",
            "slicec $1, 52(fp), 56(fp)",
            "lenc 36(fp), 52(fp)",
            "movp 36(fp), 60(fp)",
            "slicec $2, 52(fp), 60(fp)",
            "addc 60(fp), 56(fp), 48(fp)",
            "movp 0(mp), 56(fp)",
            "movp 0(mp), 60(fp)",
            "lena 44(fp), 52(fp)",
            "lenc 48(fp), 64(fp)",
            "addw 64(fp), 52(fp), 0(16(fp))",
            "ret",
        ]
    );
}

/// A word constant is sent from the instruction itself, with no temporary.
#[test]
fn a_word_constant_is_sent_as_it_is() {
    let src = "implement T;
T: module { f: fn(c: chan of int, n: int, p: ref P); };
P: adt { x: int; c: chan of int; };
f(c: chan of int, n: int, p: ref P)
{
	c <-= 1;
	c <-= n;
	c <-= p.x;
	p.c <-= n + 1;
}
";
    assert_eq!(
        code(src),
        [
            "send $1, 32(fp)",
            "send 36(fp), 32(fp)",
            "send 0(40(fp)), 32(fp)",
            "addw $1, 36(fp), 44(fp)",
            "send 44(fp), 4(40(fp))",
            "ret",
        ]
    );
}
