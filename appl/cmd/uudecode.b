implement Uudecode;

# uudecode [-p] [encodedfile ...]: decode uuencoded files (standard input
# if none), skipping lines before "begin MODE NAME", into file NAME (a
# leading ~ is /usr/) given MODE, or with -p onto standard output.
# Problems are reported and, as in the original, leave the status alone.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "string.m";
	str: String;

Uudecode: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

LINE:	con 45;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	str = load String String->PATH;
	if(bufio == nil || str == nil)
		fatal(sys->sprint("cannot load modules: %r"));
	if(argv != nil)
		argv = tl argv;
	stdout := 0;
	if(argv != nil && hd argv == "-p"){
		stdout = 1;
		argv = tl argv;
	}
	if(argv == nil)
		decode(sys->fildes(0), stdout);
	for(; argv != nil; argv = tl argv){
		fd := sys->open(hd argv, Sys->OREAD);
		if(fd == nil)
			fatal(sys->sprint("cannot open %s", hd argv));
		decode(fd, stdout);
	}
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "%s\n", s);
	exit;
}

value(c: byte): int
{
	return (int c - ' ') & 16r3f;
}

decode(fd: ref Sys->FD, stdout: int)
{
	in := bufio->fopen(fd, Bufio->OREAD);
	name: string;
	mode := 0;
	while((s := in.gets('\n')) != nil)
		if(len s >= 6 && s[0:6] == "begin "){
			(n, f) := sys->tokenize(s, " \n");
			if(n < 3)
				fatal("bad begin line");
			(mode, nil) = str->toint(hd tl f, 8);
			name = hd tl tl f;
			break;
		}
	if(name == nil)
		fatal("no begin line");
	out: ref Sys->FD;
	if(stdout)
		out = sys->fildes(1);
	else{
		if(name[0] == '~')
			name = "/usr/" + name[1:];
		out = sys->create(name, Sys->OWRITE, 8r666);
		if(out == nil)
			fatal(sys->sprint("cannot create %s: %r", name));
	}
	bytes := array[LINE] of byte;
	while((s = in.gets('\n')) != nil){
		b := array of byte s;
		n := value(b[0]);
		if(n == 0 && (len b != 2 || b[1] != byte '\n'))
			fatal("bad 0 count line");
		if(n == 0)
			break;
		if(n > LINE)
			fatal("too many bytes on line");
		least := 4*(n/3) + 2;
		most := least;
		case n % 3 {
		1 =>	least += 2; most += 4;
		2 =>	least += 3; most += 4;
		}
		if(len b < least || len b > most)
			fatal("bad uuencode count");
		k := 0;
		for(j := 1; k < n; j += 4){
			bytes[k++] = byte (value(b[j]) << 2 | value(b[j+1]) >> 4);
			if(k < n)
				bytes[k++] = byte (value(b[j+1]) << 4 | value(b[j+2]) >> 2);
			if(k < n)
				bytes[k++] = byte (value(b[j+2]) << 6 | value(b[j+3]));
		}
		if(sys->write(out, bytes, k) != k)
			fatal("bad write to output: %r");
	}
	s = in.gets('\n');
	if(s == nil || len s < 4 || s[0:4] != "end\n")
		fatal("missing end line");
	if(!stdout){
		d := sys->nulldir;
		d.mode = mode;
		if(sys->fwstat(out, d) < 0)
			fatal(sys->sprint("cannot wstat %s: %r", name));
	}
}
