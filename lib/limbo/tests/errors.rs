//! Erroneous programs, each with the `file:line:` and message of the first
//! diagnostic it must produce.

mod common;

const HEADER: &str = "implement T;\ninclude \"sys.m\";\nsys: Sys;\nT: module { init: fn(); };\n";
const HEADER_LINES: u32 = 4;

/// Where the expected diagnostic is: a line of the top-level part or of init's body (1-based).
enum At {
    Top(u32),
    Body(u32),
}

struct Case {
    name: &'static str,
    top: &'static str,
    body: &'static str,
    at: At,
    message: &'static str,
}

const fn case(
    name: &'static str,
    top: &'static str,
    body: &'static str,
    at: At,
    message: &'static str,
) -> Case {
    Case {
        name,
        top,
        body,
        at,
        message,
    }
}

const P: &str = "P: adt { pick { A => x: int; B => y: string; } };";
const F: &str = "f(a: int): int { return a; }";

const CASES: &[Case] = &[
    case(
        "type clash in initialisation",
        "",
        "x: int = \"a\";",
        At::Body(1),
        "type clash",
    ),
    case(
        "no implicit int to byte",
        "",
        "b: byte = 10;",
        At::Body(1),
        "type clash",
    ),
    case(
        "no implicit int to big",
        "",
        "b: big = 1;",
        At::Body(1),
        "type clash",
    ),
    case(
        "no implicit int to real",
        "",
        "r := 1.0;\nr = 2;",
        At::Body(2),
        "type clash",
    ),
    case(
        "undeclared name",
        "",
        "y = 1;",
        At::Body(1),
        "y is not declared",
    ),
    case(
        "undeclared name in expression",
        "",
        "x := 1;\nx = z + 1;",
        At::Body(2),
        "z is not declared",
    ),
    case(
        "sys->print: more arguments than formats",
        F,
        "f(1, 2);",
        At::Body(1),
        "f: too many function arguments",
    ),
    case(
        "too few arguments",
        F,
        "f();",
        At::Body(1),
        "f: too few function arguments",
    ),
    case(
        "argument type",
        F,
        "f(\"s\");",
        At::Body(1),
        "type clash in argument 1",
    ),
    case(
        "bad conversion int to array",
        "",
        "a := array of byte 5;",
        At::Body(1),
        "cannot make a array of byte from 5 of type int",
    ),
    case(
        "bad conversion tuple to int",
        "",
        "x := int (1, 2);",
        At::Body(1),
        "cannot make a int from (1, 2)",
    ),
    case(
        "missing module function",
        "",
        "sys = load Sys Sys->PATH;\nsys->nosuch(1);",
        At::Body(2),
        "nosuch is not a member of Sys",
    ),
    case(
        "missing module constant",
        "",
        "x := Sys->NOPE;",
        At::Body(1),
        "NOPE is not a member of Sys",
    ),
    case(
        "bad pick tag",
        P,
        "p: ref P;\npick q := p {\nC => ;\n}",
        At::Body(3),
        "pick qualifier C is not a member of p of type ref P",
    ),
    case(
        "pick on a non-pick value",
        "",
        "x := 1;\npick q := x {\n* => ;\n}",
        At::Body(2),
        "pick argument x of type int is not a ref adt with pick tags",
    ),
    case(
        "pick tag twice",
        P,
        "p: ref P;\npick q := p {\nA => ;\nA => ;\n}",
        At::Body(4),
        "pick qualifier A duplicated on line 10",
    ),
    case(
        "duplicate local",
        "",
        "x: int;\nx: string;",
        At::Body(2),
        "redeclaration of x",
    ),
    case(
        "duplicate global",
        "a: int;\na: string;",
        "",
        At::Top(2),
        "redeclaration of a",
    ),
    case(
        "duplicate adt field",
        "A: adt { x: int; x: string; };",
        "",
        At::Top(1),
        "redeclaration of x",
    ),
    case(
        "duplicate function",
        "g() {}\ng() {}",
        "",
        At::Top(2),
        "redeclaration of function g, previously declared on line 5",
    ),
    case(
        "missing semicolon",
        "",
        "x := 1\ny := 2;",
        At::Body(2),
        "syntax error",
    ),
    case(
        "unbalanced parenthesis",
        "",
        "x := (1 + 2;",
        At::Body(1),
        "syntax error",
    ),
    case(
        "missing operand",
        "",
        "x := 1 + ;",
        At::Body(1),
        "syntax error",
    ),
    case(
        "if without parentheses",
        "",
        "x := 1;\nif x > 1 { }",
        At::Body(2),
        "syntax error",
    ),
    case(
        "stray close brace at top",
        "}",
        "",
        At::Top(1),
        "syntax error",
    ),
    case(
        "illegal character",
        "",
        "x := 1 @ 2;",
        At::Body(1),
        "illegal character",
    ),
    case(
        "newline in string",
        "",
        "s := \"abc;\nx := 1;",
        At::Body(1),
        "newline in string",
    ),
    case("bad escape", "", "s := \"\\q\";", At::Body(1), "escape"),
    case("radix out of range", "", "x := 40r1;", At::Body(1), "radix"),
    case(
        "digit not in radix",
        "",
        "x := 2r102;",
        At::Body(1),
        "radix 2",
    ),
    case(
        "string condition",
        "",
        "s := \"a\";\nif(s) ;",
        At::Body(2),
        "if conditional must be an int, not s of type string",
    ),
    case(
        "&& on big",
        "",
        "b := big 1;\nif(b && b) ;",
        At::Body(2),
        "type clash",
    ),
    case(
        "value returned from procedure",
        "p() { return 1; }",
        "",
        At::Top(1),
        "return 1 of type int from a fn with no return type",
    ),
    case(
        "missing return",
        "g(): int\n{\n}",
        "g();",
        At::Top(3),
        "no return at end of function",
    ),
    case(
        "a reachable break ends an endless loop",
        "g(c: int): int\n{\nfor(;;)\nif(c)\nbreak;\n}",
        "g(1);",
        At::Top(6),
        "no return at end of function g",
    ),
    case(
        "a continue ends a do-while(0)",
        "g(c: int): int\n{\ndo {\nif(c)\ncontinue;\nreturn 1;\n} while(0);\n}",
        "g(1);",
        At::Top(8),
        "no return at end of function g",
    ),
    case(
        "a used synonym instantiating a plain adt",
        "E: adt { x: int; };\nP: type E[string];\np: ref P;",
        "",
        At::Top(2),
        "wrong number of type arguments for E",
    ),
    case(
        "break outside loop",
        "",
        "break;",
        At::Body(1),
        "no appropriate target for break",
    ),
    case(
        "continue to unknown label",
        "",
        "for(;;)\ncontinue foo;",
        At::Body(2),
        "no appropriate target for continue foo",
    ),
    case(
        "raise of an int",
        "",
        "raise 1;",
        At::Body(1),
        "raise argument 1 of type int is not a string or exception",
    ),
    case(
        "bare raise outside handler",
        "",
        "raise;",
        At::Body(1),
        "empty raise not in exception handler",
    ),
    case(
        "case label type",
        "",
        "x := 1;\ncase x {\n\"a\" => ;\n}",
        At::Body(3),
        "case qualifier \"a\" of type string clashes with x of type int",
    ),
    case(
        "overlapping case labels",
        "",
        "x := 1;\ncase x {\n1 to 5 => ;\n3 => ;\n}",
        At::Body(4),
        "overlaps",
    ),
    case(
        "big case range",
        "",
        "b := big 1;\ncase b {\nbig 1 to big 2 => ;\n}",
        At::Body(3),
        "is not an int or string range",
    ),
    case("declaration from nil", "", "x := nil;", At::Body(1), "nil"),
    case(
        "spawn of a non-call",
        "",
        "spawn 1;",
        At::Body(1),
        "cannot spawn 1",
    ),
    case(
        "spawn of a function with a result",
        F,
        "spawn f(1);",
        At::Body(1),
        "cannot spawn functions which return values",
    ),
    case(
        "format verb type",
        "",
        "sys->print(\"%d\\n\", \"s\");",
        At::Body(1),
        "sys->print: format '%d' incompatible with argument \"s\" of type string",
    ),
    case(
        "format too few arguments",
        "",
        "sys->print(\"%d %d\\n\", 1);",
        At::Body(1),
        "too few arguments",
    ),
    case(
        "format too many arguments",
        "",
        "sys->print(\"%d\\n\", 1, 2);",
        At::Body(1),
        "sys->print: more arguments than formats",
    ),
    case(
        "format not constant",
        "",
        "f := \"%d\";\nsys->print(f, 1);",
        At::Body(2),
        "format argument f of type string is not a string constant",
    ),
    case(
        "invalid format verb",
        "",
        "sys->print(\"%z\", 1);",
        At::Body(1),
        "sys->print: invalid character z in format '%z'",
    ),
    case(
        "con not constant",
        "",
        "x := 1;\nc: con x;",
        At::Body(2),
        "not a constant expression",
    ),
    case(
        "bad constant string conversion",
        "",
        "x := int \"12abc\";",
        At::Body(1),
        "cannot convert constant string",
    ),
    case(
        "constant divide by zero",
        "",
        "x := 1 / 0;",
        At::Body(1),
        "divide by zero",
    ),
    case(
        "index of an int",
        "",
        "x := 1;\ny := x[0];",
        At::Body(2),
        "cannot index",
    ),
    case(
        "hd of an int",
        "",
        "x := hd 1;",
        At::Body(1),
        "cannot hd 1 of type int",
    ),
    case(
        "ref of int",
        "R: type ref int;",
        "",
        At::Top(1),
        "ref of int",
    ),
    case(
        "non-pointer type argument",
        "id[T](x: T): T { return x; }",
        "y := id(1);",
        At::Body(1),
        "int is not a pointer type",
    ),
    case(
        "alt without channel operation",
        "",
        "x := 1;\nalt {\nx > 0 => ;\n}",
        At::Body(3),
        "alt guard x > 0 has no communication",
    ),
    case(
        "load of an undeclared module",
        "",
        "x := load Foo \"x\";",
        At::Body(1),
        "Foo is not declared",
    ),
    case(
        "send type clash",
        "",
        "c := chan of int;\nc <-= \"s\";",
        At::Body(2),
        "type clash",
    ),
    case(
        "missing include file",
        "include \"nosuch.m\";",
        "",
        At::Top(1),
        "can't find include file",
    ),
    case(
        "unknown type",
        "",
        "x: Foo;",
        At::Body(1),
        "Foo is not declared",
    ),
    case(
        "assignment to a constant",
        "K: con 1;",
        "K = 2;",
        At::Body(1),
        "cannot assign to K",
    ),
    case(
        "member of an int",
        "",
        "x := 1;\ny := x.f;",
        At::Body(2),
        "f is not a member",
    ),
    case(
        "tuple declaration count",
        "",
        "(a, b) := (1, 2, 3);",
        At::Body(1),
        "type clash in declaration",
    ),
    case(
        "string minus string",
        "",
        "s := \"a\" - \"b\";",
        At::Body(1),
        "type clash",
    ),
    case(
        "modulo of reals",
        "",
        "r := 1.0 % 2.0;",
        At::Body(1),
        "type clash",
    ),
    case(
        "shift by big",
        "",
        "x := 1 << big 2;",
        At::Body(1),
        "type clash",
    ),
    case(
        "method definition not declared",
        "A: adt { x: int; };\nA.m() {}",
        "",
        At::Top(2),
        "m is not a member function of A",
    ),
    case(
        "definition differs from declaration",
        "A: adt { m: fn(a: int); };\nA.m(a: string) {}",
        "",
        At::Top(2),
        "type mismatch: A.m defined as fn(string) declared as fn(int) on line 5",
    ),
    case(
        "while condition",
        "",
        "while(nil) ;",
        At::Body(1),
        "for conditional must be an int",
    ),
    case(
        "duplicate label",
        "",
        "l: for(;;)\nl: while(1)\nbreak l;",
        At::Body(2),
        "label l duplicated on line 8",
    ),
    case(
        "string in a byte list",
        "",
        "l := 1 :: \"a\" :: nil;",
        At::Body(1),
        "type clash in 1 of type int :: ",
    ),
    case(
        "return value missing",
        "g(): int { return; }",
        "",
        At::Top(1),
        "return of nothing from a fn of int",
    ),
    case(
        "function not called",
        F,
        "f;",
        At::Body(1),
        "function f not called",
    ),
    case(
        "wrong number of adt values",
        "A: adt { x, y: int; };",
        "a := A(1);",
        At::Body(1),
        "wrong number of values for A",
    ),
    case("adt holding itself", "A: adt { x: int; b: B; };\nB: adt { a: A; };", "", At::Top(1), "illegal type cycle without a reference in field b of A"),
    case("unqualified ref of a pick adt", P, "p := ref P;", At::Body(1), "must be qualified with a pick tag"),
    case("pick adt value", P, "p: ref P;\nv := *p;", At::Body(2), "expressions cannot have type P"),
    case(
        "global initializer not constant",
        "f(a: int): int { return a; }\ng := f(1);",
        "",
        At::Top(2),
        "global initializer f(1) is not constant",
    ),
    case("function through a module type", "", "Sys->print(\"x\");", At::Body(1), "Sys is a module interface"),
    case("array slot set twice", "", "a := array[3] of {0 => 1, 1 => 2, 0 => 3};", At::Body(1), "array index '0' overlaps with '0' on line 8"),
    case("array index out of bounds", "", "a := array[2] of {5 => 1};", At::Body(1), "array index 5 out of bounds"),
    case("array index not constant", "", "i := 1;\na := array[2] of {i => 1};", At::Body(2), "array index i is not constant"),
    case(
        "missing constraint function",
        "W: adt { s: string; };\nhas[T](x: T, l: list of T): int for { T => eq: fn(a, b: T): int; } { return 0; }",
        "n := has(ref W(\"a\"), nil);",
        At::Body(1),
        "ref W has no member function eq",
    ),
    case(
        "pick arm with different variants",
        "Q: adt { pick { A => x: int; B => s: string; } };",
        "q: ref Q;\npick v := q {\nA or B => ;\n}",
        At::Body(3),
        "type clash in pick qualifiers A of type ref Q.A and B of type ref Q.B",
    ),
    case("type parameters are distinct", "other[A, B](x: A, y: B): A { return y; }", "", At::Top(1), "return y of type B from a fn of A"),
    case("if body declaration scope", "", "if(1)\nx := 1;\nx = \"s\";", At::Body(3), "type clash in x of type int = "),
    case(
        "pick not covering every tag falls off the end",
        "Q: adt { pick { A => x: int; B => s: string; } };\ng(q: ref Q): int\n{\npick v := q {\nA => return v.x;\n}\n}",
        "g(nil);",
        At::Top(7),
        "no return at end of function g",
    ),
    case("polymorphic function reference", "id[T](x: T): T { return x; }", "f := id;", At::Body(1), "cannot have a polymorphic function reference id"),
    case("case default twice", "", "x := 1;\ncase x {\n* => ;\n* => ;\n}", At::Body(4), "case qualifier * duplicated on line 10"),
    case("empty case range", "", "x := 1;\ncase x {\n5 to 1 => ;\n}", At::Body(3), "unmatchable case qualifier 5 to 1"),
    case("string case overlap", "", "s := \"m\";\ncase s {\n\"a\" to \"z\" => ;\n\"q\" => ;\n}", At::Body(4), "case qualifier '\"q\"' overlaps with '\"a\" to \"z\"' on line 10"),
    case("exception qualifier not constant", "", "s := \"x\";\n{\n} exception {\ns => ;\n}", At::Body(4), "exception qualifier s is not constant"),
    case("raises a non-exception", "g() raises (Sys) { }", "", At::Top(1), "Sys: illegal raises expression"),
    case("format with a bad width", "", "sys->print(\"%5.2.1d\", 1);", At::Body(1), "invalid format '%5.2.'"),
    case("format flag twice", "", "sys->print(\"%--d\", 1);", At::Body(1), "duplicate flag - in format '%--'"),
    case("spurious cyclic qualifier", "A: adt { x: int;\nname: cyclic string; };", "", At::Top(2), "spurious cyclic qualifier for field name of A"),
    case("member function never defined", "A: adt { x: int; m: fn(a: self A); };", "a: A;", At::Top(1), "function A.m not defined"),
    case("member function never defined of an adt used through another", "A: adt { x: int; m: fn(a: self A); };\nB: adt { a: A; };", "b: B;", At::Top(1), "function A.m not defined"),
    case("duplicate local with its line", "", "x: int;\ny := 2;\nx: string;", At::Body(3), "redeclaration of x, previously declared on line 8"),
    case("defined with a '*'", "g(s: string, *) {}", "", At::Top(1), "cannot define functions with a '*' argument, such as g"),
    case("incomplete format", "", "sys->print(\"%5\", 1);", At::Body(1), "incomplete format '%5'"),
];

