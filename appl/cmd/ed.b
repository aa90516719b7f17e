implement Ed;

# ed [-o] [-] [file]
#
# The line editor. Commands, with addresses n . $ 'x /re/ ?re? and + - ^
# offsets, separated by , or ; (a lone , is 1,$):
#	a i c (text ended by a line "."), d, e E file, f [file], g/re/cmds
#	v/re/cmds, j, kx, l, m addr, t addr, n, p P, q Q, r file,
#	s/re/rhs/[g|N], u (undo the last substitution), w W [file] (wq),
#	=, !command, b[+-][pagesize], and an empty command (print the next
#	line). p, l and n may follow most commands.
# Regular expressions are Regex's (egrep's); & and \1 to \9 in the
# replacement stand for the match and its subexpressions, \ before a
# newline splits the line. Reading and writing print the count of
# characters, unless - was given. Any error prints "?" (with the file's
# name when it cannot be read or written); e, E and q refuse once, with
# "?", when the buffer has unwritten changes. -o edits standard output:
# the text read is appended to what is written to /fd/1 and ed's own
# output goes to standard error. ed ends without a failure status.

include "sys.m";
	sys: Sys;

include "draw.m";
	draw: Draw;

include "regex.m";
	regex: Regex;

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Ed: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# A line of the buffer. Marks and undo refer to lines by identity; the
# global flag marks lines a g or v command has still to visit.
Line: adt {
	text:	string;
	global:	int;
};

EOF: con -1;
Maxline: con 65536;	# the longest line ed keeps
Quiet: con "";

buf := array[1] of ref Line;	# buf[1:dol+1] are the lines; buf[0] is unused
dol := 0;
dot := 0;
addr1 := 0;
addr2 := 0;
given := 0;
changed := 0;
verbose := 1;
stdoutput := 0;
savedfile := "";
file := "";	# the file name the current command gave
marks := array[26] of ref Line;
pattern: Regex->Re;

# undo of the last substitution: the line it made and the line it replaced
subnew: ref Line;
subold: ref Line;

# a substitution in progress: the line's text, the match
subline := "";
loc1 := 0;
loc2 := 0;
subexps: array of (int, int);

# command input: a character pushed back, the last read, the text of a
# global command being run
peekc := 0;
lastc := 0;
globp: string;
inglobal := 0;
pflag := 0;
listf := 0;
listn := 0;
pagesize := 20;
pageformat := 0;
pagenumbers := 0;

stdin: ref Sys->FD;
out: ref Sys->FD;
ctxt: ref Draw->Context;

init(c: ref Draw->Context, argv: list of string)
{
	ctxt = c;
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(sys->fildes(2), "can't load %s\n", Bufio->PATH);
		return;
	}
	regex = load Regex Regex->PATH;
	if(regex == nil){
		sys->fprint(sys->fildes(2), "can't load %s\n", Regex->PATH);
		return;
	}
	stdin = sys->fildes(0);
	out = sys->fildes(1);
	if(argv != nil)
		argv = tl argv;
	if(argv != nil && hd argv == "-o"){
		stdoutput = 1;
		verbose = 0;
		out = sys->fildes(2);
		argv = tl argv;
	}
	if(argv != nil && hd argv == "-"){
		verbose = 0;
		argv = tl argv;
	}
	if(stdoutput){
		savedfile = "/fd/1";
		globp = "a";
		inglobal = 1;
	}else if(argv != nil){
		savedfile = hd argv;
		globp = "r";
		inglobal = 1;
	}
	for(;;){
		{
			commands();
			quit();
		}exception e{
		"ed:error" =>
			;
		"ed:quit" =>
			return;
		}
	}
}

