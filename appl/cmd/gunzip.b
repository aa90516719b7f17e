implement Gunzip;

# gunzip [file.gz ...]: decompress gzip files, each into a file of its
# name without .gz in the current directory, removing it when that
# succeeded; with no files, standard input to standard output. Problems
# are reported as "gunzip: ..." and make the status fail:errors.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "filter.m";
	inflate: Filter;

Gunzip: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		fatal(sys->sprint("cannot load %s: %r", Bufio->PATH));
	inflate = load Filter Filter->INFLATEPATH;
	if(inflate == nil)
		fatal(sys->sprint("cannot load %s: %r", Filter->INFLATEPATH));
	inflate->init();
	if(argv != nil)
		argv = tl argv;
	ok := 1;
	if(argv == nil){
		in := bufio->fopen(sys->fildes(0), Bufio->OREAD);
		out := bufio->fopen(sys->fildes(1), Bufio->OWRITE);
		ok = gunzip(in, out, "stdin", "stdout");
		out.close();
	}
	for(; argv != nil; argv = tl argv)
		ok &= gunzipfile(hd argv);
	if(!ok)
		raise "fail:errors";
}

fatal(msg: string)
{
	sys->fprint(stderr, "gunzip: %s\n", msg);
	raise "fail:error";
}

gunzipfile(name: string): int
{
	in := bufio->open(name, Bufio->OREAD);
	if(in == nil){
		sys->fprint(stderr, "gunzip: can't open %s: %r\n", name);
		return 0;
	}
	target := name;
	for(i := len name - 1; i >= 0; i--)
		if(name[i] == '/'){
			target = name[i+1:];
			break;
		}
	n := len target;
	if(n < 4 || target[n-3:] != ".gz"){
		sys->fprint(stderr, "gunzip: .gz extension required: %s\n", name);
		in.close();
		return 0;
	}
	target = target[0:n-3];
	out := bufio->create(target, Bufio->OWRITE, 8r666);
	if(out == nil){
		sys->fprint(stderr, "gunzip: can't open %s: %r\n", target);
		in.close();
		return 0;
	}
	ok := gunzip(in, out, name, target);
	in.close();
	out.close();
	if(ok && sys->remove(name) < 0)
		sys->fprint(stderr, "gunzip: cannot remove %s: %r\n", name);
	return ok;
}

gunzip(in, out: ref Iobuf, src, dst: string): int
{
	rq := inflate->start("h");
	for(;;)
		pick m := <-rq {
		Fill =>
			n := in.read(m.buf, len m.buf);
			m.reply <-= n;
			if(n < 0){
				sys->fprint(stderr, "gunzip: %s: read error: %r\n", src);
				return 0;
			}
		Result =>
			if(len m.buf > 0){
				if(out.write(m.buf, len m.buf) != len m.buf){
					m.reply <-= -1;
					sys->fprint(stderr, "gunzip: %s: write error: %r\n", dst);
					return 0;
				}
				m.reply <-= 0;
			}
		Finished =>
			if(out.flush() != 0){
				sys->fprint(stderr, "gunzip: %s: flush error: %r\n", dst);
				return 0;
			}
			return 1;
		Error =>
			sys->fprint(stderr, "gunzip: %s: inflate error: %s\n", src, m.e);
			return 0;
		}
}
