implement Bytes;

# bytes start end [bytes]: show standard input's bytes from offset start up to
# end as UTF-8 text (a backslash doubled, a byte that is not part of a
# character as \XX), or, given bytes, copy standard input to standard output
# with that range replaced by them. "end" for either offset means the end of
# the input. Like the original, the showing form reports each read on
# standard error ("bytes: read N bytes", then "out of loop"), and it reads in
# blocks of Sys->ATOMICIO bytes, a block that ends before start being passed
# over without being counted. Errors: a bad command line (fail:usage), end
# before start (fail:bad range), a bad backslash sequence in bytes
# (fail:bad args).

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Bytes: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# The offset that stands for "end".
ALL: con 16r7fffffff;

input, output: ref Iobuf;
errfd: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	errfd = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(errfd, "bytes: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	input = bufio->fopen(sys->fildes(0), Sys->OREAD);
	output = bufio->fopen(sys->fildes(1), Sys->OWRITE);
	if(len argv < 3)
		usage();
	argv = tl argv;
	first := offset(hd argv);
	argv = tl argv;
	last := offset(hd argv);
	argv = tl argv;
	if(last < first){
		sys->fprint(errfd, "bytes: out of order range\n");
		raise "fail:bad range";
	}
	if(argv == nil)
		show(first, last);
	else if(tl argv != nil)
		usage();
	else
		replace(first, last, unescape(hd argv));
	output.close();
}

usage()
{
	sys->fprint(errfd, "usage: bytes start end [bytes]\n");
	raise "fail:usage";
}

offset(s: string): int
{
	if(s == "end")
		return ALL;
	return int s;
}

# Shows the bytes of [first, last) of the input.
show(first, last: int)
{
	buf := array[Sys->ATOMICIO] of byte;
	held := array[Sys->UTFmax] of byte;
	nheld := 0;
	seen := 0;
	for(;;){
		if(seen >= last)
			break;
		n := input.read(buf[nheld:], len buf - nheld);
		if(n <= 0)
			break;
		sys->fprint(errfd, "bytes: read %d bytes\n", n);
		if(seen + n < first)
			continue;
		lo := 0;
		if(first > seen)
			lo = first - seen;
		hi := n;
		if(seen + n > last)
			hi = last - seen;
		nheld = showtext(buf[lo:hi], held);
		buf[0:] = held[0:nheld];
		seen += n - nheld;
	}
	sys->fprint(errfd, "out of loop\n");
	for(i := 0; i < nheld; i++)
		showbyte(held[i]);
}

# Writes the characters of b; an incomplete character at its end is kept in
# held, and its length returned.
showtext(b: array of byte, held: array of byte): int
{
	for(i := 0; i < len b; ){
		(c, n, ok) := sys->byte2char(b, i);
		if(n == 0 && !ok){
			held[0:] = b[i:];
			return len b - i;
		}
		if(ok && n > 0){
			if(c == '\\')
				output.putc('\\');
			output.putc(c);
		}else{
			showbyte(b[i]);
			n = 1;
		}
		i += n;
	}
	return 0;
}

showbyte(b: byte)
{
	output.puts(sys->sprint("\\%2.2X", int b));
}

# Copies the input with [first, last) replaced by new.
replace(first, last: int, new: array of byte)
{
	buf := array[Sys->ATOMICIO] of byte;
	seen := 0;
	for(;;){
		n := input.read(buf, len buf);
		if(n <= 0)
			break;
		if(seen + n < first || seen >= last){
			output.write(buf, n);
			continue;
		}
		if(seen <= first){
			output.write(buf[0:first-seen], first-seen);
			output.write(new, len new);
			if(last == ALL)
				return;
		}
		if(seen + n >= last)
			output.write(buf[last-seen:], n - (last-seen));
		seen += n;
	}
	if(seen == first || first == ALL)
		output.write(new, len new);
}

# The bytes that s stands for: its characters in UTF-8, with \n, \r, \t, \v
# and \XX (two hex digits) for single bytes.
unescape(s: string): array of byte
{
	out := array[len s * Sys->UTFmax] of byte;
	j := 0;
	for(i := 0; i < len s; i++){
		if(s[i] != '\\'){
			j += sys->char2byte(s[i], out, j);
			continue;
		}
		if(i+1 < len s && (b := escaped(s[i+1])) >= 0){
			out[j++] = byte b;
			i++;
		}else if(i+2 < len s && hexdigit(s[i+1]) >= 0 && hexdigit(s[i+2]) >= 0){
			out[j++] = byte (hexdigit(s[i+1])<<4 | hexdigit(s[i+2]));
			i += 2;
		}else{
			sys->fprint(errfd, "bytes: invalid backslash sequence\n");
			raise "fail:bad args";
		}
	}
	return out[0:j];
}

escaped(c: int): int
{
	case c {
	'n' =>	return '\n';
	'r' =>	return '\r';
	't' =>	return '\t';
	'v' =>	return '\v';
	}
	return -1;
}

hexdigit(c: int): int
{
	case c {
	'0' to '9' =>	return c - '0';
	'a' to 'f' =>	return c - 'a' + 10;
	'A' to 'F' =>	return c - 'A' + 10;
	}
	return -1;
}
