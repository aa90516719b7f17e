implement Uniq;

# uniq [-udc] [file]: copy the input, writing each run of repeated lines
# once. -u: only lines that are not repeated; -d: only one copy of each
# repeated line; -c: each preceded by its count and a tab.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Uniq: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

uflag := 0;
dflag := 0;
cflag := 0;
out: ref Iobuf;

fail(status, msg: string)
{
	sys->fprint(sys->fildes(2), "%s\n", msg);
	raise "fail:"+status;
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		fail("bad module", sys->sprint("uniq: cannot load %s: %r", Bufio->PATH));
	arg := load Arg Arg->PATH;
	if(arg == nil)
		fail("bad module", sys->sprint("uniq: cannot load %s: %r", Arg->PATH));
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'u' =>	uflag = 1;
		'd' =>	dflag = 1;
		'c' =>	cflag = 1;
		* =>	fail("usage", "usage: uniq [-udc] [file]");
		}
	argv = arg->argv();
	if(len argv > 1)
		fail("usage", "usage: uniq [-udc] [file]");
	in: ref Iobuf;
	if(argv != nil){
		in = bufio->open(hd argv, Bufio->OREAD);
		if(in == nil)
			fail("open file", sys->sprint("uniq: cannot open %s: %r\n", hd argv));
	}else
		in = bufio->fopen(sys->fildes(0), Bufio->OREAD);
	if(!uflag && !dflag)
		uflag = dflag = 1;

	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	last: string;
	count := 0;
	while((s := in.gets('\n')) != nil){
		if(count > 0 && s == last)
			count++;
		else{
			run(last, count);
			last = s;
			count = 1;
		}
	}
	run(last, count);
	out.close();
}

# A run of count copies of line has ended.
run(line: string, count: int)
{
	if(count == 1 && uflag || count > 1 && dflag){
		if(cflag)
			out.puts(string count + "\t");
		out.puts(line);
	}
}
