implement Profile;

# The Profile library over the profiling device #P (bound on /prof): it
# writes the device's ctl messages, reads each profiled module's
# histogram, maps its pcs to source lines and functions through the
# module's symbol file (.sbl), and prints the tables of prof(1) and
# mprof(1). Coverage profiling is not offered: the device does not count
# every instruction, so cpstart, cpstats, cpfstats, cpshow and coverage
# fail with lasterror saying so.

include "sys.m";
	sys: Sys;

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "workdir.m";

include "dis.m";
	dism: Dis;

include "profile.m";

DEV: con "/prof";
CTLFILE: con "/prof/ctl";

# The largest line number and pc count believed in a symbol file.
Maxcount: con 1<<22;

# Where sources are found for modules under /dis, as (dis prefix, source
# prefix) pairs.
srcdirs := array[] of {
	("/dis/", "/appl/cmd/"),
	("/dis/", "/appl/"),
};

lasterr: string;
ready := 0;
# the modules to profile, as the ctl message names them
wanted := "";

# A module's symbols: for each pc its first and last source line, and its
# functions in pc order.
Syms: adt
{
	file:	string;
	first:	array of int;
	last:	array of int;
	fnames:	array of string;
	fpcs:	array of int;

	lines:	fn(s: self ref Syms, pc: int): (int, int);
	func:	fn(s: self ref Syms, pc: int): int;
};

init(): int
{
	lasterr = nil;
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		fail("cannot load Bufio module");
		return -1;
	}
	(ok, nil) := sys->stat(CTLFILE);
	if(ok < 0 && sys->bind("#P", DEV, Sys->MREPL|Sys->MCREATE) < 0){
		fail("cannot bind prof device to /prof");
		return -1;
	}
	ready = 1;
	return 0;
}

lasterror(): string
{
	return lasterr;
}

# The error is s with the system error string.
fail(s: string)
{
	lasterr = sys->sprint("%s: %r", s);
}

profile(m: string): int
{
	lasterr = nil;
	wanted = m + " " + wanted;
	return 0;
}

sample(i: int): int
{
	lasterr = nil;
	if(i <= 0){
		lasterr = sys->sprint("bad sample rate %d", i);
		return -1;
	}
	return ctl("interval " + string i);
}

start(): int
{
	lasterr = nil;
	if(!ready && init() < 0)
		return -1;
	if(ctl("module " + wanted) < 0)
		return -1;
	return ctl("start");
}

memstart(mem: int): int
{
	lasterr = nil;
	if(!ready && init() < 0)
		return -1;
	if(wanted != nil && ctl("module " + wanted) < 0)
		return -1;
	if(mem == 0)
		mem = MAIN|HEAP|IMAGE;
	msg := "startmp";
	if(mem & MAIN)
		msg += "1";
	if(mem & HEAP)
		msg += "2";
	if(mem & IMAGE)
		msg += "3";
	return ctl(msg);
}

stop(): int
{
	lasterr = nil;
	if(!ready && init() < 0)
		return -1;
	return ctl("stop");
}

end(): int
{
	lasterr = nil;
	ready = 0;
	wanted = nil;
	return ctl("end");
}

ctl(msg: string): int
{
	fd := sys->open(CTLFILE, Sys->OWRITE);
	if(fd == nil){
		fail("cannot open " + CTLFILE + " for writing");
		return -1;
	}
	b := array of byte msg;
	if(sys->write(fd, b, len b) != len b){
		fail("cannot write " + msg + " to file " + CTLFILE);
		return -1;
	}
	return 0;
}

# The directories of the profiled modules.
moddirs(): (list of string, int)
{
	fd := sys->open(DEV, Sys->OREAD);
	if(fd == nil){
		fail("cannot open " + DEV + " for reading");
		return (nil, -1);
	}
	dirs: list of string;
	for(;;){
		(n, d) := sys->dirread(fd);
		if(n <= 0)
			break;
		for(i := 0; i < n; i++)
			if(d[i].name != "ctl")
				dirs = DEV + "/" + d[i].name :: dirs;
	}
	return (dirs, 0);
}

