implement Listen;

# listen [-Ast] [-v] [-a alg]... [-k keyfile] [-i {initscript}] addr command [arg...]:
# announce addr and, for each call that arrives, run command with the
# shell, its standard input and output the connection and $net the
# connection's directory (man/1/listen). Unless -A is given, each caller
# is authenticated first (Auth->server with the key of keyfile, by
# default /usr/USER/keyring/default) and $user is the name it proved;
# the caller may ask for any -a algorithm, or, with none given, "none"
# or any algorithm of the ssl device #D (only "none" when there is no
# #D: the original would then skip authentication altogether). A caller
# that fails is reported and dropped. As the original, a command runs
# to its end before the next call is taken (end it with & to serve calls
# side by side), and listen goes into the background once the
# announcement is made unless -s is given. /mnt/keys is unmounted
# unless -t is given.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "env.m";
	env: Env;

include "keyring.m";
	kr: Keyring;

include "security.m";
	auth: Auth;

Listen: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHPATH: con "/dis/sh.dis";

verbose := 0;
stderr: ref Sys->FD;
serverkey: ref Keyring->Authinfo;

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	kr = load Keyring Keyring->PATH;
	auth = load Auth Auth->PATH;
	if(auth == nil)
		badmodule(Auth->PATH);
	env = load Env Env->PATH;
	if(env == nil)
		badmodule(Env->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		badmodule(Arg->PATH);
	auth->init();
	arg->init(argv);
	arg->setusage("listen [-i {initscript}] [-Ast] [-k keyfile] [-a alg]... addr command [arg...]");
	algs: list of string;
	keyfile: string;
	doauth := 1;
	synchronous := 0;
	trusted := 0;
	initscript: string;
	while((c := arg->opt()) != 0)
		case c {
		'a' =>
			algs = arg->earg() :: algs;
		'A' =>
			doauth = 0;
		'f' or 'k' =>
			keyfile = keypath(arg->earg());
		'i' =>
			initscript = arg->earg();
		'v' =>
			verbose = 1;
		's' =>
			synchronous = 1;
		't' =>
			trusted = 1;
		* =>
			arg->usage();
		}
	if(doauth && algs == nil)
		algs = sslalgs();
	if(algs != nil){
		if(keyfile == nil)
			keyfile = "/usr/" + user() + "/keyring/default";
		serverkey = kr->readauthinfo(keyfile);
		if(serverkey == nil){
			sys->fprint(stderr, "listen: cannot read %s: %r\n", keyfile);
			raise "fail:bad keyfile";
		}
	}
	if(!trusted)
		sys->unmount(nil, "/mnt/keys");
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	arg = nil;
	sync := chan[1] of string;
	spawn listen(ctxt, hd argv, tl argv, algs, initscript, sync);
	e := <-sync;
	if(e != nil)
		raise "fail:" + e;
	if(synchronous){
		e = <-sync;
		if(e != nil)
			raise "fail:" + e;
	}
}

badmodule(p: string)
{
	sys->fprint(stderr, "listen: cannot load %s: %r\n", p);
	raise "fail:bad module";
}

# A call taken: its connection directory and its data file, open.
Call: adt {
	dir:	string;
	dfd:	ref Sys->FD;
};

listen(ctxt: ref Draw->Context, addr: string, argv: list of string, algs: list of string, initscript: string, sync: chan of string)
{
	sys->pctl(Sys->FORKFD|Sys->FORKENV, nil);
	(ok, acon) := sys->announce(addr);
	if(ok < 0){
		sys->fprint(stderr, "listen: failed to announce on '%s': %r\n", addr);
		sync <-= "cannot announce";
		exit;
	}
	sys->remove("/env/user");
	if(initscript != nil){
		env->setenv("net", acon.dir);
		run(ctxt, initscript :: nil);
	}
	sync <-= nil;
	calls := chan of ref Call;
	authenticated := chan of (string, ref Call);
	spawn listener(acon, addr, calls);
	for(;;){
		call: ref Call;
		who: string;
		alt {
		call = <-calls =>
			if(call == nil){
				sync <-= "listen";
				exit;
			}
			if(algs != nil){
				spawn authenticator(call, algs, addr, authenticated);
				call = nil;	# a caller refused is hung up at once
				continue;
			}
		(who, call) = <-authenticated =>
			;
		}
		if(who != nil)
			env->setenv("user", who);
		env->setenv("net", call.dir);
		sys->dup(call.dfd.fd, 0);
		sys->dup(call.dfd.fd, 1);
		call.dfd = nil;
		run(ctxt, argv);
		sys->dup(2, 0);
		sys->dup(2, 1);
	}
}

# Takes the calls to acon, sending each on calls; nil when listening fails.
listener(acon: Sys->Connection, addr: string, calls: chan of ref Call)
{
	for(;;){
		(ok, c) := sys->listen(acon);
		if(ok < 0){
			sys->fprint(stderr, "listen: listen error on '%s': %r\n", addr);
			calls <-= nil;
			exit;
		}
		if(verbose)
			sys->fprint(stderr, "listen: got connection on %s from %s", addr, readfile(c.dir + "/remote"));
		dfd := sys->open(c.dir + "/data", Sys->ORDWR);
		if(dfd == nil){
			sys->fprint(stderr, "listen: cannot open %s: %r\n", c.dir + "/data");
			continue;
		}
		sys->fprint(c.cfd, "keepalive");
		calls <-= ref Call(c.dir, dfd);
		# The call is the command's now: it ends when the command is done.
		(dfd, c.cfd) = (nil, nil);
	}
}

authenticator(call: ref Call, algs: list of string, addr: string, authenticated: chan of (string, ref Call))
{
	(fd, who) := auth->server(algs, serverkey, call.dfd, 0);
	if(fd == nil){
		sys->fprint(stderr, "listen: auth on %s failed: %s\n", addr, who);
		return;
	}
	if(verbose)
		sys->fprint(stderr, "listen: authenticated on %s as %s\n", addr, who);
	call.dfd = fd;
	authenticated <-= (who, call);
}

# Runs a command (a braced block, or words) with the shell, waiting for it.
run(ctxt: ref Draw->Context, argv: list of string)
{
	sh := load Command SHPATH;
	if(sh == nil){
		sys->fprint(stderr, "listen: cannot load %s: %r\n", SHPATH);
		return;
	}
	{
		sh->init(ctxt, "sh" :: "-c" :: "$*" :: argv);
	} exception {
	"fail:*" =>
		;
	}
}

# A key file named on the command line: below the user's keyring
# directory unless it starts with / or ./.
keypath(f: string): string
{
	if(f == nil || f[0] == '/' || len f > 2 && f[0:2] == "./")
		return f;
	return "/usr/" + user() + "/keyring/" + f;
}

# "none" and every algorithm the ssl device offers; only "none" without one.
sslalgs(): list of string
{
	dir := "#D";
	conv := readfile(dir + "/clone");
	if(conv == nil){
		dir = "#D/ssl";
		conv = readfile(dir + "/clone");
	}
	if(conv == nil)
		return "none" :: nil;
	dir += "/" + conv;
	(nil, algs) := sys->tokenize(readfile(dir + "/encalgs") + " " + readfile(dir + "/hashalgs"), " \t\n");
	return "none" :: algs;
}

user(): string
{
	u := readfile("/dev/user");
	if(u == nil)
		return "nobody";
	return u;
}

readfile(f: string): string
{
	fd := sys->open(f, Sys->OREAD);
	if(fd == nil)
		return nil;
	buf := array[1024] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0)
		return nil;
	return string buf[0:n];
}