fn source(c: &Case) -> String {
    format!("{HEADER}{}\ninit()\n{{\n{}\n}}\n", c.top, c.body)
}

fn expected_line(c: &Case) -> u32 {
    let top_lines = c.top.lines().count().max(1) as u32;
    match c.at {
        At::Top(k) => HEADER_LINES + k,
        At::Body(k) => HEADER_LINES + top_lines + 2 + k,
    }
}

#[test]
fn each_erroneous_program_reports_its_first_error_on_the_right_line() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for c in CASES {
        let out = limbo::check_text("t.b", &source(c), &mut common::loader());
        let rendered = out.diags.render(&out.files);
        let first_error = rendered
            .lines()
            .find(|l| !l.contains(": warning: "))
            .unwrap_or("")
            .to_string();
        let want_prefix = format!("t.b:{}: ", expected_line(c));
        if !first_error.starts_with(&want_prefix) || !first_error.contains(c.message) {
            failures.push(format!(
                "{}: expected {want_prefix}...{}..., got:\n{rendered}",
                c.name, c.message
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn many_errors_are_reported_in_source_order() {
    let text = format!("{HEADER}\ninit()\n{{\na := b;\nc: int = \"s\";\nx := 1 +;\nf(1);\n}}\ng(): string {{ return 1; }}\n");
    let out = limbo::check_text("t.b", &text, &mut common::loader());
    let lines: Vec<u32> = out
        .diags
        .sorted()
        .iter()
        .filter(|d| !d.warning)
        .map(|d| d.span.start.line)
        .collect();
    assert_eq!(
        lines,
        vec![8, 9, 10, 11, 13],
        "{}",
        out.diags.render(&out.files)
    );
    assert_eq!(out.diags.error_count(), 5);
}

#[test]
fn a_correct_program_has_no_errors() {
    let text = format!(
        "{HEADER}init()\n{{\nsys = load Sys Sys->PATH;\nsys->print(\"%d %s\\n\", 1, \"x\");\n}}\n"
    );
    let out = limbo::check_text("t.b", &text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
}

#[test]
fn unused_label_and_unused_result_are_warnings() {
    let text = format!("{HEADER}init()\n{{\nx := 1;\nl: for(;;)\nbreak;\nx + 1;\n}}\n");
    let out = limbo::check_text("t.b", &text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    let rendered = out.diags.render(&out.files);
    assert_eq!(rendered, "t.b:8: warning: label l never referenced\nt.b:10: warning: result of expression x + 1 not used\n");
}

#[test]
fn pick_arm_with_structurally_equal_variants_is_accepted() {
    let text = format!("{HEADER}Q: adt {{ pick {{ A => s: string; B => s: string; C => n: int; }} }};\ninit()\n{{\nq: ref Q;\npick v := q {{\nA or B => v.s = nil;\n* => ;\n}}\n}}\n");
    let out = limbo::check_text("t.b", &text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
}

#[test]
fn pick_covering_every_tag_needs_no_final_return() {
    let text = format!("{HEADER}Q: adt {{ pick {{ A => x: int; B => s: string; }} }};\ng(q: ref Q): int\n{{\npick v := q {{\nA => return v.x;\nB => return len v.s;\n}}\n}}\ninit()\n{{\n}}\n");
    let out = limbo::check_text("t.b", &text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
}

#[test]
fn a_declaration_missing_its_semicolon_is_kept() {
    let text = "implement T;\ninclude \"sys.m\";\nsys: Sys;\nT: module { init: fn(); }\ninit()\n{\n\tsys = load Sys Sys->PATH;\n}\n";
    let out = limbo::check_text("t.b", text, &mut common::loader());
    assert_eq!(
        out.diags.render(&out.files),
        "t.b:5: syntax error near init\n"
    );
}

#[test]
fn a_module_function_without_a_definition_is_an_error() {
    let text = "implement T;\nT: module {\n\tinit: fn();\n\tother: fn(x: int);\n};\ninit()\n{\n}\n";
    let out = limbo::check_text("t.b", text, &mut common::loader());
    assert_eq!(
        out.diags.render(&out.files),
        "t.b:4: function other not defined\n"
    );
}

#[test]
fn raises_clauses_are_compared_with_what_escapes() {
    let text = format!(
        "{HEADER}E: exception(int);\nF: exception;\ng() raises E\n{{\n\traise F;\n}}\nh() raises (E, F)\n{{\n\t{{\n\t\traise E(1);\n\t}} exception {{\n\tE => raise;\n\t}}\n\t{{\n\t\traise F;\n\t}} exception {{\n\t* => ;\n\t}}\n}}\ninit()\n{{\n}}\n"
    );
    let out = limbo::check_text("t.b", &text, &mut common::loader());
    assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
    assert_eq!(
        out.diags.render(&out.files),
        "t.b:7: warning: function g does not raise E but declared\nt.b:7: warning: function g raises F but not declared\nt.b:11: warning: function h does not raise F but declared\n"
    );
}

#[test]
fn an_open_end_is_an_error_in_exported_functions_alone_when_nothing_names_them() {
    // The original compiles only the functions it exports or that something
    // names (appl/lib/crypt/pkcs.b has two unused ones without a return).
    let text = "implement T;\nT: module { init: fn(); g: fn(): int; };\ninit() { }\ng(): int\n{\n}\nh(): int\n{\n}\nA: adt { f: fn(): int; };\nA.f(): int\n{\n}\n";
    let out = limbo::check_text("t.b", text, &mut common::loader());
    assert_eq!(
        out.diags.render(&out.files),
        "t.b:6: no return at end of function g\n"
    );
}
