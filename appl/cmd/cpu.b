implement CPU;

# cpu [-C alg] host [command [arg...]]: run command (/dis/sh by default)
# on host, which serves rstyx (auxi/rstyxd), with all of this name space
# as the remote command's /n/client and the console of this one as its
# console (man/1/cpu). The call goes to net!host!rstyx and is always
# authenticated (Auth->client with algorithm alg, "none" by default, and
# the key /usr/USER/keyring/tcp!host, or .../default); the remote side
# runs auxi/cpuslave with the command, quoted, as rcmd sends it.

include "sys.m";
	sys: Sys;

include "draw.m";

include "string.m";
	str: String;

include "arg.m";

include "keyring.m";

include "security.m";

CPU: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

DEFCMD: con "/dis/sh";

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		badmodule(Arg->PATH);
	str = load String String->PATH;
	if(str == nil)
		badmodule(String->PATH);
	auth := load Auth Auth->PATH;
	if(auth == nil)
		badmodule(Auth->PATH);
	kr := load Keyring Keyring->PATH;
	if(kr == nil)
		badmodule(Keyring->PATH);
	arg->init(argv);
	alg := "";
	while((opt := arg->opt()) != 0)
		if(opt == 'C')
			alg = arg->arg();
		else
			usage();
	argv = arg->argv();
	if(argv == nil)
		usage();
	mach := hd argv;
	cmd := "auxi/cpuslave -- ";
	if(tl argv == nil)
		cmd += DEFCMD;
	else
		cmd += str->quoted(tl argv);
	dir := "/usr/" + user() + "/keyring/";
	cert := dir + netmkaddr(mach, "tcp", nil);
	if(!exists(cert)){
		cert = dir + "default";
		if(!exists(cert)){
			sys->fprint(stderr, "cpu: cannot find certificate in %s; use getauthinfo\n", dir);
			raise "fail:no certificate";
		}
	}
	(ok, c) := sys->dial(netmkaddr(mach, "net", "rstyx"), nil);
	if(ok < 0){
		sys->fprint(stderr, "cpu: can't dial %s: %r\n", mach);
		raise "fail:dial";
	}
	ai := kr->readauthinfo(cert);
	if(alg == nil)
		alg = "none";
	if((err := auth->init()) != nil){
		sys->fprint(stderr, "cpu: cannot initialise auth module: %s\n", err);
		raise "fail:auth init failed";
	}
	(fd, who) := auth->client(alg, ai, c.dfd);
	if(fd == nil){
		sys->fprint(stderr, "cpu: authentication failed: %s\n", who);
		raise "fail:authentication failure";
	}
	b := array of byte sys->sprint("%d\n%s\n", len array of byte cmd + 1, cmd);
	if(sys->write(fd, b, len b) != len b){
		sys->fprint(stderr, "cpu: export args write error: %r\n");
		raise "fail:write error";
	}
	if(sys->export(fd, "/", Sys->EXPWAIT) < 0){
		sys->fprint(stderr, "cpu: export failed: %r\n");
		raise "fail:export error";
	}
}

usage()
{
	sys->fprint(stderr, "Usage: cpu [-C cryptoalg] mach command args...\n");
	raise "fail:usage";
}

# addr completed with net and, unless nil, svc.
netmkaddr(addr, net, svc: string): string
{
	(n, nil) := sys->tokenize(addr, "!");
	if(n <= 1){
		if(svc == nil)
			return net + "!" + addr;
		return net + "!" + addr + "!" + svc;
	}
	if(svc == nil || n > 2)
		return addr;
	return addr + "!" + svc;
}

exists(f: string): int
{
	(ok, nil) := sys->stat(f);
	return ok >= 0;
}

user(): string
{
	fd := sys->open("/dev/user", Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "cpu: cannot open /dev/user: %r\n");
		raise "fail:no user id";
	}
	buf := array[Sys->NAMEMAX] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0){
		sys->fprint(stderr, "cpu: cannot read /dev/user: %r\n");
		raise "fail:no user id";
	}
	return string buf[0:n];
}

badmodule(p: string)
{
	sys->fprint(stderr, "cpu: cannot load %s: %r\n", p);
	raise "fail:bad module";
}
