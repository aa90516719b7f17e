implement Randpass;

# randpass [length]: print a random password of length characters (16 by
# default, more than 8 and at most 256) from the base-64 alphabet: the first
# length characters of a random number of 8*length bits in base 64. Any
# other argument fails with a usage message and fail:usage.

include "sys.m";
	sys: Sys;

include "draw.m";

include "ipints.m";
	ipints: IPints;
	IPint: import ipints;

Randpass: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	ipints = load IPints IPints->PATH;
	if(ipints == nil){
		sys->fprint(sys->fildes(2), "randpass: cannot load %s: %r\n", IPints->PATH);
		raise "fail:bad module";
	}
	n := 16;
	if(argv != nil && tl argv != nil){
		s := hd tl argv;
		if(!digits(s) || (n = int s) <= 8 || n > 256){
			sys->fprint(sys->fildes(2), "Usage: randpass [password-length(<256, default=16)]\n");
			raise "fail:usage";
		}
	}
	sys->print("%s\n", IPint.random(8*n).iptob64()[0:n]);
}

digits(s: string): int
{
	for(i := 0; i < len s; i++)
		if(s[i] < '0' || s[i] > '9')
			return 0;
	return len s > 0;
}
