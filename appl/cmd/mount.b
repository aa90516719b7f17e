implement Mount;

# mount [-a|-b] [-cAq] [-C alg] [-k keyfile] source mountpoint [spec]:
# attach a Styx server to the name space at mountpoint. The source is a
# file (a pipe or a service posted in /srv), a shell command in braces,
# {cmd}, whose standard input is the connection, or a network address,
# which is dialled. Unless -A is given or the source is a command, the
# connection is authenticated first, as the original does (a file too):
# Auth->client with algorithm -C alg ("none" by default) and the key of
# -k keyfile (below /usr/USER/keyring unless it starts with /), by default
# /usr/USER/keyring/ADDR (ADDR as given, completed to tcp!ADDR) if that
# exists, else /usr/USER/keyring/default. -9, -o, -P and -S are not
# supported.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "keyring.m";

include "security.m";

Mount: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

SHPATH: con "/dis/sh.dis";

noauth := 0;
quiet := 0;
alg := "none";
keyfile: string;

fail(status, msg: string)
{
	sys->fprint(sys->fildes(2), "mount: %s\n", msg);
	raise "fail:"+status;
}

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil)
		fail("load", sys->sprint("can't load %s: %r", Arg->PATH));
	arg->init(argv);
	arg->setusage("mount [-a|-b] [-coA9] [-C cryptoalg] [-k keyfile] [-q] net!addr|file|{command} mountpoint [spec]");
	flags := Sys->MREPL;
	while((c := arg->opt()) != 0)
		case c {
		'a' =>
			flags |= Sys->MAFTER;
		'b' =>
			flags |= Sys->MBEFORE;
		'c' =>
			flags |= Sys->MCREATE;
		'A' =>
			noauth = 1;
		'C' =>
			alg = arg->earg();
		'k' or 'f' =>
			keyfile = arg->earg();
		'q' =>
			quiet = 1;
		'9' or 'o' or 'P' or 'S' =>
			fail("usage", sys->sprint("option -%c is not supported", c));
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv != 2 && len argv != 3)
		arg->usage();
	spec := "";
	if(len argv == 3)
		spec = hd tl tl argv;
	src := hd argv;
	on := hd tl argv;
	fd := connect(ctxt, src);
	if(!noauth){
		err: string;
		(fd, err) = authenticate(fd, src);
		if(fd == nil)
			fail("error", err);
	}
	if(sys->mount(fd, nil, on, flags, spec) < 0 && !quiet)
		fail("mount failed", sys->sprint("mount failed: %r"));
}

connect(ctxt: ref Draw->Context, src: string): ref Sys->FD
{
	if(src != nil && src[0] == '{' && src[len src - 1] == '}'){
		noauth = 1;
		return runcommand(ctxt, src);
	}
	(n, nil) := sys->tokenize(src, "!");
	if(n == 1){
		fd := sys->open(src, Sys->ORDWR);
		if(fd != nil)
			return fd;
		if(src[0] == '/')
			fail("open failed", sys->sprint("can't open %s: %r", src));
	}
	addr := netmkaddr(src, "net", "styx");
	(ok, c) := sys->dial(addr, nil);
	if(ok < 0)
		fail("dial failed", sys->sprint("can't dial %s: %r", addr));
	return c.dfd;
}

# Proves who we are to the server at fd, reached through src, and it to us.
authenticate(fd: ref Sys->FD, src: string): (ref Sys->FD, string)
{
	kr := load Keyring Keyring->PATH;
	if(kr == nil)
		return (nil, sys->sprint("cannot load %s: %r", Keyring->PATH));
	dir := "/usr/" + user() + "/keyring/";
	cert := keyfile;
	if(cert == nil){
		(n, nil) := sys->tokenize(src, "!");
		if(n <= 1)
			cert = dir + "tcp!" + src;
		else
			cert = dir + src;
		(ok, nil) := sys->stat(cert);
		if(ok < 0)
			cert = dir + "default";
	}else if(cert[0] != '/')
		cert = dir + cert;
	ai := kr->readauthinfo(cert);
	if(ai == nil)
		return (nil, sys->sprint("cannot read %s: %r", cert));
	auth := load Auth Auth->PATH;
	if(auth == nil)
		fail("load", sys->sprint("can't load %s: %r", Auth->PATH));
	if((err := auth->init()) != nil)
		return (nil, "cannot init auth: " + err);
	who: string;
	(fd, who) = auth->client(alg, ai, fd);
	if(fd == nil)
		return (nil, "authentication failed: " + who);
	return (fd, nil);
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

# Start the shell on the command with one end of a pipe as its standard
# input; the other end is the connection.
runcommand(ctxt: ref Draw->Context, cmd: string): ref Sys->FD
{
	sh := load Command SHPATH;
	if(sh == nil)
		fail("load", sys->sprint("can't load %s: %r", SHPATH));
	p := array[2] of ref Sys->FD;
	if(sys->pipe(p) < 0)
		fail("error", sys->sprint("can't make a pipe: %r"));
	started := chan of int;
	spawn serve(sh, ctxt, cmd, p[0], started);
	<-started;
	return p[1];
}

# The command keeps only its end of the pipe (and standard output and
# error), so that it reads end of file when the mount goes. It runs in a
# copy of the name space made before the mount: this prog waits for the
# command, and sharing the caller's name space it would keep the mount,
# and so the command's connection, alive after the caller's end. (The
# original's shell runs the block's last command in this very prog, so a
# server that leaves the name space, as memfs -s does, ends there too.)
serve(sh: Command, ctxt: ref Draw->Context, cmd: string, conn: ref Sys->FD, started: chan of int)
{
	sys->pctl(Sys->NEWFD|Sys->FORKNS, conn.fd :: 1 :: 2 :: nil);
	sys->dup(conn.fd, 0);
	conn = nil;
	started <-= 1;
	sh->init(ctxt, "sh" :: "-c" :: cmd :: nil);
}

# Complete addr to net!host!service form.
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
