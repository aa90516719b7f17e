implement Tail;

# tail [-n N] [-c N] [-f] [-r] [+-N[lbc][fr]] [file]: print the end of a
# file (or of standard input): its last N lines (10 by default), or with c
# the last N bytes, or with b the last N kilobytes. +N starts instead at
# line (or byte) N from the beginning. r prints the lines in reverse
# order (by default all of them); f keeps reading as the file grows.
# Problems are reported and, as in the original, leave the status alone.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Tail: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

BLOCK: con 8*1024;

count := 10;
counted := 0;		# a count was given
fromstart := 0;		# +N
inbytes := 0;		# count bytes, not lines
reversed := 0;
follow := 0;
seekable := 0;		# a named file, not empty, that can be read from its end

in: ref Sys->FD;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(sys->fildes(2), "tail: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	if(argv != nil)
		argv = tl argv;
	argv = options(argv);
	if(reversed && (inbytes || follow || fromstart))
		fail("incompatible options");
	if(!counted && reversed)
		count = Sys->Maxint;
	if(fromstart && !inbytes && count > 0)
		count--;	# +1 is the first line: skip none
	if(len argv > 1)
		usage();
	if(argv == nil || hd argv == "-")
		in = sys->fildes(0);
	else{
		in = sys->open(hd argv, Sys->OREAD);
		if(in == nil)
			fatal(hd argv);
		(ok, d) := sys->fstat(in);
		seekable = ok >= 0 && d.length > big 0 && sys->seek(in, big 0, Sys->SEEKSTART) == big 0;
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(fromstart){
		skip();
		copy();
	}else
		last(readall());
	if(follow)
		for(;;){
			sys->sleep(5000);
			rewindiftruncated();
			copy();
		}
}

usage()
{
	sys->fprint(sys->fildes(2), "usage: tail [-n N] [-c N] [-f] [-r] [+-N[bc][fr]] [file]\n");
	exit;
}

fail(msg: string)
{
	sys->fprint(sys->fildes(2), "tail: %s\n", msg);
	exit;
}

fatal(what: string)
{
	sys->fprint(sys->fildes(2), "tail: %s: %r\n", what);
	exit;
}

options(args: list of string): list of string
{
	for(; args != nil; args = tl args){
		a := hd args;
		if(number(a)){
			suffix(a);
			continue;
		}
		if(len a < 2 || a[0] != '-')
			break;
		case a[1] {
		'c' or 'n' =>
			inbytes = a[1] == 'c';
			if(len a > 2 && number(a[2:]))
				;
			else if(tl args != nil && number(hd tl args))
				args = tl args;
			else
				usage();
		'r' =>
			reversed = 1;
		'f' =>
			follow = 1;
		'-' =>
			# as the original: the argument after -- goes too
			args = tl args;
			if(args == nil)
				return nil;
		}
		# as the original, another option is passed over
	}
	return args;
}

# If s starts with an optionally signed number, take it as the count.
number(s: string): int
{
	i := 0;
	if(i < len s && (s[i] == '+' || s[i] == '-'))
		i++;
	if(i >= len s || s[i] < '0' || s[i] > '9')
		return 0;
	if(counted++)
		fail("excess option");
	if(s[0] == '+')
		fromstart = 1;
	n := 0;
	for(; i < len s && s[i] >= '0' && s[i] <= '9'; i++){
		n = n*10 + s[i] - '0';
		if(n < 0)
			fail("too big");
	}
	count = n;
	return 1;
}

# The letters after the number in +-N[lbc][fr].
suffix(s: string)
{
	i := 0;
	if(s[0] == '+' || s[0] == '-')
		i++;
	while(i < len s && s[i] >= '0' && s[i] <= '9')
		i++;
	if(i < len s)
		case s[i] {
		'b' =>
			count *= 1024;
			if(count < 0)
				fail("too big");
			inbytes = 1;
			i++;
		'c' =>
			inbytes = 1;
			i++;
		'l' =>
			i++;
		}
	if(i < len s)
		case s[i] {
		'r' =>
			reversed = 1;
			i++;
		'f' =>
			follow = 1;
			i++;
		}
	if(i < len s)
		usage();
}

read(buf: array of byte): int
{
	n := sys->read(in, buf, len buf);
	if(n < 0)
		fatal("read");
	return n;
}

write(b: array of byte)
{
	if(out.write(b, len b) != len b)
		fatal("write");
}

copy()
{
	buf := array[BLOCK] of byte;
	while((n := read(buf)) > 0)
		write(buf[0:n]);
	out.flush();
}

# Read past the first count bytes or lines.
skip()
{
	buf := array[BLOCK] of byte;
	while(count > 0){
		n := read(buf);
		if(n == 0)
			return;
		if(inbytes){
			if(n > count){
				write(buf[count:n]);
				count = 0;
			}else
				count -= n;
			continue;
		}
		for(i := 0; i < n && count > 0; i++)
			if(buf[i] == byte '\n')
				count--;
		if(count == 0)
			write(buf[i:n]);
	}
}

readall(): array of byte
{
	data := array[BLOCK] of byte;
	size := 0;
	for(;;){
		if(size == len data){
			bigger := array[2 * len data] of byte;
			bigger[0:] = data;
			data = bigger;
		}
		n := read(data[size:]);
		if(n == 0)
			break;
		size += n;
	}
	return data[0:size];
}

# Print the end of data as asked.
last(data: array of byte)
{
	if(inbytes){
		if(count < len data)
			data = data[len data - count:];
		write(data);
		out.flush();
		return;
	}
	if(count <= 0){
		# The original's edge: no lines from the end of a named file it
		# can seek in are all of it (unless reversed).
		if(seekable && !reversed)
			write(data);
		out.flush();
		return;
	}
	# find the start of each of the last count lines, last first
	end := len data;
	if(end > 0 && data[end-1] != byte '\n' && reversed){
		whole := array[end+1] of byte;
		whole[0:] = data;
		whole[end] = byte '\n';
		data = whole;
		end++;
	}
	i := end;
	if(i > 0 && data[i-1] == byte '\n')
		i--;
	lines := 0;
	linestart := end;
	for(; i > 0 && lines < count; i--)
		if(data[i-1] == byte '\n'){
			lines++;
			if(reversed){
				write(data[i:linestart]);
				linestart = i;
			}
		}
	if(lines < count){
		# the first line of the file is wanted too
		if(reversed)
			write(data[0:linestart]);
		else
			write(data);
	}else if(!reversed)
		write(data[i+1:]);
	out.flush();
}

# A file that was cut short while being followed is read again from the start.
rewindiftruncated()
{
	(ok, d) := sys->fstat(in);
	if(ok < 0)
		return;
	pos := sys->seek(in, big 0, Sys->SEEKRELA);
	if(pos > big 0 && d.length < pos)
		sys->seek(in, big 0, Sys->SEEKSTART);
}
