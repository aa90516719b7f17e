implement Sleep;

# sleep seconds: pause; seconds may carry a fraction (1.5).

include "sys.m";
	sys: Sys;

include "draw.m";

Sleep: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(len argv != 2 || !isnumber(hd tl argv)){
		sys->fprint(sys->fildes(2), "usage: sleep time\n");
		raise "fail:usage";
	}
	ms := int (real hd tl argv * 1000.0);
	if(ms > 0)
		sys->sleep(ms);
}

isnumber(s: string): int
{
	point := 0;
	digits := 0;
	for(i := 0; i < len s; i++){
		if(s[i] == '.' && !point)
			point = 1;
		else if(s[i] >= '0' && s[i] <= '9')
			digits++;
		else
			return 0;
	}
	return digits > 0;
}
