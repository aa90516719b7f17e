implement Ai2key;

# auth/ai2key [-t 'attr=value ...'] keyfile ...: each Authinfo file as a
# factotum key line "key proto=infauth [attrs] LOCATION sigalg=ALG-HASH
# user=.. signer=.. pk=.. !sk=.. spk=.. cert=.. dh-alpha=.. dh-p=..
# [expires=..]", the keys and certificate in their text forms with newlines
# written as ^ (trailing ones dropped). LOCATION comes from the file's last
# element: "default" is dom=* server=*; net!host!service gives the host (as
# dom= and server= if it has a dot, else server=) and service=; net!host the
# host; any other name is taken as the host. A key whose certificate has
# expired is passed over with a message; a file that cannot be read ends the
# command with fail:error. As in the original, the attributes gain one more
# leading space for each file.

include "sys.m";
	sys: Sys;

include "draw.m";

include "keyring.m";
	kr: Keyring;

include "daytime.m";
	daytime: Daytime;

include "arg.m";

Ai2key: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	daytime = load Daytime Daytime->PATH;
	arg := load Arg Arg->PATH;
	if(kr == nil || daytime == nil || arg == nil)
		fatal(sys->sprint("cannot load modules: %r"));
	arg->init(argv);
	arg->setusage("ai2key [-t 'attr=value attr=value ...'] keyfile ...");
	attrs: string;
	while((c := arg->opt()) != 0)
		case c {
		't' =>	attrs = arg->earg();
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	now := daytime->now();
	for(; argv != nil; argv = tl argv){
		file := hd argv;
		ai := kr->readauthinfo(file);
		if(ai == nil)
			fatal(sys->sprint("cannot read %s: %r", file));
		if(ai.cert.exp != 0 && ai.cert.exp <= now){
			sys->fprint(sys->fildes(2), "ai2key: %s: certificate expired -- key ignored\n", file);
			continue;
		}
		expires := "";
		if(ai.cert.exp != 0)
			expires = sys->sprint(" expires=%ud", ai.cert.exp);
		hash := ai.cert.ha;
		if(hash == "sha")
			hash = "sha1";
		if(attrs != nil)
			attrs = " " + attrs;
		sys->print("key proto=infauth%s %s sigalg=%s-%s user=%q signer=%q pk=%s !sk=%s spk=%s cert=%s dh-alpha=%s dh-p=%s%s\n",
			attrs, location(lastelem(file)), ai.cert.sa.name, hash, ai.mypk.owner, ai.spk.owner,
			oneline(kr->pktostr(ai.mypk)), oneline(kr->sktostr(ai.mysk)), oneline(kr->pktostr(ai.spk)),
			oneline(kr->certtostr(ai.cert)), ai.alpha.iptostr(16), ai.p.iptostr(16), expires);
	}
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "ai2key: %s\n", s);
	raise "fail:error";
}

lastelem(s: string): string
{
	(nil, l) := sys->tokenize(s, "/");
	for(; l != nil && tl l != nil; l = tl l)
		;
	if(l == nil)
		return nil;
	return hd l;
}

location(file: string): string
{
	if(file == "default")
		return "dom=* server=*";
	(n, l) := sys->tokenize(file, "!");
	case n {
	2 =>
		return host(hd tl l);
	3 =>
		return sys->sprint("%s service=%q", host(hd tl l), hd tl tl l);
	}
	return host(file);
}

host(name: string): string
{
	(n, nil) := sys->tokenize(name, ".");
	if(n > 1)
		return sys->sprint("dom=%q server=%q", name, name);
	return sys->sprint("server=%q", name);
}

# s with its newlines as ^, those at the end dropped.
oneline(s: string): string
{
	for(i := 0; i < len s; i++)
		if(s[i] == '\n')
			s[i] = '^';
	e := len s;
	while(e > 1 && s[e-1] == '^')
		e--;
	return s[0:e];
}
