implement Touch;

# touch [-c] [-t time] file ...: set each file's modification time to time
# (seconds since the epoch; now by default), creating a file that does not
# exist unless -c. Any failure is reported and makes the status fail:touch.

include "sys.m";
	sys: Sys;

include "draw.m";

include "daytime.m";

include "arg.m";

Touch: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	daytime := load Daytime Daytime->PATH;
	if(daytime == nil)
		nomodule(Daytime->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	arg->init(argv);
	arg->setusage("touch [-c] [-t time] file ...");
	when := daytime->now();
	create := 1;
	while((c := arg->opt()) != 0)
		case c {
		't' =>	when = int arg->earg();
		'c' =>	create = 0;
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	failed := 0;
	for(; argv != nil; argv = tl argv)
		if(!touch(hd argv, when, create))
			failed = 1;
	if(failed)
		raise "fail:touch";
}

nomodule(path: string)
{
	sys->fprint(stderr, "touch: can't load %s: %r\n", path);
	raise "fail:load";
}

touch(name: string, when, create: int): int
{
	d := sys->nulldir;
	d.mtime = when;
	(exists, nil) := sys->stat(name);
	if(exists >= 0){
		if(sys->wstat(name, d) >= 0)
			return 1;
		create = 0;
	}
	if(!create){
		sys->fprint(stderr, "touch: %s: cannot change time: %r\n", name);
		return 0;
	}
	fd := sys->create(name, Sys->OREAD|Sys->OEXCL, 8r666);
	if(fd == nil){
		sys->fprint(stderr, "touch: %s: cannot create: %r\n", name);
		return 0;
	}
	sys->fwstat(fd, d);
	return 1;
}
