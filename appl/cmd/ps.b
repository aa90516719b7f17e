implement Ps;

# ps: one line for each process, its /prog/n/status.

include "sys.m";
	sys: Sys;

include "draw.m";

include "readdir.m";

Ps: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	fd := sys->open("/prog", Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "ps: cannot open /prog: %r\n");
		raise "fail:no /prog";
	}
	pids: list of int;	# descending, so the list built from it ascends
	for(;;){
		(n, d) := sys->dirread(fd);
		if(n < 0){
			sys->fprint(stderr, "ps: error reading /prog: %r\n");
			raise "fail:error on /prog";
		}
		if(n == 0)
			break;
		for(i := 0; i < n; i++)
			if(d[i].name != nil && d[i].name[0] >= '0' && d[i].name[0] <= '9')
				pids = insert(int d[i].name, pids);
	}
	for(; pids != nil; pids = tl pids)
		status(hd pids);
}

insert(pid: int, l: list of int): list of int
{
	if(l == nil || pid <= hd l)
		return pid :: l;
	return hd l :: insert(pid, tl l);
}

status(pid: int)
{
	fd := sys->open(sys->sprint("/prog/%d/status", pid), Sys->OREAD);
	if(fd == nil)
		return;		# it has gone since /prog was read
	buf := array[256] of byte;
	n := sys->read(fd, buf, len buf);
	if(n > 0)
		sys->print("%s\n", string buf[0:n]);
}
