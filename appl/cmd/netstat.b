implement Netstat;

# netstat: one line for each conversation of /net/tcp, /net/udp and
# /net/il: its name, owner, state and the addresses of both ends, in the
# original's columns (man/1/netstat). A missing /net/il is not mentioned.

include "sys.m";
	sys: Sys;

include "draw.m";

Netstat: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	protocol("/net/tcp", 1);
	protocol("/net/udp", 1);
	protocol("/net/il", 0);
}

protocol(dir: string, complain: int)
{
	fd := sys->open(dir, Sys->OREAD);
	if(fd == nil){
		if(complain)
			sys->fprint(stderr, "netstat: %s: %r\n", dir);
		return;
	}
	(ok, d) := sys->fstat(fd);
	if(ok < 0){
		sys->fprint(stderr, "netstat: fstat %s: %r\n", dir);
		return;
	}
	if((d.mode & Sys->DMDIR) == 0){
		sys->fprint(stderr, "netstat: not a protocol directory: %s\n", dir);
		return;
	}
	for(;;){
		(n, entries) := sys->dirread(fd);
		if(n <= 0)
			break;
		for(i := 0; i < n; i++)
			if(entries[i].name[0] <= '9')
				conversation(dir + "/" + entries[i].name, entries[i].uid);
	}
}

conversation(dir, owner: string)
{
	(nil, words) := sys->tokenize(firstline(dir + "/status"), " ");
	state := "??";
	if(words != nil)
		state = hd words;
	sys->print("%-10s %-10s %-12s %-20s %s\n", dir[len "/net/":], owner, state,
		firstline(dir + "/local"), firstline(dir + "/remote"));
}

# The start of a file without its newline, or ?? when there is none.
firstline(file: string): string
{
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		return "??";
	buf := array[64] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 1)
		return "??";
	if(int buf[n-1] == '\n')
		n--;
	return string buf[0:n];
}
