implement Pwd;

# pwd: print the name of the current directory.

include "sys.m";
	sys: Sys;

include "draw.m";

include "workdir.m";

Pwd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	workdir := load Workdir Workdir->PATH;
	if(workdir == nil){
		sys->fprint(stderr, "pwd: cannot load %s: %r\n", Workdir->PATH);
		raise "fail:bad module";
	}
	dir := workdir->init();
	if(dir == nil){
		sys->fprint(stderr, "pwd: %r\n");
		raise "fail:error";
	}
	sys->print("%s\n", dir);
}
