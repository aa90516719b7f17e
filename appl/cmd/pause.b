implement Pause;

# pause: wait for ever (until killed).

include "sys.m";

include "draw.m";

Pause: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	<-chan of int;
}
