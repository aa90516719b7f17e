implement Tee;

# tee [-a] [file ...]: copy standard input to standard output and to each
# file, truncating them unless -a asks to append.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Tee: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "tee: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("tee [-a] [file ...]");
	append := 0;
	while((c := arg->opt()) != 0)
		case c {
		'a' =>
			append = 1;
		* =>
			arg->usage();
		}
	names := arg->argv();
	outs := sys->fildes(1) :: nil;
	for(; names != nil; names = tl names){
		name := hd names;
		fd: ref Sys->FD;
		if(append){
			fd = sys->open(name, Sys->OWRITE);
			if(fd != nil)
				sys->seek(fd, big 0, Sys->SEEKEND);
		}
		if(fd == nil)
			fd = sys->create(name, Sys->OWRITE, 8r666);
		if(fd == nil)
			sys->fprint(stderr, "tee: cannot open %s: %r\n", name);
		else
			outs = fd :: outs;
	}
	buf := array[Sys->ATOMICIO] of byte;
	stdin := sys->fildes(0);
	while((n := sys->read(stdin, buf, len buf)) > 0)
		for(l := outs; l != nil; l = tl l)
			sys->write(hd l, buf, n);
	if(n < 0){
		sys->fprint(stderr, "tee: read error: %r\n");
		raise "fail:read error";
	}
}
