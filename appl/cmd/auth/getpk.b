implement Getpk;

# auth/getpk [-asu] file ...: for each Authinfo file, the SHA-1 digest in hex
# of its public key's text (-a: the text itself; -s: of the signer's key
# instead), after "file: " when there are several files, and (-u) followed by
# a space and the key's owner. A file that cannot be read is named on
# standard error and passed over; the command does not fail for it. The
# usage message says "usage: " twice, as the original's does.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "keyring.m";
	kr: Keyring;

Getpk: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	if(kr == nil)
		nomodule(Keyring->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	arg->init(argv);
	arg->setusage("usage: getpk [-asu] file...");
	(text, signer, owner) := (0, 0, 0);
	while((c := arg->opt()) != 0)
		case c {
		'a' =>	text = 1;
		's' =>	signer = 1;
		'u' =>	owner = 1;
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	several := tl argv != nil;
	for(; argv != nil; argv = tl argv){
		info := kr->readauthinfo(hd argv);
		if(info == nil){
			sys->fprint(sys->fildes(2), "getpk: cannot read %s: %r\n", hd argv);
			continue;
		}
		pk := info.mypk;
		if(signer)
			pk = info.spk;
		s := kr->pktostr(pk);
		if(!text)
			s = sha1hex(s);
		if(several)
			s = hd argv + ": " + s;
		if(owner)
			s += " " + pk.owner;
		sys->print("%s\n", s);
	}
}

nomodule(path: string)
{
	sys->fprint(sys->fildes(2), "getpk: cannot load %s: %r\n", path);
	raise "fail:bad module";
}

sha1hex(s: string): string
{
	b := array of byte s;
	d := array[Keyring->SHA1dlen] of byte;
	kr->sha1(b, len b, d, nil);
	h := "";
	for(i := 0; i < len d; i++)
		h += sys->sprint("%.2ux", int d[i]);
	return h;
}