commands()
{
	for(;;){
		if(pflag){
			pflag = 0;
			addr1 = addr2 = dot;
			printlines();
		}
		c := '\n';
		lastsep := c;
		a1: int;
		for(addr1 = -1;;){
			lastsep = c;
			a1 = address();
			c = getchr();
			if(c != ',' && c != ';')
				break;
			if(lastsep == ',')
				error(Quiet);
			if(a1 < 0){
				a1 = 1;
				if(a1 > dol)
					a1--;
			}
			addr1 = a1;
			if(c == ';')
				dot = a1;
		}
		if(lastsep != '\n' && a1 < 0)
			a1 = dol;
		addr2 = a1;
		given = 1;
		if(addr2 < 0){
			given = 0;
			addr2 = dot;
		}
		if(addr1 < 0)
			addr1 = addr2;
		case c {
		'a' =>
			add(0);
		'b' =>
			nonzero();
			browse();
		'c' =>
			nonzero();
			newline();
			delete(addr1, addr2);
			appendtext(addr1 - 1);
		'd' =>
			nonzero();
			newline();
			delete(addr1, addr2);
		'E' =>
			changed = 0;
			edit();
		'e' =>
			edit();
		'f' =>
			if(given)
				error(Quiet);
			filename(c);
			put(savedfile + "\n");
		'g' =>
			global(1);
		'i' =>
			add(1);
		'j' =>
			if(!given)
				addr2++;
			newline();
			join();
		'k' =>
			nonzero();
			m := getchr();
			if(m < 'a' || m > 'z')
				error(Quiet);
			newline();
			marks[m - 'a'] = buf[addr2];
		'm' =>
			move(0);
		't' =>
			move(1);
		'n' =>
			listn++;
			newline();
			printlines();
		'l' =>
			listf++;
			newline();
			printlines();
		'p' or 'P' =>
			newline();
			printlines();
		'\n' =>
			if(a1 < 0){
				a1 = dot + 1;
				addr1 = addr2 = a1;
			}
			if(lastsep == ';')
				addr1 = a1;
			printlines();
		'Q' =>
			changed = 0;
			if(given)
				error(Quiet);
			newline();
			quit();
		'q' =>
			if(given)
				error(Quiet);
			newline();
			quit();
		'r' =>
			filename(c);
			read(file);
		's' =>
			nonzero();
			substitute();
		'u' =>
			nonzero();
			newline();
			if(subnew == nil || buf[addr2] != subnew)
				error(Quiet);
			buf[addr2] = subold;
			dot = addr2;
		'v' =>
			global(0);
		'w' or 'W' =>
			write(c == 'W');
		'=' =>
			wide();
			squeeze(0);
			newline();
			put(string addr2 + "\n");
		'!' =>
			shell();
		EOF =>
			return;
		* =>
			error(Quiet);
		}
	}
}

# Parses one address; -1 when there is none.
address(): int
{
	nextopand := -1;
	sign := 1;
	opcnt := 0;
	a := dot;
	for(;;){
		c := getchr();
		while(c == ' ' || c == '\t')
			c = getchr();
		if(c >= '0' && c <= '9'){
			peekc = c;
			if(!opcnt)
				a = 0;
			a += sign * number();
		}else case c {
		'$' or '.' =>
			if(c == '$')
				a = dol;
			if(opcnt)
				error(Quiet);
		'\'' =>
			c = getchr();
			if(opcnt || c < 'a' || c > 'z')
				error(Quiet);
			for(a = 1; a <= dol && buf[a] != marks[c - 'a']; a++)
				;
		'/' or '?' =>
			if(c == '?')
				sign = -sign;
			compile(c);
			start := a;
			for(;;){
				a += sign;
				if(a <= 0)
					a = dol;
				if(a > dol)
					a = 0;
				if(match(a))
					break;
				if(a == start)
					error(Quiet);
			}
		* =>
			if(nextopand == opcnt){
				a += sign;
				if(a < 0 || dol < a)
					error(Quiet);
			}
			if(c != '+' && c != '-' && c != '^'){
				peekc = c;
				if(opcnt == 0)
					a = -1;
				return a;
			}
			sign = 1;
			if(c != '+')
				sign = -1;
			nextopand = ++opcnt;
			if(a < 0 || a > dol)
				error(Quiet);
			continue;
		}
		sign = 1;
		opcnt++;
		if(a < 0 || a > dol)
			error(Quiet);
	}
}

number(): int
{
	n := 0;
	for(;;){
		c := getchr();
		if(c < '0' || c > '9'){
			peekc = c;
			return n;
		}
		if(n < Maxline * 1000)
			n = n * 10 + c - '0';
	}
}

