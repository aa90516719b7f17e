implement Unmount;

# unmount [source] target: undo a bind or mount onto target; with source,
# only the one that put source there.

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
	r: int;
	case len argv {
	1 =>
		r = sys->unmount(nil, hd argv);
	2 =>
		r = sys->unmount(hd argv, hd tl argv);
	* =>
		sys->fprint(stderr, "Usage: unmount [source] target\n");
		raise "fail:usage";
	}
	if(r < 0){
		sys->fprint(stderr, "unmount: %r\n");
		raise "fail:unmount";
	}
}
