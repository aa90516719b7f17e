implement Runas;

# runas user cmd [arg ...]: give this process the name user (a write of
# /dev/user, which only the host owner may make) and, if that worked, run
# cmd with its arguments through the shell. As in the original, the
# command's status is not runas's.

include "sys.m";
	sys: Sys;

include "draw.m";

include "sh.m";

Runas: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	sh := load Sh Sh->PATH;
	if(sh == nil){
		sys->fprint(sys->fildes(2), "runas: cannot load %s: %r\n", Sh->PATH);
		raise "fail:bad module";
	}
	if(len argv < 3){
		sys->fprint(sys->fildes(2), "usage: runas user cmd [args...]\n");
		raise "fail:usage";
	}
	user := array of byte hd tl argv;
	fd := sys->open("/dev/user", Sys->OWRITE);
	if(fd == nil)
		fail(sys->sprint("cannot open /dev/user: %r"));
	if(sys->write(fd, user, len user) != len user)
		fail(sys->sprint("cannot set user: %r"));
	fd = nil;
	sh->run(ctxt, tl tl argv);
}

fail(why: string)
{
	sys->fprint(sys->fildes(2), "runas: %s\n", why);
	raise "fail:error";
}
