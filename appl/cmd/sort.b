implement Sort;

# sort [-nr] [file]: print the lines of the file (or standard input) in
# order: by bytes, or with -n by their leading numbers; -r reverses.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Sort: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

numeric := 0;

usage()
{
	sys->fprint(sys->fildes(2), "usage: sort [-n] [file]\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(stderr, "sort: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "sort: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	reverse := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'n' =>	numeric = 1;
		'r' =>	reverse = 1;
		* =>	usage();
		}
	argv = arg->argv();
	if(len argv > 1)
		usage();
	in: ref Iobuf;
	if(argv != nil){
		in = bufio->open(hd argv, Bufio->OREAD);
		if(in == nil){
			sys->fprint(stderr, "sort: cannot open %s: %r\n", hd argv);
			raise "fail:open file";
		}
	}else
		in = bufio->fopen(sys->fildes(0), Bufio->OREAD);

	lines := array[1024] of string;
	n := 0;
	while((s := in.gets('\n')) != nil){
		if(n == len lines){
			more := array[2 * n] of string;
			more[0:] = lines;
			lines = more;
		}
		lines[n++] = s;
	}
	lines = lines[0:n];
	mergesort(lines, array[n] of string);

	out := bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	for(i := 0; i < n; i++){
		if(reverse)
			out.puts(lines[n-1-i]);
		else
			out.puts(lines[i]);
	}
	out.close();
}

after(a, b: string): int
{
	if(numeric)
		return int a > int b;
	return a > b;
}

# Stable sort of a, with t as scratch space of the same length.
mergesort(a, t: array of string)
{
	n := len a;
	if(n < 2)
		return;
	m := n/2;
	mergesort(a[0:m], t[0:m]);
	mergesort(a[m:], t[m:]);
	t[0:] = a;
	i := 0;
	j := m;
	k := 0;
	while(i < m && j < n){
		if(after(t[i], t[j]))
			a[k++] = t[j++];
		else
			a[k++] = t[i++];
	}
	while(i < m)
		a[k++] = t[i++];
	while(j < n)
		a[k++] = t[j++];
}
