implement Disdump;

# disdump file ...
#
# Writes each Dis module's instructions as text, one a line, in the form
# of Dis->inst2s. A file that cannot be read is reported as
# "dis: failed to load file: why" and the command ends with fail:errors.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "dis.m";
	dis: Dis;

Disdump: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(stderr, "dis: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	dis = load Dis Dis->PATH;
	if(dis == nil){
		sys->fprint(stderr, "dis: cannot load %s: %r\n", Dis->PATH);
		raise "fail:bad module";
	}
	if(len argv < 2){
		sys->fprint(stderr, "usage: dis module...\n");
		raise "fail:usage";
	}
	dis->init();
	out := bufio->fopen(sys->fildes(1), Sys->OWRITE);
	failed := 0;
	for(argv = tl argv; argv != nil; argv = tl argv){
		(m, err) := dis->loadobj(hd argv);
		if(m == nil){
			sys->fprint(stderr, "dis: failed to load %s: %s\n", hd argv, err);
			failed++;
			continue;
		}
		for(i := 0; i < len m.inst; i++)
			out.puts(dis->inst2s(m.inst[i]) + "\n");
	}
	out.close();
	if(failed)
		raise "fail:errors";
}
