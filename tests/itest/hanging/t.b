implement T;

include "sys.m";
	sys: Sys;
include "draw.m";

T: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	c := chan of int;
	<-c;
}
