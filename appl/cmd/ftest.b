implement Ftest;

# ftest -d|-e|-f|-r|-s|-w|-x file, or ftest -t [fd]: succeed when the file
# has the attribute (a directory, exists, a plain file, readable, not
# empty, writable, executable by the mode bits for others, the group or
# the user in /dev/user), or when descriptor fd (1 by default) is the
# console. Otherwise fail:false.

include "sys.m";
	sys: Sys;

include "draw.m";

Ftest: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(argv == nil)
		return;
	argv = tl argv;
	if(argv == nil)
		usage();
	op := hd argv;
	argv = tl argv;
	yes := 0;
	case op {
	"-t" =>
		fd := 1;
		if(argv != nil){
			if(!digits(hd argv)){
				sys->fprint(stderr, "ftest: bad argument to -t\n");
				usage();
			}
			fd = int hd argv;
		}
		yes = console(fd);
	"-d" or "-e" or "-f" or "-r" or "-s" or "-w" or "-x" =>
		if(argv == nil){
			sys->fprint(stderr, "test: argument expected\n");
			usage();
		}
		yes = attribute(op[1], hd argv);
	* =>
		sys->fprint(stderr, "test: unknown option %s\n", op);
		usage();
	}
	if(!yes)
		raise "fail:false";
}

usage()
{
	sys->fprint(stderr, "usage: (ftest -fdrwxes file)|(ftest -t fdno)\n");
	raise "fail:usage";
}

digits(s: string): int
{
	if(s == nil)
		return 0;
	for(i := 0; i < len s; i++)
		if(s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

attribute(what: int, file: string): int
{
	(ok, d) := sys->stat(file);
	if(ok < 0)
		return 0;
	case what {
	'd' =>	return (d.mode & Sys->DMDIR) != 0;
	'f' =>	return (d.mode & Sys->DMDIR) == 0;
	's' =>	return d.length > big 0;
	'r' =>	return permitted(d, 4);
	'w' =>	return permitted(d, 2);
	'x' =>	return permitted(d, 1);
	}
	return 1;
}

# Whether the bit (4, 2 or 1) is set for others, for the group (never
# known here, so only a file with no group), or for the user of /dev/user.
permitted(d: Sys->Dir, bit: int): int
{
	if(d.mode & bit)
		return 1;
	if(d.gid == nil && (d.mode & (bit<<3)))
		return 1;
	return d.uid == user() && (d.mode & (bit<<6)) != 0;
}

user(): string
{
	fd := sys->open("/dev/user", Sys->OREAD);
	if(fd == nil)
		return nil;
	buf := array[64] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return nil;
	return string buf[0:n];
}

console(fd: int): int
{
	(ok, d) := sys->fstat(sys->fildes(fd));
	if(ok < 0)
		return 0;
	(okc, c) := sys->stat("/dev/cons");
	if(okc < 0)
		return 0;
	return d.dtype == c.dtype && d.dev == c.dev && d.qid.path == c.qid.path;
}
