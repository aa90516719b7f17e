implement Strings;

# strings [file ...]: print the runs of 6 or more printable characters
# (blank to ~, and above 16rA0) in each file (standard input if none),
# each after the byte offset where it starts; a run reaching 70
# characters is printed with " ..." and the rest continues on a new line
# with its own offset. With several files each is named first ("NAME:").

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Strings: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHORTEST:	con 6;
LONGEST:	con 70;

out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(sys->fildes(2), "strings: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(argv != nil)
		argv = tl argv;
	if(argv == nil)
		search(nil);
	named := len argv > 1;
	for(; argv != nil; argv = tl argv){
		if(named)
			out.puts(hd argv + ":\n");
		search(hd argv);
	}
	out.flush();
}

search(name: string)
{
	b: ref Iobuf;
	if(name == nil)
		b = bufio->fopen(sys->fildes(0), Bufio->OREAD);
	else
		b = bufio->open(name, Bufio->OREAD);
	if(b == nil){
		out.flush();
		sys->fprint(sys->fildes(2), "cannot open %s\n", name);
		return;
	}
	run := "";
	start := big -1;
	at := b.offset();
	while((c := b.getc()) >= 0){
		if(c >= ' ' && c < 16r7F || c > 16rA0){
			if(start < big 0)
				start = at;
			run[len run] = c;
			if(len run == LONGEST){
				out.puts(sys->sprint("%8bd: %s ...\n", start, run));
				run = "";
				start = big -1;
			}
		}else{
			if(len run >= SHORTEST)
				out.puts(sys->sprint("%8bd: %s\n", start, run));
			run = "";
			start = big -1;
		}
		at = b.offset();
	}
	if(len run >= SHORTEST)
		out.puts(sys->sprint("%8bd: %s\n", start, run));
}
