implement Styxlisten;

# styxlisten [-Asv] [-t] [-h] [-a alg]... [-k keyfile] addr command [arg...]:
# start command once, serving Styx on its standard input, and give each
# client that calls addr that file server: each call gets a name space of
# its own with the server mounted on / and exports it to the caller
# (man/1/listen). addr is completed to tcp!addr!styx. When the command
# ends, the listening ends too. Unless -A is given, each caller is
# authenticated first (Auth->server with the key of keyfile, by default
# /usr/USER/keyring/default) and the server is attached, for that
# caller, in the name it proved; the algorithms allowed are those of -a
# or, with none given, "none" and those of the ssl device #D (only
# "none" without one, where the original would not authenticate). A
# caller that fails is dropped (reported under -v). /mnt/keys is
# unmounted unless -t is given.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "keyring.m";
	kr: Keyring;

include "security.m";
	auth: Auth;

Styxlisten: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHPATH: con "/dis/sh.dis";

stderr: ref Sys->FD;
verbose := 0;
passhostnames := 0;

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	auth = load Auth Auth->PATH;
	if(auth == nil)
		badmodule(Auth->PATH);
	if((e := auth->init()) != nil)
		error("auth init failed: " + e);
	kr = load Keyring Keyring->PATH;
	if(kr == nil)
		badmodule(Keyring->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		badmodule(Arg->PATH);
	arg->init(argv);
	arg->setusage("styxlisten [-a alg]... [-Atsv] [-k keyfile] address cmd [arg...]");
	algs: list of string;
	keyfile: string;
	doauth := 1;
	synchronous := 0;
	trusted := 0;
	while((o := arg->opt()) != 0)
		case o {
		'a' =>
			algs = arg->earg() :: algs;
		'f' or 'k' =>
			keyfile = keypath(arg->earg());
		'A' =>
			doauth = 0;
		'h' =>
			passhostnames = 1;
		's' =>
			synchronous = 1;
		't' =>
			trusted = 1;
		'v' =>
			verbose = 1;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	arg = nil;
	if(doauth && algs == nil)
		algs = sslalgs();
	addr := netmkaddr(hd argv, "tcp", "styx");
	authinfo: ref Keyring->Authinfo;
	if(doauth){
		if(keyfile == nil)
			keyfile = "/usr/" + user() + "/keyring/default";
		authinfo = kr->readauthinfo(keyfile);
		if(authinfo == nil)
			error(sys->sprint("cannot read %s: %r", keyfile));
	}
	(ok, c) := sys->announce(addr);
	if(ok < 0)
		error(sys->sprint("cannot announce on %s: %r", addr));
	if(!trusted)
		sys->unmount(nil, "/mnt/keys");
	lsync := chan[1] of int;
	mfd := popen(ctxt, tl argv, lsync);
	if(synchronous)
		listener(c, mfd, authinfo, algs, lsync);
	else
		spawn listener(c, mfd, authinfo, algs, lsync);
}

badmodule(p: string)
{
	sys->fprint(stderr, "styxlisten: cannot load %s: %r\n", p);
	raise "fail:bad module";
}

listener(c: Sys->Connection, mfd: ref Sys->FD, authinfo: ref Keyring->Authinfo, algs: list of string, lsync: chan of int)
{
	lsync <-= sys->pctl(0, nil);
	for(;;){
		(ok, nc) := sys->listen(c);
		if(ok < 0)
			error(sys->sprint("listen failed: %r"));
		if(verbose)
			sys->fprint(stderr, "styxlisten: got connection from %s", readfile(nc.dir + "/remote"));
		dfd := sys->open(nc.dir + "/data", Sys->ORDWR);
		if(dfd == nil)
			continue;
		sys->fprint(nc.cfd, "keepalive");
		hostname: string;
		if(passhostnames){
			hostname = readfile(nc.dir + "/remote");
			if(hostname != nil)
				hostname = hostname[0:len hostname - 1];
		}
		if(algs == nil){
			sync := chan of int;
			spawn exportproc(sync, mfd, hostname, dfd);
			<-sync;
		}else
			spawn authenticator(dfd, authinfo, mfd, algs, hostname);
		(dfd, nc.cfd) = (nil, nil);
	}
}

# Authenticates a caller, taking the name it proves as this process's
# user, in which the server is then attached for it.
authenticator(dfd: ref Sys->FD, authinfo: ref Keyring->Authinfo, mfd: ref Sys->FD, algs: list of string, hostname: string)
{
	(fd, who) := auth->server(algs, authinfo, dfd, 1);
	if(fd == nil){
		if(verbose)
			sys->fprint(stderr, "styxlisten: authentication failed: %s\n", who);
		return;
	}
	if(verbose)
		sys->fprint(stderr, "styxlisten: client authenticated as %s\n", who);
	sync := chan of int;
	spawn exportproc(sync, mfd, hostname, fd);
	<-sync;
}

# Serves one caller: the command's file server mounted on / of a name
# space of its own, exported on the call.
exportproc(sync: chan of int, fd: ref Sys->FD, hostname: string, dfd: ref Sys->FD)
{
	sys->pctl(Sys->NEWFD|Sys->NEWNS, 2 :: fd.fd :: dfd.fd :: nil);
	fd = sys->fildes(fd.fd);
	dfd = sys->fildes(dfd.fd);
	sync <-= 1;
	if(sys->mount(fd, nil, "/", Sys->MREPL|Sys->MCREATE, hostname) < 0)
		error(sys->sprint("cannot mount: %r"));
	sys->export(dfd, "/", Sys->EXPWAIT);
}

# Starts the command with one end of a pipe as its standard input; the
# other end, where its file server is reached.
popen(ctxt: ref Draw->Context, argv: list of string, lsync: chan of int): ref Sys->FD
{
	sync := chan of int;
	fds := array[2] of ref Sys->FD;
	if(sys->pipe(fds) < 0)
		error(sys->sprint("cannot make a pipe: %r"));
	spawn runcmd(ctxt, argv, fds[0], sync, lsync);
	<-sync;
	return fds[1];
}

runcmd(ctxt: ref Draw->Context, argv: list of string, stdin: ref Sys->FD, sync: chan of int, lsync: chan of int)
{
	sys->pctl(Sys->FORKFD, nil);
	sys->dup(stdin.fd, 0);
	stdin = nil;
	sync <-= 0;
	sh := load Command SHPATH;
	if(sh != nil){
		{
			sh->init(ctxt, "sh" :: "-c" :: "$*" :: argv);
		} exception {
		"fail:*" =>
			;
		}
	}
	# The command has ended: so does the listening.
	pid := <-lsync;
	fd := sys->open("/prog/" + string pid + "/ctl", Sys->OWRITE);
	if(fd != nil)
		sys->fprint(fd, "kill");
}

netmkaddr(addr, net, svc: string): string
{
	(n, nil) := sys->tokenize(addr, "!");
	case n {
	0 or 1 =>
		return net + "!" + addr + "!" + svc;
	2 =>
		return addr + "!" + svc;
	* =>
		return addr;
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
		return "none";
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

error(e: string)
{
	sys->fprint(stderr, "styxlisten: %s\n", e);
	raise "fail:error";
}
