implement Timestamp;

# timestamp [tag]: copy standard input to standard output, each line
# after the milliseconds since timestamp started (10 digits, zero-padded)
# and the tag; a first line gives the start in milliseconds since the
# epoch: "0000000000 TAG start MS".

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Timestamp: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

clock: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(sys->fildes(2), "timestamp: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	tag := "";
	if(len argv > 1)
		tag = hd tl argv + " ";
	clock = sys->open("/dev/time", Sys->OREAD);
	start := millisec();
	sys->print("%.10bd %sstart %bd\n", millisec() - start, tag, start);
	in := bufio->fopen(sys->fildes(0), Bufio->OREAD);
	while((s := in.gets('\n')) != nil)
		sys->print("%.10bd %s%s", millisec() - start, tag, s);
}

# Milliseconds since the epoch, by /dev/time (0 if it cannot be read).
millisec(): big
{
	buf := array[24] of byte;
	n := sys->pread(clock, buf, len buf, big 0);
	if(n <= 0)
		return big 0;
	return big string buf[0:n] / big 1000;
}
