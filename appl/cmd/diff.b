implement Diff;

# diff [-efbwr] file1 ... file2: the lines to change to make file1 into
# file2, as ed-like commands n1 a n3,n4 / n1,n2 d n3 / n1,n2 c n3,n4 each
# followed by the old lines (< ) and the new (> ) with --- between; -e
# prints an ed script (last change first), -f a similar one in forward
# order. -b takes runs of blanks as one and ignores trailing ones, -w
# ignores all blanks. A directory stands for its file of the other's
# name; two directories are compared file by file ("Only in D: NAME"),
# their subdirectories too with -r. Several files are each compared with
# the last, a directory. Files that are not text are only compared
# ("Binary files F T differ"). The status is fail:some when anything
# differs, fail:error for a bad command line; - is standard input.
#
# The common lines are a longest common subsequence found as Hunt and
# McIlroy describe (candidates kept per length, the best chosen by binary
# search), which picks the same one among equals as the original.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "readdir.m";
	readdir: Readdir;

include "arg.m";

Diff: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

USAGE:	con "usage: diff [ -efbwr ] file1 ... file2";

# What blanks count for: all, runs as one, none.
BLANKS, RUNS, NOBLANKS: con iota;

stderr: ref Sys->FD;
out: ref Iobuf;
mode := 0;		# 0, 'e' or 'f'
blanks := BLANKS;
recursive := 0;
headers := 0;		# "diff F T" before a pair's first change
differ := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		fatal(sys->sprint("cannot load %s: %r", Bufio->PATH));
	readdir = load Readdir Readdir->PATH;
	if(readdir == nil)
		fatal(sys->sprint("cannot load %s: %r", Readdir->PATH));
	arg := load Arg Arg->PATH;
	if(arg == nil)
		fatal(sys->sprint("cannot load %s: %r", Arg->PATH));
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'e' or 'f' =>	mode = c;
		'b' =>	blanks = RUNS;
		'w' =>	blanks = NOBLANKS;
		'r' =>	recursive = 1;
		'm' =>	headers = 1;
		* =>	fatal(USAGE);
		}
	argv = arg->argv();
	n := len argv;
	if(n < 2)
		fatal(USAGE);
	names := array[n] of string;
	for(i := 0; i < n; i++){
		names[i] = hd argv;
		argv = tl argv;
	}
	last := names[n-1];
	(ok, ld) := sys->stat(last);
	if(ok < 0)
		fatal(sys->sprint("can't stat %s: %r", last));
	if(n > 2){
		if((ld.qid.qtype & Sys->QTDIR) == 0)
			fatal(USAGE);
		headers = 1;
	}else{
		(okf, fd) := sys->stat(names[0]);
		if(okf < 0)
			fatal(sys->sprint("can't stat %s: %r", names[0]));
		if(fd.qid.qtype & ld.qid.qtype & Sys->QTDIR)
			headers = 1;
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	for(i = 0; i < n-1; i++)
		compare(names[i], last, 0);
	out.flush();
	if(differ)
		raise "fail:some";
}

fatal(s: string)
{
	sys->fprint(stderr, "diff: %s\n", s);
	raise "fail:error";
}

error(s: string)
{
	sys->fprint(stderr, "diff: %s\n", s);
}

# Whether name is a directory; -1 if it cannot be examined ("-", standard
# input, is a file).
isdir(name: string): int
{
	(ok, d) := sys->stat(name);
	if(ok < 0){
		if(name == "-")
			return 0;
		error(sys->sprint("cannot stat %s: %r", name));
		return -1;
	}
	return (d.qid.qtype & Sys->QTDIR) != 0;
}

compare(f, t: string, depth: int)
{
	fdir := isdir(f);
	if(fdir < 0)
		return;
	tdir := isdir(t);
	if(tdir < 0)
		return;
	if(fdir && tdir){
		if(recursive || depth == 0)
			directories(f, t, depth);
		else
			out.puts(sys->sprint("Common subdirectories: %s and %s\n", f, t));
	}else if(!fdir && !tdir)
		files(f, t);
	else if(!fdir)
		files(f, t + "/" + basename(f));
	else
		files(f + "/" + basename(t), t);
}

