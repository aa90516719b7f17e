implement Rsagen;

# auth/rsagen [-b bits] [-t 'attr=value ...']: a new RSA key of bits bits
# (1024 by default, at most 4096) written as one factotum key line:
# "key proto=rsa [attrs] size=N ek=.. n=.. !dk=.. !p=.. !q=.. !kp=.. !kq=..
# !c2=..", the numbers in hex. A bad command line fails with fail:usage, too
# many bits with "rsagen: bits must be no greater than 4096" and fail:error.

include "sys.m";
	sys: Sys;

include "draw.m";

include "ipints.m";
	ipints: IPints;
	IPint: import ipints;

include "crypt.m";
	crypt: Crypt;

include "arg.m";

Rsagen: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	ipints = load IPints IPints->PATH;
	crypt = load Crypt Crypt->PATH;
	arg := load Arg Arg->PATH;
	if(ipints == nil || crypt == nil || arg == nil)
		fatal(sys->sprint("cannot load modules: %r"));
	arg->init(argv);
	arg->setusage("auth/rsagen [-b bits] [-t 'attr=value attr=value ...']");
	attrs := "";
	bits := 1024;
	while((c := arg->opt()) != 0)
		case c {
		'b' =>
			bits = int arg->earg();
			if(bits <= 0)
				arg->usage();
			if(bits > 4096)
				fatal("bits must be no greater than 4096");
		't' =>
			attrs = arg->earg();
			if(attrs != nil)
				attrs = " " + attrs;
		* =>
			arg->usage();
		}
	if(arg->argv() != nil)
		arg->usage();
	sk := crypt->rsagen(bits, 6, 0);
	if(sk == nil)
		fatal("unable to generate key");
	s := sys->sprint("key proto=rsa%s size=%d", attrs, sk.pk.n.bits());
	s += hex("ek", sk.pk.ek) + hex("n", sk.pk.n) + hex("!dk", sk.dk) + hex("!p", sk.p) +
		hex("!q", sk.q) + hex("!kp", sk.kp) + hex("!kq", sk.kq) + hex("!c2", sk.c2);
	b := array of byte (s + "\n");
	if(sys->write(sys->fildes(1), b, len b) != len b)
		fatal(sys->sprint("error writing key: %r"));
}

hex(name: string, n: ref IPint): string
{
	return " " + name + "=" + n.iptostr(16);
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "rsagen: %s\n", s);
	raise "fail:error";
}