stats(): Prof
{
	lasterr = nil;
	(dirs, r) := moddirs();
	if(r < 0)
		return (nil, 0, nil);
	mods: list of Modprof;
	total := 0;
	for(; dirs != nil; dirs = tl dirs){
		mp: Modprof;
		mp.name = readfile(hd dirs + "/name");
		mp.path = readfile(hd dirs + "/path");
		h := sys->open(hd dirs + "/histogram", Sys->OREAD);
		if(h == nil)
			continue;
		(mp.srcpath, mp.linetab, mp.funtab, mp.total) = timeprof(h, mp.path);
		if((b := source(mp.path)) != nil)
			mp.srcpath = b;
		if(mp.total != 0){
			mods = mp :: mods;
			total += mp.total;
		}
	}
	return (mods, total, nil);
}

memstats(): Prof
{
	lasterr = nil;
	(dirs, r) := moddirs();
	if(r < 0)
		return (nil, 0, nil);
	mods: list of Modprof;
	total := high := 0;
	for(; dirs != nil; dirs = tl dirs){
		mp: Modprof;
		mp.name = readfile(hd dirs + "/name");
		mp.path = readfile(hd dirs + "/path");
		h := sys->open(hd dirs + "/histogram", Sys->OREAD);
		if(h == nil)
			continue;
		mp.totals = array[1] of int;
		(mp.srcpath, mp.linetab, mp.funtab, mp.total, mp.totals[0]) = memprof(h, mp.path);
		if((b := source(mp.path)) != nil)
			mp.srcpath = b;
		if(mp.total != 0 || mp.totals[0] != 0){
			mods = mp :: mods;
			total += mp.total;
			high += mp.totals[0];
		}
	}
	return (mods, total, array[] of {high});
}

# The next (index, count) pair of a histogram; count -1 at its end or
# on a bad pair.
nextpair(fd: ref Sys->FD, buf: array of byte): (int, int)
{
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return (0, -1);
	(nw, w) := sys->tokenize(string buf[0:n], " ");
	if(nw != 2){
		lasterr = "bad histogram data";
		return (0, -1);
	}
	return (int hd w, int hd tl w);
}

# Spreads count f over lines l1 to l2 of tab, at every step-th slot from
# slot off (the remainder to the first lines).
spread(tab: array of int, l1, l2, f, step, off: int)
{
	n := l2 - l1 + 1;
	q := f / n;
	r := f - q * n;
	for(l := l1; l <= l2; l++){
		i := step * l + off;
		if(i >= 0 && i < len tab)
			tab[i] += q;
		if(r-- > 0 && i >= 0 && i < len tab)
			tab[i]++;
	}
}

funtab(s: ref Syms): array of Funprof
{
	fns := array[len s.fnames] of Funprof;
	for(i := 0; i < len fns; i++){
		(l, nil) := s.lines(s.fpcs[i]);
		fns[i] = (s.fnames[i], l, 0, 0);
	}
	return fns;
}

maxline(s: ref Syms): int
{
	n := 0;
	for(i := 0; i < len s.last; i++)
		if(s.last[i] > n)
			n = s.last[i];
	return n;
}

timeprof(h: ref Sys->FD, dis: string): (string, array of int, array of Funprof, int)
{
	s := symbols(dis);
	if(s == nil)
		return (nil, nil, nil, 0);
	lines := array[maxline(s) + 1] of {* => 0};
	fns := funtab(s);
	buf := array[32] of byte;
	total := 0;
	for(;;){
		(pc, f) := nextpair(h, buf);
		if(f < 0)
			break;
		# the count is of the pc after the one running
		(l1, l2) := s.lines(pc - 1);
		if(l1 <= 0 || l2 <= 0)
			continue;
		spread(lines, l1, l2, f, 1, 0);
		if((fi := s.func(pc - 1)) >= 0)
			fns[fi].count += f;
		total += f;
	}
	return (s.file, lines, fns, total);
}

