implement Unmount;

# unmount [source] target: undo a bind or mount onto target; with source,
# only the one that put source there. As in the original, neither a
# failure nor a wrong command line changes the exit status, and a failure
# is not reported.

include "sys.m";
	sys: Sys;

include "draw.m";

Unmount: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	if(argv != nil)
		argv = tl argv;
	case len argv {
	1 =>
		sys->unmount(nil, hd argv);
	2 =>
		sys->unmount(hd argv, hd tl argv);
	* =>
		sys->fprint(stderr, "Usage: unmount [source] target\n");
	}
}
