implement ChildBreaks;

# Spawns a thread that breaks (array bounds), waits for it to start, and ends
# normally itself.

include "sys.m";
	sys: Sys;
include "draw.m";

ChildBreaks: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	started := chan of int;
	spawn child(started);
	<-started;
	sys->sleep(100);
}

child(started: chan of int)
{
	started <-= 1;
	a := array[2] of int;
	i := 5;
	a[i] = 1;
}
