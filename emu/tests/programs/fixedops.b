# Fixed-point compound assignment, conversions to every numeric type, and
# truncation toward zero when converting to an integer.
implement FixedOps;

include "sys.m";
	sys: Sys;
include "draw.m";

FixedOps: module
{
	init: fn(ctxt: ref Draw->Context, argv: list of string);
};

Money: type fixed(0.01, 1000000.0);
Eighth: type fixed(0.125, 100.0);

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	x := Money(2.5);
	x *= Money(4);
	sys->print("mul %s\n", string x);
	x /= Money(0.5);
	sys->print("div %s\n", string x);
	n := Money(-2.75);
	sys->print("int %d big %bd byte %d real %g\n", int n, big x, int byte x, real n);
	e := Eighth(3.5);
	b := big 7;
	sys->print("from big %s from byte %s back %d\n", string Eighth(b), string Eighth(byte 3), int e);
	sys->print("neg %s\n", string -e);
}
