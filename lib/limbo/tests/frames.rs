//! Function frames laid out as the original compiler lays them out. Each program
//! here was compiled by the original; its frame descriptor for `f` (size and
//! pointer map) is the expectation.

mod common;

/// The size and pointer map of the frame of the exported function `f`.
fn frame_of_f(src: &str) -> (i32, Vec<u8>) {
    let m = common::generate(src);
    let link = m
        .links
        .iter()
        .find(|l| l.name == "f")
        .expect("f is exported");
    let desc = m
        .types
        .iter()
        .find(|t| t.id == link.desc)
        .expect("f's frame descriptor");
    (desc.size, desc.map.clone())
}

/// Locals of a word or less come first (by size, then the most used, then by
/// name), the larger ones after; a local never used has no slot.
#[test]
fn locals_ordered_by_size_uses_and_name_unused_ones_dropped() {
    let src = "implement T;
include \"sys.m\";
T: module { f: fn(x: int, s: string): int; r: real; b: big; };
f(x: int, s: string): int
{
	unused: string;
	name := s;
	c := 2.0;
	n := 0;
	y := big x;
	m := len name;
	n += m;
	n += x;
	r = c;
	b = y;
	return n;
}
";
    // n 40, m 44, name 48 (a reference), c 56, y 64
    assert_eq!(frame_of_f(src), (72, vec![0x00, 0x48]));
}

/// A local holding no references takes the slot of one whose scope has closed.
#[test]
fn closed_scopes_lend_their_slots() {
    let src = "implement T;
include \"sys.m\";
T: module { f: fn(x: int): int; };
f(x: int): int
{
	{
		k := x;
		k++;
		x = k;
	}
	s := \"a\";
	{
		j := x;
		x += j;
	}
	return x + len s;
}
";
    // k and j 36, s 40, a temporary 44
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0x20]));
}

/// A handler's variable counts one use more and receives the exception itself; a
/// handler without a variable receives it in a slot of its own, named `.ex0`.
#[test]
fn handler_variables_counted_as_the_original_counts_them() {
    let src = "implement D;
include \"sys.m\";
D: module { f: fn(s: string): int; };
f(s: string): int
{
	x := 0;
	{
		x++;
	} exception e {
	\"x*\" => x += len e;
	}
	{
		x++;
	} exception {
	\"x*\" => x++;
	}
	n := len s;
	return x + n;
}
";
    // x 36, e 40, n 44, .ex0 48, a temporary 52
    assert_eq!(frame_of_f(src), (56, vec![0x00, 0xa8]));
}

/// The operands of a comparison are freed once it is made: the next comparison of
/// the condition reuses their temporary (one `.t` word here, not three).
#[test]
fn a_conditions_comparisons_share_their_temporary() {
    let src = "implement T;
T: module { f: fn(r: string, n: int): (string, int); };
f(r: string, n: int): (string, int)
{
	i := 0;
	while(n > 0 && (r[i] == ' ' || r[i] == '\\t' || r[i] == '\\n')){
		--n;
		i++;
	}
	return (r[i:], n);
}
";
    // i 40, the characters read 44
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0x80]));
}

/// `a[i++] = v`: the old value of `i` goes straight to a temporary, and the
/// element's address is left in that same temporary.
#[test]
fn a_post_increment_index_shares_its_temporary_with_the_address() {
    let src = "implement T;
T: module { f: fn(t: int); };
stack := array[20] of int;
sp: int;
f(t: int)
{
	stack[sp++] = t;
	stack[sp++] = t + 1;
}
";
    // t 32, the index and then the address 36
    assert_eq!(frame_of_f(src), (40, vec![]));
}

/// A reference reached through another held in a temporary takes that
/// temporary's place, and a statement's temporaries are free for the next one.
#[test]
fn a_chain_of_references_reuses_one_temporary() {
    let src = "implement T;
T: module { f: fn(r: ref R): int; R: adt { x: int; n: ref R; }; };
f(r: ref R): int
{
	y := r.n.n.n.x;
	return y + r.n.n.x;
}
";
    // r 32, y 36, the references 40
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0xa0]));
}

/// A truth value is written where it goes (no temporary for the 1 or 0), and a
/// tag is compared where it is, in the object.
#[test]
fn truth_values_and_tags_need_no_temporaries() {
    let src = "implement T;
T: module { f: fn(v: ref Value): int;
	Value: adt { pick { Vs => s: string; Vi => i: int; } }; };
opener: ref Value;
f(v: ref Value): int
{
	b := opener != nil;
	return b + (tagof v == tagof Value.Vs);
}
";
    // v 32, b 36, the sum 40
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0x80]));
}

