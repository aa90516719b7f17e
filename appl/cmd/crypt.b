implement Crypt;

# crypt [-?] [-d] [-k secret] [-f secretfile] [-a alg[/alg]]: encrypt standard
# input to standard output through the ssl device #D, keyed by the SHA-1
# digest of the secret (given, read from a file, or asked for on /dev/cons),
# with the algorithms given (md5/ideacbc by default) written first as a
# Keyring message "alg ALGS"; with -d, decrypt what crypt wrote, taking the
# algorithms from that message. -? lists the algorithms the device has; -v
# says what is done on standard error. Errors are "crypt: ..." with
# fail: error, a bad command line the usage and the algorithms with
# fail: bad usage (the status keeps the original's space after "fail:").

include "sys.m";
	sys: Sys;

include "draw.m";

include "keyring.m";
	kr: Keyring;

include "security.m";
	ssl: SSL;

include "bufio.m";

include "arg.m";

Crypt: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

HUNGUP: con "i/o on hungup channel";
HEADER: con "alg ";

stderr: ref Sys->FD;
verbose := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	ssl = load SSL SSL->PATH;
	if(ssl == nil)
		nomodule(SSL->PATH);
	kr = load Keyring Keyring->PATH;
	if(kr == nil)
		nomodule(Keyring->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	decrypt := 0;
	secret: array of byte;
	alg := "md5/ideacbc";
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'd' =>
			decrypt = 1;
		'k' =>
			if((s := arg->arg()) == nil)
				usage();
			secret = array of byte s;
		'f' =>
			if((f := arg->arg()) == nil)
				usage();
			secret = readfile(f);
		'a' =>
			if((alg = arg->arg()) == nil)
				usage();
		'?' =>
			listalgs(sys->fildes(1));
			return;
		'v' =>
			verbose = 1;
		* =>
			usage();
		}
	if(arg->argv() != nil)
		usage();
	if(secret == nil)
		secret = array of byte askpassword();
	key := array[Keyring->SHA1dlen] of byte;
	kr->sha1(secret, len secret, key, nil);
	if(decrypt){
		msg := kr->getmsg(sys->fildes(0));
		if(msg != nil)
			alg = string msg;
		if(msg == nil || len alg < len HEADER || alg[0:len HEADER] != HEADER)
			fatal("couldn't get decrypt algorithm");
		alg = alg[len HEADER:];
	}else{
		msg := array of byte (HEADER + alg);
		if(kr->sendmsg(sys->fildes(1), msg, len msg) == -1)
			fatal("couldn't write algorithm string");
	}
	if(verbose){
		how := "en";
		if(decrypt)
			how = "de";
		sys->fprint(stderr, "%scrypting with alg %s\n", how, alg);
	}
	(err, in, out, nil) := pipeline(decrypt, alg, key);
	if(err != nil)
		fatal(err);
	spawn copy(sys->fildes(0), in);
	# The copier holds the only reference to in, so that its end closes
	# (and out's reader sees the end) when the input is done.
	in = nil;
	if(!decrypt){
		copy(out, sys->fildes(1));
		return;
	}
	# Decrypting reads record by record, so that a bad record is reported
	# when it comes.
	buf := array[Sys->ATOMICIO] of byte;
	stdout := sys->fildes(1);
	while((n := sys->read(out, buf, len buf)) > 0)
		sys->write(stdout, buf, n);
	if(n < 0 && (e := sys->sprint("%r")) != HUNGUP)
		fatal("decryption failed: " + e);
}

usage()
{
	sys->fprint(stderr, "usage: crypt [-?] [-d] [-k secret] [-f secretfile] [-a alg[/alg]]\n");
	sys->fprint(stderr, "available algorithms:\n");
	listalgs(stderr);
	raise "fail: bad usage";
}

nomodule(path: string)
{
	sys->fprint(stderr, "crypt: cannot load %s: %r\n", path);
	raise "fail: bad module";
}

fatal(s: string)
{
	sys->fprint(stderr, "crypt: %s\n", s);
	raise "fail: error";
}

copy(src, dst: ref Sys->FD)
{
	sys->stream(src, dst, Sys->ATOMICIO);
}

# A pipe with the ssl device pushed on one end, keyed and set to alg (unless
# nil): what is written to in comes out of out encrypted (decrypted if
# decrypt). Also the connection's folder.
pipeline(decrypt: int, alg: string, key: array of byte): (string, ref Sys->FD, ref Sys->FD, string)
{
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0)
		return ("pipe failed", nil, nil, nil);
	(err, c) := ssl->connect(p[1]);
	if(err != nil)
		return ("could not connect ssl: " + err, nil, nil, nil);
	p[1] = nil;
	err = ssl->secret(c, key, key);
	if(err != nil)
		return ("could not write secret: " + err, nil, nil, nil);
	if(alg != nil && sys->fprint(c.cfd, "alg %s", alg) < 0)
		return (sys->sprint("bad algorithm %s: %r", alg), nil, nil, nil);
	if(decrypt)
		return (nil, p[0], c.dfd, c.dir);
	return (nil, c.dfd, p[0], c.dir);
}

# Prints the ciphers and digests of the ssl device.
listalgs(fd: ref Sys->FD)
{
	(err, nil, nil, dir) := pipeline(0, nil, array[100] of byte);
	if(err != nil)
		fatal("cannot get algorithms: " + err);
	for(l := ("crypt", "encalgs") :: ("hash", "hashalgs") :: nil; l != nil; l = tl l){
		(name, file) := hd l;
		(nil, algs) := sys->tokenize(string readfile(dir + "/" + file), " ");
		sys->fprint(fd, "%s:", name);
		for(; algs != nil; algs = tl algs)
			sys->fprint(fd, " %s", hd algs);
		sys->fprint(fd, "\n");
	}
}

readfile(name: string): array of byte
{
	fd := sys->open(name, Sys->OREAD);
	if(fd == nil)
		fatal(sys->sprint("cannot read %s: %r", name));
	buf := array[8192] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return nil;
	return buf[0:n];
}

# The secret typed on the console, echo off if the console allows it.
askpassword(): string
{
	bufio := load Bufio Bufio->PATH;
	Iobuf: import bufio;
	cons := bufio->open("/dev/cons", Sys->OREAD);
	ctl := sys->open("/dev/consctl", Sys->OWRITE);
	if(ctl == nil || sys->fprint(ctl, "rawon") <= 0)
		sys->fprint(stderr, "crypt: warning: cannot hide typed password\n");
	sys->fprint(stderr, "password: ");
	s := "";
	while((c := cons.getc()) >= 0 && c != '\n')
		case c {
		'\b' =>
			if(len s > 0)
				s = s[0:len s - 1];
		8r25 =>
			s = nil;
		* =>
			s[len s] = c;
		}
	sys->fprint(stderr, "\n");
	return s;
}
