implement Cd;

# cd: change the working directory of the name space this command shares
# with the shell that ran it.

include "sys.m";
	sys: Sys;

include "draw.m";

Cd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	if(argv != nil)
		argv = tl argv;
	dir: string;
	case len argv {
	0 =>
		dir = "/usr/" + username();
	1 =>
		dir = hd argv;
	* =>
		sys->fprint(stderr, "Usage: cd [directory]\n");
		raise "fail:usage";
	}
	if(sys->chdir(dir) < 0){
		sys->fprint(stderr, "cd: %s: %r\n", dir);
		raise "fail:failed";
	}
}

# The user named by /dev/user; "inferno" when it cannot be read.
username(): string
{
	fd := sys->open("/dev/user", Sys->OREAD);
	if(fd == nil)
		return "inferno";
	buf := array[Sys->NAMEMAX] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return "inferno";
	return string buf[0:n];
}