basename(s: string): string
{
	for(i := len s - 1; i >= 0; i--)
		if(s[i] == '/')
			return s[i+1:];
	return s;
}

entries(dir: string): array of string
{
	(a, n) := readdir->init(dir, Readdir->NAME);
	if(n < 0)
		n = 0;
	names := array[n] of string;
	for(i := 0; i < n; i++)
		names[i] = a[i].name;
	return names;
}

directories(f, t: string, depth: int)
{
	a := entries(f);
	b := entries(t);
	i := 0;
	j := 0;
	while(i < len a || j < len b){
		if(j == len b || i < len a && a[i] < b[j]){
			if(mode == 0)
				out.puts(sys->sprint("Only in %s: %s\n", f, a[i]));
			i++;
		}else if(i == len a || a[i] > b[j]){
			if(mode == 0)
				out.puts(sys->sprint("Only in %s: %s\n", t, b[j]));
			j++;
		}else{
			compare(f + "/" + a[i], t + "/" + b[j], depth + 1);
			i++;
			j++;
		}
	}
}

# The contents of a file, nil if it cannot be read.
contents(name: string): array of byte
{
	fd: ref Sys->FD;
	if(name == "-" && sys->stat(name).t0 < 0)
		fd = sys->fildes(0);
	else
		fd = sys->open(name, Sys->OREAD);
	if(fd == nil){
		error(sys->sprint("cannot open %s: %r", name));
		return nil;
	}
	data := array[8192] of byte;
	n := 0;
	for(;;){
		if(n == len data){
			bigger := array[2 * n] of byte;
			bigger[0:] = data;
			data = bigger;
		}
		r := sys->read(fd, data[n:], len data - n);
		if(r <= 0)
			break;
		n += r;
	}
	return data[0:n];
}

# Whether the first block of data has bytes that are not UTF-8.
binary(data: array of byte): int
{
	n := len data;
	if(n > 1024)
		n = 1024;
	s := string data[0:n];
	for(i := 0; i < len s - 2; i++)
		if(s[i] == Sys->UTFerror)
			return 1;
	return 0;
}

# The lines of data, each with its newline if it has one.
lines(data: array of byte): array of string
{
	n := 0;
	for(i := 0; i < len data; i++)
		if(data[i] == byte '\n')
			n++;
	if(len data > 0 && data[len data - 1] != byte '\n')
		n++;
	a := array[n] of string;
	start := 0;
	k := 0;
	for(i = 0; i < len data; i++)
		if(data[i] == byte '\n'){
			a[k++] = string data[start:i+1];
			start = i + 1;
		}
	if(start < len data)
		a[k] = string data[start:];
	return a;
}

# A line as compared: without its last character (its newline; as in the
# original, a last line without one loses a character), blanks treated as
# asked.
key(line: string): string
{
	if(line != nil)
		line = line[0:len line - 1];
	if(blanks == BLANKS)
		return line;
	s := "";
	run := 0;
	for(i := 0; i < len line; i++){
		c := line[i];
		if(c == ' ' || c == '\t'){
			run = 1;
			continue;
		}
		if(run && blanks == RUNS)
			s[len s] = ' ';
		run = 0;
		s[len s] = c;
	}
	return s;
}

old, new: array of string;	# the lines, from 1
name1, name2: string;
printedheader := 0;

files(f, t: string)
{
	fdata := contents(f);
	if(fdata == nil && !readable(f))
		return;
	tdata := contents(t);
	if(tdata == nil && !readable(t))
		return;
	if(binary(fdata) || binary(tdata)){
		if(!same(fdata, tdata)){
			out.puts(sys->sprint("Binary files %s %s differ\n", f, t));
			differ = 1;
		}
		return;
	}
	name1 = f;
	name2 = t;
	printedheader = 0;
	old = onebased(lines(fdata));
	new = onebased(lines(tdata));
	report(common(old, new));
}

