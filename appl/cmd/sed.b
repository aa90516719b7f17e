implement Sed;

# sed [-ngd] [-e script] [-f file] [script] [file ...]: stream editor.
# Commands, each with no address, one (line number, $ or /re/) or two
# (a range a1,a2), and ! to negate: s/re/rhs/[g][p|P][w file], d, D, p,
# P, q, =, g, G, h, H, n, N, x, l, y/abc/xyz/, a\ i\ c\ (text on the next
# line), r file, w file, :label, b [label], t [label], { ... }. -n stops
# the automatic printing, -g makes every s global. Errors are printed as
# FILE:LINE MESSAGE (FILE is <stdin> for a script in an argument) and end
# with fail:error; a bad option with fail:usage.
#
# As in the original: c prints its text only where its address starts to
# match (never with no address or $), N at the end of input drops the
# pattern space, r of a missing file is an error, l marks a trailing
# blank with \n. Unlike it, D with no newline in the pattern space
# deletes it like d, and $ is the last line of the last file.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "string.m";
	str: String;

include "regex.m";
	regex: Regex;
	Re: import regex;

include "arg.m";

Sed: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# Kinds of address.
NONE, LAST, LINE, MATCH: con iota;

Addr: adt {
	kind:	int;
	line:	int;
	re:	Re;
};

Cmd: adt {
	op:	int;		# the command's letter
	a1, a2:	Addr;
	negate:	int;
	active:	int;		# 0, 1 on the line a range starts, 2 within it
	global, print:	int;	# s: g; p (1) or P (2)
	re:	Re;
	text:	string;	# s: replacement; a c i: text; r: file; b t ::label
	out:	ref Iobuf;	# s, w: the file written
	from, into:	string;	# y
	target:	int;		# b t: the index branched to (len cmds: the end)
};

MAXDEPTH:	con 20;

stderr: ref Sys->FD;
scriptname: string;
scriptline: string;
lineno := 0;
cmds: array of ref Cmd;
ncmds := 0;
lastre: Re;
globalsubs := 0;
quiet := 0;
outputs: list of ref Iobuf;
out: ref Iobuf;

# Input.
files: list of string;
input: ref Iobuf;
ahead := -2;		# the character read after the current line, -2 for none

# The state of a cycle.
space := "";
hold := "";
appended: list of ref Cmd;
substituted := 0;
final := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	str = load String String->PATH;
	regex = load Regex Regex->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || str == nil || regex == nil || arg == nil)
		fatal(sys->sprint("could not load modules: %r"));
	cmds = array[16] of ref Cmd;
	arg->init(argv);
	scripts := 0;
	while((c := arg->opt()) != 0)
		case c {
		'n' =>	quiet = 1;
		'g' =>	globalsubs = 1;
		'd' =>	;
		'e' =>
			s := arg->arg();
			if(s == nil)
				usage(arg->progname());
			scriptname = nil;
			compile(bufio->sopen(s + "\n"));
			scripts++;
		'f' =>
			scriptname = arg->arg();
			if(scriptname == nil)
				usage(arg->progname());
			b := bufio->open(scriptname, Bufio->OREAD);
			if(b == nil)
				fatal(sys->sprint("couldn't open '%s': %r", scriptname));
			compile(b);
			scripts++;
		* =>
			usage(arg->progname());
		}
	argv = arg->argv();
	if(scripts == 0){
		if(argv == nil)
			fatal("missing pattern");
		scriptname = nil;
		compile(bufio->sopen(hd argv + "\n"));
		argv = tl argv;
	}
	resolve();
	files = argv;
	if(files == nil)
		files = "" :: nil;
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	outputs = out :: outputs;
	lineno = 0;
	run();
	finish(nil);
}

usage(prog: string)
{
	sys->fprint(stderr, "usage: %s [-ngd] [-e expr] [-f file] [expr] [file...]\n", prog);
	finish("usage");
}

