implement Arg;

# Option parsing: each call of opt returns the next option letter from the
# arguments given to init; letters may be grouped (-lq) and an option's value
# may follow its letter directly (-ofile) or be the next argument (-o file).

include "sys.m";
include "arg.m";

progpath := "";		# hd of the argv given to init
rest: list of string;	# arguments not yet consumed
cluster: string;	# letters still to return from the current -xyz argument
usagetext := "";
sayusage := 1;		# whether usage prints anything before failing

init(argv: list of string)
{
	progpath = nil;
	rest = nil;
	cluster = nil;
	if(argv == nil)
		return;
	progpath = hd argv;
	rest = tl argv;
}

setusage(usage: string)
{
	usagetext = usage;
	sayusage = usage != nil;
}

progname(): string
{
	return progpath;
}

# The arguments left; after this, opt finds no more options.
argv(): list of string
{
	left := rest;
	rest = nil;
	return left;
}

opt(): int
{
	if(cluster != nil){
		c := cluster[0];
		cluster = cluster[1:];
		return c;
	}
	if(rest == nil)
		return 0;
	a := hd rest;
	if(len a < 2 || a[0] != '-')
		return 0;
	rest = tl rest;
	if(a == "--")
		return 0;
	if(len a > 2)
		cluster = a[2:];
	return a[1];
}

arg(): string
{
	if(cluster != nil){
		v := cluster;
		cluster = nil;
		return v;
	}
	if(rest == nil)
		return nil;
	v := hd rest;
	rest = tl rest;
	return v;
}

earg(): string
{
	if(cluster == nil && rest == nil)
		usage();
	return arg();
}

usage()
{
	if(sayusage){
		msg: string;
		if(usagetext != nil)
			msg = "usage: " + usagetext;
		else
			msg = progpath + ": argument expected";
		sys := load Sys Sys->PATH;
		sys->fprint(sys->fildes(2), "%s\n", msg);
	}
	raise "fail:usage";
}
