//! Signatures of declarations whose values are documented (dis-signatures.md,
//! sys-module.md): every Sys function, Draw member functions, pick and
//! polymorphic adts, type aliases, module-typed parameters, module data.

mod common;

use limbo::sign::{data_signature, sig_string, signature};

/// Every Sys function with the signature the original's sysmod.h lists.
const SYS: &[(&str, u32)] = &[
    ("announce", 0x0b7c4ac0),
    ("aprint", 0x77442d46),
    ("bind", 0x66326d91),
    ("byte2char", 0x3d6094f9),
    ("char2byte", 0x2ba5ab41),
    ("chdir", 0xc6935858),
    ("create", 0x54db77d9),
    ("dial", 0x29e90174),
    ("dirread", 0x72210d71),
    ("dup", 0x6584767b),
    ("export", 0x6fc6dc03),
    ("fauth", 0x20ccc34b),
    ("fd2path", 0x749c6042),
    ("fildes", 0x1478f993),
    ("file2chan", 0x9f34d686),
    ("fprint", 0xf46486c8),
    ("fstat", 0xda4499c2),
    ("fversion", 0xfe9c0a06),
    ("fwstat", 0x50a6c7e0),
    ("iounit", 0x5583b730),
    ("listen", 0xb97416e0),
    ("millisec", 0x616977e8),
    ("mount", 0x74c17b3a),
    ("open", 0x8f477f99),
    ("pctl", 0x05df27fb),
    ("pipe", 0x1f2c52ea),
    ("pread", 0x09d8aac6),
    ("print", 0xac849033),
    ("pwrite", 0x09d8aac6),
    ("read", 0x7cfef557),
    ("readn", 0x7cfef557),
    ("remove", 0xc6935858),
    ("seek", 0xaeccaddb),
    ("sleep", 0xe67bf126),
    ("sprint", 0x4c0624b6),
    ("stat", 0x319328dd),
    ("stream", 0xb9e8f9ea),
    ("tokenize", 0x57338f20),
    ("unmount", 0x21e337e3),
    ("utfbytes", 0x01d4a1f4),
    ("werrstr", 0xc6935858),
    ("write", 0x7cfef557),
    ("wstat", 0x56b02096),
];

fn checked(text: &str) -> limbo::check::Checked {
    let out = limbo::check_text("t.b", text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    out.checked
}

/// Signature of module `m`'s member function `name` (`f` or `Adt.f`).
fn member_sig(c: &mut limbo::check::Checked, m: &str, name: &str) -> u32 {
    let m = c.module_named(m).expect("module");
    let t = c
        .member_function_type(m, name)
        .unwrap_or_else(|| panic!("{name} not found"));
    signature(&mut c.types, t)
}

#[test]
fn every_sys_function_has_the_original_signature() {
    let mut c = checked("include \"sys.m\";");
    let sys = c.module_named("Sys").expect("Sys");
    let functions: Vec<String> = limbo::sign::module_functions(&c.types, sys)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        functions,
        SYS.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>()
    );
    for (name, sig) in SYS {
        assert_eq!(member_sig(&mut c, "Sys", name), *sig, "Sys->{name}");
    }
}

#[test]
fn draw_member_functions_and_the_command_init() {
    let mut c = checked("include \"sys.m\"; include \"draw.m\"; Command: module { init: fn(ctxt: ref Draw->Context, argv: list of string); };");
    for (name, sig) in [
        ("Point.add", 0x095a87a7),
        ("Point.in", 0xcf69adf9),
        ("Rect.clip", 0x1ad68a89),
        ("Chans.mk", 0xadae6aad),
        ("Image.top", 0x642fa8b1),
    ] {
        assert_eq!(member_sig(&mut c, "Draw", name), sig, "Draw {name}");
    }
    let m = c.module_named("Command").expect("Command");
    let init = c.member_function_type(m, "init").expect("init");
    assert_eq!(
        sig_string(&mut c.types, init),
        "f(Ra(display:Ra(image:Ra(r:a(min:a(x:i,y:i),max:@5),clipr:@4,depth:i,chans:a(desc:i),repl:i,display:R@2,screen:Ra(id:i,image:R@3,fill:R@3,display:R@2),iname:s),white:R@3,black:R@3,opaque:R@3,transparent:R@3),screen:R@7,wm:Ct(s,Ct(s,Ra(kbd:Ci,ptr:CRa(buttons:i,xy:@5,msec:i),ctl:Cs,wctl:Cs,images:CR@3,connfd:Ra(fd:i),ctxt:R@1)))),Ls)n"
    );
    assert_eq!(signature(&mut c.types, init), 0x4244b354);
}

#[test]
fn pick_adt_with_a_cyclic_field_and_a_polymorphic_member() {
    let mut c = checked(
        "Sexprs: module {
	Sexp: adt {
		text: fn(e: self ref Sexp): string;
		read: fn[T](b: T): (ref Sexp, string) for { T => getb: fn(b: self T): int; };
		pick {
		String =>
			s: string;
			hint: string;
		Binary =>
			data: array of byte;
			hint: string;
		List =>
			l: cyclic list of ref Sexp;
		}
	};
};",
    );
    assert_eq!(member_sig(&mut c, "Sexprs", "Sexp.text"), 0x8dcb0657);
    assert_eq!(member_sig(&mut c, "Sexprs", "Sexp.read"), 0xecbecfe8);
}

