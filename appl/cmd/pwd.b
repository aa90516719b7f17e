implement Pwd;

# pwd: print the name of the current directory.

include "sys.m";
	sys: Sys;

include "draw.m";

Pwd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	fd := sys->open(".", Sys->OREAD);
	if(fd == nil){
		sys->fprint(sys->fildes(2), "pwd: %r\n");
		raise "fail:error";
	}
	dir := sys->fd2path(fd);
	if(dir == nil){
		sys->fprint(sys->fildes(2), "pwd: %r\n");
		raise "fail:error";
	}
	sys->print("%s\n", dir);
}
