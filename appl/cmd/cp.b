implement Cp;

# cp [-gux] src target, cp [-r] [-gux] src ... dir: copy files; -r copies
# directories and what is in them. The copy gets the source's permissions;
# -x also keeps its modification time, -g its group, -u its owner and group.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "readdir.m";
	readdir: Readdir;

Cp: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
failed := 0;
keepgid := 0;
keepuid := 0;
keeptime := 0;
copying: list of Sys->Dir;	# directories being copied, to catch loops

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "cp: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("\tcp [-gux] src target\n\tcp [-r] [-gux] src ... directory");
	recursive := 0;
	while((c := arg->opt()) != 0)
		case c {
		'r' =>	recursive = 1;
		'g' =>	keepgid = 1;
		'u' =>	keepuid = keepgid = 1;
		'x' =>	keeptime = 1;
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	sources: list of string;
	target: string;
	for(; argv != nil; argv = tl argv)
		if(tl argv == nil)
			target = hd argv;
		else
			sources = hd argv :: sources;
	sources = reverse(sources);
	(ok, td) := sys->stat(target);
	todir := ok >= 0 && (td.mode & Sys->DMDIR);
	if(len sources > 1 && !todir){
		sys->fprint(stderr, "cp: %s  not a directory\n", target);
		raise "fail:error";
	}
	if(recursive){
		readdir = load Readdir Readdir->PATH;
		if(readdir == nil){
			sys->fprint(stderr, "cp: cannot load %s: %r\n", Readdir->PATH);
			raise "fail:bad module";
		}
	}
	for(; sources != nil; sources = tl sources){
		src := hd sources;
		(sok, sd) := sys->stat(src);
		if(sok < 0){
			warn(sys->sprint("%s: %r", src));
			continue;
		}
		dst := target;
		if(todir)
			dst = target + "/" + lastelem(src);
		if(sd.mode & Sys->DMDIR){
			if(!recursive)
				warn(src + " is a directory");
			else if(ok >= 0 && samefile(sd, td))
				warn("cannot copy " + src + " into itself");
			else
				copydir(src, dst, sd);
		}else
			copyfile(src, dst, sd);
	}
	if(failed)
		raise "fail:error";
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

samefile(a, b: Sys->Dir): int
{
	return a.dtype == b.dtype && a.dev == b.dev &&
		a.qid.path == b.qid.path && a.qid.qtype == b.qid.qtype;
}

copyfile(src, dst: string, sd: Sys->Dir)
{
	(ok, dd) := sys->stat(dst);
	if(ok >= 0 && samefile(sd, dd)){
		warn(src + " and " + dst + " are the same file");
		return;
	}
	in := sys->open(src, Sys->OREAD);
	if(in == nil){
		warn(sys->sprint("cannot open %s: %r", src));
		return;
	}
	out := sys->create(dst, Sys->OWRITE, sd.mode & 8r777);
	if(out == nil){
		warn(sys->sprint("cannot create %s: %r", dst));
		return;
	}
	buf := array[Sys->ATOMICIO] of byte;
	while((n := sys->read(in, buf, len buf)) > 0)
		if(sys->write(out, buf, n) != n){
			warn(sys->sprint("error writing %s: %r", dst));
			return;
		}
	if(n < 0){
		warn(sys->sprint("error reading %s: %r", src));
		return;
	}
	if(setattrs(out, sd, 0) < 0)
		warn(sys->sprint("can't wstat %s: %r", dst));
}

copydir(src, dst: string, sd: Sys->Dir)
{
	for(l := copying; l != nil; l = tl l)
		if(samefile(hd l, sd)){
			warn(src + ": directory loop found");
			return;
		}
	if(sys->stat(dst).t0 >= 0){
		warn("cannot copy " + src + " onto another directory");
		return;
	}
	out := sys->create(dst, Sys->OREAD, Sys->DMDIR | sd.mode & 8r777 | 8r700);
	if(out == nil){
		warn(sys->sprint("cannot make directory %s: %r", dst));
		return;
	}
	copying = sd :: copying;
	(d, n) := readdir->init(src, Readdir->NAME|Readdir->COMPACT);
	for(i := 0; i < n; i++){
		from := src + "/" + d[i].name;
		into := dst + "/" + d[i].name;
		if(d[i].mode & Sys->DMDIR)
			copydir(from, into, *d[i]);
		else
			copyfile(from, into, *d[i]);
	}
	copying = tl copying;
	if(setattrs(out, sd, 1) < 0)
		warn(sys->sprint("can't wstat %s: %r", dst));
}

# Give the copy the attributes the options ask to keep (and, for a
# directory, its mode, relaxed while its contents were written).
setattrs(fd: ref Sys->FD, sd: Sys->Dir, isdir: int): int
{
	if(!(keeptime || keepgid || keepuid || isdir))
		return 0;
	d := sys->nulldir;
	if(keeptime)
		d.mtime = sd.mtime;
	if(keeptime || isdir)
		d.mode = sd.mode;
	if(keepuid)
		d.uid = sd.uid;
	if(keepgid)
		d.gid = sd.gid;
	return sys->fwstat(fd, d);
}

warn(msg: string)
{
	sys->fprint(stderr, "cp: %s\n", msg);
	failed = 1;
}