memprof(h: ref Sys->FD, dis: string): (string, array of int, array of Funprof, int, int)
{
	s := symbols(dis);
	if(s == nil)
		return (nil, nil, nil, 0, 0);
	lines := array[2 * (maxline(s) + 1)] of {* => 0};
	fns := funtab(s);
	buf := array[32] of byte;
	(inuse, high) := (0, 0);
	for(;;){
		(b, f) := nextpair(h, buf);
		if(f < 0)
			break;
		case b {
		0 =>
			inuse = f;
			continue;
		1 =>
			high = f;
			continue;
		}
		# bucket 2(pc+1)+t: t 0 the bytes in use, 1 their high-water mark
		t := b & 1;
		pc := (b - 2) / 2 - 1;
		(l1, l2) := s.lines(pc);
		if(l1 <= 0 || l2 <= 0)
			continue;
		spread(lines, l1, l2, f, 2, t);
		if((fi := s.func(pc)) >= 0){
			if(t)
				fns[fi].counte += f;
			else
				fns[fi].count += f;
		}
	}
	return (s.file, lines, fns, inuse, high);
}

show(p: Prof, v: int): int
{
	lasterr = nil;
	if(p.total == 0)
		return 0;
	for(ml := p.mods; ml != nil; ml = tl ml){
		mp := hd ml;
		if(mp.total == 0 || (b := source(mp.path)) == nil)
			continue;
		hdr := "";
		if(v & FULLHDR)
			hdr = b + ":";
		sys->print("\nModule: %s(%s)\n\n", mp.name, mp.path);
		if(v & FUNCTION){
			for(i := 0; i < len mp.funtab; i++){
				fp := mp.funtab[i];
				if(v & VERBOSE || fp.count != 0)
					sys->print("%s%d\t%.2f\t%s()\n", hdr, fp.line, percent(fp.count, p.total), fp.name);
			}
			sys->print("\n**** module sampling points %d ****\n\n", mp.total);
			if(v & LINE)
				sys->print("\n");
		}
		if(v & LINE){
			src := bufio->open(b, Bufio->OREAD);
			if(src == nil){
				fail("cannot open " + b + " for reading");
				continue;
			}
			for(n := 1; (text := src.gets('\n')) != nil; n++){
				f := 0;
				if(n < len mp.linetab)
					f = mp.linetab[n];
				if(v & VERBOSE || f != 0)
					sys->print("%s%d\t%.2f\t%s", hdr, n, percent(f, p.total), text);
			}
			sys->print("\n**** module sampling points %d ****\n\n", mp.total);
		}
	}
	if(p.mods != nil && tl p.mods != nil)
		sys->print("\n**** total sampling points %d ****\n\n", p.total);
	return 0;
}

memshow(p: Prof, v: int): int
{
	lasterr = nil;
	if(p.total == 0 && p.totals[0] == 0)
		return 0;
	for(ml := p.mods; ml != nil; ml = tl ml){
		mp := hd ml;
		if(mp.total == 0 && mp.totals[0] == 0 || (b := source(mp.path)) == nil)
			continue;
		hdr := "";
		if(v & FULLHDR)
			hdr = b + ":";
		sys->print("\nModule: %s(%s)\n\n", mp.name, mp.path);
		if(v & LINE){
			src := bufio->open(b, Bufio->OREAD);
			if(src == nil){
				fail("cannot open " + b + " for reading");
				continue;
			}
			nl := len mp.linetab / 2;
			for(n := 1; (text := src.gets('\n')) != nil; n++){
				(f, g) := (0, 0);
				if(n < nl)
					(f, g) = (mp.linetab[2*n], mp.linetab[2*n+1]);
				if(v & VERBOSE || f != 0 || g != 0)
					sys->print("%s%d\t%d\t%d\t%s", hdr, n, f, g, text);
			}
			if(v & (FUNCTION|MODULE))
				sys->print("\n");
		}
		if(v & FUNCTION){
			for(i := 0; i < len mp.funtab; i++){
				fp := mp.funtab[i];
				if(v & VERBOSE || fp.count != 0 || fp.counte != 0)
					sys->print("%s%d\t%d\t%d\t%s()\n", hdr, fp.line, fp.count, fp.counte, fp.name);
			}
			if(v & MODULE)
				sys->print("\n");
		}
		if(v & MODULE)
			sys->print("Module totals\t%d\t%d\n\n", mp.total, mp.totals[0]);
	}
	if(p.mods != nil && tl p.mods != nil)
		sys->print("Grand totals\t%d\t%d\n\n", p.total, p.totals[0]);
	return 0;
}

