implement Rm;

# rm [-frF] file ...: remove files. -r removes directories with all they
# hold; -F first makes such directories writable; -f keeps quiet about
# files that cannot be removed (and does not fail because of them).

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
quiet := 0;
force := 0;
errors := 0;

usage()
{
	sys->fprint(stderr, "Usage: rm [-fr] file ...\n");
	raise "fail: usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "rm: can't load %s: %r\n", Arg->PATH);
		raise "fail:load";
	}
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'r' =>
			readdir = load Readdir Readdir->PATH;
			if(readdir == nil)	# then directories are not removed
				sys->fprint(stderr, "rm: can't load Readdir: %r\n");
		'f' =>
			quiet = 1;
		'F' =>
			force = 1;
		* =>
			usage();
		}
	argv = arg->argv();
	sys->pctl(Sys->FORKNS, nil);
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		if(sys->remove(name) >= 0)
			continue;
		err := sys->sprint("%r");
		(ok, d) := sys->stat(name);
		if(readdir != nil && ok >= 0 && (d.mode & Sys->DMDIR))
			rmtree(name);
		else
			complain(name, err);
	}
	if(errors)
		raise "fail:errors";
}

rmtree(dir: string)
{
	if(force){
		d := sys->nulldir;
		d.mode = Sys->DMDIR | 8r777;
		sys->wstat(dir, d);
	}
	(a, n) := readdir->init(dir, Readdir->NONE|Readdir->COMPACT);
	for(i := 0; i < n; i++){
		path := dir + "/" + a[i].name;
		if(a[i].mode & Sys->DMDIR)
			rmtree(path);
		else
			remove(path);
	}
	remove(dir);
}

remove(name: string)
{
	if(sys->remove(name) < 0)
		complain(name, sys->sprint("%r"));
}

complain(name, err: string)
{
	if(quiet)
		return;
	sys->fprint(stderr, "rm: %s: %s\n", name, err);
	errors++;
}
