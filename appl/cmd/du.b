implement Du;

# du [-anstu] [-b blocksize] [file ...]: the space used by each file and,
# recursively, each directory below it, in kilobytes rounded up to whole
# blocks (1024 bytes unless -b, which takes a k suffix for kilobytes).
#	-a	every file, not just directories
#	-s	only each named file's total
#	-n	only names (implies -a); with -t, name, time, size and a
#		checksum field that is always 0
#	-t	the modification time instead of the size
#	-u	the access time instead of the size
# A directory already counted (by qid) is not entered again. Problems are
# reported as "du: can't stat NAME: ERROR" and do not change the status.

include "sys.m";
	sys: Sys;

include "draw.m";

include "readdir.m";
	readdir: Readdir;

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Du: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

all, namesonly, summary, times, atimes: int;
blocksize := big 1024;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	readdir = load Readdir Readdir->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || readdir == nil || arg == nil){
		sys->fprint(sys->fildes(2), "du: load Error: %r\n");
		raise "fail:can't load";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	arg->init(argv);
	arg->setusage("du [-anstu] [-b bsize] [file ...]");
	while((c := arg->opt()) != 0)
		case c {
		'a' =>	all = 1;
		'n' =>	namesonly = all = 1;
		's' =>	summary = 1;
		't' =>	times = 1;
		'u' =>	atimes = times = 1;
		'b' =>
			s := arg->earg();
			blocksize = big s;
			if(s != "" && s[len s - 1] == 'k')
				blocksize *= big 1024;
			if(blocksize <= big 0)
				blocksize = big 1;
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		argv = "." :: nil;
	for(; argv != nil; argv = tl argv)
		named(hd argv);
	out.flush();
}

warn(why, name: string)
{
	sys->fprint(sys->fildes(2), "du: %s %q: %r\n", why, name);
}

named(name: string)
{
	(ok, d) := sys->stat(name);
	if(ok < 0){
		warn("can't stat", name);
		return;
	}
	if(d.mode & Sys->DMDIR){
		d.length = directory(name);
		if(namesonly && !summary)
			return;
	}
	report(name, ref d);
}

# Directories entered so far, by qid path, device type and device.
entered: list of ref Sys->Dir;

seen(d: ref Sys->Dir): int
{
	for(l := entered; l != nil; l = tl l){
		e := hd l;
		if(e.qid.path == d.qid.path && e.dtype == d.dtype && e.dev == d.dev)
			return 1;
	}
	entered = d :: entered;
	return 0;
}

# The bytes in directory name and below, reporting what is asked for.
directory(name: string): big
{
	prefix := name + "/";
	if(name == ".")
		prefix = "";
	(a, n) := readdir->init(name, Readdir->NAME);
	if(n < 0)
		warn("can't read", name);
	total := big 0;
	for(i := 0; i < n; i++){
		d := a[i];
		path := prefix + d.name;
		if(d.mode & Sys->DMDIR){
			if(seen(d))
				continue;
			d.length = directory(path);
			total += d.length;
			if(!summary && !namesonly)
				report(path, d);
		}else{
			total += d.length;
			if(all)
				report(path, d);
		}
	}
	return total;
}

report(name: string, d: ref Sys->Dir)
{
	t := d.mtime;
	if(atimes)
		t = d.atime;
	if(namesonly && times)
		out.puts(sys->sprint("%q %ud %bd 0\n", name, t, d.length));
	else if(namesonly)
		out.puts(sys->sprint("%q\n", name));
	else if(times)
		out.puts(sys->sprint("%ud %q\n", t, name));
	else
		out.puts(sys->sprint("%-4bd %q\n", kilobytes(d.length), name));
}

kilobytes(n: big): big
{
	return (n + blocksize - big 1) / blocksize * blocksize / big 1024;
}