percent(n, total: int): real
{
	return 100.0 * real n / real total;
}

NOCOVER: con "coverage profiling is not supported by this kernel";

cpstart(pid: int): int
{
	lasterr = nil;
	if(!ready && init() < 0)
		return -1;
	if(ctl("startcp " + string pid) < 0)
		return -1;
	return 0;
}

cpstats(nil: int, nil: int): Prof
{
	lasterr = NOCOVER;
	return (nil, 0, nil);
}

cpfstats(nil: int): Prof
{
	lasterr = NOCOVER;
	return (nil, 0, nil);
}

cpshow(nil: Prof, nil: int): int
{
	lasterr = NOCOVER;
	return -1;
}

coverage(nil: Prof, nil: int): Coverage
{
	lasterr = NOCOVER;
	return nil;
}

readfile(f: string): string
{
	fd := sys->open(f, Sys->OREAD);
	if(fd == nil){
		fail("cannot open " + f + " for reading");
		return nil;
	}
	buf := array[256] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0)
		n = 0;
	return string buf[0:n];
}

exists(f: string): int
{
	(ok, nil) := sys->stat(f);
	return ok >= 0;
}

mtime(f: string): int
{
	(ok, d) := sys->stat(f);
	if(ok < 0)
		return 0;
	return d.mtime;
}

# s with suffix old replaced by new.
resuffix(s, old, new: string): string
{
	if(len s >= len old && s[len s - len old:] == old)
		return s[0:len s - len old] + new;
	return s;
}

# The source file of the module at dis, if it is no newer than dis.
source(dis: string): string
{
	b := findsource(dis);
	if(b == nil){
		lasterr = sys->sprint("cannot locate source file for %s\n", dis);
		return nil;
	}
	if(mtime(b) > mtime(dis)){
		lasterr = sys->sprint("%s later than %s", b, dis);
		return nil;
	}
	return b;
}

findsource(dis: string): string
{
	if(dis == nil || dis[0] == '$')
		return nil;
	if(dism == nil){
		dism = load Dis Dis->PATH;
		if(dism != nil)
			dism->init();
	}
	if(dism != nil && (b := dism->src(dis)) != nil && exists(b))
		return b;
	return findfile(resuffix(dis, ".dis", ".b"));
}

symfile(dis: string): string
{
	if((b := findsource(dis)) != nil){
		sbl := resuffix(b, ".b", ".sbl");
		if(exists(sbl))
			return sbl;
		return findfile(sbl);
	}
	return findfile(resuffix(dis, ".dis", ".sbl"));
}

# f itself, or, for a file under /dis, its place under the source
# folders, either straight or in a folder of its own name.
findfile(f: string): string
{
	if(f == nil)
		return nil;
	if(exists(f))
		return f;
	if(f[0] != '/'){
		wd := load Workdir Workdir->PATH;
		if(wd == nil){
			fail("cannot load Workdir module");
			return nil;
		}
		f = wd->init() + "/" + f;
	}
	(dir, file) := (f, "");
	for(i := len f - 1; i >= 0; i--)
		if(f[i] == '/'){
			(dir, file) = (f[0:i+1], f[i+1:]);
			break;
		}
	stem := file;
	for(i = 0; i < len stem; i++)
		if(stem[i] == '.'){
			stem = stem[0:i];
			break;
		}
	for(k := 0; k < len srcdirs; k++){
		(dp, sp) := srcdirs[k];
		if(len f >= len dp && f[0:len dp] == dp){
			if(exists(g := sp + f[len dp:]))
				return g;
			if(exists(g = sp + dir[len dp:] + stem + "/" + file))
				return g;
		}
	}
	return nil;
}

# The symbols of the module at dis, from its symbol file.
symbols(dis: string): ref Syms
{
	sbl := symfile(dis);
	if(sbl == nil){
		lasterr = sys->sprint("cannot locate symbol table file for %s", dis);
		return nil;
	}
	(s, err) := readsyms(sbl);
	if(s == nil)
		lasterr = sys->sprint("bad symbol table file: %s", err);
	return s;
}

