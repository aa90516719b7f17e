implement Fcp;

# fcp [-r] [-R nproc] [-W nproc] src target
# fcp [-r] [-R nproc] [-W nproc] src ... directory
# Copies files as cp does, but with nproc readers (-R) and nproc writers (-W),
# 8 of each by default, each moving one block of Sys->ATOMICIO bytes at a time
# with pread and pwrite; with one of each, a plain read and write loop. A
# parallel copy moves as many bytes as the source's length says. -r copies
# directories and what they hold; a directory copied into an existing one
# goes in under its own name, a new one is made with the source's mode (made
# open to all while it is filled). Each failure is named on standard error as
# "fcp: ..." and the rest still done; then fcp fails with fail:error. Unlike
# the original, which may end before its writers have written everything,
# this one waits for them, and starts them only once the command line is
# known to be good (the original's wait forever when it fails).

include "sys.m";
	sys: Sys;
	Dir: import sys;

include "draw.m";

include "arg.m";

include "readdir.m";
	readdir: Readdir;

Fcp: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# A block to move: source, offset, count, destination; a nil source ends a worker.
Block: adt {
	src:	ref Sys->FD;
	off:	big;
	n:	int;
	dst:	ref Sys->FD;
};

stderr: ref Sys->FD;
nerrors := 0;
# Files for the parallel copier, and its word that it has finished.
files: chan of (ref Sys->FD, ref Sys->FD);
finished: chan of int;
# Directories already copied, by qid path, device type and device.
visited: list of ref Dir;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "fcp: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("\tfcp [-r] [-R nproc] [-W nproc] src target\n\tfcp [-r] [-R nproc] [-W nproc] src ... directory");
	recursive := 0;
	nread := 8;
	nwrite := 8;
	while((c := arg->opt()) != 0)
		case c {
		'R' =>	nread = int arg->earg();
		'W' =>	nwrite = int arg->earg();
		'r' =>	recursive = 1;
		* =>	arg->usage();
		}
	if(nread < 1 || nwrite < 1)
		arg->usage();
	argv = arg->argv();
	if(len argv < 2)
		arg->usage();
	target := lastof(argv);
	(ok, d) := sys->stat(target);
	todir := ok != -1 && (d.mode & Sys->DMDIR) != 0;
	if(len argv > 2 && !todir){
		sys->fprint(stderr, "fcp: %s  not a directory\n", target);
		raise "fail:error";
	}
	if(recursive && (readdir = load Readdir Readdir->PATH) == nil){
		sys->fprint(stderr, "fcp: cannot load %s: %r\n", Readdir->PATH);
		raise "fail:bad module";
	}
	# Started once the command line is known to be good (the original starts
	# it first, and leaves it waiting forever when it fails).
	if(nread > 1 || nwrite > 1){
		files = chan of (ref Sys->FD, ref Sys->FD);
		finished = chan of int;
		spawn copier(nread, nwrite);
	}
	if(recursive)
		copytree(argv, target);
	else
		for(; tl argv != nil; argv = tl argv)
			if(todir)
				copyfile(hd argv, target + "/" + basename(hd argv));
			else
				copyfile(hd argv, target);
	if(files != nil){
		files <-= (nil, nil);
		<-finished;
	}
	if(nerrors)
		raise "fail:error";
}

lastof(l: list of string): string
{
	s: string;
	for(; l != nil; l = tl l)
		s = hd l;
	return s;
}

basename(s: string): string
{
	for((nil, l) := sys->tokenize(s, "/"); l != nil; l = tl l)
		s = hd l;
	return s;
}

complain(s: string)
{
	sys->fprint(stderr, "fcp: %s\n", s);
	nerrors++;
}

samefile(a, b: Dir): int
{
	return a.qid.path == b.qid.path && a.dev == b.dev && a.dtype == b.dtype;
}

# Copies the file src to the file dst.
copyfile(src, dst: string)
{
	(ok, s) := sys->stat(src);
	if(ok < 0){
		complain(sys->sprint("%s: %r", src));
		return;
	}
	if(s.mode & Sys->DMDIR){
		complain(src + " is a directory");
		return;
	}
	(dok, d) := sys->stat(dst);
	if(dok != -1 && samefile(s, d)){
		complain(src + " and " + dst + " are the same file");
		return;
	}
	in := sys->open(src, Sys->OREAD);
	if(in == nil){
		complain(sys->sprint("cannot open %s: %r", src));
		return;
	}
	out := sys->create(dst, Sys->OWRITE, s.mode);
	if(out == nil){
		complain(sys->sprint("cannot create %s: %r", dst));
		return;
	}
	if(files != nil){
		files <-= (in, out);
		return;
	}
	buf := array[Sys->ATOMICIO] of byte;
	while((n := sys->read(in, buf, len buf)) != 0){
		if(n < 0){
			complain(sys->sprint("error reading %s: %r", src));
			return;
		}
		if(sys->write(out, buf, n) != n){
			complain(sys->sprint("error writing %s: %r", dst));
			return;
		}
	}
}