# No address given means the whole buffer.
wide()
{
	if(!given){
		addr1 = 0;
		if(dol > 0)
			addr1 = 1;
		addr2 = dol;
	}
}

nonzero()
{
	squeeze(1);
}

squeeze(least: int)
{
	if(addr1 < least || addr2 > dol || addr1 > addr2)
		error(Quiet);
}

# The end of a command: a newline, or p, l or n and a newline.
newline()
{
	c := getchr();
	if(c == '\n' || c == EOF)
		return;
	if(c == 'p' || c == 'l' || c == 'n'){
		pflag++;
		if(c == 'l')
			listf++;
		else if(c == 'n')
			listn++;
		c = getchr();
		if(c == '\n')
			return;
	}
	error(Quiet);
}

# A command's file name (after a blank), or the remembered one; e and f
# (and any command when none is remembered) remember it.
filename(cmd: int)
{
	c := getchr();
	if(c == '\n' || c == EOF){
		if(savedfile == "" && cmd != 'f')
			error(Quiet);
		file = savedfile;
		return;
	}
	if(c != ' ')
		error(Quiet);
	while((c = getchr()) == ' ')
		;
	if(c == '\n')
		error(Quiet);
	name := "";
	do{
		if(c == ' ' || c == EOF)
			error(Quiet);
		name[len name] = c;
	}while((c = getchr()) != '\n');
	file = name;
	if(savedfile == "" || cmd == 'e' || cmd == 'f')
		savedfile = name;
}

edit()
{
	if(given)
		error(Quiet);
	if(verbose && changed){
		changed = 0;
		error(Quiet);
	}
	filename('e');
	buf = array[1] of ref Line;
	dol = dot = 0;
	marks = array[26] of ref Line;
	subnew = subold = nil;
	addr2 = 0;
	read(file);
}

# Appends the lines of file after addr2, printing the count.
read(name: string)
{
	f := bufio->open(name, Sys->OREAD);
	if(f == nil){
		lastc = '\n';
		error(name);
	}
	wide();
	squeeze(0);
	was := dol != 0;
	count := 0;
	lines: list of string;
	for(;;){
		s := f.gets('\n');
		if(s == nil)
			break;
		count += len s;
		if(s[len s - 1] == '\n')
			s = s[0:len s - 1];
		else{
			put("'\\n' appended\n");
			count++;
		}
		lines = s :: lines;
	}
	insert(addr2, reverse(lines));
	if(verbose)
		put(string count + "\n");
	changed = was;
}

write(append: int)
{
	wide();
	squeeze(dol > 0);
	then := getchr();
	if(then != 'q' && then != 'Q'){
		peekc = then;
		then = 0;
	}
	filename('w');
	fd: ref Sys->FD;
	if(append && (fd = sys->open(file, Sys->OWRITE)) != nil)
		sys->seek(fd, big 0, Sys->SEEKEND);
	else
		fd = sys->create(file, Sys->OWRITE, 8r666);
	if(fd == nil)
		error(file);
	b := bufio->fopen(fd, Sys->OWRITE);
	count := 0;
	if(dol > 0)
		for(a := addr1; a <= addr2; a++){
			s := buf[a].text + "\n";
			count += len s;
			if(b.puts(s) < 0)
				error(Quiet);
		}
	if(b.flush() < 0)
		error(Quiet);
	b.close();
	if(verbose)
		put(string count + "\n");
	if(addr1 <= 1 && addr2 == dol)
		changed = 0;
	if(then == 'Q')
		changed = 0;
	if(then)
		quit();
}

quit()
{
	if(verbose && changed && dol != 0){
		changed = 0;
		error(Quiet);
	}
	raise "ed:quit";
}

add(before: int)
{
	if(before && (given || dol > 0)){
		addr1--;
		addr2--;
	}
	squeeze(0);
	newline();
	appendtext(addr2);
}

# Text typed (or given by a global command) after line a, to a line ".".
appendtext(a: int)
{
	lines: list of string;
	for(;;){
		(s, end) := textline();
		if(end || s == ".")
			break;
		lines = s :: lines;
	}
	insert(a, reverse(lines));
}

