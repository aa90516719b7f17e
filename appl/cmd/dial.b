implement Dial;

# dial [-A] [-a alg] [-k keyfile] addr command [arg...]: call addr and run
# command with the shell, its standard input and output the connection and
# $net the connection's directory (man/1/listen). Authentication is not
# available yet: dial needs -A.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "env.m";
	env: Env;


Dial: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHPATH: con "/dis/sh.dis";

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
	arg->setusage("dial [-A] [-k keyfile] [-a alg] addr command [arg...]");
	doauth := 1;
	while((c := arg->opt()) != 0)
		case c {
		'A' =>
			doauth = 0;
		'a' or 'f' or 'k' =>
			arg->earg();	# only used by authentication
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	arg = nil;
	if(doauth){
		sys->fprint(stderr, "dial: authentication is not available: use -A\n");
		raise "fail:no auth";
	}
	addr := hd argv;
	(ok, conn) := sys->dial(addr, nil);
	if(ok < 0){
		sys->fprint(stderr, "dial: cannot dial %s: %r\n", addr);
		raise "fail:dial failed";
	}
	sys->pctl(Sys->FORKFD|Sys->FORKENV, nil);
	env->setenv("net", conn.dir);
	sys->dup(conn.dfd.fd, 0);
	sys->dup(conn.dfd.fd, 1);
	conn.dfd = nil;
	sh := load Command SHPATH;
	if(sh == nil)
		badmodule(SHPATH);
	sh->init(ctxt, "sh" :: "-c" :: "$*" :: tl argv);
}

badmodule(p: string)
{
	sys->fprint(stderr, "dial: cannot load %s: %r\n", p);
	raise "fail:bad module";
}

