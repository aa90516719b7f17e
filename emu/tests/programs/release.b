# Each case hands the only reference to a pipe's writing end to some construct
# the compiler evaluates through temporaries, then drops it: the end must close
# at once, so a write into the other end fails.
implement Release;

include "sys.m";
	sys: Sys;
include "draw.m";

Release: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Hold: exception(ref Sys->FD);

Holder: adt {
	fd:	ref Sys->FD;
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;

	fds := pipe();
	h := ref Holder(take(fds));
	h.fd = nil;
	probe("adt constructor", fds);

	fds = pipe();
	n := take(fds).fd;
	probe("call result", fds);

	fds = pipe();
	if(take(fds) == nil)
		sys->print("impossible\n");
	probe("condition, false", fds);

	fds = pipe();
	if(take(fds) != nil)
		n++;
	probe("condition, true", fds);

	fds = pipe();
	for(i := 0; i < 1 && take(fds) != nil; i++)
		n++;
	probe("loop condition", fds);

	fds = pipe();
	j := 0;
	do{
		if(j == 1)
			probe("do-while condition", fds);
		j++;
	}while(j < 2 && take(fds) != nil);

	fds = pipe();
	a := array[] of {take(fds)};
	a = nil;
	probe("array constructor", fds);

	fds = pipe();
	l := take(fds) :: nil;
	l = nil;
	probe("list", fds);

	fds = pipe();
	(t, nil) := (take(fds), 1);
	t = nil;
	probe("tuple", fds);

	fds = pipe();
	c := chan[1] of ref Sys->FD;
	c <-= take(fds);
	alt {
	fd := <-c =>
		fd = nil;
	}
	probe("alt receive", fds);

	fds = pipe();
	case take(fds).fd {
	* =>
		n++;
	}
	probe("case", fds);

	fds = pipe();
	{
		raise Hold(take(fds));
	} exception {
	Hold =>
		n++;
	}
	probe("exception", fds);
}

pipe(): array of ref Sys->FD
{
	fds := array[2] of ref Sys->FD;
	sys->pipe(fds);
	return fds;
}

# the pipe's writing end, leaving its caller the only reference
take(fds: array of ref Sys->FD): ref Sys->FD
{
	fd := fds[1];
	fds[1] = nil;
	return fd;
}

# writing into one end fails once the other is closed
probe(what: string, fds: array of ref Sys->FD)
{
	{
		sys->write(fds[0], array[1] of byte, 1);
		sys->print("%s: still open\n", what);
	} exception e {
	"*" =>
		sys->print("%s: %s\n", what, e);
	}
}
