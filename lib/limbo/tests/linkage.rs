//! Link and import tables of constructs found in the original's `appl/` tree,
//! pinned to what the shipped objects built from those sources hold: module
//! name, export names and signatures in order, import tables.

mod common;

/// Compiles `text` (named `x.b`) to a module, or panics with every message.
fn compile(text: &str) -> dis::object::Module {
    let mut loader = common::loader();
    let mut out = limbo::check_text("x.b", text, &mut loader);
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    limbo::gen::generate(&mut out.checked, "x.b").unwrap_or_else(|e| panic!("{}", e.message))
}

fn links(m: &dis::object::Module) -> Vec<(String, u32)> {
    m.links.iter().map(|l| (l.name.clone(), l.sig)).collect()
}

#[test]
fn a_module_implementing_two_interfaces_exports_their_union() {
    // appl/alphabet/abc/abc.b: `implement Mkabc, Abcmodule;` with an empty Mkabc.
    let m = compile(
        "implement Mkabc, Abcmodule;
Mkabc: module {};
Abcmodule: module {
	types: fn(): string;
	init: fn();
	quit: fn();
};
types(): string { return \"A\"; }
init() { }
quit() { }
",
    );
    assert_eq!(m.name, "Mkabc+Abcmodule");
    assert_eq!(
        links(&m),
        [
            ("init".to_string(), 0x9cd71c5e),
            ("quit".to_string(), 0x9cd71c5e),
            ("types".to_string(), 0x4ee5965a),
        ]
    );
}

fn imports(m: &dis::object::Module) -> Vec<Vec<String>> {
    m.imports
        .iter()
        .flatten()
        .map(|t| t.iter().map(|i| i.name.clone()).collect())
        .collect()
}

#[test]
fn a_member_function_named_through_a_module_goes_to_that_module() {
    // keyring.m's IPint imported from kr, and ipints->IPint.inttoip beside it: the
    // second call belongs to the IPints table, not to Keyring's.
    let m = compile(
        "implement T;
K: module { PATH: con \"k\"; IPint: adt { x: int; inttoip: fn(i: int): ref IPint; }; };
P: module { PATH: con \"p\"; IPint: adt { x: int; inttoip: fn(i: int): ref IPint; }; prime: fn(p: ref IPint): int; };
kr: K;
IPint: import kr;
ipints: P;
T: module { init: fn(); };
init()
{
	kr = load K K->PATH;
	a := IPint.inttoip(1);
	ipints = load P P->PATH;
	ipints->prime(ipints->IPint.inttoip(561));
}
",
    );
    assert_eq!(
        imports(&m),
        [
            vec!["IPint.inttoip".to_string()],
            vec!["IPint.inttoip".to_string(), "prime".to_string()],
        ]
    );
}

#[test]
fn a_module_value_handed_on_links_its_whole_interface() {
    // appl/cmd/cook.b passes its Bufio to an extension's init: Bufio's import table
    // then lists every function of the interface, sorted by bare name (names alike
    // in declaration order); Str, only called, lists what is called.
    let m = compile(
        "implement T;
B: module {
	PATH: con \"b\";
	Iobuf: adt { fd: int; gets: fn(b: self ref Iobuf, c: int): string; close: fn(b: self ref Iobuf); };
	open: fn(name: string): ref Iobuf;
	close: fn();
	Other: adt { close: fn(o: self ref Other); };
};
Str: module { PATH: con \"s\"; take: fn(s: string): string; drop: fn(s: string): string; };
Ext: module { init: fn(b: B); };
b: B;
s: Str;
T: module { init: fn(); };
init()
{
	b = load B B->PATH;
	s = load Str Str->PATH;
	s->take(\"x\");
	e := load Ext \"e\";
	e->init(b);
}
",
    );
    assert_eq!(
        imports(&m),
        [
            vec![
                "Iobuf.close".to_string(),
                "close".to_string(),
                "Other.close".to_string(),
                "Iobuf.gets".to_string(),
                "open".to_string(),
            ],
            vec!["init".to_string()],
            vec!["take".to_string()],
        ]
    );
}

#[test]
fn a_member_function_of_a_local_value_may_be_called_through_a_module_value() {
    // appl/cmd/man2html.b: `g.bufio->g.bout.flush()`. `.` binds tighter than `->`, so
    // `g.bout` is a local value and flush is its adt's function, reached through the
    // module value `g.bufio` (no module variable of B exists).
    let m = compile(
        "implement T;
B: module { PATH: con \"b\"; Buf: adt { n: int; puts: fn(b: self ref Buf, s: string): int; }; open: fn(): ref Buf; };
G: adt { b: B; out: ref B->Buf; };
T: module { init: fn(); };
init()
{
	g := ref G(load B B->PATH, nil);
	g.out = g.b->open();
	g.b->g.out.puts(\"x\");
}
",
    );
    assert_eq!(
        imports(&m),
        [vec!["open".to_string(), "Buf.puts".to_string()]]
    );
}

#[test]
fn a_constraint_function_of_another_module_is_passed_from_that_modules_table() {
    // appl/lib/sexprs.b: `Sexp.read(f)` with f a ref Bufio->Iobuf, read's `for`
    // constraint naming getb: the caller passes bufio's module value and the place of
    // Iobuf.getb in its import table for Bufio.
    let m = compile(
        "implement T;
B: module { PATH: con \"b\"; Buf: adt { n: int; getb: fn(b: self ref Buf): int; }; open: fn(): ref Buf; };
b: B;
P: module { PATH: con \"p\"; read: fn[X](x: X): int for { X => getb: fn(nil: self X): int; }; };
T: module { init: fn(); };
init()
{
	b = load B B->PATH;
	p := load P P->PATH;
	p->read(b->open());
}
",
    );
    assert_eq!(
        imports(&m),
        [
            vec!["Buf.getb".to_string(), "open".to_string()],
            vec!["read".to_string()],
        ]
    );
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn one_of_two_implemented_modules_loaded_as_itself_lists_its_own_interface() {
    // appl/cmd/palm/desklink.b: `implement Palmdb, Desklink;` and
    // `load Palmdb "$self"`: Palmdb's interface, not every export. Tables as the
    // original's compiler writes them for this program.
    let m = compile(
        "implement Zed, Alpha;
Alpha: module { init: fn(); };
Zed: module { f: fn(); };
Mid: module { g: fn(); };
init() { m := load Mid \"x\"; m->g(); z := load Zed \"$self\"; z->f(); a := load Alpha \"$self\"; }
f() { }
",
    );
    assert_eq!(
        imports(&m),
        [names(&["init"]), names(&["g"]), names(&["f"])]
    );
}

#[test]
fn the_union_of_implemented_modules_loaded_for_a_constraint_sorts_by_the_declaring_ones() {
    // appl/alphabet/fs/chstat.b: `implement Chstat, Fsmodule;` with an empty
    // Chstat passes its own member function as a constraint: the table of the
    // module's own exports sorts as Fsmodule's; with two declaring modules as
    // their names joined (`Zed+Alpha` after `Mid`). As the original writes them.
    let program = |implement: &str, alpha: &str| {
        format!(
            "implement {implement};
Alpha: module {{ {alpha} }};
Zed: module {{ init: fn(); }};
Mid: module {{ g: fn[T](t: T) for {{ T => q: fn(t: self T); }}; }};
Q: adt {{ q: fn(t: self ref Q); }};
Q.q(nil: self ref Q) {{}}
init() {{ m := load Mid \"x\"; m->g(ref Q); }}
{}",
            if alpha.is_empty() { "" } else { "f() { }\n" }
        )
    };
    let m = compile(&program("Alpha, Zed", ""));
    assert_eq!(imports(&m), [names(&["g"]), names(&["init", "Q.q"])]);
    let m = compile(&program("Zed, Alpha", "f: fn();"));
    assert_eq!(imports(&m), [names(&["g"]), names(&["f", "init", "Q.q"])]);
}

#[test]
fn each_implemented_module_table_lists_the_functions_exported_for_references_after_its_interface() {
    // appl/alphabet/alphabet.b: `implement Alphabet, Copy;` passes its adts'
    // member functions as constraints; its Alphabet and Copy tables list them
    // after their interfaces. Tables as the original's compiler writes them.
    let m = compile(
        "implement Alpha, Zed;
Alpha: module { init: fn(); h: fn(); };
Zed: module { f: fn(); };
Mid: module { g: fn[T](t: T) for { T => a: fn(t: self T); }; };
Q: adt { a: fn(t: self ref Q); };
Q.a(nil: self ref Q) {}
init() { m := load Mid \"x\"; m->g(ref Q); a := load Alpha \"$self\"; z := load Zed \"x\"; z->f(); }
f() { }
h() { }
",
    );
    assert_eq!(
        imports(&m),
        [
            names(&["h", "init", "Q.a"]),
            names(&["f", "h", "init", "Q.a"]),
            names(&["g"]),
            names(&["f", "Q.a"]),
        ]
    );
}
