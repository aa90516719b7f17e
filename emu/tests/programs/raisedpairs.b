# Fibonacci numbers carried up a deep recursion by exceptions: every level catches
# the pair raised below it, advances it (calling a function, so a frame is pushed
# from the handler) and raises it again. Handler frames end at every possible place
# in the stack's segments, including exactly at a segment's end.
implement RaisedPairs;
include "sys.m";
	sys: Sys;
include "draw.m";
RaisedPairs: module { init: fn(ctxt: ref Draw->Context, argv: list of string); };
Step: exception(int, int);
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	for(n := 0; n <= 45; n++)
		sys->print("F(%d) = %d\n", n, nth(n));
}
nth(n: int): int
{
	{
		climb(n);
	}
	exception e {
	Step =>
		(a, nil) := e;
		return a;
	}
	return -1;
}
climb(left: int) raises (Step)
{
	if(left == 0)
		raise Step(0, 1);
	{
		climb(left - 1);
	}
	exception e {
	Step =>
		(a, b) := e;
		raise Step(b, sum(a, b));
	}
}
sum(a, b: int): int
{
	return a + b;
}
