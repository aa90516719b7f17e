implement Mv;

# mv file1 file2, mv file ... dir: rename files. A file stays in its
# directory when it can (a rename by wstat); otherwise it is copied and the
# original removed.

include "sys.m";
	sys: Sys;

include "draw.m";

Mv: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
failed := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(argv != nil)
		argv = tl argv;
	if(len argv < 2)
		usage();
	target: string;
	sources: list of string;
	for(; argv != nil; argv = tl argv){
		if(tl argv == nil)
			target = hd argv;
		else
			sources = hd argv :: sources;
	}
	(ok, td) := sys->stat(target);
	todir := ok >= 0 && (td.mode & Sys->DMDIR);
	if(len sources > 1 && !todir)
		usage();
	for(sources = reverse(sources); sources != nil; sources = tl sources){
		src := hd sources;
		if(todir)
			mv(src, target + "/" + lastelem(src));
		else
			mv(src, target);
	}
	if(failed)
		raise "fail:error";
}

usage()
{
	sys->fprint(stderr, "usage: mv fromfile tofile\n       mv fromfile ... todir\n");
	raise "fail:usage";
}

reverse(l: list of string): list of string
{
	r: list of string;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}

lastelem(path: string): string
{
	(nil, elems) := sys->tokenize(path, "/");
	name := path;
	for(; elems != nil; elems = tl elems)
		name = hd elems;
	return name;
}

dirof(path: string): string
{
	for(i := len path - 1; i >= 0; i--)
		if(path[i] == '/')
			return path[0:i+1];
	return "";
}

mv(src, dst: string)
{
	(ok, sd) := sys->stat(src);
	if(ok < 0){
		warn(sys->sprint("%s: %r", src));
		return;
	}
	(dok, dd) := sys->stat(dst);
	if(dok >= 0 && sd.qid.path == dd.qid.path && sd.dtype == dd.dtype && sd.dev == dd.dev){
		warn(src + " and " + dst + " are the same file");
		return;
	}
	if(dirof(src) == dirof(dst)){
		if(dok >= 0 && sys->remove(dst) < 0){
			warn(sys->sprint("can't remove %s: %r", dst));
			return;
		}
		d := sys->nulldir;
		d.name = lastelem(dst);
		if(sys->wstat(src, d) < 0)
			warn(sys->sprint("can't rename %s to %s: %r", src, dst));
		return;
	}
	if(sd.mode & Sys->DMDIR){
		warn(src + ": can't move a directory to another directory");
		return;
	}
	if(copy(src, dst, sd.mode & 8r777) && sys->remove(src) < 0)
		warn(sys->sprint("can't remove %s: %r", src));
}

copy(src, dst: string, perm: int): int
{
	in := sys->open(src, Sys->OREAD);
	if(in == nil){
		warn(sys->sprint("can't open %s: %r", src));
		return 0;
	}
	out := sys->create(dst, Sys->OWRITE, perm);
	if(out == nil){
		warn(sys->sprint("can't create %s: %r", dst));
		return 0;
	}
	buf := array[Sys->ATOMICIO] of byte;
	while((n := sys->read(in, buf, len buf)) > 0)
		if(sys->write(out, buf, n) != n){
			warn(sys->sprint("error writing %s: %r", dst));
			return 0;
		}
	if(n < 0){
		warn(sys->sprint("error reading %s: %r", src));
		return 0;
	}
	return 1;
}

warn(msg: string)
{
	sys->fprint(stderr, "mv: %s\n", msg);
	failed = 1;
}
