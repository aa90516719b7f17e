//! Constructs of the original Inferno's `appl/` tree that the original compiler
//! accepts: each program here must compile to a module (front end and code
//! generation) without a diagnostic.

mod common;

/// Compiles `text` (named `x.b`) through code generation, or gives every message.
fn compile(text: &str) -> Result<dis::object::Module, String> {
    let mut loader = common::loader();
    let mut out = limbo::check_text("x.b", text, &mut loader);
    if out.diags.has_errors() {
        return Err(out.diags.render(&out.files));
    }
    limbo::gen::generate(&mut out.checked, "x.b")
        .map_err(|e| format!("{}: {}", e.span.start.line, e.message))
}

fn compiles(what: &str, text: &str) {
    if let Err(e) = compile(text) {
        panic!("{what}: rejected:\n{e}");
    }
}

#[test]
fn a_type_synonym_may_be_used_before_its_declaration_in_a_module() {
    compiles(
        "synonym declared later",
        "implement T;
M: module {
	parse: fn(s: string): (ref Cmd, string);
	Cmd: type Node;
	Node: adt { x: int; };
};
T: module { init: fn(); };
init() { c := ref M->Cmd(1); }
",
    );
}

#[test]
fn a_con_iota_counts_inside_an_adt() {
    // Equal labels would be refused: the members must be 0, 1, 2 and 8.
    compiles(
        "iota in an adt",
        "implement T;
A: adt { X, Y, Z: con iota; W: con 8 + iota; };
T: module { init: fn(); };
init() { case 8 { A.X => ; A.Y => ; A.Z => ; A.W => ; 3 => ; } }
",
    );
}

#[test]
fn a_tuple_stands_for_an_adt_of_the_same_member_types() {
    compiles(
        "tuples for adts",
        "implement T;
Point: adt { x, y: int; };
Rect: adt { min, max: Point; };
Move: adt { x, y: int; };
valid := array[] of {Move(1, 0), (0, 1), (-1, 1)};
T: module { init: fn(); };
f(p: Point, r: Rect): int { return p.x + r.max.y; }
g(a: array of Move): int { return len a; }
init()
{
	x := f((1, 2), ((3, 4), (5, 6)));
	y := g(array[] of {(1, 2), (3, 4)});
	l: list of Point = (1, 2) :: nil;
	x += y + len l + valid[1].y;
}
",
    );
}

#[test]
fn a_module_interface_may_name_a_type_of_one_declared_later() {
    compiles(
        "Mod->T before Mod",
        "implement T;
U: module { f: fn(fd: ref V->FD): ref V->FD; };
V: module { FD: adt { fd: int; }; };
T: module { X: con 1; A: adt { x: int; }; init: fn(); };
init() { a := A(X); fd := ref V->FD(a.x); }
",
    );
}

#[test]
fn a_module_interface_may_name_its_own_members_through_itself() {
    compiles(
        "Sh->Context inside Sh",
        "implement T;
Sh: module {
	whatis: fn(c: ref Sh->Context, n: int): int;
	Context: adt { x: int; };
	N: con 2;
	v: fn(a: array of int): int;
	w: fn(a: int): int;
};
T: module { init: fn(); };
init() { c := ref Sh->Context(Sh->N); }
",
    );
}

#[test]
fn a_member_function_may_name_a_pick_tag_declared_below_it() {
    compiles(
        "Value.X before the pick",
        "implement T;
Value: adt {
	x: fn(v: self ref Value): ref Value.X;
	pick {
	X => i: int;
	S => s: string;
	}
};
T: module { init: fn(); };
Value.x(v: self ref Value): ref Value.X { pick w := v { X => return w; } return nil; }
init() { v: ref Value = ref Value.X(1); v.x(); }
",
    );
}

#[test]
fn module_interfaces_may_name_each_others_adts() {
    compiles(
        "Dat->Reffont and Acme->Font",
        "implement T;
Acme: module {
	get: fn(p: int): ref Dat->Reffont;
	Font: adt { f: int; };
};
Dat: module {
	Reffont: adt { f: ref Acme->Font; };
};
T: module { init: fn(); };
init() { r := ref Dat->Reffont(ref Acme->Font(1)); }
",
    );
}

