implement Ns;

# ns [-r] [pid]: print a process's name space (by default the caller's),
# read from /prog/pid/ns, as the bind, mount and cd commands that would
# rebuild it. A mount of a network connection's data file is shown as the
# connection's remote address unless -r asks for the raw file name.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Ns: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# characters that make the shell need a word quoted
SHELLMETA: con "' \t\\$#";

usage()
{
	sys->fprint(sys->fildes(2), "usage: ns [-r] [pid]\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "ns: can't load %s: %r\n", Arg->PATH);
		raise "fail:load";
	}
	arg->init(argv);
	raw := 0;
	while((c := arg->opt()) != 0)
		case c {
		'r' =>
			raw = 1;
		* =>
			usage();
		}
	argv = arg->argv();
	if(len argv > 1)
		usage();
	pid := sys->pctl(0, nil);
	if(argv != nil)
		pid = int hd argv;
	nsfile := sys->sprint("/prog/%d/ns", pid);
	fd := sys->open(nsfile, Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "ns: can't open %s: %r\n", nsfile);
		raise "fail:open";
	}
	buf := array[2048] of byte;
	while((n := sys->read(fd, buf, len buf)) > 0){
		(nw, words) := sys->tokenize(string buf[0:n], " \n");
		if(nw < 2)
			continue;
		verb := hd words;
		words = tl words;
		if(verb == "cd"){
			sys->print("cd %s\n", quoted(hd words));
			continue;
		}
		flags := "";
		if((hd words)[0] == '-'){
			flags = hd words + " ";
			words = tl words;
		}
		if(len words < 2)
			continue;
		src := hd words;
		on := hd tl words;
		if(len src > 2 && (src[0:2] == "#/" || src[0:2] == "#U"))
			src = src[2:];
		if(on == "#M")
			on = "/";
		if(verb == "mount" && !raw)
			src = remoteaddr(src);
		sys->print("%s %s%s %s\n", verb, flags, quoted(src), quoted(on));
	}
	if(n < 0)
		sys->fprint(stderr, "ns: error reading %s: %r\n", nsfile);
}

# /net/tcp/4/data becomes tcp!host!port, from the connection's remote file.
remoteaddr(f: string): string
{
	(n, elems) := sys->tokenize(f, "/");
	if(f == nil || f[0] != '/' || n < 4)
		return f;
	netdir := hd elems;
	proto := hd tl elems;
	conv := hd tl tl elems;
	if(netdir != "net" && netdir != "net.alt" || hd tl tl tl elems != "data")
		return f;
	fd := sys->open("/"+netdir+"/"+proto+"/"+conv+"/remote", Sys->OREAD);
	if(fd == nil)
		return f;
	buf := array[256] of byte;
	r := sys->read(fd, buf, len buf);
	if(r <= 0)
		return f;
	if(buf[r-1] == byte '\n')
		r--;
	if(netdir != "net")
		proto = "/" + netdir + "/" + proto;
	return proto + "!" + string buf[0:r];
}

quoted(s: string): string
{
	plain := 1;
	for(i := 0; i < len s && plain; i++)
		for(j := 0; j < len SHELLMETA; j++)
			if(s[i] == SHELLMETA[j])
				plain = 0;
	if(plain)
		return s;
	q := "'";
	for(i = 0; i < len s; i++){
		if(s[i] == '\'')
			q[len q] = '\'';
		q[len q] = s[i];
	}
	q[len q] = '\'';
	return q;
}
