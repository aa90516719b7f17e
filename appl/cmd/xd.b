implement Xd;

# xd [-u] [-r] [-s] [-a{odx}] [-c|{b1w2l4v8}{odx}] ... [file ...]: dump
# files in octal, decimal or hexadecimal, 16 bytes a line. Each format
# gives the unit (b or 1: byte, w or 2: 2 bytes, l or 4: 4 bytes, v or 8:
# 8 bytes, big-endian) and the base; -c shows bytes as characters. Several
# formats give several lines per 16 bytes, their columns aligned. The
# default is -4x. -a sets the base of the addresses; -r shows a run of
# identical lines as one *; -s swaps the bytes of each 4-byte word; -u
# flushes output after every line.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Xd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

CHARS: con 256;		# the "base" of the -c format

Format: adt {
	size:	int;	# bytes in a unit
	base:	int;	# 8, 10, 16 or CHARS
	width:	int;	# columns for one unit
};

formats: list of Format;	# in reverse order of the options
column := array[16] of {* => 0};	# where the unit at each byte offset starts
addrbase := 16;
squeeze := 0;
swap := 0;
unbuffered := 0;
out: ref Iobuf;
stderr: ref Sys->FD;

usage()
{
	sys->fprint(stderr, "usage: xd [-u] [-r] [-s] [-a{odx}] [-c|{b1w2l4v8}{odx}] ... file ...\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(stderr, "cannot load bufio: %r\n");
		raise "fail:init";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil; argv = tl argv){
		a := hd argv;
		if(a == nil)
			continue;
		if(a[0] != '-')
			break;
		if(len a == 2){
			case a[1] {
			'c' =>	addformat(1, CHARS);
			'r' =>	squeeze = 1;
			's' =>	swap = 1;
			'u' =>	unbuffered = 1;
			* =>	usage();
			}
			continue;
		}
		if(len a != 3)
			usage();
		base := 0;
		case a[2] {
		'o' =>	base = 8;
		'd' =>	base = 10;
		'x' =>	base = 16;
		* =>	usage();
		}
		case a[1] {
		'a' =>		addrbase = base;
		'b' or '1' =>	addformat(1, base);
		'w' or '2' =>	addformat(2, base);
		'l' or '4' =>	addformat(4, base);
		'v' or '8' =>	addformat(8, base);
		* =>		usage();
		}
	}
	if(formats == nil)
		addformat(4, 16);
	if(argv == nil)
		dump(bufio->fopen(sys->fildes(0), Bufio->OREAD), nil);
	else if(tl argv == nil)
		dump(open(hd argv), nil);
	else
		for(; argv != nil; argv = tl argv)
			dump(open(hd argv), hd argv);
}

open(name: string): ref Iobuf
{
	f := bufio->open(name, Bufio->OREAD);
	if(f == nil){
		sys->fprint(stderr, "xd: cannot open %s: %r\n", name);
		raise "fail:cannot open";
	}
	return f;
}

# Columns for one unit of size bytes in base: enough for the largest value.
unitwidth(size, base: int): int
{
	case base {
	CHARS =>
		return 2;
	8 =>
		return (8*size + 2) / 3;
	10 =>
		case size {
		1 =>	return 3;
		2 =>	return 5;
		4 =>	return 10;
		}
		return 20;
	}
	return 2*size;
}

addformat(size, base: int)
{
	if(len formats >= 10){
		sys->fprint(stderr, "xd: too many formats\n");
		raise "fail:error";
	}
	width := unitwidth(size, base);
	formats = Format(size, base, width) :: formats;
	# push later columns right so that every format's units fit
	next := 0;
	for(i := 0; i < 16; i += size){
		if(column[i] < next){
			shift := next - column[i];
			for(j := i; j < 16; j++)
				column[j] += shift;
		}
		next = column[i] + width + 1;
	}
}

dump(in: ref Iobuf, title: string)
{
	if(title != nil)
		out.puts(title + "\n");
	order: list of Format;
	for(l := formats; l != nil; l = tl l)
		order = hd l :: order;
	addr := big 0;
	previous: array of byte;
	starred := 0;
	for(;;){
		line := array[16] of {* => byte 0};
		n := 0;
		while(n < 16 && (r := in.read(line[n:], 16-n)) > 0)
			n += r;
		if(swap)
			swapwords(line);
		if(n == 16 && squeeze){
			if(previous != nil && same(previous, line)){
				addr += big 16;
				if(!starred)
					out.puts("*\n");
				starred = 1;
				continue;
			}
			previous = line;
			starred = 0;
		}
		pad := '0';
		for(l = order; l != nil; l = tl l){
			out.puts(number(addr, 7, addrbase, pad) + " ");
			pad = ' ';
			units(hd l, line, n);
			out.puts("\n");
			if(unbuffered)
				out.flush();
		}
		addr += big n;
		if(n < 16){
			out.puts(number(addr, 7, addrbase, '0') + "\n");
			break;
		}
	}
	out.flush();
}

same(a, b: array of byte): int
{
	for(i := 0; i < len a; i++)
		if(a[i] != b[i])
			return 0;
	return 1;
}

# The units of one format that start among the first n bytes of line.
units(f: Format, line: array of byte, n: int)
{
	col := 0;
	for(i := 0; i < n; i += f.size){
		for(; col < column[i]; col++)
			out.putc(' ');
		text: string;
		if(f.base == CHARS)
			text = character(int line[i]);
		else{
			v := big 0;
			for(k := 0; k < f.size; k++)
				v = (v << 8) | big line[i+k];
			text = number(v, f.width, f.base, '0');
		}
		out.puts(text);
		col += len text;
	}
}

character(c: int): string
{
	case c {
	'\t' =>	return "\\t";
	'\r' =>	return "\\r";
	'\n' =>	return "\\n";
	'\b' =>	return "\\b";
	}
	if(c < ' ' || c >= 16r7f)
		return sys->sprint("%.2x", c);
	return sys->sprint("%c", c);
}

# v (as an unsigned number) in base, padded on the left with pad to width.
number(v: big, width, base: int, pad: int): string
{
	digits := "0123456789abcdef";
	s := "";
	if(v < big 0){
		# the top bit is set: halve first so that the division is unsigned
		q := ((v >> 1) & ~(big 1 << 63)) / big (base/2);
		d := int (v - q*big base);
		s = digits[d:d+1];
		v = q;
	}
	do{
		d := int (v % big base);
		s = digits[d:d+1] + s;
		v /= big base;
	}while(v > big 0);
	padding := " ";
	padding[0] = pad;
	while(len s < width)
		s = padding + s;
	return s;
}

swapwords(b: array of byte)
{
	for(i := 0; i+3 < len b; i += 4){
		(b[i], b[i+3]) = (b[i+3], b[i]);
		(b[i+1], b[i+2]) = (b[i+2], b[i+1]);
	}
}
