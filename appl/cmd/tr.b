implement Tr;

# tr [-cds] [string1 [string2]]: copy standard input to standard output,
# changing characters of string1 into the characters of string2 in the
# same places (string2 padded with its last character), or with -d
# deleting them. -c takes instead every character not in string1, in
# order of code; -s squeezes a run of one output character of string2
# into one. In a string a-z is a range, \ooo (1-3 octal digits) and
# \xhhhhhh (1-6 hex digits) a character by code, \c the character c.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Tr: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
in, out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || arg == nil){
		sys->fprint(stderr, "tr: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	complement := 0;
	delete := 0;
	squeeze := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'c' =>	complement = 1;
		'd' =>	delete = 1;
		's' =>	squeeze = 1;
		* =>	usage();
		}
	argv = arg->argv();
	nargs := len argv;
	if(nargs > 2)
		usage();
	from, into: array of int;
	if(argv != nil)
		from = expand(hd argv);
	if(nargs == 2)
		into = expand(hd tl argv);
	in = bufio->fopen(sys->fildes(0), Bufio->OREAD);
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(delete){
		if(nargs != 1 + squeeze)
			usage();
		deleting(from, into, complement);
	}else{
		if(nargs != 2)
			usage();
		map: array of int;
		if(complement)
			map = complementmap(from, into);
		else
			map = forwardmap(from, into);
		translate(map, set(into), squeeze);
	}
	if(out.flush() == Bufio->ERROR)
		error(sys->sprint("write error: %r"));
}

usage()
{
	sys->fprint(stderr, "Usage: tr [-sdc] [from-set [to-set]]\n");
	raise "fail: usage";
}

error(s: string)
{
	sys->fprint(stderr, "tr: %s\n", s);
	raise "fail: error";
}

# The characters a string stands for, ranges and escapes expanded.
expand(s: string): array of int
{
	a := array[len s] of int;
	n := 0;
	i := 0;
	while(i < len s){
		if(s[i] == '-' && n > 0 && i+1 < len s){
			last: int;
			(last, i) = character(s, i+1);
			if(last < a[n-1])
				error("Invalid range specification");
			for(c := a[n-1] + 1; c <= last; c++){
				if(n == len a)
					a = grow(a);
				a[n++] = c;
			}
			continue;
		}
		if(n == len a)
			a = grow(a);
		(a[n++], i) = character(s, i);
	}
	return a[0:n];
}

grow(a: array of int): array of int
{
	b := array[2 * len a + 16] of int;
	b[0:] = a;
	return b;
}

# The character at s[i], with escapes, and the index after it.
character(s: string, i: int): (int, int)
{
	c := s[i++];
	if(c != '\\' || i == len s)
		return (c, i);
	c = s[i++];
	if(c == 'x'){
		(n, j) := digits(s, i, 6, 16);
		if(j == i)
			return ('x', i);
		return (n, j);
	}
	if(c >= '0' && c <= '7'){
		(n, j) := digits(s, i-1, 3, 8);
		if(n > 8r377)
			error("char>0377");
		return (n, j);
	}
	return (c, i);
}

# The number in base in up into most digits of s from i, and the index after.
digits(s: string, i, most, base: int): (int, int)
{
	n := 0;
	for(k := 0; k < most && i < len s; k++){
		d := digit(s[i]);
		if(d < 0 || d >= base)
			break;
		n = n*base + d;
		i++;
	}
	return (n, i);
}

digit(c: int): int
{
	if(c >= '0' && c <= '9')
		return c - '0';
	if(c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if(c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

highest(a: array of int): int
{
	h := 0;
	for(i := 0; i < len a; i++)
		if(a[i] > h)
			h = a[i];
	return h;
}

# Membership of the characters of a, indexed by code up into its highest.
set(a: array of int): array of byte
{
	s := array[highest(a) + 1] of {* => byte 0};
	for(i := 0; i < len a; i++)
		s[a[i]] = byte 1;
	return s;
}

member(s: array of byte, c: int): int
{
	return c >= 0 && c < len s && s[c] != byte 0;
}

# from[i] into into[i], into padded with its last character (or NUL if empty);
# the map's last entry is what characters beyond it become (themselves).
forwardmap(from, into: array of int): array of int
{
	map := array[highest(from) + 2] of int;
	for(c := 0; c < len map; c++)
		map[c] = c;
	map[len map - 1] = -1;
	done := array[len map] of {* => byte 0};
	pad := 0;
	for(i := 0; i < len from; i++){
		if(i < len into)
			pad = into[i];
		c := from[i];
		if(done[c] != byte 0 && map[c] != pad)
			error("ambiguous translation");
		done[c] = byte 1;
		map[c] = pad;
	}
	return map;
}

# Each character not in from, in order of code, into the next of into, padded
# with its last; characters beyond the highest of both become the last
# one given.
complementmap(from, into: array of int): array of int
{
	high := highest(from);
	if(highest(into) > high)
		high = highest(into);
	in := set(from);
	map := array[high + 2] of int;
	next := 0;
	pad := 0;
	for(c := 0; c <= high; c++){
		if(member(in, c)){
			map[c] = c;
			continue;
		}
		if(next < len into)
			pad = into[next++];
		map[c] = pad;
	}
	map[high + 1] = pad;
	return map;
}

translate(map: array of int, squeezed: array of byte, squeeze: int)
{
	beyond := map[len map - 1];
	previous := -1;
	while((c := in.getc()) >= 0){
		if(c < len map - 1)
			c = map[c];
		else if(beyond >= 0)
			c = beyond;
		if(squeeze && c == previous && member(squeezed, c))
			continue;
		previous = c;
		out.putc(c);
	}
}

deleting(from, squeezeset: array of int, complement: int)
{
	gone := set(from);
	squeezed := set(squeezeset);
	previous := -1;
	while((c := in.getc()) >= 0){
		if(member(gone, c) != complement)
			continue;
		if(c == previous && member(squeezed, c))
			continue;
		previous = c;
		out.putc(c);
	}
}
