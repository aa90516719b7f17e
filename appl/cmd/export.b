implement Export;

# export [-a] dir [file]: serve the name space below dir with Styx on file,
# or on the standard input, until the client hangs up; with -a a kernel
# process serves and export returns at once (man/4/export).

include "sys.m";
	sys: Sys;

include "draw.m";

Export: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

usage()
{
	sys->fprint(stderr, "Usage: export [-a] dir [connection]\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(argv != nil)
		argv = tl argv;
	flag := Sys->EXPWAIT;
	for(; argv != nil && hd argv != nil && (hd argv)[0] == '-'; argv = tl argv){
		opts := hd argv;
		for(i := 1; i < len opts; i++)
			if(opts[i] == 'a')
				flag = Sys->EXPASYNC;
			else
				usage();
	}
	if(len argv < 1 || len argv > 2)
		usage();
	fd := sys->fildes(0);
	if(tl argv != nil){
		file := hd tl argv;
		fd = sys->open(file, Sys->ORDWR);
		if(fd == nil){
			sys->fprint(stderr, "export: can't open %s: %r\n", file);
			raise "fail:open";
		}
	}
	if(sys->export(fd, hd argv, flag) < 0){
		sys->fprint(stderr, "export: can't export: %r\n");
		raise "fail:export";
	}
}
