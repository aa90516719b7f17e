implement Freq;

# freq [-dxocr] [file ...]: count each byte value (with -r, each UTF-8
# character below 16r4000) in the files (standard input if none) and
# print a line for each value seen: the value in decimal, octal and hex,
# the character (- if not printable) and the count. -d -o -x -c choose
# some of those columns. As in the original, the counts add up from file
# to file, a table printed after each.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Freq: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

DEC, HEX, OCT, CHAR, RUNES: con 1<<iota;
SHOWN:	con 1<<14;		# values counted and shown are below this

counts := array[SHOWN] of {* => big 0};
flags := 0;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || arg == nil){
		sys->fprint(sys->fildes(2), "freq: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'd' =>	flags |= DEC;
		'x' =>	flags |= HEX;
		'o' =>	flags |= OCT;
		'c' =>	flags |= CHAR;
		'r' =>	flags |= RUNES;
		* =>
			sys->fprint(sys->fildes(2), "freq: unknown option %c\n", c);
			raise "fail:usage";
		}
	argv = arg->argv();
	if((flags & (DEC|HEX|OCT|CHAR)) == 0)
		flags |= DEC|HEX|OCT|CHAR;
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(argv == nil)
		freq(sys->fildes(0), "-");
	for(; argv != nil; argv = tl argv){
		fd := sys->open(hd argv, Sys->OREAD);
		if(fd == nil){
			sys->fprint(sys->fildes(2), "cannot open %s\n", hd argv);
			continue;
		}
		freq(fd, hd argv);
	}
}

freq(fd: ref Sys->FD, name: string)
{
	b := bufio->fopen(fd, Bufio->OREAD);
	c: int;
	for(;;){
		if(flags & RUNES)
			c = b.getc();
		else
			c = b.getb();
		if(c < 0)
			break;
		if(c < SHOWN)
			counts[c]++;
	}
	if(c != Bufio->EOF)
		sys->fprint(sys->fildes(2), "freq: read error on %s: %r\n", name);
	for(i := 0; i < SHOWN; i++){
		if(counts[i] == big 0)
			continue;
		if(flags & DEC)
			out.puts(sys->sprint("%3d ", i));
		if(flags & OCT)
			out.puts(sys->sprint("%.3o ", i));
		if(flags & HEX)
			out.puts(sys->sprint("%.2x ", i));
		if(flags & CHAR){
			if(i <= 16r20 || i >= 16r7F && i < 16rA0 || i > 16rFF && !(flags & RUNES))
				out.puts("- ");
			else
				out.puts(sys->sprint("%c ", i));
		}
		out.puts(sys->sprint("%8bd\n", counts[i]));
	}
	out.flush();
}
