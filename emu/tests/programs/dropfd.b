implement Dropfd;

# Twice: opens /tmp/f (slowclunk.b's file), prints what it reads, lets the
# FD go (its last reference) and then prints "dropped N". Whether the
# server's "clunked f" comes before each "dropped" shows whether the
# statement after the drop waited for the clunk.

include "sys.m";
	sys: Sys;
include "draw.m";

Dropfd: module
{
	init: fn(nil: ref Draw->Context, nil: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	for(i := 0; i < 2; i++){
		fd := sys->open("/tmp/f", Sys->OREAD);
		if(fd == nil){
			sys->print("open: %r\n");
			return;
		}
		buf := array[10] of byte;
		n := sys->read(fd, buf, len buf);
		sys->print("%s", string buf[0:n]);
		fd = nil;
		sys->print("dropped %d\n", i);
	}
}
