implement Stack;

# stack [-v] [-p dispath sblpath]... pid
#
# Prints the call stack of process pid from /prog/pid/stack, newest
# frame first, one line a frame: "fn() file.b:line.pos, [line.]pos"
# from the module's symbol file (.sbl), or "unknown fn() Module path
# PC n" when there is none (a built-in module's frame, or a module
# compiled without -g). A module's symbol file is found from the source
# path its .dis records (x.b gives x.sbl), then through the -p pairs
# (a .dis under dispath has its .sbl under sblpath), then those of
# $sblpath (pairs of words), then /dis/ as /appl/cmd/ and /appl/, then
# beside the .dis.
# This system has no /prog/pid/heap to read a frame's values from, so
# -v is accepted but prints what stack prints without it.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

include "env.m";

include "string.m";
	str: String;

include "dis.m";
	dis: Dis;

Stack: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# A symbol file's tables: source spans by pc, functions by first pc.
Symbols: adt {
	files:	array of string;
	spans:	array of string;	# the span text of each pc, files and lines filled in
	fnpcs:	array of int;
	fnnames:	array of string;
};

# The most entries a table of a symbol file may claim.
Maxcount: con 1 << 22;

# Where .sbl files are, as (dis prefix, sbl prefix) pairs, in order.
sbldirs: list of (string, string);
stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		cannotload(Arg->PATH);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		cannotload(Bufio->PATH);
	str = load String String->PATH;
	if(str == nil)
		cannotload(String->PATH);
	dis = load Dis Dis->PATH;
	if(dis != nil)
		dis->init();
	arg->init(argv);
	given: list of (string, string);
	while((c := arg->opt()) != 0)
		case c {
		'v' =>	;
		'p' =>
			disdir := arg->arg();
			sbldir := arg->arg();
			if(disdir == nil || sbldir == nil)
				usage();
			given = (slashed(disdir), slashed(sbldir)) :: given;
		* =>	usage();
		}
	argv = arg->argv();
	if(argv == nil)
		usage();
	env := load Env Env->PATH;
	if(env != nil)
		for(w := str->unquoted(env->getenv("sblpath")); w != nil && tl w != nil; w = tl tl w)
			given = (slashed(hd w), slashed(hd tl w)) :: given;
	sbldirs = ("/dis/", "/appl/cmd/") :: ("/dis/", "/appl/") :: nil;
	for(; given != nil; given = tl given)
		sbldirs = hd given :: sbldirs;

	pid := hd argv;
	fd := sys->open("/prog/" + string int pid + "/stack", Sys->OREAD);
	if(fd == nil){
		sys->fprint(stderr, "stack: can't open stack file: %r\n");
		return;
	}
	text := "";
	buf := array[8192] of byte;
	while((n := sys->read(fd, buf, len buf)) > 0)
		text += string buf[0:n];
	if(n < 0){
		sys->fprint(stderr, "stack: can't read stack file: %r\n");
		return;
	}
	out := bufio->fopen(sys->fildes(1), Sys->OWRITE);
	known: list of (string, ref Symbols);
	for(lines := sys->tokenize(text, "\n").t1; lines != nil; lines = tl lines){
		(nf, f) := sys->tokenize(hd lines, " ");
		if(nf < 6)
			continue;
		(pc, nil) := str->toint(hd tl f, 16);
		path := hd tl tl tl tl tl f;
		syms: ref Symbols;
		found := 0;
		for(k := known; k != nil; k = tl k)
			if((hd k).t0 == path){
				syms = (hd k).t1;
				found = 1;
				break;
			}
		if(!found){
			syms = symbols(path);
			known = (path, syms) :: known;
		}
		out.puts(frame(syms, path, pc) + "\n");
	}
	out.flush();
}

# The line of a frame at pc of the module at path.
frame(s: ref Symbols, path: string, pc: int): string
{
	if(s == nil || pc < 0 || pc >= len s.spans)
		return sys->sprint("unknown fn() Module %s PC %d", path, pc);
	name := "unknown fn";
	for(i := 0; i < len s.fnpcs && s.fnpcs[i] <= pc; i++)
		name = s.fnnames[i];
	return name + "() " + s.spans[pc];
}

