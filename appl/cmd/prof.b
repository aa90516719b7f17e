implement Prof;

# prof: see Profcmd (module/profcmd.m), which reads its command line.

include "sys.m";
include "draw.m";
include "profile.m";
include "profcmd.m";

Prof: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
	init0:	fn(ctxt: ref Draw->Context, argv: list of string): Profile->Prof;
};

init(ctxt: ref Draw->Context, argv: list of string)
{
	init0(ctxt, argv);
}

init0(ctxt: ref Draw->Context, argv: list of string): Profile->Prof
{
	sys := load Sys Sys->PATH;
	p := load Profcmd Profcmd->PATH;
	if(p == nil){
		sys->fprint(sys->fildes(2), "prof: cannot load %s: %r\n", Profcmd->PATH);
		raise "fail:bad module";
	}
	return p->run(ctxt, argv, Profcmd->TIME);
}
