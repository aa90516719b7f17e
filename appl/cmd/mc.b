implement Mc;

# mc [-c columns] [file ...]: print the lines of the files (standard
# input if none) in as many columns as fit in the width (65 characters),
# filled down each column first, each column one wider than the longest
# line.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Mc: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		fatal("can't load " + Bufio->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		fatal("can't load " + Arg->PATH);
	width := 65;
	arg->init(argv);
	arg->setusage("mc [-c columns] [file ...]");
	while((c := arg->opt()) != 0)
		case c {
		'c' =>	width = int arg->earg();
		* =>	arg->usage();
		}
	argv = arg->argv();
	lines := array[64] of string;
	n := 0;
	widest := 0;
	if(argv == nil)
		argv = "" :: nil;	# standard input
	for(; argv != nil; argv = tl argv){
		b: ref Iobuf;
		if(hd argv == nil)
			b = bufio->fopen(sys->fildes(0), Bufio->OREAD);
		else
			b = bufio->open(hd argv, Bufio->OREAD);
		if(b == nil){
			sys->fprint(sys->fildes(2), "mc: can't open %s: %r\n", hd argv);
			continue;
		}
		while((s := b.gets('\n')) != nil){
			if(s[len s - 1] == '\n')
				s = s[0:len s - 1];
			if(n == len lines)
				lines = (array[2*n] of string)[0:] = lines;
			lines[n++] = s;
			if(len s > widest)
				widest = len s;
		}
	}
	columns(lines[0:n], widest + 1, width);
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "mc: %s: %r\n", s);
	raise "fail:" + s;
}

columns(lines: array of string, colwidth, width: int)
{
	ncols := width / colwidth;
	if(ncols <= 0)
		ncols = 1;
	nrows := (len lines + ncols - 1) / ncols;
	out := bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	for(r := 0; r < nrows; r++){
		s := "";
		for(i := r; i < len lines; i += nrows){
			s += lines[i];
			if(i + nrows < len lines)
				while(len s < (i/nrows + 1) * colwidth)
					s[len s] = ' ';
		}
		out.puts(s + "\n");
	}
	out.flush();
}
