implement Stream;

# stream [-a] [-b bufsize] file1 [file2]: copy file1 to standard output by
# sys->stream in chunks of bufsize bytes (Sys->ATOMICIO by default, or if
# out of 1 to 2M); with file2, copy each file to the other at once, in two
# processes. stream waits for its copiers to finish unless -a.

include "sys.m";
	sys: Sys;

include "draw.m";

Stream: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	size := 0;
	done := chan of int;
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil && len hd argv > 1 && (hd argv)[0] == '-'; argv = tl argv){
		s := hd argv;
		case s[1] {
		'b' =>
			if(len s > 2)
				size = int s[2:];
			else if((argv = tl argv) != nil)
				size = int hd argv;
			else
				usage();
		'a' =>
			done = nil;
		* =>
			usage();
		}
	}
	if(size <= 0 || size > 2*1024*1024)
		size = Sys->ATOMICIO;
	if(argv == nil)
		usage();
	copiers := 1;
	if(tl argv != nil){
		a := open(hd argv, Sys->ORDWR);
		b := open(hd tl argv, Sys->ORDWR);
		spawn copy(a, b, size, done);
		spawn copy(b, a, size, done);
		copiers = 2;
	}else{
		out := sys->fildes(1);
		if(out == nil){
			sys->fprint(stderr, "stream: can't access standard output: %r\n");
			raise "fail:stdout";
		}
		spawn copy(open(hd argv, Sys->OREAD), out, size, done);
	}
	if(done != nil)
		for(; copiers > 0; copiers--)
			<-done;
}

usage()
{
	sys->fprint(stderr, "Usage: stream [-a] [-b bufsize] file1 [file2]\n");
	raise "fail:usage";
}

open(name: string, mode: int): ref Sys->FD
{
	fd := sys->open(name, mode);
	if(fd == nil){
		sys->fprint(stderr, "stream: can't open %s: %r\n", name);
		raise "fail:open";
	}
	return fd;
}

copy(src, dst: ref Sys->FD, size: int, done: chan of int)
{
	if(sys->stream(src, dst, size) < 0)
		sys->fprint(stderr, "stream: error streaming data: %r\n");
	if(done != nil)
		done <-= 1;
}
