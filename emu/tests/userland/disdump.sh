# disdump (the original's appl/cmd/disdump.b, no manual page): each module's
# instructions, one a line, as Dis->inst2s writes them (the opcode padded to
# ten columns, then src, [mid,] dst as N(fp), N(mp), $N or N(M(fp)));
# "dis: failed to load FILE: why" and fail:errors for a file it cannot read
# (Dis->loadobj's "open failed: ..." and "bad magic number"); its usage line
# and fail:usage with no file. The instructions themselves are what our
# compiler makes of the module below.
cd $t
echo 'implement Tiny;
include "sys.m";
include "draw.m";
Tiny: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};
init(nil: ref Draw->Context, argv: list of string)
{
	sys := load Sys Sys->PATH;
	n := len argv;
	if(n > 2)
		sys->print("%d\n", n * 3);
}' > tiny.b
limbo tiny.b
disdump tiny.dis
echo status $status
echo not a module > junk.dis
disdump junk.dis nothere.dis tiny.dis
echo status $status
disdump
echo status $status
