implement Gzip;

# gzip [-vD1-9] [file ...]: compress each file into file.gz in the current
# directory, removing the file when that succeeded (and the .gz when it did
# not); with no files, standard input to standard output. -1 to -9 choose
# speed or compression (6), -v reports the saving, -D debugging. Problems
# are reported and, as in the original, leave the status alone.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "filter.m";
	deflate: Filter;

Gzip: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
level := 6;
verbose := 0;
debug := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		nomodule(Bufio->PATH);
	deflate = load Filter Filter->DEFLATEPATH;
	if(deflate == nil)
		nomodule(Filter->DEFLATEPATH);
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil; argv = tl argv){
		a := hd argv;
		if(len a < 2 || a[0] != '-')
			break;
		if(a == "--"){
			argv = tl argv;
			break;
		}
		for(i := 1; i < len a; i++)
			case a[i] {
			'D' =>	debug++;
			'v' =>	verbose++;
			'1' to '9' =>	level = a[i] - '0';
			* =>
				sys->fprint(stderr, "usage: gzip [-vD1-9] [file ...]\n");
				raise "fail:usage";
			}
	}
	deflate->init();
	if(argv == nil){
		in := bufio->fopen(sys->fildes(0), Bufio->OREAD);
		out := bufio->fopen(sys->fildes(1), Bufio->OWRITE);
		gzip(in, out, "stdin", "stdout");
		out.close();
	}
	for(; argv != nil; argv = tl argv)
		gzipfile(hd argv);
}

nomodule(path: string)
{
	sys->fprint(stderr, "gzip: cannot load %s: %r\n", path);
	raise "fail:bad module";
}

gzipfile(name: string)
{
	in := bufio->open(name, Bufio->OREAD);
	if(in == nil){
		sys->fprint(stderr, "gzip: can't open %s: %r\n", name);
		return;
	}
	target := name;
	for(i := len name - 1; i >= 0; i--)
		if(name[i] == '/'){
			target = name[i+1:];
			break;
		}
	target += ".gz";
	out := bufio->create(target, Bufio->OWRITE, 8r666);
	if(out == nil){
		sys->fprint(stderr, "gzip: can't open %s: %r\n", target);
		in.close();
		return;
	}
	ok := gzip(in, out, name, target);
	out.close();
	in.close();
	if(ok)
		sys->remove(name);
	else
		sys->remove(target);
}

gzip(in, out: ref Iobuf, src, dst: string): int
{
	param := "h" + string level;
	if(debug)
		param += "dv";
	read := 0;
	written := 0;
	rq := deflate->start(param);
	for(;;)
		pick m := <-rq {
		Fill =>
			n := in.read(m.buf, len m.buf);
			m.reply <-= n;
			if(n < 0){
				sys->fprint(stderr, "gzip: error reading %s: %r\n", src);
				return 0;
			}
			read += n;
		Result =>
			n := len m.buf;
			if(out.write(m.buf, n) != n){
				sys->fprint(stderr, "gzip: error writing %s: %r\n", dst);
				m.reply <-= -1;
				return 0;
			}
			m.reply <-= 0;
			written += n;
		Info =>
			sys->fprint(stderr, "%s\n", m.msg);
		Finished =>
			if(verbose){
				saved := 0.0;
				if(read > 0)
					saved = 1.0 - real written / real read;
				sys->fprint(stderr, "%s: %5.2f%%\n", src, saved * 100.0);
			}
			return 1;
		Error =>
			sys->fprint(stderr, "gzip: error compressing %s: %s\n", src, m.e);
			return 0;
		}
}
