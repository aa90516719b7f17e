implement Fmt;

# fmt [-j] [-i indent] [-l length] [file ...]: fill and indent text: the
# words of successive lines with the same indentation are joined into
# lines of at most length columns (70; -w is the same as -l) after an
# extra indent of -i spaces; with -j lines are only folded, never joined.
# Blank lines and the indentation of lines are kept (tabs every 8
# columns, and written as tabs); two blanks follow a word ending in . ! or
# ? unless it is short or a capitalised word of under 4 letters. A blank
# line separates files.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Fmt: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

TAB:	con 8;

Word: adt {
	text:	string;
	indent:	int;	# -1 for a blank line
	first:	int;	# the first word of its input line
};

extra := 0;
width := 70;
join := 1;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || arg == nil){
		sys->fprint(sys->fildes(2), "fmt: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("fmt [-j] [-i indent] [-l length] [file...]");
	while((c := arg->opt()) != 0)
		case c {
		'i' =>	extra = int arg->earg();
		'j' =>	join = 0;
		'w' or 'l' =>	width = int arg->earg();
		* =>	arg->usage();
		}
	argv = arg->argv();
	if(width <= extra){
		sys->fprint(sys->fildes(2), "fmt: line length<=indentation\n");
		raise "fail:length";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	failed := 0;
	if(argv == nil)
		fill(words(bufio->fopen(sys->fildes(0), Bufio->OREAD)));
	for(; argv != nil; argv = tl argv){
		b := bufio->open(hd argv, Bufio->OREAD);
		if(b == nil){
			sys->fprint(sys->fildes(2), "fmt: can't open %s: %r\n", hd argv);
			failed = 1;
			continue;
		}
		fill(words(b));
		if(tl argv != nil)
			out.putc('\n');
	}
	out.flush();
	if(failed)
		raise "fail:open";
}

# The words of the input, in order.
words(b: ref Iobuf): array of Word
{
	a := array[64] of Word;
	n := 0;
	indent := 0;
	while((line := b.gets('\n')) != nil){
		if(line[len line - 1] == '\n')
			line = line[0:len line - 1];
		# the indentation, unless the line is all blanks
		col := 0;
		for(i := 0; i < len line && (line[i] == ' ' || line[i] == '\t'); i++)
			if(line[i] == ' ')
				col++;
			else
				col += TAB - col % TAB;
		if(i < len line)
			indent = col;
		first := 1;
		while(i < len line){
			e := i;
			while(e < len line && line[e] != ' ' && line[e] != '\t')
				e++;
			if(n == len a)
				a = grow(a);
			a[n++] = Word(line[i:e], indent, first);
			first = 0;
			while(e < len line && (line[e] == ' ' || line[e] == '\t'))
				e++;
			i = e;
		}
		if(first){
			if(n == len a)
				a = grow(a);
			a[n++] = Word("", -1, 1);
		}
	}
	return a[0:n];
}

grow(a: array of Word): array of Word
{
	b := array[2 * len a] of Word;
	b[0:] = a;
	return b;
}

fill(w: array of Word)
{
	i := 0;
	while(i < len w){
		if(w[i].indent < 0){
			out.putc('\n');
			i++;
			continue;
		}
		col := extra + w[i].indent;
		blanks(col);
		for(;;){
			out.puts(w[i].text);
			col += len w[i].text;
			i++;
			if(i == len w || w[i].indent != w[i-1].indent)
				break;
			gap := spacing(w[i-1].text);
			if(col + gap + len w[i].text > extra + width)
				break;
			if(!join && w[i].first)
				break;
			for(k := 0; k < gap; k++)
				out.putc(' ');
			col += gap;
		}
		out.putc('\n');
	}
}

blanks(n: int)
{
	for(; n >= TAB; n -= TAB)
		out.putc('\t');
	for(; n > 0; n--)
		out.putc(' ');
}

# The blanks after a word: two after the end of a sentence.
spacing(s: string): int
{
	if(len s < 2 || len s < 4 && s[0] >= 'A' && s[0] <= 'Z')
		return 1;
	c := s[len s - 1];
	if(c == '.' || c == '!' || c == '?')
		return 2;
	return 1;
}
