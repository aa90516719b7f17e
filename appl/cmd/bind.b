implement Bind;

# bind [-a|-b|-c|-ac|-bc] [-q] source target: make target an alias for
# source, replacing it or (-a, -b) joining a union after or before it;
# -c allows files to be created there; -q keeps quiet about failure.

include "sys.m";
	sys: Sys;

include "draw.m";

Bind: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

usage()
{
	sys->fprint(stderr, "usage: bind [-a|-b|-c|-ac|-bc] [-q] source target\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	(flags, quiet, args) := options(argv);
	if(len args != 2)
		usage();
	src := hd args;
	on := hd tl args;
	if(sys->bind(src, on, flags) >= 0)
		return;
	if(quiet)
		exit;
	err := sys->sprint("%r");
	if(sys->stat(src).t0 < 0)
		sys->fprint(stderr, "bind: %s: %r\n", src);
	else if(sys->stat(on).t0 < 0)
		sys->fprint(stderr, "bind: %s: %r\n", on);
	else
		sys->fprint(stderr, "bind: cannot bind %s onto %s: %s\n", src, on, err);
	raise "fail:bind";
}

# The flags -a -b -c -q (letters may be grouped), and the other arguments.
options(argv: list of string): (int, int, list of string)
{
	flags := Sys->MREPL;
	quiet := 0;
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil; argv = tl argv){
		a := hd argv;
		if(len a < 1 || a[0] != '-')
			break;
		if(a == "--"){
			argv = tl argv;
			break;
		}
		for(i := 1; i < len a; i++)
			case a[i] {
			'a' =>	flags |= Sys->MAFTER;
			'b' =>	flags |= Sys->MBEFORE;
			'c' =>	flags |= Sys->MCREATE;
			'q' =>	quiet = 1;
			* =>	usage();
			}
	}
	if((flags & Sys->MAFTER) && (flags & Sys->MBEFORE))
		usage();
	return (flags, quiet, argv);
}
