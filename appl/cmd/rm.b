implement Rm;

# rm [-fr] file ...: remove files; -r removes directories and everything
# under them; -f says nothing about files that cannot be removed.

include "sys.m";
	sys: Sys;

include "draw.m";

include "readdir.m";
	readdir: Readdir;

include "arg.m";

Rm: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
force := 0;
recursive := 0;
failed := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "rm: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("rm [-fr] file ...");
	while((c := arg->opt()) != 0)
		case c {
		'f' =>
			force = 1;
		'r' =>
			recursive = 1;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	if(recursive){
		readdir = load Readdir Readdir->PATH;
		if(readdir == nil){
			sys->fprint(stderr, "rm: cannot load %s: %r\n", Readdir->PATH);
			raise "fail:bad module";
		}
	}
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		if(sys->remove(name) >= 0)
			continue;
		if(recursive && isdir(name))
			rmtree(name);
		else
			complain(name);
	}
	if(failed && !force)
		raise "fail:error";
}

isdir(name: string): int
{
	(ok, d) := sys->stat(name);
	return ok >= 0 && (d.mode & Sys->DMDIR);
}

rmtree(dir: string)
{
	(d, n) := readdir->init(dir, Readdir->NONE|Readdir->COMPACT);
	for(i := 0; i < n; i++){
		path := dir + "/" + d[i].name;
		if(d[i].mode & Sys->DMDIR)
			rmtree(path);
		else if(sys->remove(path) < 0)
			complain(path);
	}
	if(sys->remove(dir) < 0)
		complain(dir);
}

complain(name: string)
{
	failed = 1;
	if(!force)
		sys->fprint(stderr, "rm: %s: %r\n", name);
}
