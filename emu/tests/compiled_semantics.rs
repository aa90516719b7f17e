//! Semantics the testdata programs do not pin down, checked on programs in
//! `programs/` compiled by our compiler and run on `emu`: objects die when the
//! program drops its last reference (the compiler's temporaries for
//! constructors, call results, conditions, alt and case values must not keep a
//! second one), and a constructed value assigned over the variable it reads.

mod harness;

use harness::compile_and_run as run;

#[test]
fn dropping_the_last_reference_closes_at_once() {
    let out = run("release", include_str!("programs/release.b"));
    let cases = [
        "adt constructor",
        "call result",
        "condition, false",
        "condition, true",
        "loop condition",
        "do-while condition",
        "array constructor",
        "list",
        "tuple",
        "alt receive",
        "case",
        "exception",
    ];
    let want: String = cases
        .iter()
        .map(|c| format!("{c}: write on closed pipe\n"))
        .collect();
    assert_eq!(out, want);
}

#[test]
fn a_constructed_value_may_read_the_variable_it_replaces() {
    let out = run("selfassign", include_str!("programs/selfassign.b"));
    assert_eq!(out, "2 1\n4 3\n6 5 t\n2 1\n");
}

#[test]
fn fixed_point_compound_assignment_and_conversions() {
    let out = run("fixedops", include_str!("programs/fixedops.b"));
    assert_eq!(
        out,
        "mul 10\ndiv 20\nint -2 big 20 byte 20 real -2.75\nfrom big 7 from byte 3 back 3\nneg -3.5\n"
    );
}

/// A real the compiler turns into text while folding prints as the same real
/// converted by the running program (one formatter for both).
#[test]
fn folded_and_run_time_real_text_agree() {
    let source = r#"implement Reals;
include "sys.m";
	sys: Sys;
include "draw.m";
Reals: module { init: fn(nil: ref Draw->Context, nil: list of string); };
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	zero := 0.0;
	negzero := -zero;
	sys->print("%s %s\n", string -0.0, string negzero);
	tenth := 0.1;
	sys->print("%s %s\n", string (0.1 * 3.0), string (tenth * 3.0));
}
"#;
    let out = run("reals", source);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for line in lines {
        let (folded, computed) = line.split_once(' ').unwrap();
        assert_eq!(folded, computed, "{out}");
    }
}

/// `/dev/msec` and `sys->millisec` read one clock, as in the original: a
/// reading of one never runs ahead of a later reading of the other.
#[test]
fn dev_msec_and_millisec_are_one_clock() {
    let source = r#"implement Clock;
include "sys.m";
	sys: Sys;
include "draw.m";
Clock: module { init: fn(nil: ref Draw->Context, nil: list of string); };
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	sys->sleep(50);
	fd := sys->open("/dev/msec", Sys->OREAD);
	buf := array[32] of byte;
	n := sys->read(fd, buf, len buf);
	dev := int string buf[0:n];
	m := sys->millisec();
	if(m >= dev)
		sys->print("ordered\n");
	else
		sys->print("/dev/msec %d ahead of millisec %d\n", dev, m);
}
"#;
    assert_eq!(run("clock", source), "ordered\n");
}
