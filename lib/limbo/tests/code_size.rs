//! The size of the code the generator makes, instruction by instruction, for small
//! sources whose output from the original compiler is known: no instruction the
//! original would not spend.

mod common;

/// The mnemonics of the instructions of the module compiled from `src`.
fn ops(src: &str) -> Vec<&'static str> {
    let mut out = limbo::check_text("t.b", src, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let module =
        limbo::gen::generate(&mut out.checked, "t.b").unwrap_or_else(|e| panic!("{}", e.message));
    module.code.iter().map(|i| i.op.name()).collect()
}

#[test]
fn nothing_follows_a_return_or_raise_that_no_path_reaches() {
    let src = "implement T;
T: module { f: fn(x: int): int; g: fn(x: int); };
f(x: int): int
{
	if(x > 3)
		return 1;
	while(x < 10){
		if(x == 5)
			break;
		x++;
	}
	return x;
}
g(x: int)
{
	if(x)
		raise \"oops\";
	x = 2;
}
";
    // the original's 14 instructions: no `ret` after `return x`
    assert_eq!(
        ops(src),
        [
            "blew", "movw", "ret", "bgew", "bnew", "jmp", "addw", "jmp", "movw", "ret", "beqw",
            "raise", "movw", "ret"
        ]
    );
}

#[test]
fn a_branch_to_a_jump_goes_where_the_jump_goes() {
    let src = "implement T;
T: module { f: fn(x: int): int; };
f(x: int): int
{
	for(;;){
		if(x > 3){
			if(x > 7)
				x--;
			else
				x -= 2;
		}else
			x += 5;
		if(x == 100)
			break;
	}
	return x;
}
";
    // the original's 11 less its `jmp` to the very next instruction: the inner
    // `if` ends straight at the second, the last `if` branches back to the loop's top
    let ops = ops(src);
    assert_eq!(
        ops,
        ["blew", "blew", "subw", "jmp", "subw", "jmp", "addw", "bnew", "movw", "ret"]
    );
}

#[test]
fn an_alt_receives_straight_into_the_variables_its_arms_assign() {
    let src = "implement T;
T: module { f: fn(a, b: chan of string): string; };
f(a, b: chan of string): string
{
	s := \"\";
	alt {
	s = <-a =>
		s += \"a\";
	t := <-b =>
		s = t;
	}
	return s;
}
";
    // as the original: the alt table holds the variables' addresses, the `goto`
    // lands on the arms themselves (the original's 16 less its nil for `t` at the
    // end of its arm and a `jmp` to the very next instruction)
    assert_eq!(
        ops(src),
        [
            "movp", "movw", "lea", "movw", "lea", "movw", "movw", "alt", "goto", "addc", "jmp",
            "movp", "movp", "ret"
        ]
    );
}

#[test]
fn an_operator_puts_its_result_where_its_operand_was() {
    let src = "implement T;
T: module { f: fn(s: string, l: list of string): string; };
f(s: string, l: list of string): string
{
	s += \" \" + hd l;
	return s;
}
";
    // the original's code and frame exactly: `hd l`, then `\" \" + hd l` in the same
    // temporary, so one nil drops it
    let mut out = limbo::check_text("t.b", src, &mut common::loader());
    let module =
        limbo::gen::generate(&mut out.checked, "t.b").unwrap_or_else(|e| panic!("{}", e.message));
    let listing: Vec<String> = module
        .code
        .iter()
        .map(|i| format!("{} {:?} {:?} {:?}", i.op.name(), i.src, i.mid, i.dst))
        .collect();
    assert_eq!(
        listing[..3],
        [
            "headp Fp(36) None Fp(40)",
            "addc Fp(40) Mp(0) Fp(40)",
            "addc Fp(40) None Fp(32)",
        ],
        "{listing:#?}"
    );
    assert_eq!(ops(src), ["headp", "addc", "addc", "movp", "movp", "ret"]);
    let frame = &module.types[module.links[0].desc as usize];
    assert_eq!((frame.size, frame.map.clone()), (48, vec![0x00, 0xe0]));
}
