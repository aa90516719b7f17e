# Puts the console into raw mode and prints the first key read, as a number;
# closing /dev/consctl ends raw mode.
implement Rawkey;

include "sys.m";
	sys: Sys;
include "draw.m";

Rawkey: module
{
	init:	fn(nil: ref Draw->Context, nil: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	ctl := sys->open("/dev/consctl", Sys->OWRITE);
	sys->fprint(ctl, "rawon");
	cons := sys->open("/dev/cons", Sys->OREAD);
	buf := array[1] of byte;
	if(sys->read(cons, buf, 1) == 1)
		sys->print("key %d\n", int buf[0]);
}
