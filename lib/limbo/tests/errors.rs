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
        "too many arguments",
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
        "C is not a pick tag of P",
    ),
    case(
        "pick on a non-pick value",
        "",
        "x := 1;\npick q := x {\n* => ;\n}",
        At::Body(2),
        "pick on a value",
    ),
    case(
        "pick tag twice",
        P,
        "p: ref P;\npick q := p {\nA => ;\nA => ;\n}",
        At::Body(4),
        "used twice",
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
        "redefinition of g",
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
        "",
        At::Top(3),
        "no return at end of function",
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
        "case label of type string",
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
        "ranges are not allowed for big",
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
        "needs int",
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
        "too many arguments",
    ),
    case(
        "format not constant",
        "",
        "f := \"%d\";\nsys->print(f, 1);",
        At::Body(2),
        "not a constant string",
    ),
    case(
        "invalid format verb",
        "",
        "sys->print(\"%z\", 1);",
        At::Body(1),
        "invalid character 'z'",
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
        "channel operation",
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
        "does not match its declaration",
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
