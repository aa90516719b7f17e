implement Uuencode;

# uuencode [sourcefile] remotefile: write sourcefile (standard input if
# not given, then with mode 666) in uuencoding: "begin MODE REMOTEFILE",
# lines of up to 45 bytes as a length character and four characters per
# three bytes (each six bits plus blank), a line of length 0, "end".
# Problems are reported and, as in the original, leave the status alone.

include "sys.m";
	sys: Sys;

include "draw.m";

Uuencode: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

LINE:	con 45;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(argv != nil)
		argv = tl argv;
	if(argv == nil || len argv > 2)
		fatal("usage: uuencode [ sourcefile ] remotefile");
	fd := sys->fildes(0);
	mode := 8r666;
	if(len argv == 2){
		fd = sys->open(hd argv, Sys->OREAD);
		if(fd == nil)
			fatal(sys->sprint("cannot open %s", hd argv));
		(ok, d) := sys->fstat(fd);
		if(ok < 0)
			fatal(sys->sprint("cannot stat %s: %r", hd argv));
		if(d.mode & Sys->DMDIR)
			fatal("cannot uuencode a directory");
		mode = d.mode;
		argv = tl argv;
	}
	sys->print("begin %o %s\n", mode, hd argv);
	encode(fd);
	sys->print("end\n");
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "%s\n", s);
	exit;
}

char(v: int): byte
{
	return byte ((v & 16r3f) + ' ');
}

encode(fd: ref Sys->FD)
{
	out := sys->fildes(1);
	in := array[LINE] of byte;
	line := array[1 + 4*LINE/3 + 1] of byte;
	for(;;){
		n := sys->read(fd, in, LINE);
		if(n < 0)
			fatal("cannot read input file: %r");
		if(n == 0)
			break;
		k := 0;
		line[k++] = char(n);
		for(j := 0; j < n; j += 3){
			a := int in[j];
			b := 0;
			if(j+1 < n)
				b = int in[j+1];
			c := 0;
			if(j+2 < n)
				c = int in[j+2];
			line[k++] = char(a >> 2);
			line[k++] = char(a << 4 | b >> 4);
			line[k++] = char(b << 2 | c >> 6);
			line[k++] = char(c);
		}
		line[k++] = byte '\n';
		if(sys->write(out, line, k) != k)
			fatal("bad write to output: %r");
	}
	line[0] = char(0);
	line[1] = byte '\n';
	if(sys->write(out, line, 2) != 2)
		fatal("bad write to output: %r");
}
