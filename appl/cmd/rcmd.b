implement Rcmd;

# rcmd [-A] [-e alg] [-f keyfile] [-x exportpath] host [command [arg...]]:
# run command (sh by default) on host, which serves rstyx (see
# auxi/rstyxd), with this name space's exportpath (/ by default) as the
# remote command's /n/client and the console of this one as its console.
# The call goes to tcp!host!rstyx unless host names a service; it is
# authenticated first unless -A is given (Auth->client with algorithm
# alg, "none" by default, and the key of keyfile, by default
# /usr/USER/keyring/default). Then the command line goes over as a
# decimal byte count and a newline, then the words joined by spaces and a
# newline, and exportpath is exported on the connection until the remote
# command is done with it.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "keyring.m";

include "security.m";

Rcmd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		badmodule(Arg->PATH);
	arg->init(argv);
	arg->setusage("rcmd [-A] [-f keyfile] [-e alg] [-x exportpath] tcp!mach cmd");
	alg: string;
	doauth := 1;
	exportpath := "/";
	keyfile: string;
	while((o := arg->opt()) != 0)
		case o {
		'e' or 'a' =>
			alg = arg->earg();
		'A' =>
			doauth = 0;
		'x' =>
			exportpath = arg->earg();
			(ok, nil) := sys->stat(exportpath);
			if(ok < 0 || exportpath == nil)
				arg->usage();
		'f' =>
			keyfile = arg->earg();
			if(keyfile == nil || keyfile[0] != '/' && !(len keyfile > 2 && keyfile[0:2] == "./"))
				keyfile = "/usr/" + user() + "/keyring/" + keyfile;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	arg = nil;
	host := hd argv;
	addr := netmkaddr(host, "tcp", "rstyx");
	cmd := "";
	for(argv = tl argv; argv != nil; argv = tl argv)
		cmd += " " + hd argv;
	if(cmd == nil)
		cmd = "sh";
	(ok, c) := sys->dial(addr, nil);
	if(ok < 0)
		error(sys->sprint("dial %s failed: %r", host));
	fd := c.dfd;
	if(doauth){
		if(alg == nil)
			alg = "none";
		if(keyfile == nil)
			keyfile = "/usr/" + user() + "/keyring/default";
		fd = authenticate(fd, keyfile, alg);
	}
	if(sendcmd(fd, cmd) < 0){
		sys->fprint(stderr, "rcmd: cannot write arguments: %r\n");
		raise "fail:bad arg write";
	}
	if(sys->export(fd, exportpath, Sys->EXPWAIT) < 0){
		sys->fprint(stderr, "rcmd: export: %r\n");
		raise "fail:export failed";
	}
}

# The connection after mutual authentication with the key in keyfile.
authenticate(fd: ref Sys->FD, keyfile, alg: string): ref Sys->FD
{
	kr := load Keyring Keyring->PATH;
	if(kr == nil)
		badmodule(Keyring->PATH);
	auth := load Auth Auth->PATH;
	if(auth == nil)
		badmodule(Auth->PATH);
	if((e := auth->init()) != nil)
		error(e);
	(afd, who) := auth->client(alg, kr->readauthinfo(keyfile), fd);
	if(afd == nil){
		sys->fprint(stderr, "rcmd: authentication failed: %s\n", who);
		raise "fail:auth failed";
	}
	return afd;
}

# Sends the command line as rstyxd reads it: its length, then itself.
sendcmd(fd: ref Sys->FD, cmd: string): int
{
	b := array of byte sys->sprint("%d\n%s\n", len array of byte cmd + 1, cmd);
	if(sys->write(fd, b, len b) != len b)
		return -1;
	return 0;
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

user(): string
{
	fd := sys->open("/dev/user", Sys->OREAD);
	if(fd == nil)
		return "";
	buf := array[Sys->NAMEMAX] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0)
		return "";
	return string buf[0:n];
}

badmodule(p: string)
{
	sys->fprint(stderr, "rcmd: cannot load %s: %r\n", p);
	raise "fail:bad module";
}

error(e: string)
{
	sys->fprint(stderr, "rcmd: %s\n", e);
	raise "fail:errors";
}
