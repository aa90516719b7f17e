implement Styxlisten;

# styxlisten [-Asv] [-t] [-h] [-a alg]... [-k keyfile] addr command [arg...]:
# start command once, serving Styx on its standard input, and give each
# client that calls addr that file server: each call gets a name space of
# its own with the server mounted on / and exports it to the caller
# (man/1/listen). addr is completed to tcp!addr!styx. When the command
# ends, the listening ends too. Authentication is not available yet:
# styxlisten needs -A.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

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
	arg := load Arg Arg->PATH;
	if(arg == nil)
		error(sys->sprint("cannot load %s: %r", Arg->PATH));
	arg->init(argv);
	arg->setusage("styxlisten [-a alg]... [-Atsv] [-k keyfile] address cmd [arg...]");
	doauth := 1;
	synchronous := 0;
	while((o := arg->opt()) != 0)
		case o {
		'a' or 'f' or 'k' =>
			arg->earg();	# only used by authentication
		'A' =>
			doauth = 0;
		'h' =>
			passhostnames = 1;
		's' =>
			synchronous = 1;
		't' =>
			;	# the commands see the whole name space anyway
		'v' =>
			verbose = 1;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	arg = nil;
	if(doauth)
		error("authentication is not available: use -A");
	addr := netmkaddr(hd argv, "tcp", "styx");
	(ok, c) := sys->announce(addr);
	if(ok < 0)
		error(sys->sprint("cannot announce on %s: %r", addr));
	lsync := chan[1] of int;
	mfd := popen(ctxt, tl argv, lsync);
	if(synchronous)
		listener(c, mfd, lsync);
	else
		spawn listener(c, mfd, lsync);
}

listener(c: Sys->Connection, mfd: ref Sys->FD, lsync: chan of int)
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
		sync := chan of int;
		spawn exportproc(sync, mfd, hostname, dfd);
		<-sync;
	}
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
