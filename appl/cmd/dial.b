implement Dial;

# dial [-A] [-a alg] [-k keyfile] addr command [arg...]: call addr and run
# command with the shell, its standard input and output the connection and
# $net the connection's directory (man/1/listen). Unless -A is given, the
# call is authenticated first (Auth->client with algorithm alg, "none" by
# default, and the key of keyfile, by default /usr/USER/keyring/ADDR if
# that exists, else /usr/USER/keyring/default), and $user is the name the
# other side proved.

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
	kr = load Keyring Keyring->PATH;
	auth = load Auth Auth->PATH;
	if(auth == nil)
		badmodule(Auth->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		badmodule(Arg->PATH);
	env = load Env Env->PATH;
	if(env == nil)
		badmodule(Env->PATH);
	auth->init();
	arg->init(argv);
	arg->setusage("dial [-A] [-k keyfile] [-a alg] addr command [arg...]");
	alg: string;
	keyfile: string;
	doauth := 1;
	while((c := arg->opt()) != 0)
		case c {
		'A' =>
			doauth = 0;
		'a' =>
			alg = arg->earg();
		'f' or 'k' =>
			keyfile = arg->earg();
			if(keyfile == nil || keyfile[0] != '/' && !(len keyfile > 2 && keyfile[0:2] == "./"))
				keyfile = keydir() + keyfile;
		'v' =>
			;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	arg = nil;
	addr := hd argv;
	if(doauth && alg == nil)
		alg = "none";
	key: ref Keyring->Authinfo;
	if(alg != nil){
		if(keyfile == nil){
			keyfile = keydir() + addr;
			(ok, nil) := sys->stat(keyfile);
			if(ok < 0)
				keyfile = keydir() + "default";
		}
		key = kr->readauthinfo(keyfile);
		if(key == nil){
			sys->fprint(stderr, "dial: cannot read %s: %r\n", keyfile);
			raise "fail:bad keyfile";
		}
	}
	(ok, conn) := sys->dial(addr, nil);
	if(ok < 0){
		sys->fprint(stderr, "dial: cannot dial %s: %r\n", addr);
		raise "fail:errors";
	}
	who: string;
	if(alg != nil){
		(conn.dfd, who) = auth->client(alg, key, conn.dfd);
		if(conn.dfd == nil){
			sys->fprint(stderr, "dial: authentication failed: %s\n", who);
			raise "fail:errors";
		}
	}
	sys->pctl(Sys->FORKFD|Sys->FORKENV, nil);
	if(who != nil)
		env->setenv("user", who);
	else
		sys->remove("/env/user");
	env->setenv("net", conn.dir);
	sys->dup(conn.dfd.fd, 0);
	sys->dup(conn.dfd.fd, 1);
	conn.dfd = nil;
	conn.cfd = nil;
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

keydir(): string
{
	user := "nobody";
	fd := sys->open("/dev/user", Sys->OREAD);
	if(fd != nil){
		buf := array[Sys->NAMEMAX] of byte;
		n := sys->read(fd, buf, len buf);
		if(n > 0)
			user = string buf[0:n];
	}
	return "/usr/" + user + "/keyring/";
}
