implement Gettar;

# gettar [-kvR] [name ...]: unpack the tar archive on standard input into
# the current directory (making directories as needed), or only the
# members named (and what is below them). An absolute name (or one
# starting with #) is taken as relative unless -R; -k keeps files that
# exist; -v lists the files written on standard error. Links and special
# files are passed over; .. in a name, a damaged archive or a failed write
# end gettar with fail:error.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

include "tar.m";
	tar: Tar;
	Reader, Header: import tar;

Gettar: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
absolute := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	tar = load Tar Tar->PATH;
	arg := load Arg Arg->PATH;
	if(tar == nil || arg == nil)
		error(sys->sprint("cannot load modules: %r"));
	keep := 0;
	verbose := 0;
	arg->init(argv);
	arg->setusage("gettar [-kTRv] [file ...]");
	while((c := arg->opt()) != 0)
		case c {
		'k' =>	keep = 1;
		'v' =>	verbose = 1;
		'R' =>	absolute = 1;
		* =>	arg->usage();
		}
	names := arg->argv();
	r := Reader.new(sys->fildes(0));
	for(;;){
		(h, err) := r.header();
		if(err != nil)
			error(err);
		if(h == nil)
			break;
		(name, size, skip) := member(h);
		out: ref Sys->FD;
		if(!skip){
			if((names == nil || wanted(name, names)) && !(keep && exists(name))){
				if(verbose)
					sys->fprint(stderr, "%s\n", name);
				directories(name);
				out = sys->create(name, Sys->OWRITE, 8r666);
				if(out == nil){
					sys->fprint(stderr, "gettar: cannot create %s: %r\n", name);
					skip = 1;
				}
			}else
				skip = 1;
		}
		for(left := size; left > 0; left -= Tar->BLOCK){
			(b, e) := r.block();
			if(e != nil)
				error(e);
			if(b == nil)
				break;
			n := left;
			if(n > Tar->BLOCK)
				n = Tar->BLOCK;
			if(!skip && sys->write(out, b, n) != n)
				error(sys->sprint("write error for %s: %r", name));
		}
		if(skip)
			continue;
		out = nil;
		d := sys->nulldir;
		d.mode = h.mode & 8r777;
		d.mtime = h.mtime;
		if(sys->wstat(name, d) < 0){
			d.mtime = ~0;
			if(sys->wstat(name, d) < 0)
				sys->fprint(stderr, "gettar: cannot set mode/mtime %s %#o %ud: %r\n",
					name, h.mode & 8r777, h.mtime);
		}
	}
}

error(what: string)
{
	sys->fprint(stderr, "gettar: %s\n", what);
	raise "fail:error";
}

# The name a member is written as, its data's size, and whether it is
# passed over.
member(h: ref Header): (string, int, int)
{
	name := h.name;
	if(!absolute && name != nil){
		if(name[0] == '#')
			name = "./" + name;
		else if(name[0] == '/')
			name = "." + name;
	}
	err := tar->check(h.block, name);
	if(err != nil)
		error(err);
	case h.kind {
	'0' or '7' or 0 =>
		return (name, h.size, 0);
	'1' =>
		sys->fprint(stderr, "gettar: skipping link %s -> %s\n", name, h.link);
	'2' or 's' =>
		sys->fprint(stderr, "gettar: skipping symlink %s\n", name);
	'3' or '4' or '6' =>
		sys->fprint(stderr, "gettar: skipping special file %s\n", name);
	'5' =>
		if(name != nil && name[len name - 1] == '/')
			directories(name + ".");
		else
			directories(name + "/.");
	* =>
		error(sys->sprint("unrecognized typeflag %d for %s", h.kind, name));
	}
	return (name, 0, 1);
}

# Makes the directories on the way to file, relative to the current one.
directories(file: string)
{
	(n, parts) := sys->tokenize(file, "/");
	path := "";
	for(; parts != nil && n > 1; parts = tl parts){
		part := hd parts;
		n--;
		if(part == "..")
			error(".. pathnames forbidden");
		if(path == "")
			path = part;
		else
			path += "/" + part;
		(ok, d) := sys->stat(path);
		if(ok < 0){
			if(sys->create(path, Sys->OREAD, Sys->DMDIR|8r777) == nil)
				error(sys->sprint("cannot mkdir %s: %r", path));
		}else if((d.mode & Sys->DMDIR) == 0)
			error(sys->sprint("found non-directory at %s", path));
	}
	if(parts != nil && hd parts == "..")
		error(".. pathnames forbidden");
}

exists(path: string): int
{
	(ok, nil) := sys->stat(path);
	return ok >= 0;
}

wanted(name: string, names: list of string): int
{
	for(; names != nil; names = tl names){
		p := hd names;
		if(len p <= len name && name[0:len p] == p && (len p == len name || name[len p] == '/'))
			return 1;
	}
	return 0;
}
