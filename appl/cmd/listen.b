implement Listen;

# listen [-Ast] [-v] [-a alg]... [-k keyfile] [-i {initscript}] addr command [arg...]:
# announce addr and, for each call that arrives, run command with the
# shell, its standard input and output the connection and $net the
# connection's directory (man/1/listen). As the original, a command runs
# to its end before the next call is taken (end it with & to serve calls
# side by side), and listen goes into the background once the
# announcement is made unless -s is given. Authentication is not available
# yet: listen needs -A.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "env.m";
	env: Env;


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

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		badmodule(Arg->PATH);
	env = load Env Env->PATH;
	if(env == nil)
		badmodule(Env->PATH);
	arg->init(argv);
	arg->setusage("listen [-i {initscript}] [-Ast] [-k keyfile] [-a alg]... addr command [arg...]");
	doauth := 1;
	synchronous := 0;
	initscript: string;
	while((c := arg->opt()) != 0)
		case c {
		'a' or 'f' or 'k' =>
			arg->earg();	# only used by authentication
		'A' =>
			doauth = 0;
		'i' =>
			initscript = arg->earg();
		'v' =>
			verbose = 1;
		's' =>
			synchronous = 1;
		't' =>
			;	# the commands see the whole name space anyway
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	arg = nil;
	if(doauth){
		sys->fprint(stderr, "listen: authentication is not available: use -A\n");
		raise "fail:no auth";
	}
	sync := chan[1] of string;
	spawn listen(ctxt, hd argv, tl argv, initscript, sync);
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

listen(ctxt: ref Draw->Context, addr: string, argv: list of string, initscript: string, sync: chan of string)
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
	cmd := argv;
	sync <-= nil;
	for(;;){
		(lok, c) := sys->listen(acon);
		if(lok < 0){
			sys->fprint(stderr, "listen: listen error on '%s': %r\n", addr);
			sync <-= "listen";
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
		env->setenv("net", c.dir);
		sys->dup(dfd.fd, 0);
		sys->dup(dfd.fd, 1);
		dfd = nil;
		c.cfd = nil;
		run(ctxt, cmd);
		sys->dup(2, 0);
		sys->dup(2, 1);
	}
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
