implement Ls;

# ls [-delmnpqrstucFT] [file ...]: list files, and the contents of
# directories. Sorted by name unless -t (by modification time, or access
# time with -u), -s (by size) or -n (not at all); -r reverses the order.
#	-l	long form: mode, device, owner, group, size, time, name
#	-e	with -l, times as seconds since the epoch
#	-m	the user who last changed the file, in brackets
#	-q	the qid: path, version and type
#	-k	the size in kilobytes, first
#	-d	a directory itself, not its contents
#	-p	the last element of each name only
#	-c	of entries sharing a name in a union, only the first
#	-F	a / after directory names and a * after executable files
#	-T	t for a temporary (DMTMP) file, - otherwise

include "sys.m";
	sys: Sys;
	Dir: import sys;

include "draw.m";

include "daytime.m";
	daytime: Daytime;

include "readdir.m";
	readdir: Readdir;

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Ls: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

longform, epochtimes, showmuid, showqid, showkb, dironly, lastelemonly,
	atimes, marktypes, showtmp: int;
sortkey: int;
now: int;
out: ref Iobuf;
stderr: ref Sys->FD;

# Named files that are not directories (or all of them, with -d), waiting
# to be listed together, sorted, before the next directory's contents.
Named: adt {
	name:	string;
	dir:	ref Dir;
};
files: list of Named;

nomodule(path: string)
{
	sys->fprint(stderr, "ls: cannot load %s: %r\n", path);
	raise "fail:bad module";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		nomodule(Bufio->PATH);
	readdir = load Readdir Readdir->PATH;
	if(readdir == nil)
		nomodule(Readdir->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);

	sortkey = Readdir->NAME;
	bytime := 0;
	unsorted := 0;
	order := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'l' =>	longform = 1;
		'e' =>	epochtimes = 1;
		'm' =>	showmuid = 1;
		'q' =>	showqid = 1;
		'k' =>	showkb = 1;
		'd' =>	dironly = 1;
		'p' =>	lastelemonly = 1;
		'n' =>	unsorted = 1;
		't' =>	bytime = 1;
		'u' =>	atimes = 1;
		's' =>	sortkey = Readdir->SIZE;
		'r' =>	order |= Readdir->DESCENDING;
		'c' =>	order |= Readdir->COMPACT;
		'F' =>	marktypes = 1;
		'T' =>	showtmp = 1;
		* =>
			sys->fprint(stderr, "usage: ls [-delmnpqrstucFT] [files]\n");
			raise "fail:usage";
		}
	argv = arg->argv();
	if(longform && !epochtimes){
		daytime = load Daytime Daytime->PATH;
		if(daytime == nil)
			nomodule(Daytime->PATH);
		now = daytime->now();
	}
	if(unsorted)
		sortkey = Readdir->NONE;
	else if(bytime){
		sortkey = Readdir->MTIME;
		if(atimes)
			sortkey = Readdir->ATIME;
	}
	sortkey |= order;

	if(argv == nil){
		argv = "." :: nil;
		lastelemonly = 1;
	}
	errors := 0;
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		(ok, d) := sys->stat(name);
		if(ok < 0){
			sys->fprint(stderr, "ls: %s: %r\n", name);
			errors = 1;
			continue;
		}
		if(dironly || (d.mode & Sys->DMDIR) == 0){
			files = Named(name, ref d) :: files;
			continue;
		}
		listnamed();
		(a, n) := readdir->init(name, sortkey);
		if(n < 0){
			sys->fprint(stderr, "ls: %s: %r\n", name);
			errors = 1;
		}else
			listdir(name, a);
	}
	listnamed();
	out.flush();
	if(errors)
		raise "fail:errors";
}

# List the files waiting in files, and empty it.
listnamed()
{
	n := len files;
	if(n == 0)
		return;
	a := array[n] of ref Dir;
	for(; files != nil; files = tl files){
		a[--n] = (hd files).dir;
		a[n].name = (hd files).name;	# listed and sorted by the names as given
	}
	(sorted, nil) := readdir->sortdir(a, sortkey);
	listdir(nil, sorted);
}

Widths: adt {
	dev, uid, gid, length, kb, vers, muid: int;
};

widths(a: array of ref Dir): Widths
{
	w := Widths(0, 0, 0, 0, 0, 0, 0);
	for(i := 0; i < len a; i++){
		d := a[i];
		w.dev = max(w.dev, len string d.dev);
		w.uid = max(w.uid, len d.uid);
		w.gid = max(w.gid, len d.gid);
		w.length = max(w.length, len string d.length);
		w.kb = max(w.kb, len string ((d.length + big 1023) / big 1024));
		w.vers = max(w.vers, len string d.qid.vers);
		w.muid = max(w.muid, len d.muid + 2);
	}
	return w;
}

max(a, b: int): int
{
	if(a > b)
		return a;
	return b;
}

# List the entries of directory dir, or with dir nil the files named on
# the command line.
listdir(dir: string, a: array of ref Dir)
{
	w := widths(a);
	for(i := 0; i < len a; i++){
		d := a[i];
		name := d.name;
		if(lastelemonly)
			name = lastelem(name);
		else if(dir != nil){
			if(dir[len dir - 1] == '/')
				name = dir + name;
			else
				name = dir + "/" + name;
		}
		line(name, d, w);
	}
}

lastelem(path: string): string
{
	for(i := len path - 1; i >= 0; i--)
		if(path[i] == '/' && i < len path - 1)
			return path[i+1:];
	return path;
}

line(name: string, d: ref Dir, w: Widths)
{
	s := "";
	if(showkb)
		s += sys->sprint("%*bd ", w.kb, (d.length + big 1023) / big 1024);
	if(showmuid){
		s += "[" + d.muid + "] ";
		for(i := len d.muid + 2; i < w.muid; i++)
			s[len s] = ' ';
	}
	if(showqid)
		s += sys->sprint("(%.16bux %*ud %.2ux) ", d.qid.path, w.vers, d.qid.vers, d.qid.qtype);
	if(showtmp){
		if(d.mode & Sys->DMTMP)
			s += "t ";
		else
			s += "- ";
	}
	if(marktypes){
		if(d.mode & Sys->DMDIR)
			name += "/";
		else if(d.mode & 8r111)
			name += "*";
	}
	if(longform){
		t := d.mtime;
		if(atimes)
			t = d.atime;
		when: string;
		if(epochtimes)
			when = string t;
		else
			when = daytime->filet(now, t);
		s += sys->sprint("%s %c %*d %*s %*s %*bud %s %s",
			modestring(d.mode), d.dtype, w.dev, d.dev,
			-w.uid, d.uid, -w.gid, d.gid, w.length, d.length,
			when, name);
	}else
		s += name;
	out.puts(s + "\n");
}

rwx := array[] of {"---", "--x", "-w-", "-wx", "r--", "r-x", "rw-", "rwx"};

modestring(mode: int): string
{
	s: string;
	if(mode & Sys->DMDIR)
		s = "d";
	else if(mode & Sys->DMAPPEND)
		s = "a";
	else if(mode & Sys->DMAUTH)
		s = "A";
	else
		s = "-";
	if(mode & Sys->DMEXCL)
		s += "l";
	else
		s += "-";
	return s + rwx[(mode>>6)&7] + rwx[(mode>>3)&7] + rwx[mode&7];
}
