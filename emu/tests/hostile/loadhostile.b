implement LoadHostile;

# load of files that are no modules: /dev/random (endless), and a pipe whose
# writer stays open while another thread goes on and then closes it.

include "sys.m";
	sys: Sys;
include "draw.m";

LoadHostile: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Foo: module
{
	f:	fn();
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	m := load Foo "/dev/random";
	if(m == nil)
		sys->print("random: %r\n");
	sys->pctl(Sys->FORKNS, nil);
	if(sys->bind("#|", "/tmp", Sys->MREPL) < 0)
		raise "fail:bind";
	w := sys->open("/tmp/data1", Sys->OWRITE);
	done := chan of int;
	spawn loader(done);
	sys->sleep(200);
	sys->print("still running\n");
	w = nil;
	<-done;
}

loader(done: chan of int)
{
	m := load Foo "/tmp/data";
	if(m == nil)
		sys->print("pipe: %r\n");
	done <-= 1;
}