/// A sum whose left operand is a member goes to its temporary first, then the
/// two-operand form adds the right one there (no second temporary).
#[test]
fn a_sum_of_members_is_built_in_its_temporary() {
    let src = "implement T;
T: module { f: fn(f: ref File, q0: int, q1: int);
	Elog: adt { typex: int; q0: int; nd: int; };
	File: adt { elog: Elog; }; };
warned: int;
f(f: ref File, q0: int, q1: int)
{
	if(q0 == q1)
		return;
	if(f.elog.typex != 0 && q0 < f.elog.q0 + f.elog.nd){
		if(warned++ == 0)
			warned = 3;
	}
	if(f.elog.typex == 1 && f.elog.q0 + f.elog.nd == q0){
		f.elog.nd += q1 - q0;
		return;
	}
	f.elog.nd = q1 - q0;
}
";
    // f 32, q0 36, q1 40, the sum (and then the difference) 44
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0x80]));
}

/// A conversion builds its operand in its own result's temporary: the index of
/// the character, then the element's address, then the converted value.
#[test]
fn a_conversion_shares_its_temporary_with_its_operand() {
    let src = "implement T;
T: module { f: fn(elem: string): int; };
isfrog := array[256] of byte;
f(elem: string): int
{
	n := 0;
	for(i := 0; i < len elem; i++)
		n += int isfrog[elem[i]];
	return n;
}
";
    // elem 32, i 36, n 40, the character, address and value 44
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0x80]));
}

/// A call's frame temporary is free again once the call is made, and an argument
/// that calls is computed into a temporary free again once passed: the second call
/// of the sum reuses both (frame 56, the argument 48 and its callee's frame 52 after
/// the first sum's result 40 and frame 44).
#[test]
fn a_calls_frame_and_argument_temporaries_are_reused_by_the_next_call() {
    let src = "implement T;
include \"sys.m\";
T: module { f: fn(a: int, b: string): int; k: fn(x: int): int; };
k(x: int): int
{
	x++;
	return x;
}
f(a: int, b: string): int
{
	return f(k(a), b) + f(k(a), \"x\");
}
";
    assert_eq!(frame_of_f(src), (64, vec![0x00, 0x40]));
}

/// The temporary of a result nobody takes is made before the call's frame: the
/// string from `g(s);` is named first and laid out first (40), the frames after it.
#[test]
fn a_discarded_results_temporary_comes_before_the_frames() {
    let src = "implement T;
include \"sys.m\";
T: module { f: fn(s: string): int; g: fn(s: string): string; };
g(s: string): string
{
	s += \"x\";
	return s;
}
f(s: string): int
{
	g(s);
	g(g(s));
	return len s;
}
";
    assert_eq!(frame_of_f(src), (56, vec![0x00, 0xd0]));
}

/// A callee writes its result straight into a member of an object a temporary
/// holds, and into an element of an array a local holds (neither can it drop), as
/// the original does: no temporary for the result.
#[test]
fn a_result_goes_straight_into_an_object_a_temporary_or_local_holds() {
    let member = "implement T;
include \"sys.m\";
T: module { f: fn(l: list of ref R): int; k: fn(x: int): big; R: adt { n: big; s: string; }; };
k(x: int): big
{
	x++;
	return big x;
}
f(l: list of ref R): int
{
	(hd l).n = k(2);
	return 0;
}
";
    // l 32, hd l 36, the frame 40
    assert_eq!(frame_of_f(member), (48, vec![0x00, 0xc0]));
    let element = "implement T;
include \"sys.m\";
T: module { f: fn(n: int): int; k: fn(x: int): int; };
k(x: int): int
{
	x++;
	return x;
}
f(n: int): int
{
	a := array[n] of int;
	a[n] = k(2);
	a[k(n)] = 1;
	return a[0];
}
";
    // n 32, a 36, the element's address 40, the frame 44
    assert_eq!(frame_of_f(element), (48, vec![0x00, 0x40]));
}

/// Code a constant condition never leads to is not compiled: its temporaries
/// take no frame space.
#[test]
fn branches_a_constant_condition_never_takes_have_no_temporaries() {
    let src = "implement T;
include \"sys.m\";
T: module { f: fn(p: string): string; };
DEBUG: con 0;
f(p: string): string
{
	n := len p;
	if (DEBUG) {
		q := p[1:] + p[2:];
		return q;
	}
	while (DEBUG)
		p = p[1:] + \"x\";
	return p[n:];
}
";
    // n 36, q 40 (declared, never given a value), a temporary 44
    assert_eq!(frame_of_f(src), (48, vec![0x00, 0xa0]));
}

/// An alt's table and the word it answers in are temporaries freed once the alt
/// has jumped (the next alt takes them again), the table a word aligned; a value
/// sent from a variable or a constant is sent from where it is.
#[test]
fn alt_tables_are_temporaries_the_next_alt_takes_again() {
    let src = "implement T;
include \"sys.m\";
T: module { f: fn(c: chan of int, d: chan of string, s: string): int; };
f(c: chan of int, d: chan of string, s: string): int
{
	x := 0;
	alt {
	c <-= 1 =>
		x++;
	y := <-d =>
		s = y;
	d <-= s =>
		;
	}
	alt {
	z := <-c =>
		x += z;
	* =>
		x--;
	}
	return x;
}
";
    // x 44, y 48, z 52, the answer 56, the second alt's table 60, the first's 76
    assert_eq!(frame_of_f(src), (112, vec![0x00, 0xe8]));
}
