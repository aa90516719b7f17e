implement Mv;

# mv fromfile tofile, mv fromfile ... todir: move files. Within one
# directory a file (or directory) is renamed in place; between directories
# a file is copied and the original removed.

include "sys.m";
	sys: Sys;

include "draw.m";

Mv: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(len argv < 3){
		sys->fprint(stderr, "usage: mv fromfile tofile\n");
		sys->fprint(stderr, "       mv fromfile ... todir\n");
		raise "fail:usage";
	}
	args := array[len argv - 1] of string;
	for(i := 0; (argv = tl argv) != nil; i++)
		args[i] = hd argv;
	nsrc := len args - 1;
	target := args[nsrc];

	# Into a directory, keeping names, unless renaming one directory.
	todir, toelem: string;
	(tok, td) := sys->stat(target);
	if(tok >= 0 && (td.mode & Sys->DMDIR) && !(nsrc == 1 && isdir(args[0])))
		todir = target;
	else
		(todir, toelem) = split(target);
	if(nsrc > 1 && toelem != nil){
		sys->fprint(stderr, "mv: %s not a directory\n", target);
		raise "fail:error";
	}
	failed := 0;
	for(i = 0; i < nsrc; i++)
		if(mv(args[i], todir, toelem) < 0)
			failed = 1;
	if(failed)
		raise "fail:error";
}

isdir(name: string): int
{
	(ok, d) := sys->stat(name);
	return ok >= 0 && (d.mode & Sys->DMDIR);
}

# (directory with a trailing slash, last element)
split(name: string): (string, string)
{
	for(i := len name - 1; i >= 0; i--)
		if(name[i] == '/')
			return (name[0:i+1], name[i+1:]);
	if(name == "..")
		return ("../", ".");
	return ("./", name);
}

samefile(a, b: string): int
{
	if(a == b)
		return 1;
	(aok, da) := sys->stat(a);
	(bok, db) := sys->stat(b);
	return aok >= 0 && bok >= 0 && da.qid.path == db.qid.path && da.qid.vers == db.qid.vers &&
		da.dev == db.dev && da.dtype == db.dtype;
}

mv(src, todir, toelem: string): int
{
	(ok, sd) := sys->stat(src);
	if(ok < 0){
		sys->fprint(stderr, "mv: can't stat %s: %r\n", src);
		return -1;
	}
	(fromdir, fromelem) := split(src);
	from := fromdir + fromelem;
	if(toelem == nil){
		if(todir[len todir - 1] != '/')
			todir[len todir] = '/';
		toelem = fromelem;
	}
	if(toelem == nil){
		sys->fprint(stderr, "mv: null last name element moving %s\n", from);
		return -1;
	}
	dest := todir + toelem;
	isdirectory := sd.mode & Sys->DMDIR;
	if(samefile(fromdir, todir)){
		if(samefile(from, dest)){
			sys->fprint(stderr, "mv: %s and %s are the same\n", from, dest);
			return -1;
		}
		if(sys->stat(dest).t0 >= 0){
			if(isdirectory){
				sys->fprint(stderr, "mv: can't rename a directory to an existing name\n");
				return -1;
			}
			clear(dest);
		}
		d := sys->nulldir;
		d.name = toelem;
		if(sys->wstat(from, d) >= 0)
			return 0;
		if(isdirectory){
			sys->fprint(stderr, "mv: can't rename directory %s: %r\n", from);
			return -1;
		}
	}
	if(isdirectory){
		sys->fprint(stderr, "mv: %s is a directory, not copied to %s\n", from, dest);
		return -1;
	}
	if(copy(from, dest, sd.mode) < 0)
		return -1;
	if(sys->remove(from) < 0){
		sys->fprint(stderr, "mv: can't remove %s: %r\n", from);
		return -1;
	}
	return 0;
}

# Remove name, and whatever a union shows under the same name after it.
clear(name: string)
{
	if(sys->remove(name) < 0){
		sys->fprint(stderr, "mv: can't remove %s: %r\n", name);
		raise "fail:mv";
	}
	while(sys->remove(name) >= 0)
		;
}

copy(from, dest: string, mode: int): int
{
	in := sys->open(from, Sys->OREAD);
	if(in == nil){
		sys->fprint(stderr, "mv: can't open %s: %r\n", from);
		return -1;
	}
	out := sys->create(dest, Sys->OWRITE, mode);
	if(out == nil){
		sys->fprint(stderr, "mv: can't create %s: %r\n", dest);
		return -1;
	}
	buf := array[Sys->ATOMICIO] of byte;
	while((n := sys->read(in, buf, len buf)) > 0)
		if(sys->write(out, buf, n) != n){
			sys->fprint(stderr, "mv: error writing %s: %r\n", dest);
			return -1;
		}
	if(n < 0){
		sys->fprint(stderr, "mv: error reading %s: %r\n", from);
		return -1;
	}
	return 0;
}
