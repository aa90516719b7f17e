implement Createsignerkey;

# auth/createsignerkey [-a algorithm] [-f keyfile] [-e ddmmyyyy] [-b bits] owner:
# make the signer's key: a new secret key of the algorithm (rsa, the default,
# or elgamal) with a modulus of bits bits (1024 by default, 32 to 4096), a
# certificate of its public key signed by itself (SHA-1), expiring at the end
# of the given day or never, and Diffie-Hellman parameters of 1024 bits, all
# written as an Authinfo file to keyfile (-k is the same as -f; by default
# /keydb/signerkey). Errors are "createsignerkey: ..." with fail:error; the
# date's errors keep the original's leading "!".

include "sys.m";
	sys: Sys;

include "draw.m";

include "daytime.m";

include "keyring.m";
	kr: Keyring;

include "arg.m";

Createsignerkey: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

ALGORITHMS: con "rsa elgamal";

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	arg := load Arg Arg->PATH;
	if(kr == nil || arg == nil)
		fatal(sys->sprint("cannot load modules: %r"));
	arg->init(argv);
	arg->setusage("createsignerkey [-a algorithm] [-f keyfile] [-e ddmmyyyy] [-b size-in-bits] name-of-owner");
	alg := "rsa";
	file := "/keydb/signerkey";
	expires := 0;
	bits := 1024;
	while((c := arg->opt()) != 0)
		case c {
		'a' =>
			alg = arg->arg();
			if(alg == nil)
				arg->usage();
			if(!known(alg))
				fatal("unknown algorithm: " + alg);
		'f' or 'k' =>
			file = arg->earg();
		'e' =>
			err: string;
			(err, expires) = date(arg->earg());
			if(err != nil)
				fatal(err);
		'b' =>
			bits = int arg->earg();
			if(bits < 32 || bits > 4096)
				fatal("modulus must be in the range of 32 to 4096 bits");
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	owner := hd argv;

	info := ref Keyring->Authinfo;
	info.mysk = kr->genSK(alg, owner, bits);
	if(info.mysk == nil)
		fatal(sys->sprint("algorithm %s not configured in system", alg));
	info.mypk = kr->sktopk(info.mysk);
	info.spk = kr->sktopk(info.mysk);
	pk := array of byte kr->pktostr(info.mypk);
	info.cert = kr->sign(info.mysk, expires, kr->sha1(pk, len pk, nil, nil), "sha1");
	(info.alpha, info.p) = kr->dhparams(1024);
	if(kr->writeauthinfo(file, info) < 0)
		fatal(sys->sprint("can't write signerkey file %s: %r", file));
}

known(alg: string): int
{
	for((nil, l) := sys->tokenize(ALGORITHMS, " "); l != nil; l = tl l)
		if(hd l == alg)
			return 1;
	return 0;
}

fatal(s: string)
{
	sys->fprint(sys->fildes(2), "createsignerkey: %s\n", s);
	raise "fail:error";
}

# The last second of the day ddmmyyyy, or what is wrong with it (the month is
# not checked, as in the original).
date(s: string): (string, int)
{
	if(len s != 8)
		return ("!date must be in form ddmmyyyy", 0);
	daytime := load Daytime Daytime->PATH;
	now := daytime->now();
	tm := daytime->local(now);
	(tm.hour, tm.min, tm.sec) = (24, 59, 59);
	tm.mday = int s[0:2];
	if(tm.mday < 1 || tm.mday > 31)
		return ("!bad day of month", 0);
	tm.mon = int s[2:4] - 1;
	if(tm.mon > 11)
		return ("!bad month", 0);
	tm.year = int s[4:8] - 1900;
	if(tm.year < 70)
		return ("!bad year", 0);
	t := daytime->tm2epoch(tm);
	if(t < now)
		return ("!expiration date must be in the future", 0);
	return (nil, t);
}