fatal(s: string)
{
	name := scriptname;
	if(name == nil)
		name = "<stdin>";
	sys->fprint(stderr, "%s:%d %s\n", name, lineno, s);
	finish("error");
}

finish(status: string)
{
	for(; outputs != nil; outputs = tl outputs)
		(hd outputs).flush();
	if(status != nil)
		raise "fail:" + status;
	exit;
}

add(c: ref Cmd)
{
	if(ncmds == len cmds){
		a := array[2 * ncmds] of ref Cmd;
		a[0:] = cmds;
		cmds = a;
	}
	cmds[ncmds++] = c;
}

# A line of the script: a backslash keeps the character after it (and
# itself), so an escaped newline continues the line.
scriptgets(b: ref Iobuf): (int, string)
{
	lineno++;
	s := "";
	while((c := b.getc()) >= 0){
		if(c == '\\'){
			s[len s] = c;
			if((c = b.getc()) < 0)
				break;
		}else if(c == '\n')
			return (1, s);
		s[len s] = c;
	}
	return (0, s);
}

# Open brace commands, innermost last.
braces := array[MAXDEPTH] of int;
depth := 0;

compile(b: ref Iobuf)
{
	lineno = 1;
	for(;;){
		(more, s) := scriptgets(b);
		if(!more)
			break;
		scriptline = s;
		do {
			s = str->drop(s, " \t;");
			if(s == "" || s[0] == '#')
				break;
			c := ref Cmd;
			c.negate = 0;
			c.active = 0;
			(c.a1, s) = address(s);
			c.a2 = Addr(NONE, 0, nil);
			if(c.a1.kind != NONE && s != "" && (s[0] == ',' || s[0] == ';'))
				(c.a2, s) = address(s[1:]);
			s = str->drop(s, " \t");
			if(s != "" && s[0] == '!'){
				c.negate = 1;
				s = str->drop(s, "!");
			}
			s = str->drop(s, " \t");
			if(s == "")
				break;
			c.op = s[0];
			s = command(c, s[1:]);
		} while(s != nil && str->in(s[0], ";{}"));
		if(s != nil)
			fatal("leftover junk: " + s);
	}
}

# Fills in command c from the text after its letter; returns what follows.
command(c: ref Cmd, s: string): string
{
	case c.op {
	'a' or 'c' or 'q' or '=' or 'i' =>
		if(c.a2.kind != NONE)
			fatal(sys->sprint("only one address allowed:  '%s'", scriptline));
	}
	case c.op {
	'a' or 'c' or 'i' =>
		if(s != "" && s[0] == '\\')
			s = s[1:];
		if(s == "" || s[0] != '\n')
			fatal(sys->sprint("unexpected characters in %c command: %s", c.op, s));
		c.text = s[1:];
		s = "";
	'r' =>
		c.text = str->drop(s, " \t");
		s = "";
	'w' =>
		c.out = output(s, "no filename in w command: ");
		s = "";
	'd' or 'D' or 'p' or 'P' or 'q' or '=' or 'g' or 'G' or 'h' or 'H' or
	'n' or 'N' or 'x' or 'l' =>
		;
	'y' =>
		s = transliteration(c, s);
	's' =>
		s = substitution(c, s);
	':' =>
		(label, rest) := str->splitl(str->drop(s, " \t"), " \t;#");
		if(label == "")
			fatal(sys->sprint("null label: '%s'", scriptline));
		for(i := 0; i < ncmds; i++)
			if(cmds[i].op == ':' && cmds[i].text == label)
				fatal(sys->sprint("duplicate label: '%s'", label));
		c.text = label;
		s = rest;
	'b' or 't' =>
		(c.text, s) = str->splitl(str->drop(s, " \t"), " \t;#");
	'{' =>
		if(depth == MAXDEPTH)
			fatal("too many {'s: " + scriptline);
		braces[depth++] = ncmds;
		s = ";" + s;
	'}' =>
		if(c.a1.kind != NONE)
			fatal("did not expect address:" + scriptline);
		if(--depth < 0)
			fatal("too many }'s: " + scriptline);
		cmds[braces[depth]].target = ncmds;
		s = ";" + s;
	* =>
		fatal(sys->sprint("unrecognised command: '%s' (%c)", scriptline, c.op));
	}
	add(c);
	return s;
}

