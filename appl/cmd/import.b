implement Import;

# import [-a|-b] [-c] [-A] [-k keyspec] [-e 'crypt hash'] host file [localfile]:
# dial host's exportfs service and make its file visible at localfile
# (file itself when localfile is not given), replacing it or, with -a or
# -b, in a union with it; -c allows creation there (man/4/import).
# The connection speaks Styx, as Inferno's export serves it: there is no
# Plan 9 exportfs tree-name exchange, and the authentication is not
# factotum's but Inferno's, as listen's: unless -A is given, Auth->auth
# with the key that keyspec (Auth->key's attr=value pairs, after which
# server=ADDR service=SVC of the address dialled are added) finds, by
# default /usr/USER/keyring/default, and the line algorithm of -e (one
# argument, "none" by default; "clear" is "none"). The remote tree is
# mounted at localfile and the file bound over it from there, so -a and
# -b are only available with file /.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "keyring.m";

include "security.m";

Import: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

fail(status, msg: string)
{
	sys->fprint(sys->fildes(2), "import: %s\n", msg);
	raise "fail:"+status;
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil)
		fail("load", sys->sprint("can't load %s: %r", Arg->PATH));
	arg->init(argv);
	arg->setusage("import [-a|-b] [-c] [-A] [-k keyspec] [-e 'crypt hash'] host file [localfile]");
	flags := Sys->MREPL;
	noauth := 0;
	alg := "none";
	keyspec := "";
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
		'k' =>
			keyspec = arg->earg();
		'e' =>
			alg = arg->earg();
			if(alg == "clear")
				alg = "none";
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(len argv != 2 && len argv != 3)
		arg->usage();
	if((flags & (Sys->MAFTER|Sys->MBEFORE)) == (Sys->MAFTER|Sys->MBEFORE))
		arg->usage();
	arg = nil;
	host := hd argv;
	file := hd tl argv;
	mountpt := file;
	if(len argv == 3)
		mountpt = hd tl tl argv;
	if(file != "/" && (flags & (Sys->MAFTER|Sys->MBEFORE)))
		fail("usage", "-a and -b need file / (a union with part of the remote tree is not available)");
	dest := netmkaddr(host, "net", "exportfs");
	(ok, conn) := sys->dial(dest, nil);
	if(ok < 0)
		fail("dial failed", sys->sprint("can't dial %s: %r", dest));
	if(!noauth)
		conn.dfd = authenticate(conn.dfd, dest, keyspec, alg);
	if(file == "/"){
		if(sys->mount(conn.dfd, nil, mountpt, flags, "") < 0)
			fail("mount failed", sys->sprint("import %s %s: mount failed: %r", host, file));
		return;
	}
	if(sys->mount(conn.dfd, nil, mountpt, Sys->MREPL, "") < 0)
		fail("mount failed", sys->sprint("import %s %s: mount failed: %r", host, file));
	conn.dfd = nil;
	if(sys->bind(mountpt + "/" + file, mountpt, flags) < 0){
		sys->unmount(nil, mountpt);
		fail("mount failed", sys->sprint("import %s %s: mount failed: %r", host, file));
	}
}

# The connection to dest after authentication, with line algorithm alg.
authenticate(fd: ref Sys->FD, dest, keyspec, alg: string): ref Sys->FD
{
	auth := load Auth Auth->PATH;
	if(auth == nil)
		fail("load", sys->sprint("can't load %s: %r", Auth->PATH));
	if((e := auth->init()) != nil)
		fail("auth", "can't init auth: " + e);
	keyspec += " server=" + dest;
	(n, fields) := sys->tokenize(dest, "!");
	if(n == 3)
		keyspec += " service=" + hd tl tl fields;
	(afd, nil, err) := auth->auth(nil, keyspec, alg, fd);
	if(afd == nil)
		fail("auth", "can't authenticate import: " + err);
	return afd;
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
