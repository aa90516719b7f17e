implement Comm;

# comm [-123] file1 file2: of two sorted files, print the lines only in
# file1, those only in file2 (after a tab), and those in both (after two
# tabs); -1, -2 and -3 leave out a column, and the tabs before the next.
# - is standard input.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Comm: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

shown := array[] of {1, 1, 1};
indent := array[] of {"", "\t", "\t\t"};
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || arg == nil){
		sys->fprint(sys->fildes(2), "comm: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("comm [-123] file1 file2");
	while((c := arg->opt()) != 0)
		case c {
		'1' to '3' =>	shown[c - '1'] = 0;
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(len argv != 2)
		arg->usage();
	if(!shown[0]){
		indent[1] = "";
		indent[2] = "\t";
	}
	if(!shown[1])
		indent[2] = indent[2][1:];
	a := input(hd argv);
	b := input(hd tl argv);
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	x := a.gets('\n');
	y := b.gets('\n');
	while(x != nil && y != nil)
		case order(x, y) {
		0 =>
			put(x, 2);
			x = a.gets('\n');
			y = b.gets('\n');
		1 =>
			put(x, 0);
			x = a.gets('\n');
		2 =>
			put(y, 1);
			y = b.gets('\n');
		}
	for(; x != nil; x = a.gets('\n'))
		put(x, 0);
	for(; y != nil; y = b.gets('\n'))
		put(y, 1);
	out.flush();
}

input(name: string): ref Iobuf
{
	b: ref Iobuf;
	if(name == "-")
		b = bufio->fopen(sys->fildes(0), Bufio->OREAD);
	else
		b = bufio->open(name, Bufio->OREAD);
	if(b == nil){
		sys->fprint(sys->fildes(2), "comm: cannot open %s: %r\n", name);
		raise "fail:open";
	}
	return b;
}

put(line: string, column: int)
{
	if(shown[column])
		out.puts(indent[column] + line);
}

# 0 if the lines are equal, 1 if x comes first, 2 if y does, comparing
# characters (newlines included).
order(x, y: string): int
{
	for(i := 0; i < len x; i++){
		if(i >= len y || x[i] < y[i])
			return 1;
		if(x[i] != y[i])
			return 2;
	}
	if(i == len y)
		return 0;
	return 2;
}
