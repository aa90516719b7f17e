implement T;

include "sys.m";
	sys: Sys;
include "draw.m";
include "itslib.m";
	itslib: Itslib;
	Tconfig, S_INFO, S_ERROR: import itslib;

T: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Square: module
{
	square:	fn(n: int): int;
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SOURCE: con "implement Square;\nSquare: module { square: fn(n: int): int; };\nsquare(n: int): int { return n * n; }\n";

init(ctxt: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	itslib = load Itslib Itslib->PATH;
	t := itslib->init();
	fd := sys->create("/tmp/square.b", Sys->OWRITE, 8r666);
	if(fd == nil || sys->fprint(fd, "%s", SOURCE) < 0){
		t.report(S_ERROR, 0, sys->sprint("cannot write /tmp/square.b: %r"));
		return;
	}
	fd = nil;
	limbo := load Command "/dis/limbo.dis";
	if(limbo == nil){
		t.report(S_ERROR, 0, sys->sprint("cannot load limbo: %r"));
		return;
	}
	{
		limbo->init(ctxt, "limbo" :: "-o" :: "/tmp/square.dis" :: "/tmp/square.b" :: nil);
	} exception e {
	"fail:*" =>
		t.report(S_ERROR, 0, "limbo failed: " + e);
		return;
	}
	t.report(S_INFO, 3, "compiled /tmp/square.b");
	sq := load Square "/tmp/square.dis";
	if(sq == nil){
		t.report(S_ERROR, 0, sys->sprint("cannot load /tmp/square.dis: %r"));
		return;
	}
	if(sq->square(12) != 144)
		t.report(S_ERROR, 0, sys->sprint("square(12) gave %d", sq->square(12)));
	else
		t.report(S_INFO, 3, "square(12) is 144");
	t.done();
}
