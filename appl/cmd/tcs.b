implement Tcs;

# tcs [-f ics] [-t ocs] [file ...]: read each file (or standard input)
# in character set ics, write it to standard output in character set ocs
# (both utf-8 unless given). tcs -l [-v] [csname]: list the character sets
# known, or the aliases of one (its standard name first).
#
# What it lacks beside the original: the character sets are a table built
# in here, not read from /lib/convcs/charsets (so no -C configfile):
# iso-8859-1 (latin1 and the original's other aliases) and utf-8 (with
# ascii, us-ascii and utf8 as aliases, as the original has them). A rune iso-8859-1
# cannot hold is written as '?', as the original's code-page writer does.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Tcs: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# One character set: its standard name, description and aliases.
Charset: adt {
	name:	string;
	desc:	string;
	aliases:	list of string;
};

LATIN1, UTF8: con iota;

charsets: array of Charset;

mkcharsets()
{
	charsets = array[] of {
		LATIN1 => Charset("iso-8859-1", "Latin-1",
			"iso_8859-1:1987" :: "iso-ir-100" :: "iso_8859-1" :: "8859_1" ::
			"iso8859-1" :: "iso8859_1" :: "latin1" :: "iso-latin-1" :: "l1" ::
			"ibm819" :: "cp819" :: nil),
		UTF8 => Charset("utf-8", "Unicode UTF-8", "ascii" :: "us-ascii" :: "utf8" :: nil),
	};
}

stderr: ref Sys->FD;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || arg == nil){
		sys->fprint(stderr, "tcs: cannot load modules: %r\n");
		raise "fail:init";
	}
	mkcharsets();
	arg->init(argv);
	arg->setusage("tcs [-l] [-v] [-f ics] [-t ocs] file ...");
	lflag := 0;
	verbose := 0;
	ics := "utf8";
	ocs := "utf8";
	while((c := arg->opt()) != 0){
		case c {
		'f' =>
			ics = arg->arg();
		't' =>
			ocs = arg->arg();
		'l' =>
			lflag = 1;
		'v' =>
			verbose = 1;
		* =>
			arg->usage();
		}
	}
	files := arg->argv();
	out = bufio->fopen(sys->fildes(1), Sys->OWRITE);
	if(lflag){
		if(files != nil)
			listaliases(hd files, verbose);
		else
			listcharsets(verbose);
		out.flush();
		return;
	}
	outset := lookup(ocs);
	inset := lookup(ics);
	if(files == nil)
		convert(sys->fildes(0), "standard input", inset, outset);
	for(; files != nil; files = tl files){
		fd := sys->open(hd files, Sys->OREAD);
		if(fd == nil){
			sys->fprint(stderr, "tcs: cannot open %s: %r\n", hd files);
			raise "fail:open";
		}
		convert(fd, hd files, inset, outset);
	}
}

# The index in charsets of the set called name (any case), or an error.
lookup(name: string): int
{
	n := lower(name);
	for(i := 0; i < len charsets; i++){
		if(charsets[i].name == n)
			return i;
		for(a := charsets[i].aliases; a != nil; a = tl a)
			if(hd a == n)
				return i;
	}
	sys->fprint(stderr, "tcs: %s: unknown charset %s\n", name, n);
	raise "fail:badarg";
}

lower(s: string): string
{
	for(i := 0; i < len s; i++)
		if(s[i] >= 'A' && s[i] <= 'Z')
			s[i] += 'a' - 'A';
	return s;
}

convert(fd: ref Sys->FD, name: string, inset, outset: int)
{
	buf := array[Sys->ATOMICIO] of byte;
	kept := 0;	# bytes of an unfinished UTF-8 sequence carried over
	n: int;
	while((n = sys->read(fd, buf[kept:], len buf - kept)) > 0){
		n += kept;
		used := n;
		if(inset == UTF8)
			used = sys->utfbytes(buf, n);
		write(decode(inset, buf[0:used]), outset);
		kept = n - used;
		buf[0:] = buf[used:n];
	}
	if(n < 0){
		sys->fprint(stderr, "tcs: error reading %s: %r\n", name);
		raise "fail:read error";
	}
	if(out.flush() != 0){
		sys->fprint(stderr, "tcs: write error: %r\n");
		raise "fail:write error";
	}
}

decode(inset: int, b: array of byte): string
{
	if(inset == UTF8)
		return string b;
	s := "";
	for(i := 0; i < len b; i++)
		s[i] = int b[i];
	return s;
}

write(s: string, outset: int)
{
	if(outset == UTF8){
		out.puts(s);
		return;
	}
	for(i := 0; i < len s; i++){
		c := s[i];
		if(c > 16rFF)
			c = '?';
		out.putb(byte c);
	}
}

listcharsets(verbose: int)
{
	for(i := 0; i < len charsets; i++){
		if(verbose)
			out.puts(charsets[i].name + "\t" + charsets[i].desc + "\n");
		else {
			if(i > 0)
				out.putc(' ');
			out.puts(charsets[i].name);
		}
	}
	if(!verbose)
		out.putc('\n');
}

listaliases(name: string, verbose: int)
{
	n := lower(name);
	for(i := 0; i < len charsets; i++){
		cs := charsets[i];
		found := cs.name == n;
		for(a := cs.aliases; a != nil && !found; a = tl a)
			found = hd a == n;
		if(found){
			if(verbose)
				out.puts(cs.desc + "\n");
			out.puts(cs.name);
			for(l := cs.aliases; l != nil; l = tl l)
				out.puts(" " + hd l);
			out.putc('\n');
			return;
		}
	}
	sys->fprint(stderr, "unknown charset %s\n", n);
}