# One line of input text; end set at end of input.
textline(): (string, int)
{
	fromglobal := inglobal;
	s := "";
	for(;;){
		c := getchr();
		if(c == '\n')
			return (s, 0);
		if(c == EOF){
			if(fromglobal)
				peekc = c;
			return (s, 1);
		}
		if(c == 0)
			continue;
		if(len s >= Maxline)
			error(Quiet);
		s[len s] = c;
	}
}

# Puts lines after line a; dot is the last of them.
insert(a: int, lines: list of string)
{
	n := len lines;
	dot = a;
	if(n == 0)
		return;
	if(dol + n + 1 > len buf){
		bigger := array[2 * (dol + n + 1)] of ref Line;
		bigger[0:] = buf[0:dol + 1];
		buf = bigger;
	}
	buf[a + 1 + n:] = buf[a + 1:dol + 1];
	for(i := a + 1; lines != nil; lines = tl lines)
		buf[i++] = ref Line(hd lines, 0);
	dol += n;
	dot = a + n;
	changed = 1;
}

delete(a1, a2: int)
{
	buf[a1:] = buf[a2 + 1:dol + 1];
	dol -= a2 - a1 + 1;
	for(i := dol + 1; i < len buf && i <= dol + a2 - a1 + 1; i++)
		buf[i] = nil;
	dot = a1;
	if(dot > dol)
		dot = dol;
	changed = 1;
}

join()
{
	nonzero();
	s := "";
	for(a := addr1; a <= addr2; a++)
		s += buf[a].text;
	if(len s >= Maxline)
		error(Quiet);
	buf[addr1] = ref Line(s, 0);
	if(addr1 < addr2)
		delete(addr1 + 1, addr2);
	dot = addr1;
	changed = 1;
}

# m and t: the lines addr1,addr2 after a third address.
move(copy: int)
{
	nonzero();
	dest := address();
	if(dest < 0)
		error(Quiet);
	newline();
	if(!copy && dest >= addr1 && dest <= addr2)
		error(Quiet);
	if(!copy && dest == addr1 - 1){
		dot = addr2;
		return;
	}
	moved := array[addr2 - addr1 + 1] of ref Line;
	for(i := 0; i < len moved; i++){
		moved[i] = buf[addr1 + i];
		if(copy)
			moved[i] = ref Line(moved[i].text, 0);
	}
	if(!copy){
		buf[addr1:] = buf[addr2 + 1:dol + 1];
		dol -= len moved;
		if(dest > addr2)
			dest -= len moved;
	}
	if(dol + len moved + 1 > len buf){
		bigger := array[2 * (dol + len moved + 1)] of ref Line;
		bigger[0:] = buf[0:dol + 1];
		buf = bigger;
	}
	buf[dest + 1 + len moved:] = buf[dest + 1:dol + 1];
	buf[dest + 1:] = moved;
	dol += len moved;
	dot = dest + len moved;
	changed = 1;
}

global(sense: int)
{
	if(inglobal)
		error(Quiet);
	wide();
	squeeze(dol > 0);
	c := getchr();
	if(c == '\n')
		error(Quiet);
	compile(c);
	cmds := "";
	while((c = getchr()) != '\n'){
		if(c == EOF)
			error(Quiet);
		if(c == '\\'){
			c = getchr();
			if(c != '\n')
				cmds[len cmds] = '\\';
		}
		cmds[len cmds] = c;
	}
	if(cmds == "")
		cmds = "p";
	cmds[len cmds] = '\n';
	for(a := 1; a <= dol; a++)
		buf[a].global = a >= addr1 && a <= addr2 && match(a) == sense;
	if(cmds == "d\n"){
		kept := 1;
		for(a = 1; a <= dol; a++)
			if(!buf[a].global)
				buf[kept++] = buf[a];
			else
				dot = kept - 1;
		for(a = kept; a <= dol; a++)
			buf[a] = nil;
		if(kept - 1 != dol)
			changed = 1;
		dol = kept - 1;
		if(dot > dol)
			dot = dol;
		return;
	}
	for(a = 1; a <= dol; a++)
		if(buf[a].global){
			buf[a].global = 0;
			dot = a;
			globp = cmds;
			inglobal = 1;
			commands();
			a = 0;
		}
}

