implement BrokenWriter;

# A thread with its own copy of the fd table, holding a pipe's write end,
# breaks: the pipe's reader gets end of file at once.

include "sys.m";
	sys: Sys;
include "draw.m";

BrokenWriter: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0)
		raise "fail:pipe";
	started := chan of int;
	spawn writer(p[1], started);
	<-started;
	p[1] = nil;
	buf := array[10] of byte;
	n := sys->read(p[0], buf, len buf);
	sys->print("read %d\n", n);
}

writer(fd: ref Sys->FD, started: chan of int)
{
	sys->pctl(Sys->FORKFD, nil);
	fd = nil;
	started <-= 1;
	a := array[2] of int;
	i := 5;
	a[i] = 1;
}