# The file named by s, opened for writing (created if need be).
output(s: string, missing: string): ref Iobuf
{
	s = str->drop(s, " \t");
	if(s == "")
		fatal(missing + scriptline);
	b := bufio->open(s, Bufio->OWRITE);
	if(b == nil)
		b = bufio->create(s, Bufio->OWRITE, 8r666);
	if(b == nil)
		fatal(sys->sprint("can't create output file: '%s'", s));
	outputs = b :: outputs;
	return b;
}

transliteration(c: ref Cmd, s: string): string
{
	if(s == "")
		fatal("expected args: " + scriptline);
	delim := s[0:1];
	s = s[1:];
	if(s == "")
		fatal("no lhs: " + scriptline);
	rest: string;
	(c.from, rest) = str->splitl(s, delim);
	if(rest == "")
		fatal("no lhs terminator: " + scriptline);
	(c.into, rest) = str->splitl(rest[1:], delim);
	if(rest == "")
		fatal("no rhs: " + scriptline);
	if(len c.from != len c.into)
		fatal("y command needs same length sets: " + scriptline);
	return rest[1:];
}

substitution(c: ref Cmd, s: string): string
{
	if(s == "")
		fatal("too much text: " + scriptline);
	delim := s[0];
	(c.re, s) = pattern(s);
	rhs := "";
	i := 0;
	for(; i < len s && s[i] != delim; i++){
		if(s[i] == '\\'){
			rhs[len rhs] = '\\';
			if(++i == len s)
				break;
		}
		rhs[len rhs] = s[i];
	}
	if(i >= len s)
		fatal(sys->sprint("no closing %c in replacement text: %s", delim, scriptline));
	c.text = rhs;
	s = s[i+1:];
	c.global = globalsubs;
	if(s != "" && s[0] == 'g'){
		c.global = 1;
		s = s[1:];
	}
	if(s != "" && s[0] == 'p'){
		c.print = 1;
		s = s[1:];
	}
	if(s != "" && s[0] == 'P'){
		c.print = 2;
		s = s[1:];
	}
	if(s != "" && s[0] == 'w'){
		c.out = output(s[1:], "no filename in s with w: ");
		s = "";
	}
	return s;
}

# A regular expression delimited by s[0]; nil for an empty one.
pattern(s: string): (Re, string)
{
	delim := s[0];
	i := 1;
	if(i < len s && s[i] == delim)
		return (nil, s[i+1:]);
	e := "";
	for(;;){
		if(i >= len s || s[i] == '\n')
			fatal("too much text: " + scriptline);
		c := s[i++];
		if(c == delim)
			break;
		if(c == '\\'){
			e[len e] = c;
			if(i >= len s)
				fatal("too much text: " + scriptline);
			c = s[i++];
			if(c == 'n')
				c = '\n';
		}
		e[len e] = c;
	}
	(re, err) := regex->compile(e, 1);
	if(re == nil)
		fatal(sys->sprint("%s '%s'", err, e));
	lastre = re;
	return (re, s[i:]);
}

address(s: string): (Addr, string)
{
	if(s == "")
		return (Addr(NONE, 0, nil), s);
	case s[0] {
	'$' =>
		return (Addr(LAST, 0, nil), s[1:]);
	'/' =>
		(re, rest) := pattern(s);
		if(re == nil)
			re = lastre;
		if(re == nil)
			fatal("First RE in address may not be null");
		return (Addr(MATCH, 0, re), rest);
	'0' to '9' =>
		(n, rest) := str->toint(s, 10);
		if(n == 0)
			fatal("line no 0 is illegal address");
		return (Addr(LINE, n, nil), rest);
	}
	return (Addr(NONE, 0, nil), s);
}