# fcp -r: each source into (or, when it does not exist yet, as) the target.
copytree(argv: list of string, target: string)
{
	(ok, t) := sys->stat(target);
	exists := ok != -1;
	if(exists && (t.mode & Sys->DMDIR) == 0){
		complain(target + ": destination not a directory");
		return;
	}
	for(; tl argv != nil; argv = tl argv){
		src := hd argv;
		(sok, s) := sys->stat(src);
		if(sok < 0)
			complain(sys->sprint("can't stat %s: %r", src));
		else if((s.mode & Sys->DMDIR) == 0)
			copyfile(src, target + "/" + basename(src));
		else if(!exists)
			copydir(src, target, s.mode);
		else if(samefile(s, t))
			complain("cannot copy " + src + " into itself");
		else
			copydir(src, target + "/" + basename(src), s.mode);
	}
}

# Makes the directory dst and copies into it what src holds.
copydir(src, dst: string, mode: int)
{
	(ok, nil) := sys->stat(dst);
	if(ok != -1){
		complain("cannot copy " + src + " onto another directory");
		return;
	}
	if(sys->create(dst, Sys->OREAD, Sys->DMDIR | mode | 8r777) == nil){
		complain(sys->sprint("cannot make directory %s: %r", dst));
		return;
	}
	(entries, n) := readdir->init(src, Readdir->COMPACT);
	for(i := 0; i < n; i++){
		e := entries[i];
		path := src + "/" + e.name;
		if((e.mode & Sys->DMDIR) == 0)
			copyfile(path, dst + "/" + e.name);
		else if(visit(e))
			complain(path + ": directory loop found");
		else
			copydir(path, dst + "/" + e.name, e.mode);
	}
	(sok, d) := sys->stat(dst);
	if(sok < 0 || d.mode == mode)
		return;
	d = sys->nulldir;
	d.mode = mode;
	if(sys->wstat(dst, d) < 0)
		complain(sys->sprint("cannot wstat %s: %r", dst));
}

# Whether the directory d was met before; it is remembered if not.
visit(d: ref Dir): int
{
	for(l := visited; l != nil; l = tl l)
		if(samefile(*hd l, *d))
			return 1;
	visited = d :: visited;
	return 0;
}

# The parallel copier: splits each pair of files into blocks for nread
# readers, which pass what they read to nwrite writers.
copier(nread, nwrite: int)
{
	blocks := chan of ref Block;
	filled := chan of (ref Sys->FD, big, array of byte);
	done := chan of int;
	for(i := 0; i < nread; i++)
		spawn reader(blocks, filled, done);
	for(i = 0; i < nwrite; i++)
		spawn writer(filled, done);
	for(;;){
		(src, dst) := <-files;
		if(src == nil)
			break;
		(ok, d) := sys->fstat(src);
		if(ok == -1)
			continue;
		for(off := big 0; off < d.length; off += big Sys->ATOMICIO){
			n := Sys->ATOMICIO;
			if(d.length - off < big n)
				n = int (d.length - off);
			blocks <-= ref Block(src, off, n, dst);
		}
	}
	for(i = 0; i < nread; i++)
		blocks <-= ref Block(nil, big 0, 0, nil);
	for(i = 0; i < nread; i++)
		<-done;
	for(i = 0; i < nwrite; i++)
		filled <-= (nil, big 0, nil);
	for(i = 0; i < nwrite; i++)
		<-done;
	finished <-= 1;
}

reader(blocks: chan of ref Block, filled: chan of (ref Sys->FD, big, array of byte), done: chan of int)
{
	while((b := <-blocks).src != nil){
		buf := array[b.n] of byte;
		n := sys->pread(b.src, buf, b.n, b.off);
		if(n > 0)
			filled <-= (b.dst, b.off, buf[0:n]);
	}
	done <-= 1;
}

writer(filled: chan of (ref Sys->FD, big, array of byte), done: chan of int)
{
	for(;;){
		(dst, off, buf) := <-filled;
		if(dst == nil)
			break;
		sys->pwrite(dst, buf, len buf, off);
	}
	done <-= 1;
}
