implement Killf2c;

# A prog killed while it waits in a read of a file2chan file: the read is
# interrupted and lets go of the file, so the server, which never answered
# the read, is told of the close (a read request with a nil reply channel);
# its late reply to the abandoned read then goes through without a reader.

include "sys.m";
	sys: Sys;
include "draw.m";

Killf2c: module
{
	init: fn(nil: ref Draw->Context, nil: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	io := sys->file2chan("/chan", "slow");
	if(io == nil)
		raise "fail:file2chan";
	pidc := chan of int;
	spawn reader(pidc);
	pid := <-pidc;
	(nil, nil, fid, rc) := <-io.read;
	if(rc == nil)
		raise "fail:no read";
	sys->print("read asked\n");
	ctl := sys->open("/prog/"+string pid+"/ctl", Sys->OWRITE);
	if(sys->fprint(ctl, "kill") < 0)
		raise "fail:kill";
	timeout := chan of int;
	spawn timer(timeout);
	alt {
	(nil, nil, cfid, crc) := <-io.read =>
		if(crc == nil && cfid == fid)
			sys->print("closed\n");
		else
			sys->print("another read\n");
	<-timeout =>
		sys->print("no close\n");
	}
	rc <-= (array of byte "late", nil);
	sys->print("late reply sent\n");
}

reader(pidc: chan of int)
{
	pidc <-= sys->pctl(0, nil);
	fd := sys->open("/chan/slow", Sys->OREAD);
	buf := array[16] of byte;
	n := sys->read(fd, buf, len buf);
	sys->print("read returned %d\n", n);
}

timer(c: chan of int)
{
	sys->sleep(5000);
	c <-= 1;
}
