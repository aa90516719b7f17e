implement T;

include "sys.m";
	sys: Sys;
include "draw.m";
include "itslib.m";
	itslib: Itslib;
	Tconfig, S_INFO: import itslib;

T: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	itslib = load Itslib Itslib->PATH;
	t := itslib->init();
	t.report(S_INFO, 2, "about to divide by zero");
	zero := len "";
	sys->print("%d\n", 1 / zero);
}