# Reads a symbol file: its header, file table and pc table, then the
# function table's "pc:name" lines (found among the type and function
# tables as the lines of a number, one colon and a name).
readsyms(f: string): (ref Syms, string)
{
	b := bufio->open(f, Bufio->OREAD);
	if(b == nil)
		return (nil, sys->sprint("%s: %r", f));
	head := b.gets('\n');
	if(len head < 11 || head[0:11] != "limbo .sbl ")
		return (nil, f + ": not a symbol file");
	b.gets('\n');
	nfiles := count(b);
	files := array[nfiles] of string;
	for(i := 0; i < nfiles; i++)
		files[i] = chomp(b.gets('\n'));
	npc := count(b);
	if(npc < 0 || nfiles < 0)
		return (nil, f + ": bad count");
	s := ref Syms("", array[npc] of int, array[npc] of int, nil, nil);
	(file, line) := (0, 0);
	for(i = 0; i < npc; i++){
		l := b.gets('\n');
		if(l == nil)
			return (nil, f + ": short pc table");
		comma := 0;
		while(comma < len l && l[comma] != ',')
			comma++;
		if(comma >= len l)
			return (nil, f + ": bad pc table");
		(f0, l0) := position(l[0:comma], file, line);
		(f1, l1) := position(l[comma+1:], f0, l0);
		if(i == 0 && f0 >= 0 && f0 < nfiles)
			s.file = files[f0];
		(file, line) = (f1, l1);
		(s.first[i], s.last[i]) = (l0, l1);
	}
	names: list of string;
	pcs: list of int;
	nf := 0;
	while((l := b.gets('\n')) != nil){
		l = chomp(l);
		(pc, name) := fnline(l);
		if(pc >= 0){
			(pcs, names) = (pc :: pcs, name :: names);
			nf++;
		}
	}
	s.fpcs = array[nf] of int;
	s.fnames = array[nf] of string;
	for(i = nf - 1; i >= 0; i--){
		(s.fpcs[i], s.fnames[i]) = (hd pcs, hd names);
		(pcs, names) = (tl pcs, tl names);
	}
	return (s, nil);
}

# A function line "pc:name": the pc and name, or pc -1.
fnline(l: string): (int, string)
{
	i := 0;
	while(i < len l && l[i] >= '0' && l[i] <= '9')
		i++;
	if(i == 0 || i + 1 >= len l || l[i] != ':')
		return (-1, nil);
	for(j := i + 1; j < len l; j++){
		c := l[j];
		if(!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		|| c == '_' || c == '.' || c >= 16ra0))
			return (-1, nil);
	}
	return (int l[0:i], l[i+1:]);
}

# One end of a pc's span, [file:][line.]pos up to a blank, its file and
# line defaulting to those before.
position(t: string, file, line: int): (int, int)
{
	for(e := 0; e < len t && t[e] != ' ' && t[e] != '\n'; e++)
		;
	t = t[0:e];
	for(i := 0; i < len t; i++)
		if(t[i] == ':'){
			file = int t[0:i];
			t = t[i+1:];
			break;
		}
	for(i = 0; i < len t; i++)
		if(t[i] == '.'){
			line = int t[0:i];
			break;
		}
	return (file, line);
}

count(b: ref Iobuf): int
{
	n := int chomp(b.gets('\n'));
	if(n < 0 || n > Maxcount)
		return -1;
	return n;
}

chomp(s: string): string
{
	if(s != nil && s[len s - 1] == '\n')
		return s[0:len s - 1];
	return s;
}

Syms.lines(s: self ref Syms, pc: int): (int, int)
{
	if(pc < 0 || pc >= len s.first)
		return (0, 0);
	return (s.first[pc], s.last[pc]);
}

# The function holding pc, or -1.
Syms.func(s: self ref Syms, pc: int): int
{
	if(pc < 0 || pc >= len s.first)
		return -1;
	f := -1;
	for(i := 0; i < len s.fpcs && s.fpcs[i] <= pc; i++)
		f = i;
	return f;
}