substitute()
{
	fromglobal := inglobal;
	nth := number();
	all := replacement();
	done := 0;
	for(a := addr1; a <= addr2; a++){
		if(!match(a))
			continue;
		subline = buf[a].text;
		m := nth;
		replaced := 0;
		do{
			span := loc2 - loc1;
			if(--m <= 0){
				replace();
				replaced = 1;
				if(!all)
					break;
				if(span == 0){
					if(loc2 >= len subline)
						break;
					loc2++;
				}
			}
		}while(matchrest());
		if(!replaced)
			continue;
		done = 1;
		(first, rest) := splitnl(subline);
		old := buf[a];
		subnew = ref Line(first, 0);
		subold = old;
		for(i := 0; i < len marks; i++)
			if(marks[i] == old)
				marks[i] = subnew;
		buf[a] = subnew;
		changed = 1;
		insert(a, rest);
		addr2 += len rest;
		a += len rest;
	}
	if(!done && !fromglobal)
		error(Quiet);
}

# The text up to its first newline, and the lines after.
splitnl(s: string): (string, list of string)
{
	lines: list of string;
	start := 0;
	for(i := 0; i < len s; i++)
		if(s[i] == '\n'){
			lines = s[start:i] :: lines;
			start = i + 1;
		}
	lines = s[start:] :: lines;
	lines = reverse(lines);
	return (hd lines, tl lines);
}

# the replacement text; \ before a character is Escape and it
Escape: con 16rFFFF;
rhs := "";

# Reads /re/rhs/ and what follows; whether g was given.
replacement(): int
{
	delim := getchr();
	if(delim == '\n' || delim == ' ')
		error(Quiet);
	compile(delim);
	rhs = "";
	for(;;){
		c := getchr();
		if(c == '\\'){
			c = getchr();
			rhs[len rhs] = Escape;
		}else if(c == '\n' && (!inglobal || globp == "")){
			peekc = c;
			pflag++;
			break;
		}else if(c == delim)
			break;
		if(c == EOF)
			error(Quiet);
		rhs[len rhs] = c;
		if(len rhs >= Maxline)
			error(Quiet);
	}
	peekc = getchr();
	if(peekc == 'g'){
		peekc = 0;
		newline();
		return 1;
	}
	newline();
	return 0;
}

# Replaces the match loc1,loc2 of subline; loc2 becomes the end of the
# replacement. \1 to \8 are subexpressions (as the original's, whose
# \9 is a 9).
replace()
{
	s := subline[0:loc1];
	for(i := 0; i < len rhs; i++){
		c := rhs[i];
		if(c == '&'){
			s += subline[loc1:loc2];
			continue;
		}
		if(c == Escape && i + 1 < len rhs){
			c = rhs[++i];
			if(c >= '1' && c < '9'){
				n := c - '0';
				if(n >= len subexps || subexps[n].t0 < 0)
					error(Quiet);
				(b, e) := subexps[n];
				s += subline[b:e];
				continue;
			}
		}
		s[len s] = c;
	}
	end := len s;
	s += subline[loc2:];
	if(len s >= Maxline)
		error(Quiet);
	subline = s;
	loc2 = end;
}

compile(delim: int)
{
	c := getchr();
	if(c == '\n'){
		peekc = c;
		c = delim;
	}
	if(c == delim){
		if(pattern == nil)
			error(Quiet);
		return;
	}
	pattern = nil;
	re := "";
	do{
		if(c == '\\'){
			re[len re] = c;
			if((c = getchr()) == '\n')
				error(Quiet);
		}
		if(c == EOF)
			error(Quiet);
		re[len re] = c;
	}while((c = getchr()) != delim && c != '\n');
	if(c == '\n')
		peekc = c;
	(p, diag) := regex->compile(re, 1);
	if(diag == nil)
		pattern = p;
}

# Whether line a matches, setting loc1, loc2 and subexps.
match(a: int): int
{
	if(pattern == nil || a <= 0 || a > dol)
		return 0;
	subline = buf[a].text;
	return found(regex->executese(pattern, subline, (0, len subline), 1, 1));
}

# Whether the rest of subline after loc2 matches.
matchrest(): int
{
	if(loc2 > len subline)
		return 0;
	return found(regex->executese(pattern, subline, (loc2, len subline), loc2 == 0, 1));
}

