implement Killread;

# A prog killed while it waits in a read of a pipe: the read is interrupted
# and lets go of the pipe's end, so the writer then finds no reader.

include "sys.m";
	sys: Sys;
include "draw.m";

Killread: module
{
	init: fn(nil: ref Draw->Context, nil: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0)
		raise "fail:pipe";
	pidc := chan of int;
	spawn reader(p[0], pidc);
	pid := <-pidc;
	p[0] = nil;
	sys->sleep(200);
	ctl := sys->open("/prog/"+string pid+"/ctl", Sys->OWRITE);
	if(sys->fprint(ctl, "kill") < 0)
		raise "fail:kill";
	sys->sleep(200);
	{
		n := sys->write(p[1], array of byte "late", 4);
		sys->print("write gave %d\n", n);
	} exception e {
	"*" =>
		sys->print("write raised %s\n", e);
	}
}

reader(fd: ref Sys->FD, pidc: chan of int)
{
	pidc <-= sys->pctl(0, nil);
	buf := array[16] of byte;
	n := sys->read(fd, buf, len buf);
	sys->print("read returned %d\n", n);
}