# Whether an empty read of name was an empty file rather than an error.
readable(name: string): int
{
	return name == "-" || sys->open(name, Sys->OREAD) != nil;
}

same(a, b: array of byte): int
{
	if(len a != len b)
		return 0;
	for(i := 0; i < len a; i++)
		if(a[i] != b[i])
			return 0;
	return 1;
}

onebased(a: array of string): array of string
{
	b := array[len a + 1] of string;
	b[1:] = a;
	return b;
}

# The longest common subsequence as m[i], the line of b matching line i of
# a (0 for none), for i from 0 to len a + 1 (with m[0] = 0 and
# m[len a + 1] = len b + 1 as sentinels).
common(a, b: array of string): array of int
{
	na := len a - 1;
	nb := len b - 1;
	ka := array[na + 1] of string;
	kb := array[nb + 1] of string;
	for(i := 1; i <= na; i++)
		ka[i] = key(a[i]);
	for(i = 1; i <= nb; i++)
		kb[i] = key(b[i]);
	prefix := 0;
	while(prefix < na && prefix < nb && ka[prefix+1] == kb[prefix+1])
		prefix++;
	suffix := 0;
	while(suffix < na - prefix && suffix < nb - prefix && ka[na - suffix] == kb[nb - suffix])
		suffix++;
	m := array[na + 2] of int;
	for(i = 0; i <= na; i++){
		if(i <= prefix)
			m[i] = i;
		else if(i > na - suffix)
			m[i] = i + nb - na;
		else
			m[i] = 0;
	}
	m[na + 1] = nb + 1;
	# the lines between the common prefix and suffix, from 1
	sa := ka[prefix:na - suffix + 1];
	sb := kb[prefix:nb - suffix + 1];
	(members, classes) := equivalences(sa, sb);
	last := candidates(classes, members);
	for(c := last; cands[c].y != 0; c = cands[c].previous)
		m[cands[c].x + prefix] = cands[c].y + prefix;
	cands = nil;
	return m;
}