# Points branches at their labels, and checks the braces.
resolve()
{
	if(depth > 0)
		fatal("too many {'s");
	for(i := 0; i < ncmds; i++){
		c := cmds[i];
		if(c.op != 'b' && c.op != 't')
			continue;
		c.target = ncmds;
		if(c.text == nil)
			continue;
		for(j := 0; j < ncmds; j++)
			if(cmds[j].op == ':' && cmds[j].text == c.text)
				c.target = j;
	}
}

# The next line of input into space; 0 at the end.
nextline(): int
{
	while(input == nil){
		if(files == nil)
			return 0;
		name := hd files;
		files = tl files;
		if(name == "")
			input = bufio->fopen(sys->fildes(0), Bufio->OREAD);
		else
			input = bufio->open(name, Bufio->OREAD);
		if(input == nil)
			fatal(sys->sprint("can't open '%s'", name));
		ahead = -2;
		if(!look()){
			input = nil;
			continue;
		}
	}
	substituted = 0;
	lineno++;
	s := "";
	while(ahead >= 0 && ahead != '\n'){
		s[len s] = ahead;
		ahead = input.getc();
	}
	if(!look())
		input = nil;
	final = input == nil && !moreinput();
	space = s;
	return 1;
}

# Reads the character after a newline; 0 at the end of the file.
look(): int
{
	if(ahead == '\n' || ahead == -2)
		ahead = input.getc();
	return ahead >= 0;
}

# Whether any of the files left has a character, opening the first that
# does as the input.
moreinput(): int
{
	while(files != nil){
		name := hd files;
		if(name == "")
			input = bufio->fopen(sys->fildes(0), Bufio->OREAD);
		else
			input = bufio->open(name, Bufio->OREAD);
		if(input == nil)
			return 1;	# nextline reports it
		files = tl files;
		ahead = -2;
		if(look())
			return 1;
		input = nil;
	}
	return 0;
}

run()
{
	while(nextline()){
		deleted := 0;
		pc := 0;
		while(pc < ncmds){
			c := cmds[pc++];
			if(c.op == '{'){
				if(!selected(c))
					pc = c.target;
				continue;
			}
			if(!selected(c))
				continue;
			case c.op {
			'b' =>
				pc = c.target;
			't' =>
				if(substituted){
					substituted = 0;
					pc = c.target;
				}
			'd' =>
				deleted = 1;
			'D' =>
				deleted = 1;
				for(i := 0; i < len space; i++)
					if(space[i] == '\n'){
						space = space[i+1:];
						pc = 0;
						deleted = 0;
						break;
					}
			'c' =>
				deleted = 1;
				if(c.active == 1)
					out.puts(c.text + "\n");
			'q' =>
				if(!quiet)
					out.puts(space + "\n");
				flushappended();
				finish(nil);
			'n' =>
				if(!quiet)
					out.puts(space + "\n");
				flushappended();
				if(!nextline())
					deleted = 1;
			'N' =>
				flushappended();
				previous := space;
				if(!nextline())
					deleted = 1;
				else
					space = previous + "\n" + space;
			* =>
				perform(c);
			}
			if(deleted)
				break;
		}
		if(!deleted && !quiet)
			out.puts(space + "\n");
		flushappended();
	}
}

# Whether command c applies to the current line.
selected(c: ref Cmd): int
{
	if(c.active){
		c.active = 2;
		case c.a2.kind {
		LAST =>
			return !c.negate;
		LINE =>
			if(lineno <= c.a2.line){
				if(lineno == c.a2.line)
					c.active = 0;
				return !c.negate;
			}
			c.active = 0;
			return c.negate;
		MATCH =>
			if(matches(c.a2.re, space))
				c.active = 0;
			return !c.negate;
		}
		c.active = 0;
	}
	case c.a1.kind {
	NONE =>
		return !c.negate;
	LAST =>
		if(final)
			return !c.negate;
	LINE =>
		if(c.a1.line == lineno){
			c.active = 1;
			return !c.negate;
		}
	MATCH =>
		if(matches(c.a1.re, space)){
			c.active = 1;
			return !c.negate;
		}
	}
	return c.negate;
}

