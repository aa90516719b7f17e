//! Where the generator stores references: no copy through a temporary, and no nil
//! written to one, that the original compiler would not spend on the same source
//! (its listings for these sources have the same instructions, a redundant `jmp`
//! of its aside).

mod common;

/// The mnemonics of the instructions of the module compiled from `src`.
fn mnemonics(src: &str) -> Vec<&'static str> {
    let module = common::generate(src);
    module.code.iter().map(|i| i.op.name()).collect()
}

/// `g` is not inlined (it loops), so its result lands in a temporary of `f`.
const G: &str = "g(s: string): string { while(s == nil) s += \"x\"; return s; }\n";

#[test]
fn a_case_subjects_temporary_is_not_set_to_nil_in_every_arm() {
    let src = format!(
        "implement T;
T: module {{ f: fn(s: string): int; R: adt {{ n: int; s: string; }}; }};
{G}h(s: string): ref R {{ while(s == nil) s += \"y\"; return ref R(1, s); }}
f(s: string): int
{{
	n := 0;
	case g(s) {{
	\"a\" => n = 3;
	\"b\" => n = 4;
	}}
	case h(s).n {{
	1 => n++;
	* => n--;
	}}
	return n;
}}
"
    );
    // the string stays in its temporary (as the original leaves it); the object
    // `h` returns is dropped before the second switch, its member copied out
    let g = ["bnec", "addc", "jmp", "movp", "ret"];
    let h = ["bnec", "addc", "jmp", "new", "movw", "movp", "movp", "ret"];
    let f = [
        "movw", "frame", "movp", "lea", "call", "casec", "movw", "jmp", "movw", "frame", "movp",
        "lea", "call", "movw", "movp", "case", "addw", "jmp", "subw", "movw", "ret",
    ];
    assert_eq!(mnemonics(&src), [&g[..], &h[..], &f[..]].concat());
}

#[test]
fn a_picks_subject_goes_once_into_the_arms_shared_variable() {
    let src = "implement T;
T: module { f: fn(l: list of ref A): int; g: fn(a: ref A): int; };
A: adt { pick { X => x: int; Y => s: string; Z => } };
f(l: list of ref A): int
{
	n := 0;
	pick a := hd l {
	X => n = a.x;
	Y => n = len a.s;
	}
	return n;
}
g(a: ref A): int
{
	pick b := a {
	X => return b.x;
	Y => return len b.s;
	Z => return 3;
	}
	return 0;
}
";
    // no copy and no nil per arm; `g`'s arms name every tag, so nothing reaches
    // its `return 0`
    assert_eq!(
        mnemonics(src),
        [
            "movw", "headp", "case", "movw", "jmp", "lenc", "movw", "ret", "movp", "case", "movw",
            "ret", "lenc", "ret", "movw", "ret"
        ]
    );
}

#[test]
fn module_data_imported_by_name_is_read_in_place() {
    let src = "implement T;
C: module { Cfg: adt { a: string; b: int; c: list of string; }; config: Cfg; };
T: module { f: fn(): int; };
c: C;
config: import c;
f(): int
{
	if(config.b == 0)
		return 1;
	return len config.a;
}
";
    // no `movmp` of the whole adt into a temporary, nor nils for its references
    assert_eq!(
        mnemonics(src),
        ["movw", "bnew", "movw", "ret", "movw", "lenc", "ret"]
    );
}

#[test]
fn lists_and_slices_are_changed_where_they_are_and_calls_return_in_place() {
    let src = format!(
        "implement T;
T: module {{ f: fn(s: string, l: list of string, r: ref R): string;
	R: adt {{ x: string; y: list of string; }}; }};
{G}f(s: string, l: list of string, r: ref R): string
{{
	s = s[1:];
	l = s :: l;
	r.y = s :: r.y;
	r.x = g(hd l);
	return g(s);
}}
"
    );
    // `slicec` and `consp` on the variables themselves; the calls' results are
    // written straight into `r.x` and the caller's result
    let g = ["bnec", "addc", "jmp", "movp", "ret"];
    let f = [
        "lenc", "slicec", "consp", "consp", "frame", "headp", "lea", "call", "frame", "movp",
        "lea", "call", "ret",
    ];
    assert_eq!(mnemonics(&src), [&g[..], &f[..]].concat());
}

#[test]
fn a_slice_is_made_in_the_place_it_goes_to() {
    let src = "implement T;
T: module { f: fn(a: array of byte, s: string): int; };
g(a: array of byte, s: string): int { while(s == nil) s += \"x\"; return len a + len s; }
f(a: array of byte, s: string): int
{
	return g(a[4:], s[1:len s - 1]);
}
";
    // the bounds, then the value sliced straight into the argument, sliced there:
    // no temporary to copy from and set to nil
    let g = ["bnec", "addc", "jmp", "lena", "lenc", "addw", "ret"];
    let f = [
        "frame", "lena", "movp", "slicea", "lenc", "subw", "movp", "slicec", "lea", "call", "ret",
    ];
    assert_eq!(mnemonics(src), [&g[..], &f[..]].concat());
}

#[test]
fn a_constructor_argument_is_built_after_the_frame() {
    let src = "implement T;
T: module { f: fn(s: string, n: int): int; R: adt { s: string; }; };
g(r: ref R, n: int): int { while(r == nil) r = ref R(\"x\"); return len r.s + n; }
f(s: string, n: int): int
{
	return g(ref R(s), n);
}
";
    // a constructor calls nothing: no object built before the frame into a
    // temporary, copied to another and set to nil after the call
    let g = [
        "bnew", "new", "movp", "movp", "movp", "jmp", "lenc", "addw", "ret",
    ];
    let f = ["frame", "new", "movp", "movp", "movw", "lea", "call", "ret"];
    assert_eq!(mnemonics(src), [&g[..], &f[..]].concat());
}

#[test]
fn a_conditions_string_is_set_to_nil_where_it_falls_through_only() {
    let src = format!(
        "implement T;
T: module {{ f: fn(s: string): int; R: adt {{ s: string; }}; }};
{G}h(s: string): ref R {{ while(s == nil) s += \"y\"; return ref R(s); }}
f(s: string): int
{{
	n := 0;
	if(g(s) == \"a\")
		n = 1;
	else
		n = 2;
	do
		n++;
	while(g(s) != nil);
	if(h(s) == nil)
		n++;
	else
		n--;
	return n;
}}
"
    );
    // as the original: a string left where the condition branches (no one can
    // tell when a string goes); an object, which may hold a file, is set to nil
    // on both sides
    let g = ["bnec", "addc", "jmp", "movp", "ret"];
    let h = ["bnec", "addc", "jmp", "new", "movp", "movp", "ret"];
    let f = [
        "movw", "frame", "movp", "lea", "call", "bnec", "movp", "movw", "jmp", "movw", "addw",
        "frame", "movp", "lea", "call", "bnec", "movp", "frame", "movp", "lea", "call", "bnew",
        "movp", "addw", "jmp", "movp", "subw", "movw", "ret",
    ];
    assert_eq!(mnemonics(&src), [&g[..], &h[..], &f[..]].concat());
}

#[test]
fn a_new_object_or_array_is_made_in_the_variable_declared() {
    let src = "implement T;
T: module { f: fn(): int; R: adt { s: string; n: int; }; };
f(): int
{
	q := ref R;
	b := array[] of {\"a\", \"b\"};
	b = array[] of {b[1], b[0]};
	return q.n + len b;
}
";
    // `new` and `newaz` straight into `q` and the first `b`; the second array reads
    // the variable it replaces, so it is built aside (the original builds it in
    // `b` itself, and reads its own nils)
    let element = ["indx", "indx", "movp"];
    let f = [
        &["new", "newaz", "indx", "movp", "indx", "movp", "newaz"][..],
        &element,
        &element,
        &["movp", "movp", "lena", "movw", "addw", "ret"],
    ];
    // (an element's address by `indx` or `indw`, the same here)
    let ops: Vec<&str> = mnemonics(src)
        .into_iter()
        .map(|op| if op == "indw" { "indx" } else { op })
        .collect();
    assert_eq!(ops, f.concat());
}
