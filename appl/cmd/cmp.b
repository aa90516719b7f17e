implement Cmp;

# cmp [-lsL] file1 file2 [offset1 [offset2]]: compare two files byte by
# byte, from the given offsets. Prints where they first differ (-L: with
# the line number), or with -l every differing byte; -s prints nothing.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Cmp: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

BUFSIZE: con 64*1024;

stderr: ref Sys->FD;
silent := 0;

usage()
{
	sys->fprint(stderr, "Usage: cmp [-lsL] file1 file2 [offset1 [offset2] ]\n");
	raise "fail:usage";
}

# Reads a file in blocks, keeping the unconsumed rest of the last block.
Input: adt {
	name:	string;
	fd:	ref Sys->FD;
	buf:	array of byte;
	left:	array of byte;

	fill:	fn(in: self ref Input, done: big);
};

Input.fill(in: self ref Input, done: big)
{
	if(len in.left > 0)
		return;
	n := sys->read(in.fd, in.buf, len in.buf);
	if(n < 0){
		if(!silent)
			sys->print("error on %s after %bd bytes\n", in.name, done);
		raise "fail:read error";
	}
	in.left = in.buf[0:n];
}

openat(name: string, offset: string, which: int): ref Input
{
	fd := sys->open(name, Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "cmp: can't open %s: %r\n", name);
		raise "fail:open";
	}
	if(offset != nil && sys->seek(fd, big offset, Sys->SEEKSTART) < big 0){
		# as in the original, the second message has no newline
		if(which == 1)
			sys->fprint(stderr, "cmp: seek by offset1 failed: %r\n");
		else
			sys->fprint(stderr, "cmp: seek by offset2 failed: %r");
		raise "fail:seek " + string which;
	}
	return ref Input(name, fd, array[BUFSIZE] of byte, nil);
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "cmp: cannot load %s: %r\n", Arg->PATH);
		raise "fail:load";
	}
	everybyte := 0;
	withlines := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'l' =>	everybyte = 1;
		'L' =>	withlines = 1;
		's' =>	silent = 1;
		* =>	usage();
		}
	argv = arg->argv();
	if(len argv < 2 || len argv > 4)
		usage();
	offsets := array[2] of string;
	for(i := 0; i < len argv - 2; i++)
		offsets[i] = nth(argv, i+2);
	a := openat(hd argv, offsets[0], 1);
	b := openat(hd tl argv, offsets[1], 2);

	done := big 0;		# bytes compared so far
	line := big 1;
	differ := 0;
	for(;;){
		a.fill(done);
		b.fill(done);
		n := len a.left;
		if(len b.left < n)
			n = len b.left;
		if(n == 0)
			break;
		for(i = 0; i < n; i++){
			if(withlines && a.left[i] == byte '\n')
				line++;
			if(a.left[i] == b.left[i])
				continue;
			pos := done + big (i+1);
			if(!everybyte){
				if(!silent){
					sys->print("%s %s differ: char %bd", a.name, b.name, pos);
					if(withlines)
						sys->print(" line %bd", line);
					sys->print("\n");
				}
				raise "fail:differ";
			}
			sys->print("%6bd 0x%.2x 0x%.2x\n", pos, int a.left[i], int b.left[i]);
			differ = 1;
		}
		done += big n;
		a.left = a.left[n:];
		b.left = b.left[n:];
	}
	if(len a.left != len b.left){
		shorter := a.name;
		if(len a.left > len b.left)
			shorter = b.name;
		sys->print("EOF on %s after %bd bytes\n", shorter, done);
		raise "fail:EOF";
	}
	if(differ)
		raise "fail:differ";
}

nth(l: list of string, n: int): string
{
	for(; n > 0; n--)
		l = tl l;
	return hd l;
}
