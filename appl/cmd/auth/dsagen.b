implement Dsagen;

# auth/dsagen [-t 'attr=value ...']: a new DSA key written as one factotum key
# line: "key proto=dsa [attrs] p=.. q=.. alpha=.. key=.. !secret=..", the
# numbers in hex. A bad command line fails with fail:usage.

include "sys.m";
	sys: Sys;

include "draw.m";

include "ipints.m";
	ipints: IPints;
	IPint: import ipints;

include "crypt.m";
	crypt: Crypt;

include "arg.m";

Dsagen: module
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
	arg->setusage("auth/dsagen [-t 'attr=value attr=value ...']");
	attrs := "";
	while((c := arg->opt()) != 0)
		case c {
		't' =>
			attrs = arg->earg();
			if(attrs != nil)
				attrs = " " + attrs;
		* =>
			arg->usage();
		}
	if(arg->argv() != nil)
		arg->usage();
	sk := crypt->dsagen(nil);
	if(sk == nil)
		fatal("unable to generate key");
	s := "key proto=dsa" + attrs + hex("p", sk.pk.p) + hex("q", sk.pk.q) +
		hex("alpha", sk.pk.alpha) + hex("key", sk.pk.key) + hex("!secret", sk.secret);
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
	sys->fprint(sys->fildes(2), "dsagen: %s\n", s);
	raise "fail:error";
}