#[test]
fn type_alias_and_repeated_tuple_back_reference() {
    let mut c = checked(
        "Regex: module {
	Set: adt { neg: int; ascii: array of int; unicode: list of (int, int); };
	Nd: adt { kind: int; left: int; right: int; set: ref Set; pno: int; };
	Arena: adt { rex: array of Nd; ptr: int; start: int; pno: int; };
	Re: type ref Arena;
	compile: fn(nil: string, nil: int): (Re, string);
	execute: fn(nil: Re, nil: string): array of (int, int);
};",
    );
    assert_eq!(member_sig(&mut c, "Regex", "compile"), 0xf32659ba);
    assert_eq!(member_sig(&mut c, "Regex", "execute"), 0x13ea992d);
}

#[test]
fn module_typed_parameter_sorts_members_by_bare_name() {
    let mut c = checked(
        "include \"sys.m\";
Bufio: module {
	Iobuf: adt {
		fd: ref Sys->FD;
		buffer: array of byte;
		index: int;
		size: int;
		dirty: int;
		bufpos: big;
		filpos: big;
		lastop: int;
		mode: int;
		seek: fn(b: self ref Iobuf, n: big, where: int): big;
		offset: fn(b: self ref Iobuf): big;
		read: fn(b: self ref Iobuf, a: array of byte, n: int): int;
		write: fn(b: self ref Iobuf, a: array of byte, n: int): int;
		getb: fn(b: self ref Iobuf): int;
		getc: fn(b: self ref Iobuf): int;
		gets: fn(b: self ref Iobuf, sep: int): string;
		gett: fn(b: self ref Iobuf, sep: string): string;
		ungetb: fn(b: self ref Iobuf): int;
		ungetc: fn(b: self ref Iobuf): int;
		putb: fn(b: self ref Iobuf, b: byte): int;
		putc: fn(b: self ref Iobuf, c: int): int;
		puts: fn(b: self ref Iobuf, s: string): int;
		flush: fn(b: self ref Iobuf): int;
		close: fn(b: self ref Iobuf);
		setfill: fn(b: self ref Iobuf, f: BufioFill);
	};
	open: fn(name: string, mode: int): ref Iobuf;
	create: fn(name: string, mode, perm: int): ref Iobuf;
	fopen: fn(fd: ref Sys->FD, mode: int): ref Iobuf;
	sopen: fn(input: string): ref Iobuf;
	aopen: fn(input: array of byte): ref Iobuf;
};
BufioFill: module { fill: fn(b: ref Bufio->Iobuf): int; };
CSV: module { init: fn(b: Bufio); };",
    );
    assert_eq!(member_sig(&mut c, "CSV", "init"), 0x35d6fd8f);
}

#[test]
fn module_data_signatures() {
    let mut c = checked("include \"sys.m\"; include \"draw.m\"; Rabin: module { debug: int; }; Graph: module { font: ref Draw->Font; };");
    for (name, sig) in [("Rabin", 0x11a91eb2), ("Graph", 0x7b36f92f)] {
        let m = c.module_named(name).expect("module");
        assert_eq!(data_signature(&mut c.types, m), sig, "{name} .mp");
    }
}

#[test]
fn identical_pick_variants_are_one_type() {
    // The second variant has the fields of the first, so the original signs it as a
    // back-reference (f:52b8b3d5; signing it again gave f:1236d9a4). Styx's Rmsg
    // (Flush, then Clunk or Remove or Wstat, all without fields) is the same case.
    let mut c = checked(
        "M: module {
	T: adt { pick { A => x: int; B => x: int; } };
	f: fn(t: ref T);
	R: adt { tag: int; pick { E => s: string; F => G or H => I => n: int; } pack: fn(r: self ref R); };
};",
    );
    let m = c.module_named("M").expect("M");
    let f = c.member_function_type(m, "f").expect("f");
    assert_eq!(sig_string(&mut c.types, f), "f(Ra(,A=>p(x:i)@1,B=>@2))n");
    assert_eq!(signature(&mut c.types, f), 0x52b8b3d5);
    let pack = c.member_function_type(m, "R.pack").expect("R.pack");
    assert_eq!(
        sig_string(&mut c.types, pack),
        "f(SRa(tag:i,E=>p(s:s)@1,F=>p()@1,G=>@3,H=>@3,I=>p(n:i)@1))n"
    );
}

#[test]
fn variants_of_different_adts_are_different_types() {
    // alphabet.m's Proxy: Typescmd.Alphabet and Modulecmd.Typesig have the same
    // fields, but their parents differ, so neither stands for the other.
    let mut c = checked(
        "M: module {
	A: adt { pick { X => r: chan of string; Y => n: int; } };
	B: adt { pick { P => r: chan of string; } };
	f: fn(a: ref A, b: ref B);
};",
    );
    let m = c.module_named("M").expect("M");
    let f = c.member_function_type(m, "f").expect("f");
    assert_eq!(
        sig_string(&mut c.types, f),
        "f(Ra(,X=>p(r:Cs)@1,Y=>p(n:i)@1),Ra(,P=>p(r:Cs)@4))n"
    );
}

#[test]
fn modules_differing_only_in_adt_member_functions_are_different_types() {
    // acme's Filem and Windowm both declare only init beside an adt with member
    // functions: the original compares whole interfaces, so Windowm is signed in
    // full, not as a back-reference to Filem (acme's init: 0x8c780af5).
    let mut c = checked(
        "F: module { init: fn(); File: adt { x: int; close: fn(f: self ref File); }; };
W: module { init: fn(); Window: adt { x: int; draw: fn(w: self ref Window); }; };
M: module { f: fn(a: F, b: W); };",
    );
    let m = c.module_named("M").expect("M");
    let f = c.member_function_type(m, "f").expect("f");
    assert_eq!(
        sig_string(&mut c.types, f),
        // the adts have equal fields, so Window is a back-reference to File
        "f(m{close:f(SRa(x:i))n;init:f()n;},m{draw:f(SR@2)n;init:f()n;})n"
    );
}