# The symbols of the module at path, if its symbol file can be found.
symbols(path: string): ref Symbols
{
	if(path == "" || path[0] == '$')
		return nil;
	if(dis != nil && (source := dis->src(path)) != nil && len source > 2
	&& source[len source - 2:] == ".b")
		if((s := readsbl(source[0:len source - 2] + ".sbl")) != nil)
			return s;
	base := path;
	if(len base > 4 && base[len base - 4:] == ".dis")
		base = base[0:len base - 4];
	for(l := sbldirs; l != nil; l = tl l){
		(disdir, sbldir) := hd l;
		if(len base > len disdir && base[0:len disdir] == disdir)
			if((s := readsbl(sbldir + base[len disdir:] + ".sbl")) != nil)
				return s;
	}
	return readsbl(base + ".sbl");
}

# Reads the file and pc tables of a symbol file, and its function
# table: each function is a line "pc:name" (the only lines of the file
# with one colon and no blank after the pc table).
readsbl(file: string): ref Symbols
{
	b := bufio->open(file, Sys->OREAD);
	if(b == nil)
		return nil;
	magic := b.gets('\n');
	if(!str->prefix("limbo .sbl ", magic))
		return nil;
	b.gets('\n');
	s := ref Symbols;
	s.files = array[count(b)] of string;
	for(i := 0; i < len s.files; i++)
		s.files[i] = chomp(b.gets('\n'));
	s.spans = array[count(b)] of string;
	file := 0;
	line := 0;
	for(i = 0; i < len s.spans; i++){
		l := b.gets('\n');
		if(l == nil)
			return nil;
		(start, rest) := str->splitl(chomp(l), ",");
		if(rest == nil)
			return nil;
		(stop, nil) := str->splitl(rest[1:], " ");
		(f0, l0, p0) := position(start, file, line);
		(f1, l1, p1) := position(stop, f0, l0);
		(file, line) = (f1, l1);
		span := name(s.files, f0) + ":" + string l0 + "." + string p0 + ", ";
		if(f1 != f0)
			span += name(s.files, f1) + ":" + string l1 + ".";
		else if(l1 != l0)
			span += string l1 + ".";
		s.spans[i] = span + string p1;
	}
	pcs: list of int;
	names: list of string;
	while((l := b.gets('\n')) != nil){
		l = chomp(l);
		(pc, fname) := str->splitl(l, ":");
		if(pc == "" || len fname < 2 || str->drop(pc, "0-9") != ""
		|| str->drop(fname[1:], "a-zA-Z0-9_.\u00a0-\uffff") != "")
			continue;
		pcs = int pc :: pcs;
		names = fname[1:] :: names;
	}
	s.fnpcs = array[len pcs] of int;
	s.fnnames = array[len names] of string;
	for(i = len pcs - 1; i >= 0; i--){
		s.fnpcs[i] = hd pcs;
		s.fnnames[i] = hd names;
		pcs = tl pcs;
		names = tl names;
	}
	return s;
}

# One end of a span, [file:][line.]pos, the file and line defaulting to
# the previous ones.
position(text: string, file, line: int): (int, int, int)
{
	(f, rest) := str->splitl(text, ":");
	if(rest != nil){
		file = int f;
		text = rest[1:];
	}
	(l, pos) := str->splitl(text, ".");
	if(pos != nil){
		line = int l;
		text = pos[1:];
	}
	return (file, line, int text);
}

name(files: array of string, i: int): string
{
	if(i < 0 || i >= len files)
		return "?";
	return files[i];
}

count(b: ref Iobuf): int
{
	n := int chomp(b.gets('\n'));
	if(n < 0 || n > Maxcount)
		n = 0;
	return n;
}

chomp(s: string): string
{
	if(s != nil && s[len s - 1] == '\n')
		return s[0:len s - 1];
	return s;
}

slashed(p: string): string
{
	if(p != nil && p[len p - 1] != '/')
		p += "/";
	return p;
}

cannotload(path: string)
{
	sys->fprint(stderr, "stack: cannot load %s: %r\n", path);
	raise "fail:bad module";
}

usage()
{
	sys->fprint(stderr, "usage: stack [-v] pid\n");
	raise "fail:usage";
}
