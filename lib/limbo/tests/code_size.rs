//! The size of the code the generator makes, instruction by instruction, for small
//! sources whose output from the original compiler is known: no instruction the
//! original would not spend.

mod common;

/// The mnemonics of the instructions of the module compiled from `src`.
fn ops(src: &str) -> Vec<&'static str> {
    let module = common::generate(src);
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
            "bgew", "movw", "ret", "blew", "bnew", "jmp", "addw", "jmp", "movw", "ret", "beqw",
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
        ["bgew", "bgew", "subw", "jmp", "subw", "jmp", "addw", "bnew", "movw", "ret"]
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
    let module = common::generate(src);
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

#[test]
fn a_call_of_a_function_returning_an_expression_is_that_expression() {
    // the shape of appl/lib/riff.b's `ledword(b, 4)`: the arguments put for the
    // parameters and `o+1` folded, as the original's object has it (index, convert,
    // shift, index, convert, or); `word` itself is not generated
    let src = "implement T;
T: module { f: fn(b: array of byte): int; };
word(b: array of byte, o: int): int
{
	return (int b[o+1] << 8) | int b[o];
}
f(b: array of byte): int
{
	return word(b, 2);
}
";
    assert_eq!(
        ops(src),
        ["indb", "cvtbw", "shlw", "indb", "cvtbw", "orw", "ret"]
    );
}

#[test]
fn an_inlined_choice_computes_an_argument_with_an_effect_once() {
    // the shape of appl/wm/prof.b's `hex2` with its `hex`: `d` is used three times,
    // so `n/base` goes to a temporary first (`divw`), then the `if` picks either
    // result into the temporary `insc` stores, as in the original's object (where
    // the comparison is with a constant, which the original writes first)
    let src = "implement T;
T: module { f: fn(n, base: int): string; };
digit(d, base: int): int
{
	if(d < base)
		return d+'0';
	else
		return d-base+'a';
}
f(n, base: int): string
{
	s := \"xy\";
	s[0] = digit(n/base, base);
	s[1] = digit(n%base, base);
	return s;
}
";
    assert_eq!(
        ops(src),
        [
            "movp", "divw", "bgew", "addw", "jmp", "subw", "addw", "insc", "modw", "bgew", "addw",
            "jmp", "subw", "addw", "insc", "movp", "ret"
        ]
    );
}

#[test]
fn a_function_nothing_calls_is_not_generated_but_its_imports_are_listed() {
    // as the original leaves out appl/cmd/auth/factotum/proto/infauth.b's unused
    // functions while its import table still lists the `sktostr` one of them calls
    let head = "implement T;
include \"sys.m\";
sys: Sys;
T: module { init: fn(); f: fn(): int; };
init()
{
	sys = load Sys Sys->PATH;
}
f(): int
{
	return 1;
}
";
    let src = format!(
        "{head}unused(): int
{{
	n := sys->millisec();
	return n + 1;
}}
"
    );
    assert_eq!(ops(&src), ops(head));
    let module = common::generate(&src);
    let imports = module.imports.unwrap_or_default();
    assert!(
        imports.iter().flatten().any(|i| i.name == "millisec"),
        "{imports:?}"
    );
}
