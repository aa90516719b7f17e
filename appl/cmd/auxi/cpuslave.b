implement CPUslave;

# auxi/cpuslave [-s screenid] command [arg...]: what cpu asks rstyxd to
# run: it loads command (NAME.dis here or in /dis) and starts it in a
# process of its own. There is no display here, so -s is refused.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

CPUslave: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "cpuslave: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	while((opt := arg->opt()) != 0){
		if(opt != 's' || arg->arg() == nil)
			usage();
		sys->fprint(stderr, "cpuslave: can't initialize display: no display\n");
		raise "fail:no display";
	}
	argv = arg->argv();
	if(argv == nil)
		usage();
	file := hd argv + ".dis";
	cmd := load Command file;
	if(cmd == nil)
		cmd = load Command "/dis/" + file;
	if(cmd == nil){
		sys->fprint(stderr, "cpuslave: can't load %s: %r\n", hd argv);
		raise "fail:bad command";
	}
	spawn cmd->init(nil, argv);
}

usage()
{
	sys->fprint(stderr, "usage: cpuslave [-s screenid] command args\n");
	raise "fail:usage";
}
