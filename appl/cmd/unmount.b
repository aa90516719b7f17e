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
	src, target: string;
	case len argv {
	2 =>
		target = hd tl argv;
	3 =>
		src = hd tl argv;
		target = hd tl tl argv;
	* =>
		sys->fprint(stderr, "usage: unmount [source] target\n");
		raise "fail:usage";
	}
	if(sys->unmount(src, target) < 0){
		sys->fprint(stderr, "unmount: %r\n");
		raise "fail:unmount";
	}
}
