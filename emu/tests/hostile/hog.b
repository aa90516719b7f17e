implement Hog;

# Allocates without bound: with argument "stack" by recursion, else by keeping
# every megabyte it makes.

include "sys.m";
include "draw.m";

Hog: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	if(tl argv != nil && hd tl argv == "stack")
		deep(0);
	kept: list of array of byte;
	for(;;)
		kept = array[1<<20] of byte :: kept;
}

deep(n: int): int
{
	return deep(n+1) + 1;
}
