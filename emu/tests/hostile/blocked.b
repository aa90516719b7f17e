implement Blocked;

# Waits forever on a channel nothing else can reach.

include "sys.m";
include "draw.m";

Blocked: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	c := chan of int;
	<-c;
}
