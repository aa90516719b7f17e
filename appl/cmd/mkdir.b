implement Mkdir;

# mkdir [-p] dir ...: make directories. With -p, make any missing
# directories on the way too, and do not mind those that exist.

include "sys.m";
	sys: Sys;

include "draw.m";

Mkdir: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(argv == nil || (argv = tl argv) == nil)
		return;
	parents := 0;
	if(hd argv == "-p"){
		parents = 1;
		argv = tl argv;
	}
	failed := 0;
	for(; argv != nil; argv = tl argv){
		dir := hd argv;
		if(parents)
			failed |= mkpath(dir) < 0;
		else if(sys->stat(dir).t0 >= 0){
			sys->fprint(stderr, "mkdir: %s already exists\n", dir);
			failed = 1;
		}else
			failed |= mkdir(dir) < 0;
	}
	if(failed)
		raise "fail:error";
}

# Make each missing directory along path.
mkpath(path: string): int
{
	(nil, elems) := sys->tokenize(path, "/");
	prefix := "";
	if(path != nil && path[0] != '/')
		prefix = ".";
	for(; elems != nil; elems = tl elems){
		prefix += "/" + hd elems;
		(ok, d) := sys->stat(prefix);
		if(ok < 0){
			if(mkdir(prefix) < 0)
				return -1;
		}else if((d.mode & Sys->DMDIR) == 0){
			sys->fprint(stderr, "mkdir: can't create %s: %s not a directory\n", path, prefix);
			return -1;
		}
	}
	return 0;
}

mkdir(dir: string): int
{
	if(sys->create(dir, Sys->OREAD, Sys->DMDIR | 8r777) == nil){
		sys->fprint(stderr, "mkdir: can't create %s: %r\n", dir);
		return -1;
	}
	return 0;
}
