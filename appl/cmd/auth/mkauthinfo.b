implement Mkauthinfo;

# auth/mkauthinfo [-k keyspec] [-e ddmmyyyy] user [keyfile]: make an Authinfo
# for user signed by the signer's key that keyspec names (key=default by
# default, found by Auth->key): a new secret key of the signer's algorithm,
# its certificate signed by the signer (SHA-1), expiring on the given day a
# minute after this time of day ("permanent", the default, never), with the
# signer's Diffie-Hellman parameters. As in the original, it is written to
# /fd/1 whatever keyfile says, and messages go to /dev/cons: a missing key
# ("sign: can't find key matching ...", fail:no key), a failed write
# (fail:write error), a bad date or module ("mkauthinfo: ...", fail:error).

include "sys.m";
	sys: Sys;

include "draw.m";

include "keyring.m";
	kr: Keyring;

include "security.m";
	auth: Auth;

include "daytime.m";
	daytime: Daytime;

include "arg.m";

Mkauthinfo: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

cons: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	cons = sys->open("/dev/cons", Sys->OWRITE);
	kr = load Keyring Keyring->PATH;
	auth = load Auth Auth->PATH;
	if(auth == nil)
		nomodule(Auth->PATH);
	daytime = load Daytime Daytime->PATH;
	if(daytime == nil)
		nomodule(Daytime->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	arg->init(argv);
	arg->setusage("auth/mkauthinfo [-k keyspec] [-e ddmmyyyy] user [keyfile]");
	keyspec := "key=default";
	expires := 0;
	while((c := arg->opt()) != 0)
		case c {
		'k' =>	keyspec = arg->earg();
		'e' =>	expires = expiry(arg->earg());
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	user := hd argv;
	signer := auth->key(keyspec);
	if(signer == nil){
		sys->fprint(cons, "sign: can't find key matching %q: %r\n", keyspec);
		raise "fail:no key";
	}
	info := ref Keyring->Authinfo;
	info.alpha = signer.alpha;
	info.p = signer.p;
	info.mysk = kr->genSKfromPK(signer.spk, user);
	info.mypk = kr->sktopk(info.mysk);
	info.spk = signer.mypk;
	pk := array of byte kr->pktostr(info.mypk);
	info.cert = kr->sign(signer.mysk, expires, kr->sha1(pk, len pk, nil, nil), "sha1");
	if(kr->writeauthinfo("/fd/1", info) < 0){
		sys->fprint(cons, "sign: error writing certificate: %r\n");
		raise "fail:write error";
	}
}

# The expiry time of a date ddmmyyyy: on that day, a minute after this time
# of day (the original sets no hour); 0 for "permanent".
expiry(s: string): int
{
	now := daytime->now();
	tm := daytime->local(now);
	if(s == "permanent")
		return 0;
	if(len s != 8)
		fatal("bad date format " + s + " (expected DDMMYYYY)");
	tm.mday = int s[0:2];
	if(tm.mday < 1 || tm.mday > 31)
		fatal(sys->sprint("bad day of month %d", tm.mday));
	tm.mon = int s[2:4] - 1;
	if(tm.mon > 11)
		fatal(sys->sprint("bad month %d\n", tm.mon + 1));
	tm.year = int s[4:8] - 1900;
	if(tm.year < 70)
		fatal(sys->sprint("bad year %d (year may be no earlier than 1970)", tm.year + 1900));
	t := daytime->tm2epoch(tm) + 60;
	if(t <= now)
		fatal("expiry date has already passed");
	return t;
}

nomodule(path: string)
{
	fatal(sys->sprint("can't load %s: %r", path));
}

fatal(s: string)
{
	sys->fprint(cons, "mkauthinfo: %s\n", s);
	raise "fail:error";
}
