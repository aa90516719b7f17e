implement Mkdir;

# mkdir [-p] dir ...: make directories; -p makes missing parents too and
# does not mind directories that exist already.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Mkdir: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
parents := 0;
failed := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "mkdir: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("mkdir [-p] dirname ...");
	while((c := arg->opt()) != 0)
		case c {
		'p' =>
			parents = 1;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	for(; argv != nil; argv = tl argv)
		mkdir(hd argv);
	if(failed)
		raise "fail:error";
}

mkdir(path: string)
{
	(ok, d) := sys->stat(path);
	if(ok >= 0){
		if(parents && (d.mode & Sys->DMDIR))
			return;
		sys->fprint(stderr, "mkdir: %s already exists\n", path);
		failed = 1;
		return;
	}
	if(parents){
		for(i := len path - 1; i > 0 && path[i] != '/'; i--)
			;
		if(i > 0 && sys->stat(path[0:i]).t0 < 0)
			mkdir(path[0:i]);
	}
	fd := sys->create(path, Sys->OREAD, Sys->DMDIR | 8r777);
	if(fd == nil){
		sys->fprint(stderr, "mkdir: can't create %s: %r\n", path);
		failed = 1;
	}
}