matches(re: Re, s: string): int
{
	return re != nil && regex->execute(re, s) != nil;
}

perform(c: ref Cmd)
{
	case c.op {
	's' =>
		if(!substitute(c))
			return;
		case c.print {
		1 =>	out.puts(space + "\n");
		2 =>	out.puts(firstline(space) + "\n");
		}
		if(c.out != nil)
			c.out.puts(space + "\n");
	'p' =>	out.puts(space + "\n");
	'P' =>	out.puts(firstline(space) + "\n");
	'a' or 'r' =>	appended = c :: appended;
	'i' =>	out.puts(c.text + "\n");
	'w' =>	c.out.puts(space + "\n");
	'g' =>	space = hold;
	'G' =>	space += hold;
	'h' =>	hold = space;
	'H' =>	hold += space;
	'x' =>	(space, hold) = (hold, space);
	'y' =>
		for(i := 0; i < len space; i++)
			for(j := len c.from - 1; j >= 0; j--)
				if(space[i] == c.from[j])
					space[i] = c.into[j];
	'=' =>	out.puts(sys->sprint("%d\n", lineno));
	'l' =>	listing();
	}
}

firstline(s: string): string
{
	(first, nil) := str->splitl(s, "\n");
	return first;
}

flushappended()
{
	l: list of ref Cmd;
	for(; appended != nil; appended = tl appended)
		l = hd appended :: l;
	for(; l != nil; l = tl l){
		c := hd l;
		if(c.op == 'a'){
			out.puts(c.text + "\n");
			continue;
		}
		b := bufio->open(c.text, Bufio->OREAD);
		if(b == nil)
			fatal(sys->sprint("couldn't open '%s'", c.text));
		while((ch := b.getc()) >= 0)
			out.putc(ch);
		b.close();
	}
}

substitute(c: ref Cmd): int
{
	if(!matches(c.re, space))
		return 0;
	substituted = 1;
	s := space;
	start := 0;
	do {
		m := regex->executese(c.re, s, (start, len s), 1, 1);
		if(m == nil)
			break;
		(b, e) := m[0];
		rep := replacement(c.text, s, m);
		s = s[0:b] + rep + s[e:];
		start = b + len rep;
		if(b == e)
			start++;
	} while(c.global && start <= len s);
	space = s;
	return 1;
}

# The replacement text rhs for the match m in s: & is the match, \0 to \9
# its subexpressions, \n a newline, \c the character c.
replacement(rhs, s: string, m: array of (int, int)): string
{
	r := "";
	for(i := 0; i < len rhs; i++){
		c := rhs[i];
		if(c == '&'){
			(b, e) := m[0];
			r += s[b:e];
		}else if(c != '\\' || i+1 == len rhs)
			r[len r] = c;
		else{
			c = rhs[++i];
			if(c >= '0' && c <= '9'){
				if(c - '0' < len m){
					(b, e) := m[c - '0'];
					if(b >= 0)
						r += s[b:e];
				}
			}else if(c == 'n')
				r[len r] = '\n';
			else
				r[len r] = c;
		}
	}
	return r;
}

listing()
{
	col := 0;
	c := 0;
	for(i := 0; i < len space; i++){
		c = space[i];
		s := "";
		if(c >= 16r20 && c < 16r7F)
			s[0] = c;
		else
			s = escape(c);
		for(j := 0; j < len s; j++){
			out.putc(s[j]);
			if(col++ > 71){
				out.puts("\\\n");
				col = 0;
			}
		}
	}
	if(c == ' ')
		out.puts("\\n");
	out.putc('\n');
}

escape(c: int): string
{
	case c {
	'\b' =>	return "\\b";
	'\n' =>	return "\\n";
	'\r' =>	return "\\r";
	'\t' =>	return "\\t";
	'\\' =>	return "\\\\";
	}
	return sys->sprint("\\u%.4ux", c);
}