found(m: array of (int, int)): int
{
	subexps = m;
	if(m == nil){
		loc1 = loc2 = -1;
		return 0;
	}
	(loc1, loc2) = m[0];
	return 1;
}

printlines()
{
	nonzero();
	for(a := addr1; a <= addr2; a++){
		s := "";
		if(listn)
			s = string a + "\t";
		if(listf)
			s += listed(buf[a].text);
		else
			s += buf[a].text + "\n";
		put(s);
	}
	dot = addr2;
	listf = listn = pflag = 0;
}

# A line as l shows it: \b \t \\ and \xHHHH for other controls and
# non-ASCII, folded with \ after 64 columns, \n after a trailing blank.
listed(text: string): string
{
	hex := "0123456789abcdef";
	s := "";
	col := 0;
	for(i := 0; i < len text; i++){
		c := text[i];
		if(col > 72 - 6 - 2){
			s += "\\\n\t";
			col = 8;
		}
		col++;
		case c {
		'\b' =>	s += "\\b"; col++;
		'\t' =>	s += "\\t"; col++;
		'\\' =>	s += "\\\\"; col++;
		* =>
			if(c < ' ' || c >= 8r177){
				s += "\\x";
				for(k := 12; k >= 0; k -= 4)
					s[len s] = hex[(c >> k) & 16rF];
				col += 5;
			}else
				s[len s] = c;
		}
	}
	if(text != "" && text[len text - 1] == ' ')
		s += "\\n";
	return s + "\n";
}

browse()
{
	forward := 1;
	peekc = getchr();
	if(peekc != '\n'){
		if(peekc == '-' || peekc == '+'){
			if(peekc == '-')
				forward = 0;
			getchr();
		}
		n := number();
		if(n > 0)
			pagesize = n;
	}
	newline();
	if(pflag){
		pageformat = listf;
		pagenumbers = listn;
	}else{
		listf = pageformat;
		listn = pagenumbers;
	}
	if(forward){
		addr1 = addr2;
		addr2 += pagesize;
		if(addr2 > dol)
			addr2 = dol;
	}else{
		addr1 = addr2 - pagesize;
		if(addr1 <= 0)
			addr1 = 1;
	}
	printlines();
}

shell()
{
	if(given)
		error(Quiet);
	cmd := "";
	while((c := getchr()) != EOF && c != '\n')
		cmd[len cmd] = c;
	sh := load Command "/dis/sh.dis";
	if(sh == nil){
		put("can't load shell\n");
		return;
	}
	{
		sh->init(ctxt, "sh" :: "-c" :: cmd :: nil);
	}exception{
	"fail:*" =>
		;
	}
	if(verbose)
		put("!\n");
}

# The next character of commands: pushed back, from a global command's
# text, or read from standard input one character at a time (so that a
# command run by ! reads what follows).
getchr(): int
{
	if((lastc = peekc) != 0){
		peekc = 0;
		return lastc;
	}
	if(inglobal){
		if(globp != ""){
			lastc = globp[0];
			globp = globp[1:];
			return lastc;
		}
		inglobal = 0;
		return lastc = EOF;
	}
	b := array[Sys->UTFmax] of byte;
	for(n := 0; n < len b;){
		if(sys->read(stdin, b[n:], 1) <= 0)
			return lastc = EOF;
		n++;
		(c, nil, ok) := sys->byte2char(b[0:n], 0);
		if(ok)
			return lastc = c;
	}
	return lastc = Sys->UTFerror;
}

# Prints "?" and the text, forgets the rest of the command line, and
# starts again at the top.
error(s: string)
{
	listf = listn = pflag = 0;
	# As the original: the commands still to come from a file are dropped.
	sys->seek(stdin, big 0, Sys->SEEKEND);
	if(inglobal)
		lastc = '\n';
	inglobal = 0;
	globp = "";
	peekc = lastc;
	if(lastc)
		for(;;){
			c := getchr();
			if(c == '\n' || c == EOF)
				break;
		}
	put("?" + s + "\n");
	raise "ed:error";
}

put(s: string)
{
	b := array of byte s;
	sys->write(out, b, len b);
}

reverse(l: list of string): list of string
{
	r: list of string;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}