# The lines of b sorted by key and then number, as members: the number of
# a class's first line negated, the others' as they are, then -1; and for
# each line of a the index in members of its class, or 0.
equivalences(a, b: array of string): (array of int, array of int)
{
	nb := len b - 1;
	order := array[nb] of int;
	for(i := 0; i < nb; i++)
		order[i] = i + 1;
	sortlines(order, b);
	members := array[nb + 2] of int;
	for(p := 1; p <= nb; p++){
		j := order[p-1];
		if(p == 1 || b[j] != b[order[p-2]])
			members[p] = -j;
		else
			members[p] = j;
	}
	members[nb + 1] = -1;
	classes := array[len a] of {* => 0};
	for(i = 1; i < len a; i++){
		lo := 0;
		hi := nb;
		while(lo < hi){
			mid := (lo + hi) / 2;
			if(b[order[mid]] < a[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if(lo < nb && b[order[lo]] == a[i])
			classes[i] = lo + 1;
	}
	return (members, classes);
}

# Sorts the line numbers in order by the lines' keys, stably.
sortlines(order: array of int, keys: array of string)
{
	n := len order;
	if(n < 2)
		return;
	half := n / 2;
	l := order[0:half];
	r := order[half:];
	sortlines(l, keys);
	sortlines(r, keys);
	merged := array[n] of int;
	i := 0;
	j := 0;
	for(k := 0; k < n; k++){
		if(j == len r || i < len l && keys[l[i]] <= keys[r[j]])
			merged[k] = l[i++];
		else
			merged[k] = r[j++];
	}
	order[0:] = merged;
}

Cand: adt {
	x, y:	int;		# a line of each file
	previous:	int;	# the candidate before, in cands
};

cands: array of Cand;
ncands := 0;

candidate(x, y, previous: int): int
{
	if(ncands == len cands){
		bigger := array[2 * ncands + 16] of Cand;
		bigger[0:] = cands[0:ncands];
		cands = bigger;
	}
	cands[ncands] = Cand(x, y, previous);
	return ncands++;
}

# For each k, best[k] is the candidate ending the best common subsequence
# of length k found so far (the one with the least y); returns the end of
# the longest.
candidates(classes, members: array of int): int
{
	cands = nil;
	ncands = 0;
	best := array[len classes + 1] of int;
	best[0] = candidate(0, 0, 0);
	k := 0;
	for(i := 1; i < len classes; i++){
		j := classes[i];
		if(j == 0)
			continue;
		y := -members[j];
		lastlen := 0;
		before := best[0];
		for(;;){
			if(y > cands[before].y){
				l := place(best, k, y);
				if(l != lastlen + 1)
					before = best[l-1];
				if(l > k){
					best[l] = candidate(i, y, before);
					k++;
					break;
				}
				if(cands[best[l]].y > y){
					displaced := best[l];
					best[l] = candidate(i, y, before);
					before = displaced;
					lastlen = l;
				}
			}
			y = members[++j];
			if(y <= 0)
				break;
		}
	}
	return best[k];
}

# The length whose best candidate y would improve or extend.
place(best: array of int, k, y: int): int
{
	if(cands[best[k]].y < y)
		return k + 1;
	lo := 0;
	hi := k + 1;
	for(;;){
		l := (lo + hi) / 2;
		if(l <= lo)
			return l + 1;
		t := cands[best[l]].y;
		if(t > y)
			hi = l;
		else if(t < y)
			lo = l;
		else
			return l;
	}
}

report(m: array of int)
{
	na := len old - 1;
	nb := len new - 1;
	if(mode != 'e'){
		i1: int;
		for(i0 := 1; i0 <= na; i0 = i1 + 1){
			while(i0 <= na && m[i0] == m[i0-1] + 1)
				i0++;
			j0 := m[i0-1] + 1;
			i1 = i0 - 1;
			while(i1 < na && m[i1+1] == 0)
				i1++;
			j1 := m[i1+1] - 1;
			m[i1] = j1;
			change(i0, i1, j0, j1);
		}
	}else{
		i1: int;
		for(i0 := na; i0 >= 1; i0 = i1 - 1){
			while(i0 >= 1 && m[i0] == m[i0+1] - 1 && m[i0] != 0)
				i0--;
			j0 := m[i0+1] - 1;
			i1 = i0 + 1;
			while(i1 > 1 && m[i1-1] == 0)
				i1--;
			j1 := m[i1-1] + 1;
			m[i1] = j1;
			change(i1, i0, j1, j0);
		}
	}
	if(na == 0)
		change(1, 0, 1, nb);
}

range(a, b: int, sep: string)
{
	if(a > b)
		out.puts(string b);
	else
		out.puts(string a);
	if(a < b)
		out.puts(sep + string b);
}

letter(a, b, c, d: int): int
{
	if(a > b)
		return 'a';
	if(c > d)
		return 'd';
	return 'c';
}

change(a, b, c, d: int)
{
	if(a > b && c > d)
		return;
	differ = 1;
	if(headers && !printedheader){
		out.puts(sys->sprint("diff %s %s\n", name1, name2));
		printedheader = 1;
	}
	case mode {
	'f' =>
		out.putc(letter(a, b, c, d));
		range(a, b, " ");
	'e' =>
		range(a, b, ",");
		out.putc(letter(a, b, c, d));
	* =>
		range(a, b, ",");
		out.putc(letter(a, b, c, d));
		range(c, d, ",");
	}
	out.putc('\n');
	if(mode == 0){
		show(old, a, b, "< ");
		if(a <= b && c <= d)
			out.puts("---\n");
		show(new, c, d, "> ");
	}else{
		show(new, c, d, "");
		if(c <= d)
			out.puts(".\n");
	}
}

show(lines: array of string, a, b: int, prefix: string)
{
	for(; a <= b; a++)
		out.puts(prefix + lines[a]);
}
