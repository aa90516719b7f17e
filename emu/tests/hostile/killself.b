implement KillSelf;

# Writes its first argument (kill or killgrp) to its own /prog/N/ctl.

include "sys.m";
	sys: Sys;
include "draw.m";

KillSelf: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	ctl := sys->open("/prog/" + string sys->pctl(0, nil) + "/ctl", Sys->OWRITE);
	sys->fprint(ctl, "%s", hd tl argv);
	sys->print("not killed\n");
}