#[test]
fn a_function_may_use_a_global_declared_below_it() {
    compiles(
        "cstab after its use",
        "implement T;
T: module { init: fn(); };
init() { cstab[0] = 2; }
cstab := array[] of {1, 2, 3};
",
    );
}

#[test]
fn an_interface_checked_twice_keeps_its_adts_whole() {
    // Cardlib names Spree before Spree is declared, so it is checked twice.
    compiles(
        "adt fields counted once",
        "implement T;
Cardlib: module {
	Stackspec: adt { style: string; maxcards: int; };
	newstack: fn(p: Spree->Id, spec: Stackspec): int;
};
Spree: module { Id: type int; };
T: module { init: fn(); };
init() { s := Cardlib->Stackspec(\"x\", 1); }
",
    );
}

#[test]
fn module_data_imported_by_name_is_a_value_and_a_place() {
    compiles(
        "mouse: import dat",
        "implement T;
D: module { count: int; name: string; };
T: module { init: fn(); };
d: D;
count, name: import d;
init() { x := count + 1; count = x; name += \"a\"; }
",
    );
}

#[test]
fn a_definition_names_parameters_its_declaration_leaves_nil() {
    compiles(
        "Pcb.new(s: string) declared as fn(nil: string)",
        "implement T;
T: module { init: fn(); f: fn(nil: int, b: int): int; };
Pcb: adt { spec: string; end: int; new: fn(nil: string): ref Pcb; };
Pcb.new(s: string): ref Pcb { return ref Pcb(s, len s); }
f(a: int, nil: int): int { return a; }
init() { p := Pcb.new(\"x\"); f(1, 2); }
",
    );
}

#[test]
fn member_functions_of_an_adt_imported_in_a_function_go_through_its_module() {
    compiles(
        "Record: import cfg with cfg a parameter",
        "implement T;
D: module { Rec: adt { x: int; get: fn(r: self ref Rec): int; }; mk: fn(): ref Rec; };
T: module { init: fn(); };
init() { }
f(d: D): int
{
	Rec: import d;
	r := d->mk();
	return r.get();
}
",
    );
}

#[test]
fn a_global_initialiser_may_hold_adts_and_tuples_with_arrays() {
    // appl/lib/pkcs.b's objIdTab, appl/wm/tetris.b's shapes: adts (and tuples)
    // built from constants and arrays are constant initialisers for the original.
    let m = compile(
        "implement T;
Oid: adt { nums: array of int; };
Shape: adt { coords: array of array of int; colour: string; n: int; };
tab := array[] of { 0 => Oid(array[] of {1, 2, 840}), 1 => Oid(array[] of {3}) };
shapes := array[] of { Shape(array[] of { array[] of {0, 1}, array[] of {2} }, \"red\", 4) };
pair := (\"x\", array[] of {5, 6});
T: module { init: fn(); };
init() { }
",
    )
    .unwrap_or_else(|e| panic!("rejected:\n{e}"));
    use dis::object::DataItem;
    let arrays: Vec<i32> = m
        .data
        .iter()
        .filter_map(|d| match d {
            DataItem::Array { len, .. } => Some(*len),
            _ => None,
        })
        .collect();
    // tab (2) with its two Oids' arrays (3, 1); shapes (1), its array (2) and
    // that array's two (2, 1); pair's array (2)
    let mut sorted = arrays.clone();
    sorted.sort();
    assert_eq!(sorted, [1, 1, 1, 2, 2, 2, 2, 3], "{arrays:?}");
    assert!(m
        .data
        .iter()
        .any(|d| matches!(d, DataItem::String { bytes, .. } if bytes == b"red")));
}

#[test]
fn a_module_datum_named_by_a_member_type_and_imported_from_imported_data() {
    // appl/cmd/mash: mash.m writes `ref sys->FD` before `sys: Sys` in Mashlib, and
    // builtins.b imports Iobuf from bufio, itself imported from mashlib.
    let m = compile(
        "implement T;
include \"sys.m\";
include \"bufio.m\";
L: module {
	prepareio: fn(in: ref sys->FD): int;
	sys: Sys;
	bufio: Bufio;
};
lib: L;
bufio: import lib;
Iobuf: import bufio;
T: module { init: fn(); };
init() { b: ref Iobuf; b.close(); }
",
    )
    .unwrap_or_else(|e| panic!("rejected:\n{e}"));
    // b.close() is a call into another module, through the datum's reference
    assert!(m.code.iter().any(|i| i.op == dis::isa::Opcode::Mcall));
}

#[test]
fn a_character_of_a_string_may_be_stepped() {
    // appl/cmd/ed.b: s[len s - 1]++ makes the next temporary file name.
    let m = compile(
        "implement T;
T: module { init: fn(); };
init() { s := \"/tmp/xa\"; s[len s - 1]++; s[0]--; }
",
    )
    .unwrap_or_else(|e| panic!("rejected:\n{e}"));
    use dis::isa::Opcode;
    let ops: Vec<Opcode> = m.code.iter().map(|i| i.op).collect();
    assert_eq!(ops.iter().filter(|o| **o == Opcode::Insc).count(), 2);
    assert!(ops.contains(&Opcode::Addw) && ops.contains(&Opcode::Subw));
}

#[test]
fn a_ref_of_a_pick_adt_value_needs_no_tag() {
    // appl/charon/layout.b: `s := ref *src;` with src a ref of a pick adt; only a
    // type (`ref V`) must name its variant.
    compiles(
        "ref of a pick value",
        "implement T;
V: adt { n: int; pick { A => a: int; B => b, c: string; } };
T: module { init: fn(); };
init()
{
	v: ref V = ref V.B(1, \"x\", \"y\");
	c := ref *v;
	pick r := v { A => c = ref *r; * => c = ref *r; }
}
",
    );
}

#[test]
fn a_quote_between_quotes_is_a_character_constant() {
    // appl/lib/ecmascript/regexp.b: `''' =>` in a case.
    compiles(
        "quote character",
        "implement T;
T: module { init: fn(); };
init() { case 39 { ''' => ; '\\'' + 1 => ; } }
",
    );
}

#[test]
fn a_constant_member_read_through_a_value_is_constant() {
    // appl/cmd/sh/sh.b: `l.EOF =>` as a case label, l a ref of an adt with `con`s.
    compiles(
        "constant member of a value",
        "implement T;
Lex: adt { EOF: con -1; c: int; };
T: module { init: fn(); };
init() { l := ref Lex(0); case l.c { l.EOF => ; 0 => ; } }
",
    );
}

#[test]
fn a_parenthesised_member_function_may_follow_an_arrow() {
    // appl/charon/jscript.b: `D->(scr.r.dx)()`, the function of a local value's
    // adt called through module value D.
    compiles(
        "-> (x.f)",
        "implement T;
D: module { PATH: con \"d\"; R: adt { n: int; dx: fn(r: self R): int; }; };
S: adt { r: D->R; };
T: module { init: fn(); };
init()
{
	d := load D D->PATH;
	scr := ref S(D->R(1));
	w := d->(scr.r.dx)();
}
",
    );
}

#[test]
fn a_unary_plus_takes_any_operand() {
    // appl/wm/ftree/items.b: `"a" + + "b"`, a plus left at a line's end before a
    // line starting with one; the original's grammar drops a unary plus.
    compiles(
        "unary plus",
        "implement T;
T: module { init: fn(); };
init() { s := \"a\" +
	+ \"b\"; l := + (1 :: nil); }
",
    );
}

#[test]
fn iota_in_a_con_declaration_is_the_counter_even_beside_a_variable_of_that_name() {
    // appl/cmd/limbo: decls.b declares a global `iota: ref Decl;` and lex.b's
    // `Int, Radix: con iota;` still counts.
    compiles(
        "iota shadowed",
        "implement T;
Decl: adt { n: int; };
iota: ref Decl;
T: module { init: fn(); };
init() { A, B, C: con iota; case 2 { A => ; B => ; C => ; } }
",
    );
}

#[test]
fn a_ref_of_an_adt_compares_with_a_ref_of_its_variant() {
    // appl/charon/layout.b: `it == fl` with it a ref Item and fl a ref Item.Ifloat.
    compiles(
        "ref adt == ref variant",
        "implement T;
Item: adt { n: int; pick { Ifloat => f: int; Itext => s: string; } };
T: module { init: fn(); };
init()
{
	it: ref Item = ref Item.Ifloat(1, 2);
	pick fl := it { Ifloat => x := it == fl || fl != it; * => ; }
}
",
    );
}

#[test]
fn an_implemented_interface_naming_a_module_variable_binds_all_its_members() {
    // appl/lib/quicktime.b, riff.b, grid/readjpg.b: the interface's `ref sys->FD`
    // needs `sys`, declared after `implement`; its constants are still names.
    compiles(
        "members of an interface checked in its turn",
        "implement T;
include \"sys.m\";
sys: Sys;
T: module
{
	K: con 8;
	A: adt { fd: ref sys->FD; };
	init: fn();
};
init() { x := array[K] of byte; }
",
    );
}

#[test]
fn a_type_imported_at_the_top_level_may_be_named_above_its_import() {
    // appl/wm/man.b: an adt's member function takes a `Text` imported further
    // down from module data declared further down still.
    compiles(
        "type import below its use",
        "implement T;
P: module { Text: adt { s: string; }; };
T: module { init: fn(); };
W: adt { width: fn(w: self ref W, t: Text): int; };
p: P;
Text: import p;
W.width(nil: self ref W, t: Text): int { return len t.s; }
init() { w := ref W; x := w.width(Text(\"abc\")); }
",
    );
}

#[test]
fn a_break_after_a_return_leaves_an_endless_loop_endless() {
    // appl/demo/camera/camera.b: `return 0; break Beacon;` inside `Beacon: for(;;)`,
    // the function's last statement; the original judges reachability on code.
    compiles(
        "unreachable break",
        "implement T;
T: module { init: fn(); };
f(c: int): int
{
	L: for(;;) {
		case c {
		1 => return 0; break L;
		* => if(1) return 1; else break L;
		}
	}
}
g(): int { while(1) ; }
init() { f(g()); }
",
    );
}

#[test]
fn two_implemented_modules_may_share_a_constant_name() {
    // appl/lib/attrhash.b: `implement Attrhash, Attrindex;`, both with `PATH: con`.
    compiles(
        "shared con",
        "implement A, B;
A: module { PATH: con \"/dis/a.dis\"; init: fn(): string; };
B: module { PATH: con \"/dis/b.dis\"; init: fn(): string; b: fn(): B; };
init(): string { return PATH; }
b(): B { return load B \"$self\"; }
",
    );
}

#[test]
fn a_member_of_a_constant_adt_is_constant() {
    // appl/lib/writegif.b: `case image.chans.desc { (Draw->GREY1).desc => ...`.
    // Wrong members would give equal labels, which are refused.
    compiles(
        "member of a con adt",
        "implement T;
P: adt { x, y: int; };
K: con P(1, 2);
U: con (3, \"u\", 4);
T: module { init: fn(); };
init() { case 2 { (K).x => ; (K).y => ; (U).t0 => ; (U).t2 => ; } }
",
    );
}

#[test]
fn an_adt_named_with_a_value_of_its_own_type_is_that_value() {
    // appl/math/geodesy.b: `fmt.tmp = ref Mercator(tmps[fmt.prj]);`; appl/lib/ip.b:
    // `IPaddr(a)` for an IPaddr a, an adt of one array member.
    compiles(
        "adt conversion",
        "implement T;
M: adt { name: string; k: real; };
IP: adt { a: array of byte; };
T: module { init: fn(); };
ms := array[] of { M(\"a\", 1.0), M(\"b\", 2.0) };
init() { r := ref M(ms[1]); m := M(ms[0]); r.k += m.k; a := IP(nil); b := IP(a); c := IP(b.a); }
",
    );
}

#[test]
fn an_adt_may_name_a_variant_of_a_pick_adt_declared_below_it() {
    // appl/spree/clients/cards.b: Object's `o: ref Layobject.Stack` before Layobject.
    compiles(
        "variant declared later",
        "implement T;
O: adt { pick { S => o: ref L.Stack; W => w: ref L.Widget; } };
L: adt { id: int; pick { Stack => n: int; Widget => s: string; } };
T: module { init: fn(); };
init() { x := ref O.S(ref L.Stack(1, 2)); }
",
    );
}

#[test]
fn an_assignment_of_a_ref_has_the_type_of_the_value_assigned() {
    // appl/spree/clients/cards.b: `scoretable = objects[id] = ref Object.Scoretable(id, nil);`
    compiles(
        "chained assignment of a variant",
        "implement T;
O: adt { id: int; pick { S => n: int; W => s: string; } };
T: module { init: fn(); };
init() { a := array[2] of ref O; s: ref O.S; s = a[0] = ref O.S(1, 2); }
",
    );
}

#[test]
fn an_unused_synonym_instantiating_a_plain_adt_is_not_checked() {
    // appl/cmd/disk/prep/prep.b: `Prepedit: type Edit[string];`, never used;
    // the original verifies a type where it is used.
    compiles(
        "unused bad instantiation",
        "implement T;
E: adt { x: int; };
P: type E[string];
T: module { init: fn(); };
init() { e := ref E(1); }
",
    );
}

#[test]
fn an_unused_adt_needs_no_definitions_of_its_functions() {
    // appl/acme/acme/acid/src/Acid0.b: `Win` declares functions defined nowhere,
    // used only by the unused adt `Awin`; the original checks the adts it uses.
    compiles(
        "unused adt",
        "implement T;
W: adt { x: int; f: fn(w: ref W); };
A: adt { w: W; g: fn(a: ref A); };
T: module { init: fn(); };
init() { }
",
    );
}

#[test]
fn a_member_function_without_self_takes_constraints_from_its_receiver() {
    // appl/alphabet/alphabet.b: `c.eval(expr, ctxt, errorc, args)` for
    // c: Eval->Context[ref Value, ref Module, ref Evalctxt]; eval has no self and
    // none of its parameters is of M, bound by c's type alone.
    compiles(
        "receiver binds constraints",
        "implement T;
C: adt[V, M] for { V => s: fn(v: self V): string; M => n: fn(m: self M): int; }
{
	eval: fn(v: V): string;
};
C[V, M].eval(v: V): string { return v.s(); }
X: adt { s: fn(x: self ref X): string; n: fn(x: self ref X): int; };
X.s(nil: self ref X): string { return \"x\"; }
X.n(nil: self ref X): int { return 1; }
T: module { init: fn(); };
init() { c: C[ref X, ref X]; s := c.eval(ref X); }
",
    );
}

#[test]
fn type_parameters_of_one_name_are_one_type_across_polymorphic_calls() {
    // appl/alphabet/eval.b passes a value of its own type parameter for a
    // `ref Sh->Cmd` parameter of a polymorphic function; proxy.b takes a
    // callee's `list of V` for its own V, and spawns a function whose
    // constrained M its own M of that name binds.
    compiles(
        "polymorphic names",
        "implement T;
N: adt { s: string; };
T: module { init: fn(); };
g[C](nil: C, n: ref N): int { return len n.s; }
mk[V, K](nil: K): list of V for { K => conv: fn(k: self K): V; } { return nil; }
h[K, M](nil: K) for { K => get: fn(k: self K): M; M => n: fn(m: self M): int; } { }
f[C, V, K, M](c: C, k: K): list of V
	for { K => conv: fn(k: self K): V; get: fn(k: self K): M; M => n: fn(m: self M): int; }
{
	x := g(c, c);
	l: list of V;
	l = mk(k);
	spawn h(k);
	return l;
}
init() { }
",
    );
}

#[test]
fn a_parenthesised_value_after_an_arrow_takes_its_members_first() {
    // appl/cmd/auth/factotum/proto/infauth.b: `spki->(Keyrep.pk(pk).mkkey()).sexp()`.
    compiles(
        "m->(e).f()",
        "implement T;
M: module { K: adt { n: int; f: fn(k: self ref K): int; }; mk: fn(): ref K; };
T: module { init: fn(); };
m: M;
init() { x := m->(m->mk()).f(); y := m->(m->mk().f)(); }
",
    );
}

#[test]
fn a_character_of_a_string_may_be_a_target_of_a_tuple_assignment() {
    // appl/wm/brutus.b: `(c[1], dir) = kbdremap(char);`
    let m = compile(
        "implement T;
T: module { init: fn(); };
f(): (int, int) { return ('x', 1); }
init() { c := \"ab\"; d: int; (c[1], d) = f(); }
",
    )
    .unwrap_or_else(|e| panic!("rejected:\n{e}"));
    let stores = m.code.iter().filter(|i| i.op == dis::isa::Opcode::Insc);
    assert_eq!(stores.count(), 1);
}
