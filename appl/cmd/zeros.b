implement Zeros;

# zeros [-r] [-v value] [blocksize [number]]: write number blocks (1) of
# blocksize bytes (1) to standard output, each byte 0, or the hex value
# given with -v; with -r every block is the same run of random bytes
# (from /dev/notquiterandom).

include "sys.m";
	sys: Sys;

include "draw.m";

include "string.m";
	str: String;

include "arg.m";

Zeros: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	str = load String String->PATH;
	arg := load Arg Arg->PATH;
	if(str == nil || arg == nil)
		return;
	random := 0;
	value := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'r' =>	random = 1;
		'v' =>	(value, nil) = str->toint(arg->arg(), 16);
		* =>	raise sys->sprint("fail:unknown option (%c)\n", c);
		}
	argv = arg->argv();
	size := 1;
	count := 1;
	if(argv != nil){
		size = int hd argv;
		if(tl argv != nil)
			count = int hd tl argv;
	}
	if(size == 0 || count == 0){
		sys->fprint(sys->fildes(2), "usage: zeros [-r] [-v value] blocksize [number]\n");
		raise "fail:usage";
	}
	block := array[size] of {* => byte value};
	if(random && !randomise(block))
		raise "fail:no security module\n";
	out := sys->fildes(1);
	for(i := 0; i < count; i++)
		sys->write(out, block, size);
}

randomise(block: array of byte): int
{
	fd := sys->open("/dev/notquiterandom", Sys->OREAD);
	if(fd == nil)
		return 0;
	for(n := 0; n < len block; ){
		r := sys->read(fd, block[n:], len block - n);
		if(r <= 0)
			return 0;
		n += r;
	}
	return 1;
}
