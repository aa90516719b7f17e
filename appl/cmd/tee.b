implement Tee;

# tee [-a] [file ...]: copy standard input to each file and to standard
# output. The files are truncated, or with -a appended to.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Tee: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Output: adt {
	fd:	ref Sys->FD;
	name:	string;
};

usage()
{
	sys->fprint(sys->fildes(2), "Usage: tee [-a] [file ...]\n");
	raise "fail:usage";
}

error(msg: string)
{
	sys->fprint(sys->fildes(2), "tee: %s\n", msg);
	raise "fail:error";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil)
		error(sys->sprint("can't load %s: %r", Arg->PATH));
	append := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'a' =>	append = 1;
		* =>	usage();
		}
	names := arg->argv();
	stdin := sys->fildes(0);
	if(stdin == nil)
		error("no standard input");
	outs := array[len names + 1] of Output;
	n := 0;
	for(; names != nil; names = tl names){
		name := hd names;
		fd: ref Sys->FD;
		if(append && (fd = sys->open(name, Sys->OWRITE)) != nil)
			sys->seek(fd, big 0, Sys->SEEKEND);
		else
			fd = sys->create(name, Sys->OWRITE, 8r666);
		if(fd == nil)
			error(sys->sprint("cannot open %s: %r", name));
		outs[n++] = Output(fd, name);
	}
	outs[n++] = Output(sys->fildes(1), "standard output");
	buf := array[Sys->ATOMICIO] of byte;
	while((r := sys->read(stdin, buf, len buf)) > 0)
		for(i := 0; i < n; i++)
			if(sys->write(outs[i].fd, buf, r) != r)
				error(sys->sprint("error writing %s: %r", outs[i].name));
	if(r < 0)
		error(sys->sprint("read error: %r"));
}
